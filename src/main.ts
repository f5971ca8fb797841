import 'dotenv/config';
import { resolve } from 'node:path';
import { createApp } from './app.js';
import { createCommandServices } from './command/services.js';
import { handleConsoleError } from './console/errors.js';
import { runConsole } from './console/console.js';
import { todayIn } from './cli/today.js';
import { BaseEnv, loadConfig } from './config.js';
import { projectRoot } from './project-root.js';

/** `npm start`: the Discord bot when a token is configured, otherwise the local console. */
async function main(): Promise<number> {
	const config = loadConfig(BaseEnv);
	const databasePath = process.env.DATABASE_PATH ? config.DATABASE_PATH : resolve(projectRoot(), config.DATABASE_PATH);
	if (process.env.DISCORD_TOKEN) {
		const { startBot } = await import('./discord/start-bot.js');
		const bot = await startBot({ databasePath });
		const signal = new Promise<null>((resolve) => {
			for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve(null));
		});
		const fatal = await Promise.race([signal, bot.fatal]);
		await bot.stop(fatal ?? 'signal');
		// As a shard, the IPC channel to the ShardingManager would keep this process alive after the bot stopped.
		if (process.connected) process.disconnect();
		if (fatal === null) return 0;
		// A supervisor restarts a process that exits; one that idles after a fatal close would stay down.
		process.stderr.write(`error: ${fatal}\n`);
		return 1;
	}
	const app = createApp({ databasePath, log: config.LOG_LEVEL === 'debug' ? (m) => console.error(m) : undefined });
	try {
		return await runConsole({
			app,
			services: createCommandServices(app, {
				sources: config,
				digest: { timeZone: config.DIGEST_TIMEZONE, staleDays: config.DIGEST_STALE_DAYS },
			}),
			io: { out: process.stdout, err: process.stderr, stdin: process.stdin },
			today: () => todayIn(),
		});
	} finally {
		app.close();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.exitCode = handleConsoleError(error, process.stderr);
	},
);
