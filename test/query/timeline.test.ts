import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createCommandServices } from '../../src/command/services.js';
import { answerLine } from '../../src/console/answer-line.js';
import { MAX_TIMELINE_PERIODS, TIMELINE_PERIODS, timelineFromMonths } from '../../src/query/timeline.js';
import { useSampleApp } from '../helpers/sample-app.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

describe('timelineFromMonths', () => {
	const months = [
		{ key: '0000-01', n: 4 },
		{ key: '2019-11', n: 2 },
		{ key: '2019-02', n: 5 },
		{ key: '2020-04', n: 1 },
	];

	it('lists every month from the first to the last, gaps as zeros, undated apart', () => {
		const { points, undated } = timelineFromMonths(months, 'month');
		expect(undated).toBe(4);
		expect(points).toHaveLength(15);
		expect(points[0]).toEqual({ key: '2019-02', label: 'Feb 2019', n: 5 });
		expect(points[1]).toEqual({ key: '2019-03', label: 'Mar 2019', n: 0 });
		expect(points[9]).toEqual({ key: '2019-11', label: 'Nov 2019', n: 2 });
		expect(points.at(-1)).toEqual({ key: '2020-04', label: 'Apr 2020', n: 1 });
	});

	it('builds quarters and years from months', () => {
		expect(timelineFromMonths(months, 'quarter').points).toEqual([
			{ key: '2019-Q1', label: '2019 Q1', n: 5 },
			{ key: '2019-Q2', label: '2019 Q2', n: 0 },
			{ key: '2019-Q3', label: '2019 Q3', n: 0 },
			{ key: '2019-Q4', label: '2019 Q4', n: 2 },
			{ key: '2020-Q1', label: '2020 Q1', n: 0 },
			{ key: '2020-Q2', label: '2020 Q2', n: 1 },
		]);
		expect(timelineFromMonths(months, 'year').points).toEqual([
			{ key: '2019', label: '2019', n: 7 },
			{ key: '2020', label: '2020', n: 1 },
		]);
	});

	it('has no periods when every entry is undated, and none at all for nothing', () => {
		expect(timelineFromMonths([{ key: '0000-01', n: 3 }], 'year')).toEqual({ points: [], undated: 3 });
		expect(timelineFromMonths([], 'month')).toEqual({ points: [], undated: 0 });
	});

	it('keeps every entry exactly once and the periods consecutive, for any months and grouping', () => {
		const month = fc
			.tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }))
			.map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
		const counts = fc.array(
			fc.record({ key: fc.oneof(month, fc.constant('0000-01')), n: fc.integer({ min: 1, max: 50 }) }),
			{ maxLength: 30 },
		);
		fc.assert(
			fc.property(counts, fc.constantFrom(...TIMELINE_PERIODS), (input, by) => {
				const { points, undated } = timelineFromMonths(input, by);
				const total = input.reduce((sum, c) => sum + c.n, 0);
				expect(points.reduce((sum, p) => sum + p.n, 0) + undated).toBe(total);
				expect(undated).toBe(input.filter((c) => c.key === '0000-01').reduce((sum, c) => sum + c.n, 0));
				expect(new Set(points.map((p) => p.key)).size).toBe(points.length);
				expect(points.every((p) => p.n >= 0)).toBe(true);
				// First and last periods hold entries: the series starts and ends where the data does.
				if (points.length) expect(points[0]!.n > 0 && points.at(-1)!.n > 0).toBe(true);
				const sorted = [...points.map((p) => p.key)].sort();
				expect(points.map((p) => p.key)).toEqual(sorted);
			}),
		);
	});
});

describe('QueryService.timeline on the sample corpus', () => {
	const app = useSampleApp();

	it('counts the whole corpus per month from the precomputed counts, 15 undated apart', () => {
		const result = app().query.timeline({}, 'month');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value).toMatchObject({ by: 'month', total: 25, undated: 15 });
		expect(result.value.points.map((p) => [p.label, p.n])).toEqual([
			['Feb 2019', 5],
			['Mar 2019', 3],
			['Apr 2019', 2],
		]);
		expect(result.value.span).toEqual({ first: '2019-02-15', last: '2019-04-11' });
	});

	it('defaults to months and narrows to a province resolved through the gazetteer (黑龙江 → Heilongjiang)', () => {
		const result = app().query.timeline({ province: '黑龙江' });
		expect(result).toMatchObject({
			ok: true,
			value: { by: 'month', resolved: { province: 'Heilongjiang' }, total: 1, undated: 0 },
		});
		if (result.ok) expect(result.value.points).toEqual([{ key: '2019-04', label: 'Apr 2019', n: 1 }]);
	});

	it('counts NGO and province together over the matching entries', () => {
		const dated = app().query.timeline({ province: 'Jiangxi', ngo: 'Barry & Martin’s Trust' }, 'quarter');
		expect(dated).toMatchObject({ ok: true, value: { total: 1, undated: 0 } });
		if (dated.ok) expect(dated.value.points).toEqual([{ key: '2019-Q1', label: '2019 Q1', n: 1 }]);
		const undated = app().query.timeline(
			{ province: 'Jiangxi', ngo: 'China Foundation for Poverty Alleviation' },
			'year',
		);
		expect(undated).toMatchObject({ ok: true, value: { total: 1, undated: 1, points: [] } });
	});

	it('answers unknown names with suggestions and a bad period as invalid, never a guess', () => {
		const province = app().query.timeline({ province: 'Hunnan' }, 'month');
		expect(province).toMatchObject({ ok: false, reason: 'no-match', subject: 'province' });
		const period = app().query.timeline({}, 'week' as never);
		expect(period).toMatchObject({ ok: false, reason: 'invalid' });
		if (!period.ok && period.reason === 'invalid') expect(period.message).toMatch(/month, quarter, year/);
	});

	it('answers /timeline in the console and `cli ask` the same way, with bad options said plainly', async () => {
		const services = createCommandServices(app());
		const answer = await answerLine('/timeline province:湖南 by:quarter', services, '2026-11-22');
		expect(answer.outcome.kind).toBe('timeline');
		expect(answer.text).toBe(
			[
				'Timeline: entries per quarter',
				'Hunan',
				'',
				'  Entries   1',
				'  Quarters  2019 Q1 to 2019 Q1 (1)',
				'',
				'  2019 Q1  1  ████████████████████████████████████████',
				'',
			].join('\n'),
		);
		expect(answer.json).toMatchObject({ kind: 'timeline', answer: { by: 'quarter', total: 1 } });
		expect((await answerLine('/timeline by:week', services, '2026-11-22')).text).toBe(
			'error: by: must be one of month, quarter, year.\n',
		);
		expect((await answerLine('/timeline country:Japan', services, '2026-11-22')).text).toMatch(
			/^error: Unknown filter country:\. Known: province: ngo: partner: field: by:\./,
		);
	});

	it('agrees with /stats: the same total, and per-year counts that add up with the undated', () => {
		const stats = app().query.stats({});
		const years = app().query.timeline({}, 'year');
		if (!stats.ok || !years.ok) throw new Error('expected answers');
		expect(years.value.total).toBe(stats.value.total);
		const dated = stats.value.byYear.filter((c) => c.label !== 'undated');
		expect(years.value.points.map((p) => [p.key, p.n])).toEqual(dated.map((c) => [c.key, c.n]));
		expect(MAX_TIMELINE_PERIODS).toBeGreaterThanOrEqual(120);
	});
});

describe('QueryService.timeline over a long span', () => {
	it('refuses a monthly chart of 26 years and says which grouping works instead', async () => {
		const dir = makeTempDir('ngo-bot-timeline-');
		const app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
		try {
			const file = join(dir, 'digest.txt');
			writeFileSync(
				file,
				[
					'Ministry of Public Security WeChat Posts—Long span',
					'March 3, 1995:\n\nThe Hunan PSB met the Alder Education Foundation (Japan).',
					'June 9, 2021:\n\nThe Hunan PSB met the Birch Education Foundation (Japan).',
				].join('\n\n'),
			);
			await app.ingest([file]);
			const months = app.query.timeline({}, 'month');
			expect(months).toMatchObject({ ok: false, reason: 'invalid' });
			if (!months.ok && months.reason === 'invalid') {
				expect(months.message).toMatch(/^That timeline has 316 months, more than a chart can show \(240\)\./);
				expect(months.message).toMatch(/Group by quarter or year instead\.$/);
			}
			const years = app.query.timeline({ province: 'Hunan' }, 'year');
			expect(years.ok && years.value.points.length).toBe(27);
			expect(years.ok && years.value.points.filter((p) => p.n > 0).map((p) => p.key)).toEqual(['1995', '2021']);
		} finally {
			app.close();
			removeTempDir(dir);
		}
	});
});
