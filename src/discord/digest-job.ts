import type { Client } from 'discord.js';
import type { DigestService, RunReport } from '../digest/digest-service.js';
import type { Logger } from '../log.js';
import type { BotJob } from './bot-job.js';
import { createRepeatingTask } from './repeating-task.js';

export interface DigestJobOptions {
	readonly digest: DigestService;
	/** Time between passes; a pass also runs as soon as the job starts (a week missed while the bot was down). */
	readonly intervalMs: number;
}

export interface DigestJob extends BotJob {
	/** Runs one pass now (or waits for the one in progress). */
	runOnce(): Promise<RunReport[]>;
}

/**
 * The weekly digest scheduler: each pass posts what is due for the guilds this client holds (so under sharding
 * each shard posts its own guilds). Exactly-once lives in the store (claims, nonces, leases), not here.
 */
export function createDigestJob(options: DigestJobOptions): DigestJob {
	let client: Client<true> | null = null;
	let log: Logger | null = null;

	async function pass(): Promise<RunReport[]> {
		const held = client;
		if (held === null || task.stopped) return [];
		const reports = await options.digest.runDue((guildId) => held.guilds.cache.has(guildId));
		for (const report of reports) {
			if (report.outcome === 'posted' || report.outcome === 'skipped-empty') log?.info(report, 'digest posted');
			else if (report.outcome === 'failed') log?.warn(report, 'digest refused by Discord; moderator told');
			else if (report.outcome === 'retry') log?.warn(report, 'digest post failed; retrying next pass');
		}
		log?.debug({ reports: reports.length }, 'digest pass done');
		return reports;
	}

	const task = createRepeatingTask<RunReport[]>({
		intervalMs: options.intervalMs,
		pass,
		onError: (error) => {
			log?.error({ err: error instanceof Error ? error.message : String(error) }, 'digest pass failed');
			return [];
		},
	});

	return {
		name: 'digest',
		start(context) {
			client = context.client;
			log = context.log;
			task.start();
		},
		stop: () => task.stop(),
		runOnce: () => task.runOnce(),
	};
}
