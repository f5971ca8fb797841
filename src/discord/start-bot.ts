import { type ClientOptions, Events } from 'discord.js';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../app.js';
import { todayIn } from '../cli/today.js';
import { BotEnv, loadConfig } from '../config.js';
import { UserFacingError } from '../domain/errors.js';
import { type Logger, createLogger, scrubSecret } from '../log.js';
import { createClient } from './client.js';
import type { BotJob } from './bot-job.js';
import { createBotServices } from './bot-services.js';
import { createInteractionHandler } from './dispatch.js';

/** Gateway close codes after which Discord will not accept the session again, with what to check. */
const FATAL_CLOSE_CODES: Record<number, string> = {
	4004: 'authentication failed: check DISCORD_TOKEN',
	4010: 'invalid shard',
	4011: 'sharding required: too many servers for one process',
	4012: 'invalid API version',
	4013: 'invalid intents',
	4014: 'disallowed intents: enable them in the Developer Portal or remove them',
};

export interface StartBotOptions {
	readonly databasePath: string;
	readonly env?: NodeJS.ProcessEnv;
	readonly log?: Logger;
	/** Test-only client settings (e.g. no identify spacing against a local Discord). */
	readonly clientOverrides?: Partial<ClientOptions>;
	/** The clock (tests inject one to move schedules forward). */
	readonly now?: () => Date;
}

export interface RunningBot {
	readonly app: App;
	readonly client: ReturnType<typeof createClient>;
	/** Resolves when the gateway is ready and the bot answers interactions. */
	readonly ready: Promise<void>;
	/** Resolves with what to tell the operator when Discord closes the gateway for good (no reconnect follows). */
	readonly fatal: Promise<string>;
	/** Stops answering, closes the gateway and the database; bounded by SHUTDOWN_TIMEOUT_SECONDS. */
	stop(reason?: string): Promise<void>;
}

/** Starts the Discord bot: config, database and indexes, client, routing. Commands are not registered here. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
	const config = loadConfig(BotEnv, options.env ?? process.env);
	const log = options.log ?? createLogger(config.LOG_LEVEL);
	const app = createApp({ databasePath: options.databasePath, log: (message) => log.info(message) });
	const client = createClient({ apiBase: config.DISCORD_API_BASE, overrides: options.clientOverrides });
	const services = createBotServices(app, { now: options.now });
	// Background work beside the interactions (scheduler, feed polling, watch notifications).
	const jobs: BotJob[] = [];
	const handle = createInteractionHandler({ commands, services, log, today: () => todayIn() });

	client.on(Events.InteractionCreate, (interaction) => {
		void handle(interaction);
	});
	// Without an error listener a failed websocket frame would end the process.
	client.on(Events.Error, (error) =>
		log.error({ err: { message: scrubSecret(error.message, config.DISCORD_TOKEN) } }, 'client error'),
	);
	client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected'));
	// discord.js does not reconnect after these closes; a process that silently idles would never be restarted.
	const fatal = new Promise<string>((resolve) => {
		client.on(Events.ShardDisconnect, (event) => {
			const reason = FATAL_CLOSE_CODES[event.code];
			if (reason) resolve(`Discord closed the gateway with ${event.code} (${reason}).`);
		});
	});
	client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));

	const ready = new Promise<void>((resolve) => {
		client.once(Events.ClientReady, (ready) => {
			log.info(
				{ user: ready.user.tag, guilds: ready.guilds.cache.size, entries: app.reader.countEntries() },
				'bot ready',
			);
			for (const job of jobs) job.start({ client: ready, log: log.child({ job: job.name }) });
			resolve();
		});
	});

	let stopping: Promise<void> | null = null;
	const stop = (reason = 'stop') =>
		(stopping ??= (async () => {
			log.info({ reason }, 'shutting down');
			const timeout = new Promise<void>((resolve) =>
				setTimeout(resolve, config.SHUTDOWN_TIMEOUT_SECONDS * 1000).unref(),
			);
			// Jobs finish what they started (a post, an ingest) before the database closes under them.
			await Promise.race([Promise.allSettled(jobs.map((job) => job.stop())), timeout]);
			// destroy() can hang before READY; the timeout bounds it either way.
			await Promise.race([client.destroy(), timeout]);
			app.close();
		})());

	try {
		await client.login(config.DISCORD_TOKEN);
	} catch (error) {
		// Let the background index load finish with the database before closing it.
		await app.indexes.whenReady().catch(() => {});
		app.close();
		const message = scrubSecret((error as Error).message, config.DISCORD_TOKEN);
		throw new UserFacingError(
			`Could not log in to Discord (${message}). Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token) and DISCORD_API_BASE.`,
			'config',
		);
	}
	return { app, client, ready, fatal, stop };
}
