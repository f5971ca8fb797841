import type { App } from '../app.js';
import type { BaseConfig } from '../config.js';
import { crawlerUserAgent } from '../crawl/crawl-config.js';
import { parseAllowList } from './address-policy.js';
import { type SourceService, createSourceService } from './source-service.js';

/** The settings sources read (see .env.example); defaults match src/config.ts. */
export type SourcesConfig = Pick<
	BaseConfig,
	| 'FETCH_ALLOW_PRIVATE'
	| 'FETCH_MAX_BYTES'
	| 'FETCH_TIMEOUT_SECONDS'
	| 'FEED_POLL_MINUTES'
	| 'CRAWL_DELAY_SECONDS'
	| 'CRAWL_MAX_PAGES'
	| 'CRAWL_MAX_MB'
	| 'CRAWL_CONTACT'
>;

export const DEFAULT_SOURCES_CONFIG: SourcesConfig = {
	FETCH_ALLOW_PRIVATE: undefined,
	FETCH_MAX_BYTES: 10 * 1024 * 1024,
	FETCH_TIMEOUT_SECONDS: 30,
	FEED_POLL_MINUTES: 60,
	CRAWL_DELAY_SECONDS: 1,
	CRAWL_MAX_PAGES: 500,
	CRAWL_MAX_MB: 200,
	CRAWL_CONTACT: undefined,
};

/** Builds the source service of an app from configuration (the bot and the CLI share it). */
export function createSourceServiceFor(
	app: Pick<App, 'db' | 'ingestSources'>,
	config: Partial<SourcesConfig> = {},
	now: () => Date = () => new Date(),
): SourceService {
	const settings = { ...DEFAULT_SOURCES_CONFIG, ...config };
	return createSourceService({
		db: app.db,
		ingestSources: (sources) => app.ingestSources(sources),
		fetch: {
			allow: parseAllowList(settings.FETCH_ALLOW_PRIVATE),
			maxBytes: settings.FETCH_MAX_BYTES,
			timeoutMs: settings.FETCH_TIMEOUT_SECONDS * 1000,
		},
		pollIntervalMs: settings.FEED_POLL_MINUTES * 60_000,
		crawl: {
			delayMs: Math.round(settings.CRAWL_DELAY_SECONDS * 1000),
			maxPages: settings.CRAWL_MAX_PAGES,
			maxBytes: Math.round(settings.CRAWL_MAX_MB * 1_048_576),
			userAgent: crawlerUserAgent(settings.CRAWL_CONTACT),
		},
		now,
	});
}
