import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { IsoDate } from '../domain/entry.js';
import type { CorpusFacts } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import type { RenderedReply } from '../render/reply.js';

/** What commands may use: the answers, and facts about the corpus for /about. */
export interface BotServices {
	readonly query: QueryService;
	readonly about: () => CorpusFacts;
}

/** A chat command invocation as commands see it: options in, replies out; no discord.js objects. */
export interface CommandContext {
	readonly services: BotServices;
	readonly today: IsoDate;
	readonly userId: string;
	readonly commandName: string;
	getString(name: string): string | null;
	getInteger(name: string): number | null;
	getBoolean(name: string): boolean | null;
	/** Replies (or edits a deferred reply); ephemeral when `hidden`. Mentions are always disabled. */
	reply(reply: RenderedReply, options: { hidden: boolean }): Promise<void>;
	/** Acknowledges now and answers later (the reply then edits the "thinking…" message). */
	defer(options: { hidden: boolean }): Promise<void>;
}

export interface AutocompleteContext {
	readonly services: BotServices;
	readonly focused: { readonly name: string; readonly value: string };
	respond(choices: readonly { name: string; value: string }[]): Promise<void>;
}

export interface SlashCommand {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	/** True when this invocation may take long enough to miss Discord's 3-second deadline: acknowledge first. */
	defers?(ctx: CommandContext): boolean;
	execute(ctx: CommandContext): Promise<void>;
	autocomplete?(ctx: AutocompleteContext): Promise<void>;
}
