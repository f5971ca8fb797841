import type { BotJob } from '../discord/bot-job.js';
import { createRepeatingTask } from '../discord/repeating-task.js';
import type { Logger } from '../log.js';
import type { SourceService } from './source-service.js';

export interface FeedPollJobOptions {
	readonly sources: SourceService;
	/** How often to look for due feeds; each feed's own schedule (and backoff) decides whether it is polled. */
	readonly checkEveryMs?: number;
}

const DEFAULT_CHECK_MS = 60_000;

/**
 * Polls due feeds in the bot process: a self-rescheduling timer (never two passes at once), stopped before the
 * database closes; a pass in flight is aborted at stop and waited for.
 */
export function createFeedPollJob(options: FeedPollJobOptions): BotJob {
	const checkEveryMs = options.checkEveryMs ?? Math.min(DEFAULT_CHECK_MS, options.sources.pollIntervalMs);
	let log: Logger | null = null;
	const abort = new AbortController();

	async function pass(): Promise<void> {
		if (!log) return;
		try {
			const results = await options.sources.pollFeeds({ signal: abort.signal });
			for (const result of results) {
				if (result.error) {
					log.warn(
						{ feed: result.feed.url, failures: result.feed.failureCount, next: result.feed.nextPollAt },
						result.error,
					);
				} else if (result.newItems + result.changedItems > 0) {
					log.info(
						{
							feed: result.feed.url,
							new: result.newItems,
							changed: result.changedItems,
							entries: result.newEntryIds.length,
						},
						'feed items ingested',
					);
				}
			}
		} catch (error) {
			if (!abort.signal.aborted) log.error({ err: { message: (error as Error).message } }, 'feed poll failed');
		}
	}

	const task = createRepeatingTask<void>({ intervalMs: checkEveryMs, pass, onError: () => {} });

	return {
		name: 'feed-poll',
		start({ client, log: jobLog }) {
			// With several shards every process runs jobs: only shard 0's polls, so a feed is not fetched twice.
			if (client.shard && !client.shard.ids.includes(0)) return;
			// The first pass right after start: feeds that came due while the bot was down are polled now.
			log = jobLog;
			task.start(0);
		},
		async stop() {
			// A fetch in flight is aborted rather than waited for (it may take the full fetch time-out).
			abort.abort();
			await task.stop();
		},
	};
}
