import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { IsoDate } from '../domain/entry.js';
import type { CorpusFacts } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import type { RenderedReply } from '../render/reply.js';

/**
 * What commands may use: the answers, facts about the corpus for /about, and the clock. Feature services
 * (digests, sources, exports, watches, health …) are added here as interfaces defined outside `src/discord`, and
 * built in one place: `createBotServices` (src/discord/bot-services.ts).
 */
export interface BotServices {
	readonly query: QueryService;
	readonly about: () => CorpusFacts;
	/** The current time (injected so schedules, expiry and "new this week" are testable). */
	readonly now: () => Date;
}

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
}

/** Who invoked an interaction, and where. */
export interface Invoker {
	readonly userId: string;
	/** Null in a DM with the bot. */
	readonly guildId: string | null;
	readonly channelId: string | null;
	/**
	 * Whether the member holds Manage Server (from Discord's computed permissions; false in DMs). Commands that
	 * need it check at run time as well: default member permissions can be overridden by server admins.
	 */
	readonly canManageGuild: boolean;
}

/** A chat command invocation as commands see it: options in, replies out; no discord.js objects. */
export interface CommandContext extends Invoker {
	readonly services: BotServices;
	readonly today: IsoDate;
	readonly commandName: string;
	/** The subcommand invoked (`/digest preview` → 'preview'), or null for commands without subcommands. */
	readonly subcommand: string | null;
	getString(name: string): string | null;
	getInteger(name: string): number | null;
	getBoolean(name: string): boolean | null;
	getChannel(name: string): ChannelRef | null;
	getAttachment(name: string): AttachmentRef | null;
	/** Replies (or edits a deferred reply, or follows up); ephemeral when `hidden`. Mentions are always disabled. */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now and answers later (the reply then edits the "thinking…" message). */
	defer(options: { hidden: boolean }): Promise<void>;
}

export interface AutocompleteContext {
	readonly services: BotServices;
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
	readonly services: BotServices;
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

export interface SlashCommand {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	/** True when this invocation may take long enough to miss Discord's 3-second deadline: acknowledge first. */
	defers?(ctx: CommandContext): boolean;
	execute(ctx: CommandContext): Promise<void>;
	autocomplete?(ctx: AutocompleteContext): Promise<void>;
	/** Handles components whose custom_id starts with `<data.name>:`. */
	component?(ctx: ComponentContext): Promise<void>;
}
