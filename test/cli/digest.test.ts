import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { type CliResult, describeResult, runCli } from '../helpers/run-cli.js';

function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}

describe('cli digest', () => {
	let dir: string;
	let db: string;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-digest-');
		db = join(dir, 'ngo.sqlite');
		expectExit(await runCli(['ingest', 'data/sample', '--db', db]), 0);
	});
	afterAll(() => {
		if (dir) removeTempDir(dir);
	});

	it('prints a week by entry date as Markdown, grouped by province, citing each entry', async () => {
		const result = await runCli(['digest', '--week', '2019-W09', '--basis', 'date', '--db', db]);
		expectExit(result, 0);
		expect(result.stdout).toMatch(
			/^# Weekly digest · 2019-W09 · Feb 25 – Mar 3, 2019\n\n3 entries dated this week in 3 province groups, \+3 on the week before \(0\)\./,
		);
		expect(result.stdout).toMatch(
			/## Hunan \(1 entry\)\n\n- \*\*2019-02-25\*\* · Hunan — The Hunan PSB .* \(#\d+, .+\)/,
		);
	});

	it('counts entries ingested this week by default, and filters', async () => {
		const now = await runCli([
			'digest',
			'--week',
			new Date().toISOString().slice(0, 10),
			'--format',
			'json',
			'--db',
			db,
		]);
		expectExit(now, 0);
		const digest = JSON.parse(now.stdout) as { total: number; basis: string; groups: unknown[] };
		expect(digest.basis).toBe('ingested');
		expect(digest.total).toBeGreaterThan(3);
		const hunan = await runCli([
			'digest',
			'--week',
			'2019-W09',
			'--basis',
			'date',
			'--province',
			'湖南',
			'--format',
			'json',
			'--db',
			db,
		]);
		expect(JSON.parse(hunan.stdout) as { total: number; filterLabels: string[] }).toMatchObject({
			total: 1,
			filterLabels: ['province Hunan'],
		});
	});

	it('says how to fix a bad week, filter or format', async () => {
		const week = await runCli(['digest', '--week', '2019-W88', '--db', db]);
		expectExit(week, 1);
		expect(week.stderr).toMatch(/2019 has weeks 1 to 52, not 88\. Write the week like 2019-W09\./);
		const province = await runCli(['digest', '--province', 'Atlantis', '--db', db]);
		expectExit(province, 1);
		expect(province.stderr).toMatch(/"Atlantis" is not a province\. Use a name like Hunan/);
		const format = await runCli(['digest', '--format', 'xml', '--db', db]);
		expectExit(format, 2);
		expect(format.stderr).toMatch(/--format must be one of markdown, json/);
	});
});
