import type {
	APIModalInteractionResponseCallbackData,
	RESTPostAPIChatInputApplicationCommandsJSONBody,
	RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Asker } from '../command/definition.js';
import type { CommandOutcome } from '../command/outcome.js';
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
	/** Discord's channel type (0 text, 5 announcement, 15 forum …), when known. */
	readonly type?: number | null;
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
	/** A member picked in a user option (their id), or null. */
	getUser(name: string): string | null;
	/** A role picked in a role option (its id), or null. */
	getRole(name: string): string | null;
	/** Most bytes of files one reply may carry here (Discord's `attachment_size_limit`; 10 MiB when not given). */
	readonly attachmentSizeLimit?: number;
	/** Replies (or edits a deferred reply, or follows up); ephemeral when `hidden`. Mentions are always disabled. */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now and answers later (the reply then edits the "thinking…" message). */
	defer(options: { hidden: boolean }): Promise<void>;
	/** Adds to what the run costs the invoker in the rate limits (absent: nothing is counted, as in tests). */
	charge?(units: number): void;
	/** The message a context-menu command was run on: its id and its text (content, then its embeds' text). */
	readonly target?: { readonly id: string; readonly text: string };
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
	/** What a submitted modal's text inputs hold, by their custom_id; empty for buttons and menus. */
	readonly fields: Readonly<Record<string, string>>;
	/** Opens a modal (forms with text inputs) in answer to a button or a menu; its submission comes back here. */
	showModal(modal: APIModalInteractionResponseCallbackData): Promise<void>;
	/** Answers with a command's outcome, rendered as a slash command's answer is (paging, Cite menu, buttons). */
	answer(outcome: CommandOutcome, options: { hidden: boolean }): Promise<void>;
	/** Replaces the message the component is on. */
	update(reply: RenderedReply): Promise<void>;
	/** A new reply (a follow-up once the interaction was answered). */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now; a later `reply` or `update` completes it. */
	defer(): Promise<void>;
}

/**
 * A message context-menu command as the Discord door runs it (`messageMenuOf`, message-menu.ts): run on a message
 * (`ctx.target`); its components have custom_ids starting with `<prefix>:`.
 */
export interface MessageMenu {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
	readonly prefix: string;
	/** Units of the rate limits a run costs. */
	readonly cost: number;
	execute(ctx: CommandContext): Promise<void>;
	component?(ctx: ComponentContext): Promise<void>;
}

/** A command as the Discord door runs it: built from its definition by `slashCommandOf` (slash-command.ts). */
export interface SlashCommand {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	execute(ctx: CommandContext): Promise<void>;
	/**
	 * What a run costs in the per-user and per-server token buckets (src/discord/rate-limits.ts); absent: 1.
	 * A run refused for bad input costs nothing.
	 */
	readonly cost?: number | ((ctx: CommandContext) => number);
	autocomplete?(ctx: AutocompleteContext): Promise<void>;
	/** Handles components whose custom_id starts with `<data.name>:`. */
	component?(ctx: ComponentContext): Promise<void>;
}
