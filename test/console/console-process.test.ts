import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeResult, runCli, runMain } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('ngo-bot-console-');

describe('npm start without DISCORD_TOKEN: the console', () => {
	it('ingests the sample corpus on first run and answers one piped command per line, then exits', async () => {
		const databasePath = join(tempDir(), 'ngo.sqlite');
		const input = [
			'/ngo Animals Asia',
			'# a comment line is skipped',
			'',
			'/province 湖南',
			'/search mental health province:Heilongjiang',
			'/province Harbin',
			'/ngo Animal Asia Foundaton',
			'/ngo Zebra Striped Umbrella League',
			'/search hello colour:red',
			'/entry 99999',
			'/stats',
			'/help',
		].join('\n');
		const result = await runMain({ input, env: { DATABASE_PATH: databasePath } });
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stderr).toMatch(/^First run: ingested 25 entries from the sample corpus/m);
		expect(result.stdout).toMatch(/^Animals Asia Foundation\nAlso known as Animals Asia/);
		expect(result.stdout).toMatch(/#\d+ {2}2019-04-11 · Sichuan · visit/);
		expect(result.stdout).toMatch(/^Hunan 湖南$/m);
		expect(result.stdout).toMatch(/Russian-Chinese Cultural Education Science and Technology Development Foundation/);
		expect(result.stdout).toMatch(/^Search: mental health$/m);
		expect(result.stdout).toMatch(/“Harbin” is read as Heilongjiang\./);
		expect(result.stdout).toMatch(
			/No organization is named exactly “Animal Asia Foundaton”; the closest spelling is “Animals Asia Foundation”\./,
		);
		expect(result.stdout).toMatch(/No organization matches “Zebra Striped Umbrella League”\. Try part of its name/);
		expect(result.stdout).toMatch(/^error: Unknown filter colour:\./m);
		expect(result.stdout).toMatch(/^There is no entry #99999\./m);
		expect(result.stdout).toMatch(/^Coverage$/m);
		expect(result.stdout).toMatch(/^Commands \(the same as the Discord slash commands\):$/m);
		// Nothing from Henan answers a question about Hunan.
		expect(result.stdout).not.toMatch(/Henan/);
	});

	it('starts instantly on the second run, from the stored corpus and index snapshots', async () => {
		const databasePath = join(tempDir(), 'ngo.sqlite');
		await runMain({ input: '/stats', env: { DATABASE_PATH: databasePath } });
		const second = await runMain({ input: '/ngo AIFO', env: { DATABASE_PATH: databasePath } });
		expect(second.code, describeResult(second)).toBe(0);
		expect(second.stderr).not.toMatch(/First run/);
		expect(second.stdout).toMatch(/^Associazione Italiana Amici di Raoul Follereau\n/);
		expect(second.stdout).toMatch(/Heilongjiang · training/);
	});

	it('exits with a clear message when the configuration is malformed', async () => {
		const result = await runMain({ input: '', env: { LOG_LEVEL: 'loud', DATABASE_PATH: join(tempDir(), 'x.sqlite') } });
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error: Configuration is invalid:\n {2}LOG_LEVEL: /);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});

describe('cli ask', () => {
	it('answers one command as text, and as the structured answer with --json', async () => {
		const db = join(tempDir(), 'ngo.sqlite');
		const text = await runCli(['ask', '/ngo AIFO', '--db', db]);
		expect(text.code, describeResult(text)).toBe(0);
		expect(text.stdout).toMatch(/^Associazione Italiana Amici di Raoul Follereau\nAlso known as AIFO\n/);
		const json = await runCli(['ask', '/ngo Associazione Italiana Amici di Raoul Follereau', '--json', '--db', db]);
		const parsed = JSON.parse(json.stdout) as {
			kind: string;
			answer: { org: { name: string; country: string }; entries: { provinces: string[] }[] };
		};
		expect(parsed.kind).toBe('ngo');
		expect(parsed.answer.org).toMatchObject({
			name: 'Associazione Italiana Amici di Raoul Follereau',
			country: 'Italy',
		});
		expect(parsed.answer.entries[0]?.provinces).toEqual(['Heilongjiang']);
	});

	it('exits 1 with the message for a command it cannot run', async () => {
		const result = await runCli(['ask', '/search from:2019-02-30', '--db', join(tempDir(), 'ngo.sqlite')]);
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(
			/^error: from: must be a date: 2019-02-25, 25 April 2019, March 2019, 2019 or "last year"/,
		);
	});

	it('prints a digest preview, points what needs a Discord server to the command line, and names unknown ones', async () => {
		const db = join(tempDir(), 'ngo.sqlite');
		// Commands that make sense without Discord answer here; the digest preview is the digest itself.
		const preview = await runCli(['ask', '/digest preview week:2019-W09', '--db', db]);
		expect(preview.code, describeResult(preview)).toBe(0);
		expect(preview.stdout).toMatch(/^# Weekly digest · 2019-W09 · Feb 25 – Mar 3, 2019\n/);
		const post = await runCli(['ask', '/digest post', '--db', db]);
		expect(post.code).toBe(1);
		expect(post.stdout).toBe(
			'error: /digest post works in a Discord server; here, preview a digest with /digest preview, or print one: npm run -s cli -- digest --week 2019-W09.\n',
		);
		const unknown = await runCli(['ask', '/nope', '--db', db]);
		expect(unknown.stdout).toBe('error: Unknown command /nope. Type /help for the list.\n');
	});
});
