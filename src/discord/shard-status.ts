import type { Client } from 'discord.js';
import type { ErrorCounts, ShardHealth } from '../health/health-report.js';
import type { ShardSnapshot } from '../health/health-service.js';
import type { InteractionMetrics } from './metrics.js';

/** Where a client keeps its metrics, so `broadcastEval` (code run in every shard process) can read them. */
const METRICS_KEY = 'ngo-bot.metrics';

/** Makes this process's counts readable by /health asked in any shard. */
export function attachMetrics(client: Client, metrics: InteractionMetrics): void {
	(client as unknown as Record<symbol, unknown>)[Symbol.for(METRICS_KEY)] = metrics;
}

interface ProcessView {
	shards: ShardHealth[];
	errors: ErrorCounts | null;
}

/** This process's shards and counts. Self-contained: `broadcastEval` sends its source text to every shard. */
function viewOf(client: Client): ProcessView {
	const names: Record<number, string> = {
		0: 'ready',
		1: 'connecting',
		2: 'reconnecting',
		3: 'idle',
		4: 'nearly',
		5: 'disconnected',
		6: 'waiting for guilds',
		7: 'identifying',
		8: 'resuming',
	};
	const metrics = (client as unknown as Record<symbol, { snapshot(): ErrorCounts } | undefined>)[
		Symbol.for('ngo-bot.metrics')
	];
	const guilds = new Map<number, number>();
	for (const guild of client.guilds.cache.values()) guilds.set(guild.shardId, (guilds.get(guild.shardId) ?? 0) + 1);
	return {
		shards: [...client.ws.shards.values()].map((shard) => ({
			id: shard.id,
			status: names[shard.status] ?? String(shard.status),
			pingMs: shard.ping >= 0 ? Math.round(shard.ping) : null,
			guilds: guilds.get(shard.id) ?? 0,
			uptimeSeconds: client.uptime === null ? null : Math.round(client.uptime / 1_000),
		})),
		errors: metrics ? metrics.snapshot() : null,
	};
}

/** Every shard's status and summed counts; other shard processes get `timeoutMs` to answer. */
export function createShardSnapshotSource(client: Client, timeoutMs = 2_000): () => Promise<ShardSnapshot> {
	return async () => {
		if (!client.shard) return merge([viewOf(client)], 0);
		const expected = client.shard.count;
		const views = await Promise.race([
			client.shard.broadcastEval(viewOf as (client: Client) => ProcessView).catch(() => null),
			new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
		]);
		// A shard that is restarting makes broadcastEval fail; report this one and count the rest as missing.
		if (views === null) return merge([viewOf(client)], expected - client.shard.ids.length);
		const merged = merge(views as ProcessView[], 0);
		return { ...merged, missing: Math.max(0, expected - merged.shards.length) };
	};
}

function merge(views: readonly ProcessView[], missing: number): ShardSnapshot {
	const shards = views.flatMap((view) => view.shards).sort((a, b) => a.id - b.id);
	const counted = views.flatMap((view) => (view.errors ? [view.errors] : []));
	const errors =
		counted.length === 0
			? null
			: counted.reduce((sum, next) => ({
					interactions: sum.interactions + next.interactions,
					userErrors: sum.userErrors + next.userErrors,
					unexpectedErrors: sum.unexpectedErrors + next.unexpectedErrors,
					autocompleteFailures: sum.autocompleteFailures + next.autocompleteFailures,
					undeliveredAnswers: sum.undeliveredAnswers + next.undeliveredAnswers,
				}));
	return { shards, errors, missing };
}
