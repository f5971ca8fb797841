import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ExportRecord } from '../../src/export/export-record.js';
import { type CorpusStats, createEntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { Entry } from '../../src/domain/entry.js';

/** The repository root: where users run `npm run -s cli`, and the working directory of every spawned CLI. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled CLI, built by test/global-setup.ts. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/src/cli/index.js', import.meta.url));

export interface RunCliOptions {
	/** Working directory (default: the repository root). */
	readonly cwd?: string;
	/** Extra environment variables; they win over the cleaned copy of this process's environment. */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** Written to the child's stdin, which is then closed; without it stdin is empty. */
	readonly input?: string | Buffer;
	/** The child is killed with SIGKILL and the promise rejects after this long (default 20 s). */
	readonly timeoutMs?: number;
}

export interface CliResult {
	readonly code: number | null;
	readonly signal: string | null;
	readonly stdout: string;
	readonly stderr: string;
}

/**
 * The environment a spawned CLI gets: this process's, without DATABASE_PATH and DISCORD_* (so a developer's
 * settings never leak into a test), with CI=true (no progress bar), then `extra` on top.
 */
export function cliEnv(extra: RunCliOptions['env'] = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key === 'DATABASE_PATH' || key.startsWith('DISCORD_')) continue;
		env[key] = value;
	}
	env.CI = 'true';
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/** `npm start`'s program: the bot with a token, the console without. */
export const MAIN_PATH = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

/** Runs the compiled CLI as users do (`node dist/src/cli/index.js <args>`), without a shell, and collects its output. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
	return runScript(CLI_PATH, args, options);
}

/** Runs `npm start`'s program (`node dist/src/main.js`) with piped stdin. */
export function runMain(options: RunCliOptions = {}): Promise<CliResult> {
	return runScript(MAIN_PATH, [], options);
}

function runScript(script: string, args: readonly string[], options: RunCliOptions): Promise<CliResult> {
	if (!existsSync(script)) {
		return Promise.reject(
			new Error(`${script} is missing: run npx tsc -p tsconfig.build.json (or the tests without NGO_SKIP_BUILD)`),
		);
	}
	const timeoutMs = options.timeoutMs ?? 20_000;
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [script, ...args], {
			cwd: options.cwd ?? REPO_ROOT,
			env: cliEnv(options.env),
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		// The child may exit without reading its input; that is not the test's concern.
		child.stdin.on('error', () => {});
		child.stdin.end(options.input ?? '');
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const result: CliResult = {
				code,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
			};
			if (timedOut) {
				reject(
					new Error(
						`ngo-bot ${args.join(' ')} did not finish within ${timeoutMs} ms\n` +
							`stdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
					),
				);
			} else {
				resolve(result);
			}
		});
	});
}

/** A result as text for assertion messages, so a failing expectation shows what the CLI said. */
export function describeResult(result: CliResult): string {
	return `exit ${result.code} (signal ${result.signal})\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** Parses `export --format jsonl` output: one JSON object per line, the last line ending in a newline. */
export function parseJsonl(text: string): ExportRecord[] {
	if (text === '') return [];
	if (!text.endsWith('\n')) throw new Error('JSONL output does not end with a newline');
	return text
		.slice(0, -1)
		.split('\n')
		.map((line, i) => {
			try {
				return JSON.parse(line) as ExportRecord;
			} catch (error) {
				throw new Error(`JSONL line ${i + 1} is not JSON: ${line.slice(0, 200)}`, { cause: error });
			}
		});
}

/**
 * Parses CSV per RFC 4180: fields separated by commas, records by CRLF (a bare LF is accepted too), fields
 * holding commas, quotes or line breaks quoted with doubled quotes inside. A leading UTF-8 BOM is dropped.
 * Malformed input (a quote inside an unquoted field, text after a closing quote, an unterminated quote) throws.
 */
export function parseCsv(input: string): string[][] {
	const text = input.startsWith('\ufeff') ? input.slice(1) : input;
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let i = 0;
	const endField = (): void => {
		record.push(field);
		field = '';
	};
	const endRecord = (): void => {
		endField();
		records.push(record);
		record = [];
	};
	while (i < text.length) {
		const char = text[i]!;
		if (char === '"') {
			if (field !== '') throw new Error(`CSV: quote inside an unquoted field at offset ${i}`);
			// Quoted field: runs to the next quote not followed by another quote.
			i++;
			for (;;) {
				if (i >= text.length) throw new Error('CSV: unterminated quoted field');
				const inner = text[i]!;
				if (inner === '"') {
					if (text[i + 1] === '"') {
						field += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				field += inner;
				i++;
			}
			const next = text[i];
			if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
				throw new Error(`CSV: text after a closing quote at offset ${i}`);
			}
			if (next === undefined) {
				endRecord();
				break;
			}
			continue;
		}
		if (char === ',') {
			endField();
			i++;
		} else if (char === '\r' && text[i + 1] === '\n') {
			endRecord();
			i += 2;
		} else if (char === '\n') {
			endRecord();
			i++;
		} else if (char === '\r') {
			throw new Error(`CSV: bare carriage return outside quotes at offset ${i}`);
		} else {
			field += char;
			i++;
		}
	}
	// Text not ending in a line break still has a last record.
	if (field !== '' || record.length > 0) endRecord();
	return records;
}

/** What a database holds, read back through the store's own reader (read-only). */
export interface StoredCorpus {
	readonly stats: CorpusStats;
	readonly entries: Entry[];
	/** Documents whose entry rows do not number their entry_count (a partial document). */
	readonly partialDocuments: { id: number; path: string | null; entry_count: number; entries: number }[];
}

/** Opens the database read-only with openDatabase and reads every entry, the stats and any partial document. */
export function readStoredCorpus(dbPath: string): StoredCorpus {
	const db = openDatabase(dbPath, { readonly: true });
	try {
		const reader = createEntryReader(db);
		const partialDocuments = db
			.prepare(
				`SELECT d.id, d.path, d.entry_count, count(e.id) AS entries
				FROM documents d LEFT JOIN entries e ON e.document_id = d.id
				GROUP BY d.id HAVING count(e.id) != d.entry_count`,
			)
			.all() as StoredCorpus['partialDocuments'];
		return { stats: reader.stats(), entries: [...reader.iterateEntries()], partialDocuments };
	} finally {
		db.close();
	}
}
