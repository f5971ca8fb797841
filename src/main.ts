import 'dotenv/config';
import { resolve } from 'node:path';
import { createApp } from './app.js';
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
		await new Promise<void>((resolve) => {
			for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
		});
		await bot.stop('signal');
		return 0;
	}
	const app = createApp({ databasePath, log: config.LOG_LEVEL === 'debug' ? (m) => console.error(m) : undefined });
	try {
		return await runConsole({
			app,
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
