import { z } from 'zod';
import { isValidTimeZone } from './digest/week.js';
import { DEFAULT_LIMITS } from './discord/rate-limits.js';
import { UserFacingError } from './domain/errors.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Settings every entry point needs; Discord settings extend it. */
export const BaseEnv = z.object({
	DATABASE_PATH: z.string().min(1).default('data/ngo.sqlite'),
	LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
	/** Hosts, IPs and CIDR ranges /ingest, /feeds and `cli ingest <url>` may fetch although private (comma-separated). */
	FETCH_ALLOW_PRIVATE: z.string().optional(),
	/** Largest document or feed fetched from the web, in bytes. */
	FETCH_MAX_BYTES: z.coerce.number().int().min(1_024).max(1_073_741_824).default(10_485_760),
	/** Time-out for one fetch, redirects and body included. */
	FETCH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
	/** Least seconds between two requests of a crawl to one site (a longer Crawl-delay in robots.txt wins). */
	CRAWL_DELAY_SECONDS: z.coerce.number().min(0.05).max(3_600).default(1),
	/** Pages one crawl run fetches at most (listings and items); the next run resumes where it stopped. */
	CRAWL_MAX_PAGES: z.coerce.number().int().min(1).max(1_000_000).default(500),
	/** Megabytes one crawl run fetches at most. */
	CRAWL_MAX_MB: z.coerce.number().min(1).max(100_000).default(200),
	/** How site owners reach whoever runs this bot (a URL or an e-mail address), sent in the crawler's User-Agent. */
	CRAWL_CONTACT: z.string().min(3).max(200).optional(),
	/** Minutes between polls of a healthy feed (failing feeds back off, doubling up to a day). */
	FEED_POLL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
	/** IANA time zone of digest weeks and schedules (China has one, without DST). */
	DIGEST_TIMEZONE: z
		.string()
		.refine(isValidTimeZone, 'expected an IANA time zone such as Asia/Shanghai or UTC')
		.default('Asia/Shanghai'),
	/** A digest says the data may be stale when the last ingest is older than this many days (0: never). */
	DIGEST_STALE_DAYS: z.coerce.number().int().min(0).max(3_650).default(14),
});

export type BaseConfig = z.infer<typeof BaseEnv>;

const Snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17 to 20 digits)');

/** What the Discord bot needs on top of the base settings. */
export const BotEnv = BaseEnv.extend({
	DISCORD_TOKEN: z.string().min(50, 'expected a bot token from the Developer Portal (Bot → Reset Token)'),
	DISCORD_APPLICATION_ID: Snowflake,
	/** Commands are registered in this guild only (instant, for development); global otherwise. */
	DISCORD_GUILD_ID: Snowflake.optional(),
	/** discord.js `rest.api`: a REST proxy or a local Discord for tests. */
	DISCORD_API_BASE: z
		.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://discord.com/api' })
		.default('https://discord.com/api'),
	/** Seconds a shutdown may take before the process exits anyway. */
	SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
	/** Seconds between looks for finished ingests whose new entries match someone's /watch. */
	WATCH_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(86_400).default(60),
	/** A scheduled digest missed while the bot was down is still posted within this many hours of its slot. */
	DIGEST_GRACE_HOURS: z.coerce.number().min(0).max(168).default(48),
	/** `on`: an empty week gets a short "no new entries" note; `off`: nothing is posted. */
	DIGEST_EMPTY_NOTE: z.enum(['on', 'off']).default('on'),
	/** Seconds between the digest scheduler's looks at what is due. */
	DIGEST_CHECK_SECONDS: z.coerce.number().min(0.05).max(3_600).default(60),
	/** Seconds before another process may resume a digest post a stopped process left unfinished. */
	DIGEST_LEASE_SECONDS: z.coerce.number().min(0).max(3_600).default(120),
	/** Rate limits (units: a lookup is 1): what one user may spend at once, and refills per minute. */
	LIMIT_USER_BURST: z.coerce.number().min(1).max(100_000).default(DEFAULT_LIMITS.user.burst),
	LIMIT_USER_PER_MINUTE: z.coerce.number().min(1).max(1_000_000).default(DEFAULT_LIMITS.user.perMinute),
	/** The same for all the members of one server together. */
	LIMIT_SERVER_BURST: z.coerce.number().min(1).max(1_000_000).default(DEFAULT_LIMITS.server.burst),
	LIMIT_SERVER_PER_MINUTE: z.coerce.number().min(1).max(10_000_000).default(DEFAULT_LIMITS.server.perMinute),
});

export type BotConfig = z.infer<typeof BotEnv>;

/** `npm run start:sharded`: the bot settings (passed on to every shard process) plus how to spawn the shards. */
export const ShardEnv = BotEnv.extend({
	/** Shards (one process each), or `auto` for the count Discord recommends (GET /gateway/bot). */
	SHARD_COUNT: z
		.string()
		.trim()
		.regex(/^(auto|[1-9]\d{0,3})$/, 'expected a whole number of shards (1 or more) or auto')
		.default('auto')
		.transform((value) => (value === 'auto' ? ('auto' as const) : Number(value))),
	/** Seconds between spawning shards: Discord accepts one IDENTIFY per 5 s (per max_concurrency bucket). */
	SHARD_DELAY_SECONDS: z.coerce.number().min(0).max(60).default(5.5),
});

export type ShardConfig = z.infer<typeof ShardEnv>;

/** Parses the environment once; dotenv turns `KEY=` into '' so blanks count as unset. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.infer<S>> {
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
	const result = schema.safeParse(cleaned);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
		throw new UserFacingError(
			`Configuration is invalid:\n${problems.join('\n')}\nFix these keys in .env or the environment (see .env.example).`,
			'config',
		);
	}
	return Object.freeze(result.data) as Readonly<z.infer<S>>;
}

/** The Node options the process started with: its command line's, then NODE_OPTIONS' (environment read here). */
export function startupNodeOptions(): string[] {
	return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
}
