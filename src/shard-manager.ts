import 'dotenv/config';
import { fileURLToPath } from 'node:url';
import { REST, type RESTGetAPIGatewayBotResult, Routes, type Shard, ShardingManager } from 'discord.js';
import { ShardEnv, type ShardConfig, loadConfig } from './config.js';
import { UserFacingError, isUserFacingError } from './domain/errors.js';
import { type Logger, createLogger, scrubSecret } from './log.js';

/** Shards that die this often within a minute are not respawned again: the supervisor (with its back-off) takes over. */
const MAX_DEATHS_PER_MINUTE = 3;

/**
 * `npm run start:sharded`: discord.js's ShardingManager running `dist/src/main.js` once per shard. Each shard is a
 * process with its own gateway session, its own guilds and its own connection to the one SQLite file (WAL: many
 * readers, one writer at a time). discord.js passes SHARDS and SHARD_COUNT to each child; its Client reads them.
 */
async function main(): Promise<number> {
	const config = loadConfig(ShardEnv);
	const log = createLogger(config.LOG_LEVEL).child({ component: 'shard-manager' });
	const total = config.SHARD_COUNT === 'auto' ? await recommendedShardCount(config) : config.SHARD_COUNT;
	const manager = new ShardingManager(fileURLToPath(new URL('./main.js', import.meta.url)), {
		totalShards: total,
		token: config.DISCORD_TOKEN,
		mode: 'process',
		execArgv: ['--enable-source-maps'],
	});

	let failed: string | null = null;
	let stop!: () => void;
	const deaths: number[] = [];
	const stopped = new Promise<void>((resolve) => {
		stop = resolve;
		for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve());
		manager.on('shardCreate', (shard) => {
			log.info({ shard: shard.id, total }, 'shard spawned');
			shard.on('ready', () => log.info({ shard: shard.id }, 'shard ready'));
			shard.on('death', () => {
				const now = Date.now();
				deaths.push(now);
				while (deaths.length > 0 && deaths[0]! < now - 60_000) deaths.shift();
				log.warn({ shard: shard.id, respawn: manager.respawn }, 'shard exited');
				if (deaths.length > MAX_DEATHS_PER_MINUTE && failed === null) {
					failed = `shards exited ${deaths.length} times within a minute; see the shard logs above`;
					resolve();
				}
			});
		});
	});

	log.info({ shards: total, file: manager.file }, 'spawning shards');
	const spawning = manager.spawn({ amount: total, delay: config.SHARD_DELAY_SECONDS * 1_000, timeout: 60_000 });
	spawning.then(
		() => log.info({ shards: total }, 'all shards ready'),
		(error: unknown) => {
			// A shard that never became ready (bad token, Discord down): stop the others and let the supervisor retry.
			log.error({ err: error }, 'spawning shards failed');
			failed ??= `a shard did not become ready (${error instanceof Error ? error.message : String(error)})`;
			stop();
		},
	);
	await stopped;
	manager.respawn = false;
	log.info({ reason: failed ?? 'signal' }, 'stopping shards');
	await Promise.all(manager.shards.map((shard) => stopShard(shard, config, log)));
	if (failed === null) return 0;
	process.stderr.write(`error: ${failed}\n`);
	return 1;
}

/** Asks a shard to shut down (SIGTERM: the bot closes its gateway and database) and waits, bounded, for it to exit. */
async function stopShard(shard: Shard, config: ShardConfig, log: Logger): Promise<void> {
	const child = shard.process;
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	// The shard bounds its own shutdown by SHUTDOWN_TIMEOUT_SECONDS; one more second before it is killed.
	const timeout = new Promise<'timeout'>((resolve) =>
		setTimeout(() => resolve('timeout'), (config.SHUTDOWN_TIMEOUT_SECONDS + 1) * 1_000).unref(),
	);
	if ((await Promise.race([exited, timeout])) === 'timeout') {
		log.warn({ shard: shard.id }, 'shard did not stop in time; killing it');
		child.kill('SIGKILL');
	}
}

/** Discord's recommended shard count, asked through DISCORD_API_BASE (discord.js's own helper ignores it). */
async function recommendedShardCount(config: ShardConfig): Promise<number> {
	const rest = new REST({ api: config.DISCORD_API_BASE, timeout: 10_000, retries: 2 }).setToken(config.DISCORD_TOKEN);
	try {
		const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
		return Math.max(1, gateway.shards);
	} catch (error) {
		const message = scrubSecret((error as Error).message, config.DISCORD_TOKEN);
		throw new UserFacingError(
			`Could not ask Discord for the recommended shard count (${message}). Check DISCORD_TOKEN and DISCORD_API_BASE, or set SHARD_COUNT to a number.`,
			'config',
		);
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(
			isUserFacingError(error) ? `error: ${error.message}\n` : `error: ${(error as Error)?.stack ?? String(error)}\n`,
		);
		process.exitCode = 1;
	},
);
