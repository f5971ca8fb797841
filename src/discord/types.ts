import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Asker } from '../command/definition.js';
import type { CommandServices } from '../command/services.js';
import type { IsoDate } from '../domain/entry.js';
import type { RenderedReply } from '../render/reply.js';

/** A file a user attached to a command option (Discord hosts it; the URL is fetched like any other). */
export interface AttachmentRef {
	readonly url: string;
	readonly name: string;
	readonly size: number;
	readonly contentType: string | null;
}

/** A channel picked in a channel option. */
export interface ChannelRef {
	readonly id: string;
	readonly name: string | null;
	/** Whether the invoking member may view and send messages there (null: unknown, e.g. an uncached channel). */
	readonly memberCanSend?: boolean | null;
	/** Whether the bot may view and send messages there (null: unknown). */
	readonly botCanSend?: boolean | null;
}

/** Who invoked an interaction, and where. */
export type Invoker = Asker;

/** A chat command invocation as the Discord door reads it: options in, replies out; no discord.js objects. */
export interface CommandContext extends Invoker {
	readonly services: CommandServices;
	readonly today: IsoDate;
	readonly commandName: string;
	/** The subcommand invoked (`/digest preview` → 'preview'), or null for commands without subcommands. */
	readonly subcommand: string | null;
	getString(name: string): string | null;
	getInteger(name: string): number | null;
	getBoolean(name: string): boolean | null;
	getChannel(name: string): ChannelRef | null;
	getAttachment(name: string): AttachmentRef | null;
	/** Most bytes of files one reply may carry here (Discord's `attachment_size_limit`; 10 MiB when not given). */
	readonly attachmentSizeLimit?: number;
	/** Replies (or edits a deferred reply, or follows up); ephemeral when `hidden`. Mentions are always disabled. */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now and answers later (the reply then edits the "thinking…" message). */
	defer(options: { hidden: boolean }): Promise<void>;
	/** After `defer`: shows how a long task is going in the deferred message; the answer then follows it. */
	progress?(text: string): Promise<void>;
}

export interface AutocompleteContext {
	/** Who is typing (choices can be their own things, e.g. their watches); always set by the dispatcher. */
	readonly userId?: string;
	readonly services: CommandServices;
	readonly focused: { readonly name: string; readonly value: string };
	/** The subcommand whose option is being typed, or null. */
	readonly subcommand: string | null;
	respond(choices: readonly { name: string; value: string }[]): Promise<void>;
}

/**
 * A click on a button or a pick in a select menu whose custom_id starts with `<command name>:`; the rest of the
 * custom_id is the command's own state (at most 100 characters in all).
 */
export interface ComponentContext extends Invoker {
	readonly services: CommandServices;
	readonly today: IsoDate;
	readonly customId: string;
	/** Picked values of a select menu (channel ids for a channel select); empty for buttons. */
	readonly values: readonly string[];
	/** Replaces the message the component is on. */
	update(reply: RenderedReply): Promise<void>;
	/** A new reply (a follow-up once the interaction was answered). */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now; a later `reply` or `update` completes it. */
	defer(): Promise<void>;
}

/** A command as the Discord door runs it: built from its definition by `slashCommandOf` (slash-command.ts). */
export interface SlashCommand {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	execute(ctx: CommandContext): Promise<void>;
	/**
	 * Seconds a user waits between two runs of an expensive command (per user, per command; 0 or absent: none).
	 * A run refused for bad input does not count.
	 */
	readonly cooldownSeconds?: number | ((ctx: CommandContext) => number);
	autocomplete?(ctx: AutocompleteContext): Promise<void>;
	/** Handles components whose custom_id starts with `<data.name>:`. */
	component?(ctx: ComponentContext): Promise<void>;
}
