import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserFacingError } from '../domain/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Where a command writes; tests and pipes get the same text as a terminal. */
export interface CliIo {
	readonly out: NodeJS.WritableStream & { isTTY?: boolean };
	readonly err: NodeJS.WritableStream & { isTTY?: boolean };
	readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
	/** False where a progress bar would be noise (CI); decided by the entry point. */
	readonly progress?: boolean;
}

export interface CliContext {
	readonly values: Values;
	readonly positionals: readonly string[];
	readonly io: CliIo;
	/** Database path from --db, else DATABASE_PATH, else the default under data/. */
	readonly databasePath: string;
}

/** One CLI subcommand: its options (node:util parseArgs form), help text and behaviour. Returns the exit code. */
export interface CliCommand {
	readonly name: string;
	/** One line for the command list. */
	readonly brief: string;
	readonly summary: string;
	readonly usage: string;
	readonly options: OptionSpec;
	readonly positionals: 'none' | 'some' | 'one-or-more';
	readonly examples: readonly string[];
	run(context: CliContext): Promise<number>;
}

/** String options by name (`--province NAME`): the option tables commands share are written once, as names. */
export function stringOptions(names: readonly string[]): OptionSpec {
	return Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
}

export const COMMON_OPTIONS = {
	db: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** Parses a command's arguments, turning parseArgs' messages into ones that say how to fix the call. */
export function parseCommandArgs(
	command: CliCommand,
	argv: readonly string[],
): { values: Values; positionals: string[] } {
	const options = { ...COMMON_OPTIONS, ...command.options };
	let parsed: { values: Values; positionals: string[] };
	try {
		parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
	} catch (error) {
		const message = (error as Error).message;
		const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
		if (unknown) {
			const guess = closest(unknown.replace(/^-+/, ''), Object.keys(options));
			throw new UsageError(
				`Unknown option ${unknown} for "${command.name}".${guess ? ` Did you mean --${guess}?` : ''}`,
				command,
			);
		}
		// Node says "Option '-f, --format <value>' argument missing" or "Option '--out' argument is ambiguous".
		const needsValue = /Option '(?:-\w, )?(--?[\w-]+)[^']*' argument (?:missing|is ambiguous)/.exec(message)?.[1];
		if (needsValue) throw new UsageError(`Option ${needsValue} needs a value.`, command);
		throw new UsageError(message, command);
	}
	if (parsed.values.help) return parsed;
	if (command.positionals === 'none' && parsed.positionals.length > 0) {
		throw new UsageError(`"${command.name}" takes no arguments, got: ${parsed.positionals.join(' ')}`, command);
	}
	if (command.positionals === 'one-or-more' && parsed.positionals.length === 0) {
		throw new UsageError(`"${command.name}" needs at least one argument.`, command);
	}
	return parsed;
}

/** Wrong options or arguments: exit code 2, with the command's usage. */
export class UsageError extends UserFacingError {
	constructor(
		message: string,
		readonly command: CliCommand | null,
	) {
		super(message, 'bad-input');
	}
}

/** Reads one option that must be one of `choices`, with a message naming them. */
export function choiceOption<T extends string>(
	values: Values,
	name: string,
	choices: readonly T[],
	fallback: T,
	command: CliCommand | null = null,
): T {
	const raw = values[name];
	if (raw === undefined) return fallback;
	if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
	throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(raw)}".`, command);
}

export function helpText(command: CliCommand): string {
	const lines = [`Usage: npm run -s cli -- ${command.usage}`, '', command.summary];
	if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
	lines.push('', 'Every command accepts --db PATH (default: $DATABASE_PATH, else data/ngo.sqlite).');
	return lines.join('\n');
}

function closest(word: string, candidates: readonly string[]): string | null {
	let best: string | null = null;
	let bestDistance = 3;
	for (const candidate of candidates) {
		const distance = editDistance(word, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[b.length]!;
}
