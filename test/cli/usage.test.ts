import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { type CliResult, describeResult, runCli } from '../helpers/run-cli.js';

const tempDir = useTempDir('ngo-bot-cli-usage-');

/** Runs the CLI against a database path in the test's directory, which wrong usage must never create. */
async function run(...args: string[]): Promise<{ result: CliResult; dbPath: string }> {
	const dbPath = join(tempDir(), 'ngo.sqlite');
	return { result: await runCli([...args, '--db', dbPath]), dbPath };
}

/** Wrong usage: exit 2, one `error:` line first on stderr, usage after it, nothing on stdout, no database touched. */
function expectUsageError(result: CliResult, dbPath: string, message: RegExp, usage: RegExp): void {
	expect(result.code, describeResult(result)).toBe(2);
	expect(result.stdout).toBe('');
	const [first, ...rest] = result.stderr.split('\n');
	expect(first).toMatch(message);
	expect(rest.join('\n')).toMatch(usage);
	expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
	expect(existsSync(dbPath)).toBe(false);
}

const OVERVIEW =
	/Usage: npm run -s cli -- <command> \[options\][\s\S]*Commands:\n {2}ingest +\S[\s\S]*\n {2}export +\S[\s\S]*\n {2}stats +\S/;

describe('wrong usage exits 2 with a message and the usage', () => {
	it('an unknown command is named, and the commands are listed', async () => {
		const { result, dbPath } = await run('injest', 'data/sample');
		expectUsageError(result, dbPath, /^error: Unknown command "injest"\.$/, OVERVIEW);
	});

	it('an unknown option gets a "Did you mean" hint and the command’s usage', async () => {
		const { result, dbPath } = await run('export', '--formt', 'csv');
		expectUsageError(
			result,
			dbPath,
			/^error: Unknown option --formt for "export"\. Did you mean --format\?$/,
			/Usage: npm run -s cli -- export \[--format jsonl\|json\|csv\] \[--out FILE\]/,
		);
	});

	it('an unknown option far from every real one gets no misleading hint', async () => {
		const { result, dbPath } = await run('stats', '--verbose');
		expectUsageError(
			result,
			dbPath,
			/^error: Unknown option --verbose for "stats"\.$/,
			/Usage: npm run -s cli -- stats/,
		);
	});

	it('export --format xml names the allowed formats', async () => {
		const { result, dbPath } = await run('export', '--format', 'xml');
		expectUsageError(result, dbPath, /^error: --format must be one of jsonl, json, csv; got "xml"\.$/, /Usage:/);
	});

	it('ingest without a path says it needs one', async () => {
		const { result, dbPath } = await run('ingest');
		expectUsageError(
			result,
			dbPath,
			/^error: "ingest" needs at least one file, directory or web address, or --follow <listing url>\.$/,
			/Usage: npm run -s cli -- ingest <file\|dir\|url>\.\.\./,
		);
	});

	it('an option without its value says it needs one', async () => {
		const dbPath = join(tempDir(), 'ngo.sqlite');
		const result = await runCli(['export', '--db', dbPath, '--format']);
		expectUsageError(result, dbPath, /^error: Option --format needs a value\.$/, /Usage: npm run -s cli -- export/);
	});

	it('export and stats refuse stray arguments', async () => {
		for (const command of ['export', 'stats']) {
			const { result, dbPath } = await run(command, 'entries.csv');
			expectUsageError(
				result,
				dbPath,
				new RegExp(`^error: "${command}" takes no arguments, got: entries\\.csv$`),
				new RegExp(`Usage: npm run -s cli -- ${command}`),
			);
		}
	});

	it('no command at all prints the overview and exits 2', async () => {
		const result = await runCli([]);
		expect(result.code, describeResult(result)).toBe(2);
		expect(result.stdout).toMatch(OVERVIEW);
	});
});

describe('--help', () => {
	it('ngo-bot --help and help print the overview, exit 0', async () => {
		for (const args of [['--help'], ['help'], ['-h']]) {
			const result = await runCli(args);
			expect(result.code, describeResult(result)).toBe(0);
			expect(result.stdout).toMatch(OVERVIEW);
			expect(result.stderr).toBe('');
		}
	});

	it.each([
		[
			'ingest',
			/^Usage: npm run -s cli -- ingest <file\|dir\|url>\.\.\. \[--max-size MB\] \[--json\]\n[\s\S]*--db PATH/,
		],
		[
			'export',
			/^Usage: npm run -s cli -- export \[--format jsonl\|json\|csv\] \[--out FILE\] \[--query WORDS\][^\n]*\n[\s\S]*--db PATH/,
		],
		[
			'stats',
			/^Usage: npm run -s cli -- stats \[--json\] \[--chart FILE\.png\] \[--by province\|type\|field\|month\|quarter\|year\]\n[\s\S]*--db PATH/,
		],
		[
			'timeline',
			/^Usage: npm run -s cli -- timeline \[--ngo NAME\] \[--province NAME\] \[--partner BODY\] \[--field FIELD\] \[--by month\|quarter\|year\]/,
		],
		['explain', /^Usage: npm run -s cli -- explain <id> \[--json\]\n[\s\S]*\[\[like this\]\][\s\S]*--db PATH/],
	])('%s --help prints its usage and options, exit 0, without touching the database', async (command, usage) => {
		// `ingest --help` names no path, which would otherwise be wrong usage: help is answered first.
		const { result, dbPath } = await run(command, '--help');
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toMatch(usage);
		expect(result.stdout).toContain('Examples:');
		expect(result.stderr).toBe('');
		expect(existsSync(dbPath)).toBe(false);
		const short = await runCli([command, '-h']);
		expect(short.code).toBe(0);
		expect(short.stdout).toBe(result.stdout);
	});
});
