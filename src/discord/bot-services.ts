import type { App } from '../app.js';
import { type ShardSnapshot, createHealthService } from '../health/health-service.js';
import { type SourcesConfig, createSourceServiceFor } from '../sources/sources-config.js';
import { type DigestConfig, DEFAULT_DIGEST_CONFIG, createDigestService } from '../digest/digest-service.js';
import { createDigestStore } from '../store/digest-store.js';
import type { ChannelPoster } from './channel-poster.js';
import { withSuggestCache } from '../query/suggest-cache.js';
import { createCorpusFacts } from './corpus-facts.js';
import type { InteractionMetrics } from './metrics.js';
import type { BotServices } from './types.js';
import { createWatchStore } from '../store/watch-store.js';
import { createWatchService } from '../watch/watch-service.js';

export interface BotServicesOptions {
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

/** The one place the services commands use are built from the app (the bot and tests share it). */
export function createBotServices(app: App, options: BotServicesOptions = {}): BotServices {
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
