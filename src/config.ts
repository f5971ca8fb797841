import { z } from 'zod';
import { UserFacingError } from './domain/errors.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Settings every entry point needs; Discord settings extend it. */
export const BaseEnv = z.object({
	DATABASE_PATH: z.string().min(1).default('data/ngo.sqlite'),
	LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
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
});

export type BotConfig = z.infer<typeof BotEnv>;

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
