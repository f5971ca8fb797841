import { z } from 'zod';
import { UserFacingError } from './domain/errors.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Settings every entry point needs; Discord settings extend it. */
export const BaseEnv = z.object({
	DATABASE_PATH: z.string().min(1).default('data/ngo.sqlite'),
	LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type BaseConfig = z.infer<typeof BaseEnv>;

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
