import type { z } from 'zod';
import type { IsoDate } from '../domain/entry.js';
import type { ComponentContext } from '../discord/types.js';
import type { SuggestKind } from '../query/query-service.js';
import type { CommandOutcome } from './outcome.js';
import type { CommandServices } from './services.js';

/*
 * A command is one object, read by two doors (src/discord/slash-command.ts and src/console/run-line.ts):
 *
 *   CommandDefinition  name, description, help line, examples, who sees the answer, who may run it, cooldown;
 *                      either one Leaf or named subcommands, each a Leaf.
 *   Leaf               its options (OptionDefinition: kind, zod schema, Discord bounds and choices, autocomplete,
 *                      the door it belongs to), a check across options, whether it needs a Discord server, and
 *                      execute(values, ctx) → CommandOutcome.
 *   RunContext         who asks and where (Asker), what the door can do (Door), the services, today, defer().
 *   CommandOutcome     transport-neutral: a summary, an entry, a timeline, a citation, help, rendered messages
 *                      (with files), "no match" or a refusal (src/command/outcome.ts).
 *
 * Discord builds the registration JSON, reads interaction options and renders outcomes as replies with buttons;
 * the console reads `name:value` pairs and free words against the same options and renders outcomes as text.
 * Both validate with the same schemas and word the same problems (src/command/validate.ts), and /help, the
 * console help and the README table are generated from the definitions (src/command/help.ts).
 */

export type DoorName = 'discord' | 'console';
export type OptionKind = 'string' | 'integer' | 'boolean' | 'channel' | 'attachment';

export interface Choice {
	readonly name: string;
	readonly value: string | number;
}

/** One option of a command, as both doors read it. */
export interface OptionDefinition<S extends z.ZodType = z.ZodType> {
	readonly kind: OptionKind;
	/** Discord shows it under the option; the console help lists it. At most 100 characters. */
	readonly description: string;
	/** Validates what either door read; a missing option arrives as undefined. */
	readonly schema: S;
	readonly required?: boolean;
	/** The values Discord offers (the schema still checks what the console was given). */
	readonly choices?: readonly Choice[];
	/** Autocomplete: names of a kind with entry counts, or the command's own list (a user's watches). */
	readonly suggest?: SuggestKind | ((ctx: SuggestContext) => readonly Choice[]);
	readonly minLength?: number;
	readonly maxLength?: number;
	readonly minValue?: number;
	readonly maxValue?: number;
	/** Channel options: text and announcement channels only. */
	readonly textChannels?: boolean;
	/** An option of one door only (a channel or an upload is Discord's; `chart:` writes a file at the console). */
	readonly door?: DoorName;
	/** At the console, the words after the command name are this option (`/ngo Animals Asia`). */
	readonly words?: boolean;
	/** Narrows entries: the console calls an unknown one an unknown filter. */
	readonly filter?: boolean;
	/** How the console help shows a value (`from:<yyyy-mm-dd>`); the option's name when absent. */
	readonly placeholder?: string;
}

export type OptionTable = Readonly<Record<string, OptionDefinition>>;
export type OptionValues<O extends OptionTable> = { readonly [K in keyof O]: z.output<O[K]['schema']> };

/**
 * What is wrong with the options: one option and what is wrong with it ("from", "must not be after to"), or
 * (option null) a whole sentence about the command ("/search needs words or a filter, e.g. …").
 */
export interface OptionProblem {
	readonly option: string | null;
	readonly message: string;
}

/** What a command (or one subcommand) takes and does. */
export interface Leaf<O extends OptionTable = OptionTable> {
	/** Subcommands only: Discord's description of the subcommand. */
	readonly description?: string;
	readonly options: O;
	/** Rules across options, checked after each option's schema. */
	check?(values: OptionValues<O>): OptionProblem | null;
	/**
	 * Set when the leaf acts on a Discord server (channels, server settings): the console answers with this
	 * message instead of running it (the command line's own way of doing it, if there is one).
	 */
	readonly needsServer?: string;
	execute(values: OptionValues<O>, ctx: RunContext): Promise<CommandOutcome>;
}

interface CommandHead {
	readonly name: string;
	/** Discord's description (at most 100 characters). */
	readonly description: string;
	/** What it answers, one line, for /help, the console help and the README table. */
	readonly help: string;
	/** As typed at the console (and in Discord): the first is shown in the helps; all are run by the tests. */
	readonly examples: readonly string[];
	/**
	 * Who sees the answer: 'public' and 'private' add a `hide` option defaulting to no and yes; 'always private'
	 * has none (a user's own watches, moderators' settings, the host's paths).
	 */
	readonly privacy: 'public' | 'private' | 'always private';
	/** Manage Server by default in Discord (checked again by the command: server admins can override it). */
	readonly forManagers?: boolean;
	/** Registered for servers only (not DMs). */
	readonly serverOnly?: boolean;
	/**
	 * Seconds a user waits between two runs in Discord (per user and subcommand), from the options as given;
	 * a run refused for bad input does not count.
	 */
	readonly cooldownSeconds?: number | ((given: Readonly<Record<string, unknown>>) => number);
	/** Discord only: buttons and menus whose custom_id starts with `<name>:`. */
	component?(ctx: ComponentContext): Promise<void>;
}

export type CommandDefinition = CommandHead &
	(
		| { readonly leaf: Leaf; readonly subcommands?: never }
		| { readonly subcommands: Readonly<Record<string, Leaf>>; readonly leaf?: never }
	);

/** Who asks and where. */
export interface Asker {
	readonly userId: string;
	/** Null in a DM with the bot, and at the console. */
	readonly guildId: string | null;
	readonly channelId: string | null;
	/**
	 * Whether the asker holds Manage Server (from Discord's computed permissions; false in DMs; the console's
	 * operator owns the database and holds it).
	 */
	readonly canManageGuild: boolean;
}

/** What the door answering can do. */
export interface Door {
	readonly name: DoorName;
	/** Buttons and menus under answers (paging, Cite, digest drafts). */
	readonly components: boolean;
	/** Most bytes of files one message may carry; null: no limit (the console writes files whole). */
	readonly uploadLimit: number | null;
}

export interface RunContext extends Asker {
	readonly services: CommandServices;
	readonly today: IsoDate;
	readonly door: Door;
	/** Says the answer takes a while: Discord acknowledges now (privately when the answer will be); the console waits. */
	defer(): Promise<void>;
	/** After `defer`, how a long task is going (Discord edits its acknowledgement; the console shows nothing). */
	progress?(text: string): Promise<void>;
}

export interface SuggestContext {
	readonly services: CommandServices;
	/** Who is typing (their own watches); unset only when Discord did not say. */
	readonly userId?: string;
	/** What was typed so far. */
	readonly typed: string;
}

/** Types a leaf's `execute` and `check` from its options (use for every leaf). */
export function defineLeaf<O extends OptionTable>(leaf: Leaf<O>): Leaf {
	return leaf as unknown as Leaf;
}

/** The leaf an invocation names: the command's own, or its subcommand `name` (null when there is none such). */
export function leafNamed(command: CommandDefinition, name: string | null): Leaf | null {
	if (command.leaf) return command.leaf;
	const { subcommands } = command;
	return name !== null && Object.hasOwn(subcommands, name) ? (subcommands[name] ?? null) : null;
}

/** The option a leaf declares under `name`, if any (typed names are never looked up on the prototype). */
export function optionNamed(leaf: Leaf, name: string): OptionDefinition | null {
	return Object.hasOwn(leaf.options, name) ? (leaf.options[name] ?? null) : null;
}

/** The leaves of a command: itself, or each subcommand by name. */
export function leavesOf(command: CommandDefinition): { readonly subcommand: string | null; readonly leaf: Leaf }[] {
	if (command.leaf) return [{ subcommand: null, leaf: command.leaf }];
	return Object.entries(command.subcommands ?? {}).map(([subcommand, leaf]) => ({ subcommand, leaf }));
}

/** The options of a leaf that a door has, in order. */
export function optionsAt(leaf: Leaf, door: DoorName): [string, OptionDefinition][] {
	return Object.entries(leaf.options).filter(([, option]) => option.door === undefined || option.door === door);
}
