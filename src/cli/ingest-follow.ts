import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { BaseEnv, loadConfig } from '../config.js';
import { crawlFetchPolicy } from '../crawl/crawl-config.js';
import { type CrawlProgress, type CrawlSummary, runCrawl } from '../crawl/crawler.js';
import type { ExtractionReference } from '../ingest/parse-document.js';
import { runIngestSources } from '../ingest/run-ingest.js';

export interface FollowOptions {
	readonly db: Database.Database;
	readonly reference: ExtractionReference;
	readonly maxPages?: number;
	readonly delaySeconds?: number;
	readonly itemPattern?: string;
	readonly nextPattern?: string;
	readonly maxBytes?: number;
	readonly onProgress?: (progress: CrawlProgress) => void;
	readonly signal?: AbortSignal;
}

/** `ingest --follow`: crawls a listing with the CRAWL_* and FETCH_* settings, options given on the command line winning. */
export async function ingestFollow(seed: string, options: FollowOptions): Promise<CrawlSummary> {
	const config = loadConfig(BaseEnv);
	return runCrawl(
		{
			seed,
			itemPattern: options.itemPattern,
			nextPattern: options.nextPattern,
			maxPages: options.maxPages ?? config.CRAWL_MAX_PAGES,
			maxBytes: Math.round(config.CRAWL_MAX_MB * 1_048_576),
			delayMs: Math.round((options.delaySeconds ?? config.CRAWL_DELAY_SECONDS) * 1000),
		},
		{
			db: options.db,
			ingest: (sources) =>
				runIngestSources(sources, { db: options.db, reference: options.reference, now: () => new Date() }),
			fetch: crawlFetchPolicy(config, options.maxBytes),
			now: () => new Date(),
			sleep: (ms) => sleep(ms, undefined, { signal: options.signal }).catch(() => {}),
			onProgress: options.onProgress,
			signal: options.signal,
		},
	);
}
