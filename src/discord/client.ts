import { Client, type ClientOptions, GatewayIntentBits } from 'discord.js';
import { NO_MENTIONS } from './dispatch.js';

/** A discord.js client with only what a slash-command bot needs: the Guilds intent, no mentions, bounded REST. */
export function createClient(options: { apiBase: string; overrides?: Partial<ClientOptions> }): Client {
	return new Client({
		intents: [GatewayIntentBits.Guilds],
		allowedMentions: NO_MENTIONS,
		...options.overrides,
		rest: {
			api: options.apiBase,
			// Interaction replies must land within 3 s; a hung request must not hold a handler for 15 s.
			timeout: 10_000,
			retries: 2,
			...options.overrides?.rest,
		},
	});
}
