import { type ClientOptions, Events } from 'discord.js';
import { type App, createApp } from '../app.js';
import { todayIn } from '../cli/today.js';
import { BotEnv, loadConfig } from '../config.js';
import { UserFacingError } from '../domain/errors.js';
import { type Logger, createLogger, scrubSecret } from '../log.js';
import { createClient } from './client.js';
import { exemptInteractionWebhooks } from './interaction-rest.js';
import type { BotJob } from './bot-job.js';
import { createCommandServices } from '../command/services.js';
import { messageMenus, slashCommands } from './registry.js';
import { createInteractionHandler } from './dispatch.js';
import { createWatchJob } from './watch-job.js';
import { createChannelPoster } from './channel-poster.js';
import { createDigestJob } from './digest-job.js';
import { createFeedPollJob } from '../sources/feed-poll-job.js';
import { commandsWithHideOption, createAdmission } from './admission.js';
import { createInteractionMetrics } from './metrics.js';
import { attachMetrics, createShardSnapshotSource } from './shard-status.js';

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
	const rootLog = options.log ?? createLogger(config.LOG_LEVEL, undefined, [config.DISCORD_TOKEN]);
	// Under the ShardingManager (which sets SHARDS for each process) every line says which shard wrote it.
	const shardEnv = (options.env ?? process.env).SHARDS;
	const log = shardEnv ? rootLog.child({ shard: Number(shardEnv) }) : rootLog;
	const app = createApp({ databasePath: options.databasePath, log: (message) => log.info(message) });
	const client = createClient({ apiBase: config.DISCORD_API_BASE, overrides: options.clientOverrides });
	exemptInteractionWebhooks(client.rest, config.DISCORD_APPLICATION_ID);
	const metrics = createInteractionMetrics();
	attachMetrics(client, metrics);
	const poster = createChannelPoster(client.rest);
	const services = createCommandServices(app, {
		now: options.now,
		metrics,
		shards: createShardSnapshotSource(client),
		sources: config,
		poster,
		digest: {
			timeZone: config.DIGEST_TIMEZONE,
			graceHours: config.DIGEST_GRACE_HOURS,
			staleDays: config.DIGEST_STALE_DAYS,
			emptyNote: config.DIGEST_EMPTY_NOTE === 'on',
			leaseSeconds: config.DIGEST_LEASE_SECONDS,
		},
	});
	// Background work beside the interactions (scheduler, feed polling, watch notifications).
	const jobs: BotJob[] = [];
	jobs.push(createFeedPollJob({ sources: services.sources }));
	jobs.push(createDigestJob({ digest: services.digest, intervalMs: config.DIGEST_CHECK_SECONDS * 1000 }));
	jobs.push(createWatchJob({ watch: services.watch, intervalMs: config.WATCH_INTERVAL_SECONDS * 1000 }));
	const handle = createInteractionHandler({
		commands: slashCommands,
		menus: messageMenus,
		poster,
		services,
		log,
		metrics,
		today: () => todayIn(),
		secrets: [config.DISCORD_TOKEN],
		limits: {
			user: { burst: config.LIMIT_USER_BURST, perMinute: config.LIMIT_USER_PER_MINUTE },
			server: { burst: config.LIMIT_SERVER_BURST, perMinute: config.LIMIT_SERVER_PER_MINUTE },
		},
	});

	// One at a time, yielding between them; acknowledged first when a burst puts them behind (see admission.ts).
	const admission = createAdmission({
		handle,
		hideOptionCommands: commandsWithHideOption(slashCommands),
		log,
		metrics,
	});
	client.on(Events.InteractionCreate, (interaction) => admission.push(interaction));
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
				{
					user: ready.user.tag,
					guilds: ready.guilds.cache.size,
					shards: ready.ws.shards.map((shard) => shard.id),
					entries: app.reader.countEntries(),
				},
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
			admission.stop();
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
