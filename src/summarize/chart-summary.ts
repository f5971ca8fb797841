import type { BarChartSpec } from '../chart/chart-spec.js';
import { FIELD_LABELS, type IsoDate } from '../domain/entry.js';
import type { Count, Resolved, SearchFilters, StatsAnswer } from '../query/answers.js';
import type { TimelineAnswer, TimelinePeriod } from '../query/timeline.js';
import type { Fact } from './answer-summary.js';

/** A chart to attach: what to draw, the file name, and the alt text Discord gives screen readers. */
export interface ChartFigure {
	readonly spec: BarChartSpec;
	readonly fileName: string;
	/** At most ALT_TEXT_MAX characters: every value when they fit, else the largest and a pointer to the text. */
	readonly altText: string;
}

/** A timeline for every surface: the numbers as text (for screen readers and terminals) and the chart. */
export interface TimelineSummary {
	readonly kind: 'timeline';
	readonly title: string;
	/** The filters in words ("Hunan · Cedar Education Foundation", or "All entries"). */
	readonly scope: string;
	readonly facts: readonly Fact[];
	/** Every period first to last, zeros included: "2019 Q1: 5", or per year for long series ("2019: Jan 3, Feb 0, …"). */
	readonly numbers: readonly string[];
	readonly empty: string | null;
	readonly chart: ChartFigure | null;
}

/** Discord's limit for an attachment's description (alt text). */
export const ALT_TEXT_MAX = 1_024;
/** Horizontal charts show this many bars at most; the rest are summed in the footnote. */
export const MAX_CATEGORY_BARS = 20;

export const CHART_COLORS = { timeline: '#2f6fd6', stats: '#c8621a' } as const;

const PERIOD_NOUN: Record<TimelinePeriod, [string, string]> = {
	month: ['month', 'Month'],
	quarter: ['quarter', 'Quarter'],
	year: ['year', 'Year'],
};

// Characters the chart font cannot draw (Chinese names); used to pick a Latin name for chart titles.
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** A name as a chart can draw it: its own, else a Latin alias, else the name (its Latin parts). */
function chartName(named: { readonly name: string; readonly aliases: readonly string[] }): string {
	return [named.name, ...named.aliases].find((name) => !CJK.test(name)) ?? named.name;
}

/** The filters in words: "Hunan · Cedar Education Foundation · Health", or "All entries". */
function scopeOf(
	answer: { filters: Pick<SearchFilters, 'province' | 'ngo' | 'partner' | 'field'>; resolved: Resolved },
	forChart: boolean,
): string {
	const { filters, resolved } = answer;
	const named = (profile: { name: string; aliases: readonly string[] }) =>
		forChart ? chartName(profile) : profile.name;
	const parts: string[] = [];
	const province = resolved.province ?? filters.province;
	if (province) parts.push(province);
	if (resolved.org) parts.push(named(resolved.org));
	else if (filters.ngo) parts.push(filters.ngo);
	if (resolved.partner) parts.push(named(resolved.partner));
	else if (filters.partner) parts.push(filters.partner);
	if (resolved.field) parts.push(FIELD_LABELS[resolved.field]);
	else if (filters.field) parts.push(filters.field);
	return parts.length ? parts.join(' · ') : 'All entries';
}

/** The scope inside a sentence ("… per quarter, all entries, …"). */
function inSentence(scope: string): string {
	return scope === 'All entries' ? 'all entries' : scope;
}

function entries(n: number): string {
	return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

/** Values as one sentence for alt text, cut at whole values to fit `max`. */
function valuesSentence(pairs: readonly [string, number][], max: number): string {
	let text = '';
	for (let i = 0; i < pairs.length; i++) {
		const [label, n] = pairs[i]!;
		const part = `${i ? ', ' : ''}${label} ${n}`;
		const rest = pairs.length - i;
		const tail = `, and ${rest} more in the message text.`;
		if (text.length + part.length + (rest > 1 ? tail.length : 1) > max) return `${text}${tail}`;
		text += part;
	}
	return `${text}.`;
}

function altText(head: string, pairs: readonly [string, number][]): string {
	const lead = `${head} Values: `;
	return lead + valuesSentence(pairs, ALT_TEXT_MAX - lead.length);
}

/** Entries per period with gaps as zeros, the undated apart, as facts, numbered lines and a vertical bar chart. */
export function summarizeTimeline(answer: TimelineAnswer, options: { today: IsoDate }): TimelineSummary {
	const [noun, Noun] = PERIOD_NOUN[answer.by];
	const title = `Timeline: entries per ${noun}`;
	const scope = scopeOf(answer, false);
	const { points } = answer;
	const first = points[0];
	const last = points.at(-1);
	const facts: Fact[] = [{ label: 'Entries', value: String(answer.total) }];
	if (first && last) facts.push({ label: `${Noun}s`, value: `${first.label} to ${last.label} (${points.length})` });
	if (answer.undated) facts.push({ label: 'Undated', value: `${entries(answer.undated)}, not in the chart` });
	const busiest = points.reduce<(typeof points)[number] | null>((best, p) => (!best || p.n > best.n ? p : best), null);
	if (busiest && points.length > 1) facts.push({ label: `Busiest ${noun}`, value: `${busiest.label} (${busiest.n})` });
	const numbers = numberLines(points, answer.by);

	let empty: string | null = null;
	if (answer.total === 0) empty = 'No entries match these filters.';
	else if (points.length === 0)
		empty = `None of the ${entries(answer.total)} has an exact date, so there is nothing to chart.`;

	let chart: ChartFigure | null = null;
	if (first && last) {
		const chartScope = scopeOf(answer, true);
		const range = first === last ? first.label : `${first.label} – ${last.label}`;
		const dated = answer.total - answer.undated;
		const footnote = [
			answer.undated ? `${entries(answer.undated)} without an exact date not shown` : null,
			`as of ${options.today}`,
			'ngo-bot',
		]
			.filter(Boolean)
			.join(' · ');
		chart = {
			fileName: `timeline-${answer.by}.png`,
			spec: {
				title: `Entries per ${noun}`,
				subtitle: `${chartScope} · ${range}`,
				footnote,
				orientation: 'vertical',
				categoryTitle: Noun,
				valueTitle: 'Entries',
				color: CHART_COLORS.timeline,
				bars: points.map((p) => ({ label: p.label, value: p.n })),
			},
			altText: altText(
				`Bar chart of entries per ${noun}, ${inSentence(scope)}, ${range}: ${entries(dated)} with a date` +
					`${answer.undated ? `, ${answer.undated} undated not shown` : ''}.` +
					`${busiest && points.length > 1 ? ` Busiest ${noun}: ${busiest.label} (${busiest.n}).` : ''}`,
				points.map((p) => [p.label, p.n]),
			),
		};
	}
	return { kind: 'timeline', title, scope, facts, numbers, empty, chart };
}

/** Up to this many periods get a line each; longer month and quarter series get one line per year. */
export const LINES_PER_PERIOD_MAX = 24;

function numberLines(points: TimelineAnswer['points'], by: TimelinePeriod): string[] {
	if (points.length <= LINES_PER_PERIOD_MAX || by === 'year') return points.map((p) => `${p.label}: ${p.n}`);
	const years = new Map<string, string[]>();
	for (const p of points) {
		const [year, part] =
			by === 'month' ? [p.label.slice(4), p.label.slice(0, 3)] : [p.label.slice(0, 4), p.label.slice(5)];
		const parts = years.get(year) ?? [];
		parts.push(`${part} ${p.n}`);
		years.set(year, parts);
	}
	return [...years].map(([year, parts]) => `${year}: ${parts.join(', ')}`);
}

/** What a /stats chart can count entries by. */
export const STATS_CHART_BY = ['province', 'type', 'field'] as const;
export type StatsChartBy = (typeof STATS_CHART_BY)[number];

const STATS_CHARTS: Record<
	StatsChartBy,
	{
		counts: 'byProvince' | 'byType' | 'byField';
		what: string;
		/** What the footnote counts: one bar and several. */
		one: string;
		plural: string;
		axis: string;
		several: string | null;
	}
> = {
	province: {
		counts: 'byProvince',
		what: 'province',
		one: 'province',
		plural: 'provinces',
		axis: 'Province',
		several: 'An entry about several provinces counts in each',
	},
	type: { counts: 'byType', what: 'activity type', one: 'type', plural: 'types', axis: 'Activity type', several: null },
	field: {
		counts: 'byField',
		what: 'field of work',
		one: 'field',
		plural: 'fields',
		axis: 'Field of work',
		several: 'An entry in several fields counts in each',
	},
};

/**
 * The chart attached to /stats: entries by province, or by activity type when one province is asked for (a single
 * province bar says nothing); `by` asks for one of them, or fields of work. Null when nothing matches.
 */
export function summarizeStatsChart(
	answer: Pick<StatsAnswer, 'filters' | 'resolved' | 'total' | 'byProvince' | 'byType' | 'byField'>,
	options: { today: IsoDate; by?: StatsChartBy },
): ChartFigure | null {
	if (answer.total === 0) return null;
	const onlyProvince = Boolean(answer.resolved.province ?? answer.filters.province);
	const by = options.by ?? (!onlyProvince && answer.byProvince.length > 0 ? 'province' : 'type');
	const chart = STATS_CHARTS[by];
	const counts: readonly Count[] = answer[chart.counts];
	if (counts.length === 0) return null;
	const sorted = [...counts].sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
	const shown = sorted.slice(0, MAX_CATEGORY_BARS);
	const hidden = sorted.length - shown.length;
	const scope = scopeOf(answer, false);
	const footnote = [
		hidden ? `${hidden} more ${hidden === 1 ? chart.one : chart.plural} not shown` : null,
		chart.several,
		`as of ${options.today}`,
		'ngo-bot',
	]
		.filter(Boolean)
		.join(' · ');
	return {
		fileName: `stats-by-${by}.png`,
		spec: {
			title: `Entries by ${chart.what}`,
			subtitle: `${scopeOf(answer, true)} · ${entries(answer.total)}`,
			footnote,
			orientation: 'horizontal',
			categoryTitle: chart.axis,
			valueTitle: 'Entries',
			color: CHART_COLORS.stats,
			bars: shown.map((c) => ({ label: c.label, value: c.n })),
		},
		altText: altText(
			`Bar chart of entries by ${chart.what}, ${inSentence(scope)}, ${entries(answer.total)}.`,
			sorted.map((c) => [c.label, c.n]),
		),
	};
}
