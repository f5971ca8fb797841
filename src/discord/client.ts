import { Client, type ClientOptions, GatewayIntentBits } from 'discord.js';
import { NO_MENTIONS } from './dispatch.js';

/**
 * Longest one REST attempt may take, and how many more attempts follow a timeout or a 5xx (429s wait and are not
 * counted). A hung request therefore holds its handler at most REST_TIMEOUT_MS × (REST_RETRIES + 1) = 30 s;
 * interaction callbacks do not queue behind each other, so other users are answered meanwhile.
 */
export const REST_TIMEOUT_MS = 10_000;
export const REST_RETRIES = 2;

/** A discord.js client with only what a slash-command bot needs: the Guilds intent, no mentions, bounded REST. */
export function createClient(options: { apiBase: string; overrides?: Partial<ClientOptions> }): Client {
	return new Client({
		intents: [GatewayIntentBits.Guilds],
		allowedMentions: NO_MENTIONS,
		...options.overrides,
		rest: {
			api: options.apiBase,
			// Interaction replies must land within 3 s; a hung request must not hold a handler for 15 s.
			timeout: REST_TIMEOUT_MS,
			retries: REST_RETRIES,
			...options.overrides?.rest,
		},
	});
}
