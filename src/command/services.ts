import type { App } from '../app.js';
import {
	type DigestConfig,
	type DigestService,
	DEFAULT_DIGEST_CONFIG,
	createDigestService,
} from '../digest/digest-service.js';
import type { ChannelPoster } from '../discord/channel-poster.js';
import type { InteractionMetrics } from '../discord/metrics.js';
import { type HealthService, type ShardSnapshot, createHealthService } from '../health/health-service.js';
import type { CorpusFacts } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import { withSuggestCache } from '../query/suggest-cache.js';
import type { SourceService } from '../sources/source-service.js';
import { type SourcesConfig, createSourceServiceFor } from '../sources/sources-config.js';
import { createDigestStore } from '../store/digest-store.js';
import { createWatchStore } from '../store/watch-store.js';
import { type WatchService, createWatchService } from '../watch/watch-service.js';
import { createCorpusFacts } from './corpus-facts.js';

/**
 * What commands may use at either door: the answers, facts about the corpus for /about, and the clock. Feature
 * services (digests, sources, exports, watches, health …) are added here as interfaces defined outside
 * `src/discord`, and built in one place: `createCommandServices`.
 */
export interface CommandServices {
	readonly query: QueryService;
	readonly about: () => CorpusFacts;
	/** The current time (injected so schedules, expiry and "new this week" are testable). */
	readonly now: () => Date;
	/** /health: uptime, shards, database, indexes, last ingest and digest, error counts. */
	readonly health: HealthService;
	/** /watch: watchlists, and the notifications the watch job delivers. */
	readonly watch: WatchService;
	/** /ingest and /feeds: documents and feeds added from Discord or the console. */
	readonly sources: SourceService;
	/** /digest: weekly digests, their previews, schedules and the scheduler's passes. */
	readonly digest: DigestService;
}

export interface CommandServicesOptions {
	/** The clock; tests inject one to move schedules and expiry forward. */
	readonly now?: () => Date;
	/** The dispatcher's counts (for /health). */
	readonly metrics?: InteractionMetrics;
	/** Every shard's status and counts (for /health); the bot passes the client's. */
	readonly shards?: () => Promise<ShardSnapshot>;
	/** Fetch limits, the private-address allow-list and the feed poll interval (defaults when left out). */
	readonly sources?: Partial<SourcesConfig>;
	/** Posts as the bot outside interactions (digests); without it, posting fails plainly. */
	readonly poster?: ChannelPoster;
	/** Digest settings (time zone, grace, staleness, empty note); defaults when left out. */
	readonly digest?: Partial<DigestConfig>;
}

/** The one place the services commands use are built from the app (the bot, the console and tests share it). */
export function createCommandServices(app: App, options: CommandServicesOptions = {}): CommandServices {
	const now = options.now ?? (() => new Date());
	return {
		// Autocomplete asks on every keystroke: cached per index revision.
		query: withSuggestCache(app.query, () => app.indexes.status().revision),
		about: createCorpusFacts(app.db, app.reader),
		now,
		health: createHealthService({
			db: app.db,
			indexes: app.indexes,
			now,
			shards: options.shards,
			localErrors: options.metrics ? () => options.metrics!.snapshot() : undefined,
		}),
		sources: createSourceServiceFor(app, options.sources, now),
		digest: createDigestService({
			store: createDigestStore(app.db, app.reader),
			reader: app.reader,
			gazetteer: app.reference.gazetteer,
			config: { ...DEFAULT_DIGEST_CONFIG, ...options.digest },
			now,
			poster: options.poster,
		}),
		watch: createWatchService({ store: createWatchStore(app.db), query: app.query, reader: app.reader, now }),
	};
}
