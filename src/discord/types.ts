import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { IsoDate } from '../domain/entry.js';
import type { HealthService } from '../health/health-service.js';
import type { DigestService } from '../digest/digest-service.js';
import type { CorpusFacts } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import type { RenderedReply } from '../render/reply.js';
import type { WatchService } from '../watch/watch-service.js';
import type { SourceService } from '../sources/source-service.js';

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
	/** /health: uptime, shards, database, indexes, last ingest and digest, error counts. */
	readonly health: HealthService;
	/** /watch: watchlists, and the notifications the watch job delivers. */
	readonly watch: WatchService;
	/** /ingest and /feeds: documents and feeds added from Discord. */
	readonly sources: SourceService;
	/** /digest: weekly digests, their previews, schedules and the scheduler's passes. */
	readonly digest: DigestService;
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
	/** Whether the invoking member may view and send messages there (null: unknown, e.g. an uncached channel). */
	readonly memberCanSend?: boolean | null;
	/** Whether the bot may view and send messages there (null: unknown). */
	readonly botCanSend?: boolean | null;
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
	/** Most bytes of files one reply may carry here (Discord's `attachment_size_limit`; 10 MiB when not given). */
	readonly attachmentSizeLimit?: number;
	/** Replies (or edits a deferred reply, or follows up); ephemeral when `hidden`. Mentions are always disabled. */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now and answers later (the reply then edits the "thinking…" message). */
	defer(options: { hidden: boolean }): Promise<void>;
}

export interface AutocompleteContext {
	/** Who is typing (choices can be their own things, e.g. their watches); always set by the dispatcher. */
	readonly userId?: string;
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
	/**
	 * Seconds a user waits between two runs of an expensive command (per user, per command; 0 or absent: none).
	 * A run refused for bad input does not count.
	 */
	readonly cooldownSeconds?: number | ((ctx: CommandContext) => number);
	autocomplete?(ctx: AutocompleteContext): Promise<void>;
	/** Handles components whose custom_id starts with `<data.name>:`. */
	component?(ctx: ComponentContext): Promise<void>;
}
