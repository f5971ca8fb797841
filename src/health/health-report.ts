import type { DatabaseHealth } from '../store/database-health.js';

/** One gateway shard as its process reports it. */
export interface ShardHealth {
	readonly id: number;
	/** discord.js status name: ready, connecting, reconnecting, resuming, disconnected … */
	readonly status: string;
	/** Heartbeat round trip; null before the first heartbeat. */
	readonly pingMs: number | null;
	readonly guilds: number;
	/** Seconds since the shard's client became ready; null while not ready. */
	readonly uptimeSeconds: number | null;
}

/** Counts since each process started, summed over the shards that answered. */
export interface ErrorCounts {
	readonly interactions: number;
	readonly userErrors: number;
	readonly unexpectedErrors: number;
	readonly autocompleteFailures: number;
	readonly undeliveredAnswers: number;
}

export interface IndexHealth {
	/** The org name index's state: 'ready' once loaded. */
	readonly state: string;
	/** Corpus revision the in-memory indexes reflect (null until loaded). */
	readonly revision: number | null;
	readonly loadedFrom: string | null;
	/** Another process changed the corpus; the indexes catch up on the next refresh. */
	readonly stale: boolean;
}

export type HealthStatus = 'ok' | 'degraded' | 'unhealthy';

export interface HealthReport {
	readonly status: HealthStatus;
	/** What makes the status unhealthy (and what to do). */
	readonly problems: readonly string[];
	/** What is worth a look but does not stop answers. */
	readonly warnings: readonly string[];
	readonly checkedAt: string;
	/** The answering process; null from the CLI (which is not the bot). */
	readonly process: {
		readonly pid: number;
		readonly startedAt: string;
		readonly uptimeSeconds: number;
		readonly rssMb: number;
		readonly node: string;
	} | null;
	/** Every shard (all processes under the ShardingManager); null from the CLI. */
	readonly shards: readonly ShardHealth[] | null;
	/** How many shards were asked but did not answer (a process restarting). */
	readonly shardsMissing: number;
	readonly database: DatabaseHealth & { readonly integrityCheckedAt: string };
	/** Null from the CLI (indexes live in the bot's memory; see `database.snapshotRevisions`). */
	readonly indexes: IndexHealth | null;
	/** Null from the CLI. */
	readonly errors: ErrorCounts | null;
}

/** Decides the status from the parts: broken data is unhealthy, anything that heals itself is degraded. */
export function assessHealth(report: Omit<HealthReport, 'status' | 'problems' | 'warnings'>): HealthReport {
	const problems: string[] = [];
	const warnings: string[] = [];
	const db = report.database;
	if (db.integrity !== 'ok') {
		problems.push(
			`Database integrity check failed (${db.integrity}). Stop the bot, restore a backup or re-ingest into a new file.`,
		);
	}
	if (db.readErrors.length > 0) {
		problems.push(`Parts of the database could not be read (${db.readErrors.join('; ')}).`);
	}
	if (db.schemaVersion > db.expectedSchemaVersion) {
		problems.push(
			`The database schema (version ${db.schemaVersion}) is newer than this ngo-bot (${db.expectedSchemaVersion}). Update ngo-bot.`,
		);
	} else if (db.schemaVersion < db.expectedSchemaVersion) {
		warnings.push(
			`The database schema (version ${db.schemaVersion}) is older than this ngo-bot's (${db.expectedSchemaVersion}); it is upgraded when the bot or an ingest next opens it.`,
		);
	}
	for (const [name, revision] of Object.entries(db.snapshotRevisions)) {
		if (revision !== db.corpusRevision) {
			warnings.push(
				`The ${name} index snapshot is at revision ${revision}, the corpus at ${db.corpusRevision}; it is rebuilt at the next start.`,
			);
		}
	}
	if (report.indexes) {
		if (report.indexes.state === 'failed') problems.push('The search indexes failed to load; see the log.');
		else if (report.indexes.state !== 'ready') warnings.push(`The search indexes are ${report.indexes.state}.`);
		else if (report.indexes.stale) warnings.push('The corpus changed since the indexes loaded; they refresh shortly.');
	}
	if (db.entries === 0 && db.readErrors.length === 0)
		warnings.push('The database holds no entries: ingest documents (npm run -s cli -- ingest).');
	if (db.digest && db.digest.failedPosts > 0) {
		warnings.push(`${db.digest.failedPosts} digest post(s) failed for good (missing channel or permission).`);
	}
	for (const feed of db.feeds?.failing ?? []) {
		warnings.push(`Feed ${feed.url} failed ${feed.failures} time(s) in a row: ${feed.error}`);
	}
	const down = (report.shards ?? []).filter((shard) => shard.status !== 'ready');
	if (down.length > 0) warnings.push(`Shard(s) not ready: ${down.map((s) => `${s.id} (${s.status})`).join(', ')}.`);
	if (report.shardsMissing > 0) warnings.push(`${report.shardsMissing} shard process(es) did not answer.`);
	if (report.errors && report.errors.unexpectedErrors > 0) {
		warnings.push(`${report.errors.unexpectedErrors} unexpected error(s) since start; see the error-level log lines.`);
	}
	const degraded = down.length > 0 || report.shardsMissing > 0 || report.indexes?.state === 'failed';
	const status: HealthStatus = problems.length > 0 ? 'unhealthy' : degraded ? 'degraded' : 'ok';
	return { status, problems, warnings, ...report };
}
