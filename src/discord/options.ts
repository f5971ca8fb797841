import { z } from 'zod';
import { ACTIVITY_TYPES } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';
import type { CommandContext } from './types.js';

/** Option schemas shared by commands: the same bounds Discord's builders declare, checked again here. */
export const optionSchemas = {
	name: z.string().trim().min(1, 'cannot be empty').max(100, 'is at most 100 characters'),
	text: z.string().trim().max(500, 'is at most 500 characters'),
	page: z.number().int('must be a whole number').min(1, 'starts at 1').max(10_000, 'is at most 10000'),
	date: z.iso.date({ error: 'must be a date written yyyy-mm-dd, e.g. 2019-02-25' }),
	type: z.enum(ACTIVITY_TYPES, { error: `must be one of ${ACTIVITY_TYPES.join(', ')}` }),
	order: z.enum(['newest', 'relevance'], { error: 'must be newest or relevance' }),
	id: z.number().int('must be a whole number').min(1, 'starts at 1').max(Number.MAX_SAFE_INTEGER),
};

/** Validates options against a schema; a failure becomes a message naming each bad option. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.infer<S> {
	const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null && value !== undefined));
	const result = schema.safeParse(present);
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'options'} ${issue.message}`);
	throw new UserFacingError(`Check the options: ${problems.join('; ')}.`);
}

/** The hide option: every command has it; ephemeral replies are seen by the asker only. */
export function hidden(ctx: CommandContext, fallback = false): boolean {
	return ctx.getBoolean('hide') ?? fallback;
}
