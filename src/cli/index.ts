#!/usr/bin/env node
import 'dotenv/config';
import { resolve } from 'node:path';
import { BaseEnv, loadConfig } from '../config.js';
import { isUserFacingError } from '../domain/errors.js';
import { projectRoot } from '../project-root.js';
import { type CliCommand, type CliIo, UsageError, helpText, parseCommandArgs } from './command.js';
import { askCommand } from './ask.js';
import { deployCommandsCommand } from './deploy-commands.js';
import { explainCommand } from './explain.js';
import { exportCommand } from './export.js';
import { feedsCommand } from './feeds.js';
import { healthCommand } from './health.js';
import { ingestCommand } from './ingest.js';
import { statsCommand } from './stats.js';
import { digestCommand } from './digest.js';
import { timelineCommand } from './timeline.js';
import { watchCommand } from './watch.js';
import { watchesCommand } from './watches.js';

/** Every subcommand, in the order `help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
	ingestCommand,
	feedsCommand,
	askCommand,
	explainCommand,
	exportCommand,
	statsCommand,
	digestCommand,
	timelineCommand,
	healthCommand,
	watchCommand,
	watchesCommand,
	deployCommandsCommand,
];

function overview(): string {
	const width = Math.max(...COMMANDS.map((c) => c.name.length));
	return [
		'ngo-bot: what NGOs are doing in China, from dated and cited entries.',
		'',
		'Usage: npm run -s cli -- <command> [options]',
		'',
		'Commands:',
		...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.brief}`),
		'',
		'Run `npm run -s cli -- <command> --help` for a command’s options.',
	].join('\n');
}

/** Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 wrong usage. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
		io.out.write(`${overview()}\n`);
		return name === undefined ? 2 : 0;
	}
	const command = COMMANDS.find((c) => c.name === name);
	try {
		if (!command) throw new UsageError(`Unknown command "${name}".`, null);
		const { values, positionals } = parseCommandArgs(command, rest);
		if (values.help) {
			io.out.write(`${helpText(command)}\n`);
			return 0;
		}
		const config = loadConfig(BaseEnv);
		const fromFlag = typeof values.db === 'string' ? values.db : null;
		// An explicit path is relative to where the user is; the default lives in the project's data/ folder.
		const databasePath =
			fromFlag ?? (process.env.DATABASE_PATH ? config.DATABASE_PATH : resolve(projectRoot(), config.DATABASE_PATH));
		return await command.run({ values, positionals, io, databasePath });
	} catch (error) {
		return handleCliError(error, io);
	}
}

/** The one place CLI errors become messages and exit codes. */
export function handleCliError(error: unknown, io: CliIo): number {
	if (error instanceof UsageError) {
		io.err.write(`error: ${error.message}\n`);
		io.err.write(error.command ? `\n${helpText(error.command)}\n` : `\n${overview()}\n`);
		return 2;
	}
	if (isUserFacingError(error)) {
		io.err.write(`error: ${error.message}\n`);
		return 1;
	}
	io.err.write(
		`ngo-bot hit an unexpected error; please report it with this trace:\n${(error as Error)?.stack ?? String(error)}\n`,
	);
	return 1;
}

// Output to a closed pipe (`… | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(0);
	throw error;
});

const exitCode = await main(process.argv.slice(2), {
	out: process.stdout,
	err: process.stderr,
	stdin: process.stdin,
	progress: process.env.CI !== 'true',
});
process.exitCode = exitCode;
