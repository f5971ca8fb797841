import type { Client } from 'discord.js';
import type { Logger } from '../log.js';

/**
 * Work the bot does on its own, beside answering interactions: the digest scheduler, feed polling, watch
 * notifications. Started once the gateway is ready, stopped (and awaited) before the database closes.
 */
export interface BotJob {
	readonly name: string;
	start(context: { readonly client: Client<true>; readonly log: Logger }): void;
	/** Resolves when in-flight work has finished; no new work starts after it is called. */
	stop(): Promise<void>;
}
