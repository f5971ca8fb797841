import {
	type CommandDefinition,
	type Leaf,
	type OptionDefinition,
	type RunContext,
	leafNamed,
	optionsAt,
} from '../command/definition.js';
import type { CommandOutcome } from '../command/outcome.js';
import type { CommandServices } from '../command/services.js';
import { describeProblems, examplesOf, leafName, validateOptions } from '../command/validate.js';
import type { IsoDate } from '../domain/entry.js';
import { isUserFacingError } from '../domain/errors.js';
import { CLI_WATCHER_PREFIX } from '../watch/watch-service.js';
import { type ParsedCommand, parseCommandLine } from './parse-command.js';

/** What the console shows: a command's outcome, or why the line could not run. */
export type ConsoleOutcome = CommandOutcome | { readonly kind: 'error'; readonly message: string };

/**
 * The console's operator: the command line's own watch list (`watch news` prints it), no server, and the
 * rights of whoever owns the database.
 */
export const CONSOLE_ASKER = {
	userId: `${CLI_WATCHER_PREFIX}default`,
	guildId: null,
	channelId: null,
	canManageGuild: true,
} as const;

const error = (message: string): ConsoleOutcome => ({ kind: 'error', message });

/** The console's reading of a value typed for an option of this kind ("#12" is entry 12; "yes" is true). */
function typedValue(option: OptionDefinition, raw: string): unknown {
	if (option.kind === 'integer') return /^#?[+-]?\d+$/.test(raw) ? Number(raw.replace('#', '')) : raw;
	if (option.kind === 'boolean') {
		if (/^(true|yes|1)$/i.test(raw)) return true;
		if (/^(false|no|0)$/i.test(raw)) return false;
	}
	return raw;
}

/** The leaf a line names: the command's own, or the subcommand its first word names. */
function leafOfLine(
	command: CommandDefinition,
	parsed: ParsedCommand,
): { subcommand: string | null; leaf: Leaf; text: string } | string {
	if (command.leaf) return { subcommand: null, leaf: command.leaf, text: parsed.text };
	const [first = '', ...rest] = parsed.text.split(' ');
	const leaf = leafNamed(command, first.toLowerCase());
	if (!leaf) {
		const names = Object.keys(command.subcommands ?? {}).map((name) => `/${command.name} ${name}`);
		return `Use one of ${names.join(', ')}.`;
	}
	return { subcommand: first.toLowerCase(), leaf, text: rest.join(' ') };
}

/** The options of a line, read against the leaf's console options: `name:value` pairs and the words. */
function givenOptions(
	command: CommandDefinition,
	subcommand: string | null,
	leaf: Leaf,
	parsed: ParsedCommand,
	text: string,
): Record<string, unknown> | string {
	const options = optionsAt(leaf, 'console');
	const known = new Map(options);
	const unknown = Object.keys(parsed.options).filter((key) => !known.has(key));
	if (unknown.length > 0) {
		const what = options.some(([, option]) => option.filter) ? 'filter' : 'option';
		const names = options.map(([name]) => `${name}:`);
		return `Unknown ${what} ${unknown.map((key) => `${key}:`).join(', ')}. ${names.length ? `Known: ${names.join(' ')}.` : `${leafName(command, subcommand)} takes no options.`}`;
	}
	const given: Record<string, unknown> = {};
	for (const [name, raw] of Object.entries(parsed.options)) given[name] = typedValue(known.get(name)!, raw);
	if (text) {
		const words = options.find(([, option]) => option.words);
		if (!words) {
			const example =
				examplesOf(command, subcommand).find((e) => e.includes(':')) ?? examplesOf(command, subcommand)[0];
			return `Write ${leafName(command, subcommand)} options as name:value${example ? `, e.g. ${example}` : ''}.`;
		}
		const [name, option] = words;
		if (name in given) return `Give ${name} once: as words or as ${name}:, not both.`;
		given[name] = typedValue(option, text);
	}
	return given;
}

export interface ConsoleRun {
	readonly commands: readonly CommandDefinition[];
	readonly services: CommandServices;
	readonly today: IsoDate;
}

/** Runs one console line through the command definitions: the same options, checks and answers as Discord. */
export async function runLine(line: string, run: ConsoleRun): Promise<ConsoleOutcome> {
	const parsed = parseCommandLine(line);
	if (!parsed.ok) return error(parsed.message);
	const command = run.commands.find((c) => c.name === parsed.command.name);
	if (!command) return error(`Unknown command /${parsed.command.name}. Type /help for the list.`);
	const target = leafOfLine(command, parsed.command);
	if (typeof target === 'string') return error(target);
	const { subcommand, leaf, text } = target;
	if (leaf.needsServer !== undefined) {
		return error(`${leafName(command, subcommand)} works in a Discord server; here, ${leaf.needsServer}.`);
	}
	const given = givenOptions(command, subcommand, leaf, parsed.command, text);
	if (typeof given === 'string') return error(given);
	const checked = validateOptions(command, subcommand, leaf, 'console', given);
	if (!checked.ok) return error(describeProblems(checked.problems, 'console'));
	const ctx: RunContext = {
		...CONSOLE_ASKER,
		services: run.services,
		today: run.today,
		door: { name: 'console', components: false, uploadLimit: null },
		defer: async () => {},
		// The console's operator owns the database: nothing is rate limited here.
		charge: () => {},
	};
	try {
		return await leaf.execute(checked.values, ctx);
	} catch (caught) {
		if (isUserFacingError(caught)) return error(caught.message);
		throw caught;
	}
}
