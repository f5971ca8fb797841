import type { RESTOptions } from 'discord.js';
import { type RunningBot, startBot } from '../../src/discord/start-bot.js';
import type { Logger } from '../../src/log.js';
import type { FakeDiscord } from './fake-discord.js';

export interface BotAgainstFakeOptions {
	readonly databasePath: string;
	readonly log: Logger;
	/** More environment (LOG_LEVEL, job intervals …); the Discord keys come from the fake. */
	readonly env?: Readonly<Record<string, string>>;
	readonly now?: () => Date;
	/** discord.js REST settings (e.g. a short timeout for hung-request tests). */
	readonly rest?: Partial<RESTOptions>;
}

/**
 * The real bot (`startBot`) logged in to a local fake Discord, with the name indexes loaded: what every e2e suite
 * starts from. IDENTIFYs are not spaced out (Discord's 5 s between sessions is pointless against the fake).
 */
export async function startBotAgainst(fake: FakeDiscord, options: BotAgainstFakeOptions): Promise<RunningBot> {
	const bot = await startBot({
		databasePath: options.databasePath,
		env: {
			DISCORD_TOKEN: fake.token,
			DISCORD_APPLICATION_ID: fake.applicationId,
			DISCORD_API_BASE: fake.apiBase,
			...options.env,
		},
		log: options.log,
		now: options.now,
		clientOverrides: {
			ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) },
			...(options.rest ? { rest: options.rest } : {}),
		},
	});
	await bot.ready;
	await bot.app.indexes.whenReady();
	return bot;
}
