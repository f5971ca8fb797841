import { z } from 'zod';
import { UserFacingError } from '../domain/errors.js';
import { type CommandDefinition, type DoorName, type Leaf, type OptionProblem, optionsAt } from './definition.js';

/** `/digest preview` or `/ngo`: how a leaf is named in messages. */
export function leafName(command: CommandDefinition, subcommand: string | null): string {
	return `/${command.name}${subcommand ? ` ${subcommand}` : ''}`;
}

/** The examples of one leaf (all of the command's when it has no subcommands). */
export function examplesOf(command: CommandDefinition, subcommand: string | null): readonly string[] {
	const prefix = leafName(command, subcommand);
	return command.examples.filter((example) => example === prefix || example.startsWith(`${prefix} `));
}

/** "a name", "an id", "a url". */
function withArticle(word: string): string {
	return `${/^[aeio]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * Checks what a door read against a leaf's options (an absent option is null or undefined): the values the
 * schemas give, or the problems, worded the same for both doors.
 */
export function validateOptions(
	command: CommandDefinition,
	subcommand: string | null,
	leaf: Leaf,
	door: DoorName,
	given: Readonly<Record<string, unknown>>,
): { ok: true; values: Record<string, unknown> } | { ok: false; problems: OptionProblem[] } {
	const present = Object.fromEntries(
		Object.entries(given).filter(([, value]) => value !== null && value !== undefined),
	);
	const options = optionsAt(leaf, door);
	const missing = options.find(([name, option]) => option.required && !(name in present));
	if (missing) {
		const example = examplesOf(command, subcommand)[0];
		const message = `${leafName(command, subcommand)} needs ${withArticle(missing[0])}${example ? `, e.g. ${example}` : ''}`;
		return { ok: false, problems: [{ option: null, message }] };
	}
	const schema = z.object(Object.fromEntries(options.map(([name, option]) => [name, option.schema])));
	const result = schema.safeParse(present);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => ({
			option: issue.path.join('.') || null,
			message: issue.message,
		}));
		return { ok: false, problems };
	}
	const problem = leaf.check?.(result.data as never) ?? null;
	return problem ? { ok: false, problems: [problem] } : { ok: true, values: result.data };
}

/**
 * The problems as one message. Each door spells an option the way it is typed there: Discord "from must be …"
 * under "Check the options:", the console "from: must be …".
 */
export function describeProblems(problems: readonly OptionProblem[], door: DoorName): string {
	const sentences = problems.filter((problem) => problem.option === null).map((problem) => `${problem.message}.`);
	const perOption = problems.filter((problem) => problem.option !== null);
	if (perOption.length > 0) {
		const parts = perOption.map((problem) =>
			door === 'discord' ? `${problem.option} ${problem.message}` : `${problem.option}: ${problem.message}`,
		);
		sentences.push(door === 'discord' ? `Check the options: ${parts.join('; ')}.` : `${parts.join('; ')}.`);
	}
	return sentences.join(' ');
}

/** Validates, or throws the problems as a UserFacingError (answered as ❌ in Discord, `error:` at the console). */
export function validatedOptions(
	command: CommandDefinition,
	subcommand: string | null,
	leaf: Leaf,
	door: DoorName,
	given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
	const result = validateOptions(command, subcommand, leaf, door, given);
	if (!result.ok) throw new UserFacingError(describeProblems(result.problems, door));
	return result.values;
}
