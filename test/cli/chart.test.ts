import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../chart/png.js';
import { describeResult, runCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

describe('charts from the command line', () => {
	let dir: string;
	let dbPath: string;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-chart-');
		dbPath = join(dir, 'ngo.sqlite');
		const ingest = await runCli(['ingest', 'data/sample', '--db', dbPath]);
		expect(ingest.code, describeResult(ingest)).toBe(0);
	});
	afterAll(() => removeTempDir(dir));

	it('stats --chart out.png writes the province chart /stats attaches, and still prints the counts', async () => {
		const out = join(dir, 'provinces.png');
		const result = await runCli(['stats', '--chart', out, '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toMatch(/^25 entries from 5 documents/);
		expect(result.stdout).toContain('By province:');
		expect(result.stderr).toMatch(/^Wrote the chart “Entries by province” to .*provinces\.png \(\d+ bytes\)\.\n$/);
		const png = await decodePng(readFileSync(out));
		// One row per province the corpus counts: 190 px of titles and axes plus 28 px a row.
		const stats = await runCli(['stats', '--json', '--db', dbPath]);
		const provinces = (JSON.parse(stats.stdout) as { byProvince: unknown[] }).byProvince.length;
		expect(provinces).toBeGreaterThan(5);
		expect({ width: png.width, height: png.height }).toEqual({ width: 1_000, height: 190 + 28 * provinces });
		expect(png.colors).toBeGreaterThan(50);
		expect(png.inked).toBeGreaterThan(0.03);
		expect(png.has('#c8621a')).toBe(true);
		// Written through a temporary file renamed into place: nothing else is left behind.
		expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
	});

	it('stats --chart --by quarter draws the corpus over time, with --json output unchanged', async () => {
		const out = join(dir, 'quarters.png');
		const result = await runCli(['stats', '--json', '--chart', out, '--by', 'quarter', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ entries: 25, documents: 5 });
		const png = await decodePng(readFileSync(out));
		expect({ width: png.width, height: png.height }).toEqual({ width: 1_000, height: 500 });
		expect(png.has('#2f6fd6')).toBe(true);
	});

	it('stats counts fields of work, and --by field charts them with one bar per field it counts', async () => {
		const out = join(dir, 'fields.png');
		const result = await runCli(['stats', '--chart', out, '--by', 'field', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stderr).toMatch(/^Wrote the chart “Entries by field of work” to .*fields\.png/);
		const stats = await runCli(['stats', '--json', '--db', dbPath]);
		const byField = (JSON.parse(stats.stdout) as { byField: { label: string; n: number }[] }).byField;
		// Health holds the sample's two health projects (Barry & Martin’s Trust's, AIFO's) at least.
		expect(byField.find((c) => c.label === 'Health')?.n).toBeGreaterThanOrEqual(2);
		// The text lists the same counts.
		for (const { label, n } of byField)
			expect(result.stdout).toMatch(new RegExp(`\\n  ${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +${n}\\n`));
		const png = await decodePng(readFileSync(out));
		const bars = Math.min(byField.length, 20);
		expect({ width: png.width, height: png.height }).toEqual({ width: 1_000, height: 190 + 28 * bars });
	});

	it('timeline --partner and --field count what /search finds with them', async () => {
		for (const filter of [
			['--partner', 'Guangdong PSB'],
			['--field', 'Health'],
		]) {
			const result = await runCli(['timeline', ...filter, '--by', 'year', '--json', '--db', dbPath]);
			expect(result.code, describeResult(result)).toBe(0);
			const asked = await runCli(['ask', `/search ${filter[0]!.slice(2)}:"${filter[1]}"`, '--json', '--db', dbPath]);
			const total = (JSON.parse(asked.stdout) as { answer: { page: { total: number } } }).answer.page.total;
			expect(total).toBeGreaterThan(0);
			expect((JSON.parse(result.stdout) as { total: number }).total).toBe(total);
		}
		const text = await runCli(['timeline', '--partner', 'Guangdong PSB', '--db', dbPath]);
		expect(text.stdout.split('\n').slice(0, 2)).toEqual([
			'Timeline: entries per month',
			'Guangdong Public Security Bureau',
		]);
	});

	it('timeline prints every period with its number and writes the same chart /timeline attaches', async () => {
		const out = join(dir, 'timeline.png');
		const result = await runCli(['timeline', '--chart', out, '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toBe(
			[
				'Timeline: entries per month',
				'All entries',
				'',
				'  Entries        25',
				'  Months         Feb 2019 to Apr 2019 (3)',
				'  Undated        15 entries, not in the chart',
				'  Busiest month  Feb 2019 (5)',
				'',
				'  Feb 2019  5  ████████████████████████████████████████',
				'  Mar 2019  3  ████████████████████████',
				'  Apr 2019  2  ████████████████',
				'',
			].join('\n'),
		);
		const png = await decodePng(readFileSync(out));
		expect({ width: png.width, height: png.height }).toEqual({ width: 1_000, height: 500 });
	});

	it('timeline --json gives the series with province and NGO resolved', async () => {
		const result = await runCli(['timeline', '--province', '黑龙江', '--by', 'year', '--json', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({
			by: 'year',
			resolved: { province: 'Heilongjiang' },
			points: [{ key: '2019', label: '2019', n: 1 }],
			undated: 0,
			total: 1,
		});
	});

	it.each([
		[['stats', '--chart', 'out.jpg'], /^error: --chart writes a PNG image: give a file name ending in \.png/],
		[['stats', '--by', 'month'], /^error: --by chooses what --chart draws; add --chart FILE\.png\./],
		[
			['stats', '--chart', 'x.png', '--by', 'week'],
			/^error: --by must be one of province, type, field, month, quarter, year/,
		],
		[['timeline', '--by', 'decade'], /^error: --by must be one of month, quarter, year; got "decade"\./],
	])('%j is wrong usage (exit 2) and writes nothing', async (args, message) => {
		const result = await runCli([...args, '--db', dbPath], { cwd: dir });
		expect(result.code, describeResult(result)).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stdout).toBe('');
		expect(existsSync(join(dir, 'out.jpg')) || existsSync(join(dir, 'x.png'))).toBe(false);
	});

	it('says what to fix when the chart has nowhere to go or nothing to show (exit 1)', async () => {
		const missing = join(dir, 'no-such-folder', 'chart.png');
		const folder = await runCli(['stats', '--chart', missing, '--db', dbPath]);
		expect(folder.code, describeResult(folder)).toBe(1);
		expect(folder.stderr).toMatch(/^error: Cannot write .*chart\.png: the folder .*no-such-folder does not exist\./);

		const out = join(dir, 'beijing.png');
		const series = await runCli(['timeline', '--province', 'Beijing', '--json', '--db', dbPath]);
		const { total, undated: undatedCount } = JSON.parse(series.stdout) as { total: number; undated: number };
		// In the sample every Beijing entry is a listing teaser without a full date.
		expect(total).toBeGreaterThan(1);
		expect(undatedCount).toBe(total);
		const undated = await runCli(['timeline', '--province', 'Beijing', '--chart', out, '--db', dbPath]);
		expect(undated.code, describeResult(undated)).toBe(1);
		expect(undated.stdout).toContain(`None of the ${total} entries has an exact date, so there is nothing to chart.`);
		expect(undated.stderr).toMatch(/^error: Nothing to chart: no entries with a date match\./);
		expect(existsSync(out)).toBe(false);

		const unknown = await runCli(['timeline', '--province', 'Atlantis', '--db', dbPath]);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/“Atlantis” is not a province-level division of China/);
	});
});
