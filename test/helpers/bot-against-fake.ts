import { join } from 'node:path';
import type { RESTOptions } from 'discord.js';
import { createApp } from '../../src/app.js';
import { type RunningBot, startBot } from '../../src/discord/start-bot.js';
import type { Logger } from '../../src/log.js';
import { type FakeDiscord, type FakeDiscordOptions, type RecordedRequest, startFakeDiscord } from './fake-discord.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

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

export interface SeededBot {
	readonly fake: FakeDiscord;
	readonly bot: RunningBot;
	/** The test's own folder (the database is `ngo.sqlite` in it); removed by `stop`. */
	readonly dir: string;
	/** Stops the bot and the fake and removes the folder (safe after a failed start). */
	stop(): Promise<void>;
}

export interface SeededBotOptions extends Omit<BotAgainstFakeOptions, 'databasePath'> {
	/** Prefix of the temporary folder. */
	readonly prefix: string;
	readonly token: string;
	/** What to ingest before the bot starts: the sample corpus, and the fixtures written into `dir`. */
	readonly sources: (dir: string) => readonly string[];
	readonly fakeOptions?: Omit<FakeDiscordOptions, 'token'>;
}

/** A fresh database ingested from `sources`, a local fake Discord, and the real bot logged in to it. */
export async function startSeededBot(options: SeededBotOptions): Promise<SeededBot> {
	const { prefix, token, sources, fakeOptions, ...botOptions } = options;
	const dir = makeTempDir(prefix);
	let fake: FakeDiscord | undefined;
	let bot: RunningBot | undefined;
	const stop = async () => {
		await bot?.stop('test over');
		await fake?.close();
		removeTempDir(dir);
	};
	try {
		const databasePath = join(dir, 'ngo.sqlite');
		const seed = createApp({ databasePath });
		await seed.ingest([...sources(dir)]);
		seed.close();
		fake = await startFakeDiscord({ token, ...fakeOptions });
		bot = await startBotAgainst(fake, { ...botOptions, databasePath });
		return { fake, bot, dir, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The bot's first response to the interaction `send` dispatches (a reply, a deferral, autocomplete choices). */
export async function firstResponse(fake: FakeDiscord, send: () => { id: string }): Promise<RecordedRequest> {
	const since = fake.requests.length;
	const { id } = send();
	return fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
		since,
		predicate: (request) => request.interactionId === id,
	});
}
