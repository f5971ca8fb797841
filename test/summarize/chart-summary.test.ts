import { describe, expect, it } from 'vitest';
import type { Count, StatsAnswer } from '../../src/query/answers.js';
import type { TimelineAnswer } from '../../src/query/timeline.js';
import { timelineFromMonths } from '../../src/query/timeline.js';
import { renderTimelineReply, renderTimelineText } from '../../src/render/chart-reply.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import { ALT_TEXT_MAX, summarizeStatsChart, summarizeTimeline } from '../../src/summarize/chart-summary.js';

const TODAY = '2026-11-22';

function timeline(months: { key: string; n: number }[], extra: Partial<TimelineAnswer> = {}): TimelineAnswer {
	const { points, undated } = timelineFromMonths(months, extra.by ?? 'quarter');
	const total = months.reduce((sum, m) => sum + m.n, 0);
	return {
		filters: {},
		resolved: {},
		by: 'quarter',
		points,
		undated,
		total,
		span: { first: null, last: null },
		...extra,
	};
}

describe('summarizeTimeline', () => {
	const answer = timeline(
		[
			{ key: '2019-02', n: 5 },
			{ key: '2019-11', n: 2 },
			{ key: '0000-01', n: 3 },
		],
		{ filters: { province: '湖南' }, resolved: { province: 'Hunan' } },
	);

	it('gives every period as text, zeros included, and counts the undated apart', () => {
		const summary = summarizeTimeline(answer, { today: TODAY });
		expect(summary.title).toBe('Timeline: entries per quarter');
		expect(summary.scope).toBe('Hunan');
		expect(summary.numbers).toEqual(['2019 Q1: 5', '2019 Q2: 0', '2019 Q3: 0', '2019 Q4: 2']);
		expect(summary.facts).toEqual([
			{ label: 'Entries', value: '10' },
			{ label: 'Quarters', value: '2019 Q1 to 2019 Q4 (4)' },
			{ label: 'Undated', value: '3 entries, not in the chart' },
			{ label: 'Busiest quarter', value: '2019 Q1 (5)' },
		]);
		expect(summary.chart?.spec.bars.map((b) => b.value)).toEqual([5, 0, 0, 2]);
		expect(summary.chart?.spec.subtitle).toBe('Hunan · 2019 Q1 – 2019 Q4');
		expect(summary.chart?.spec.footnote).toBe('3 entries without an exact date not shown · as of 2026-11-22 · ngo-bot');
		expect(summary.chart?.altText).toBe(
			'Bar chart of entries per quarter, Hunan, 2019 Q1 – 2019 Q4: 7 entries with a date, 3 undated not shown. ' +
				'Busiest quarter: 2019 Q1 (5). Values: 2019 Q1 5, 2019 Q2 0, 2019 Q3 0, 2019 Q4 2.',
		);
	});

	it('has no chart when nothing is dated, and says why', () => {
		const summary = summarizeTimeline(timeline([{ key: '0000-01', n: 4 }]), { today: TODAY });
		expect(summary.chart).toBeNull();
		expect(summary.empty).toBe('None of the 4 entries has an exact date, so there is nothing to chart.');
		expect(summarizeTimeline(timeline([]), { today: TODAY }).empty).toBe('No entries match these filters.');
	});

	it('titles the chart with a Latin name the font can draw, the text keeping the full name', () => {
		const org = { id: 1, name: '亚洲动物基金', aliases: ['Animals Asia Foundation'], country: null, entryCount: 1 };
		const summary = summarizeTimeline(timeline([{ key: '2019-04', n: 1 }], { resolved: { org } }), { today: TODAY });
		expect(summary.scope).toBe('亚洲动物基金');
		expect(summary.chart?.spec.subtitle).toBe('Animals Asia Foundation · 2019 Q2');
	});

	it('keeps alt text within Discord’s 1,024 characters and the reply within every limit for 20 years by month', () => {
		const months = Array.from({ length: 240 }, (_, i) => ({
			key: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
			n: 1_000 + i,
		}));
		const summary = summarizeTimeline(timeline(months, { by: 'month' }), { today: TODAY });
		expect(summary.numbers).toHaveLength(20);
		expect(summary.numbers[0]).toBe(
			'2000: Jan 1000, Feb 1001, Mar 1002, Apr 1003, May 1004, Jun 1005, Jul 1006, Aug 1007, Sep 1008, Oct 1009, Nov 1010, Dec 1011',
		);
		expect(summary.chart!.altText.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
		expect(summary.chart!.altText).toMatch(/, and \d+ more in the message text\.$/);
		const reply = renderTimelineReply(summary, {
			name: 'timeline-month.png',
			data: new Uint8Array(8),
			description: 'x',
		});
		expect(replyLimitViolations(reply)).toEqual([]);
		const description = reply.embeds?.[0]?.description ?? '';
		expect(description).toContain('\n2000: Jan 1000, Feb 1001,');
		expect(description).toContain('Nov 1238, Dec 1239');
		expect(description).not.toContain('more:');
		expect(reply.files?.map((f) => f.name)).toEqual(['timeline-month.png']);
	});

	it('prints a text chart for the terminal with one line per period', () => {
		const text = renderTimelineText(summarizeTimeline(answer, { today: TODAY }));
		expect(text).toContain('  2019 Q1  5  ████████████████████████████████████████\n  2019 Q2  0\n');
		expect(text).toContain('  2019 Q4  2  ████████████████\n');
	});
});

describe('summarizeStatsChart', () => {
	const count = (label: string, n: number): Count => ({ key: label, label, n });
	const stats = (extra: Partial<StatsAnswer>): Parameters<typeof summarizeStatsChart>[0] => ({
		filters: {},
		resolved: {},
		total: 30,
		byProvince: [count('Hunan', 3), count('Beijing', 9), count('Sichuan', 3)],
		byType: [count('registration', 20), count('visit', 10)],
		byField: [count('Health', 4), count('Technology', 8)],
		...extra,
	});

	it('charts provinces, largest first, for the whole corpus', () => {
		const figure = summarizeStatsChart(stats({}), { today: TODAY });
		expect(figure?.spec.title).toBe('Entries by province');
		expect(figure?.spec.bars).toEqual([
			{ label: 'Beijing', value: 9 },
			{ label: 'Hunan', value: 3 },
			{ label: 'Sichuan', value: 3 },
		]);
		expect(figure?.altText).toBe(
			'Bar chart of entries by province, all entries, 30 entries. Values: Beijing 9, Hunan 3, Sichuan 3.',
		);
	});

	it('charts activity types for one province (one bar of provinces would say nothing)', () => {
		const figure = summarizeStatsChart(stats({ filters: { province: 'Hunan' }, resolved: { province: 'Hunan' } }), {
			today: TODAY,
		});
		expect(figure?.spec.title).toBe('Entries by activity type');
		expect(figure?.spec.subtitle).toBe('Hunan · 30 entries');
	});

	it('shows the top 20 provinces and says how many more there are', () => {
		const many = Array.from({ length: 34 }, (_, i) => count(`P${String(i).padStart(2, '0')}`, 100 - i));
		const figure = summarizeStatsChart(stats({ byProvince: many }), { today: TODAY });
		expect(figure?.spec.bars).toHaveLength(20);
		expect(figure?.spec.footnote).toMatch(/^14 more provinces not shown · /);
	});

	it('charts fields of work when asked, naming a partner and a field in its scope', () => {
		const figure = summarizeStatsChart(
			stats({
				filters: { partner: 'Jiangxi PSB', field: 'health' },
				resolved: {
					partner: {
						id: 4,
						name: '江西省公安厅',
						aliases: ['江西省公安厅', 'Jiangxi Public Security Bureau'],
						level: 'provincial',
						province: 'Jiangxi',
						entryCount: 1,
					},
					field: 'health',
				},
			}),
			{ today: TODAY, by: 'field' },
		);
		expect(figure?.fileName).toBe('stats-by-field.png');
		expect(figure?.spec.title).toBe('Entries by field of work');
		expect(figure?.spec.categoryTitle).toBe('Field of work');
		expect(figure?.spec.bars).toEqual([
			{ label: 'Technology', value: 8 },
			{ label: 'Health', value: 4 },
		]);
		// The chart's font has no Chinese: the subtitle takes the body's Latin spelling, the alt text its name.
		expect(figure?.spec.subtitle).toBe('Jiangxi Public Security Bureau · Health · 30 entries');
		expect(figure?.spec.footnote).toMatch(/^An entry in several fields counts in each · /);
		expect(figure?.altText).toBe(
			'Bar chart of entries by field of work, 江西省公安厅 · Health, 30 entries. Values: Technology 8, Health 4.',
		);
	});

	it('has no chart when nothing matches', () => {
		expect(
			summarizeStatsChart(stats({ total: 0, byProvince: [], byType: [], byField: [] }), { today: TODAY }),
		).toBeNull();
	});
});
