import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../src/store/open-database.js';
import { CLI_PATH, REPO_ROOT } from './run-cli.js';

export interface KilledRun {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	/** stdout and stderr together, for failure messages. */
	readonly output: string;
}

/** Documents committed so far, read through a read-only connection; null while the database is not ready yet. */
export function committedDocuments(dbPath: string): number | null {
	if (!existsSync(dbPath)) return null;
	try {
		const db = openDatabase(dbPath, { readonly: true });
		try {
			return Number(db.prepare('SELECT count(*) FROM documents').pluck().get());
		} finally {
			db.close();
		}
	} catch {
		// Created but not yet migrated, or locked for a moment: ask again.
		return null;
	}
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null)
			resolve({ code: child.exitCode, signal: child.signalCode });
		else child.once('exit', (code, signal) => resolve({ code, signal }));
	});
}

/**
 * Runs the CLI with `args` and SIGKILLs it (no handler, no cleanup runs) as soon as a few documents are committed
 * to `dbPath`; resolves with how it ended. A run that ends by itself first is reported with its exit code.
 */
export async function killCliAfterCommits(
	args: readonly string[],
	options: { readonly dbPath: string; readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number },
): Promise<KilledRun> {
	const child = spawn(process.execPath, [CLI_PATH, ...args], {
		cwd: REPO_ROOT,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exit = exited(child);
	const deadline = Date.now() + options.timeoutMs;
	try {
		for (;;) {
			const seen = committedDocuments(options.dbPath);
			if (seen !== null && seen >= 3) break;
			if (child.exitCode !== null || child.signalCode !== null) break;
			if (Date.now() > deadline) {
				throw new Error(`no documents committed within ${options.timeoutMs / 1000} s; output:\n${output}`);
			}
			await sleep(5);
		}
	} finally {
		child.kill('SIGKILL');
	}
	return { ...(await exit), output };
}
