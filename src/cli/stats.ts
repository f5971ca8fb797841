import { FIELD_LABELS } from '../domain/entry.js';
import { plural } from '../domain/text.js';
import type { Count } from '../query/answers.js';
import { type CorpusStats, createEntryReader } from '../store/entry-reader.js';
import { TIMELINE_PERIODS, type TimelinePeriod, timelineFromMonths } from '../query/timeline.js';
import { createFacetReader } from '../store/facets.js';
import { createPartnerReader } from '../store/partner-reader.js';
import {
	type ChartFigure,
	STATS_CHART_BY,
	summarizeStatsChart,
	summarizeTimeline,
} from '../summarize/chart-summary.js';
import { type CliCommand, UsageError } from './command.js';
import { openExistingDatabase } from './database.js';
import { todayIn } from './today.js';
import { chartPath, writeChart } from './write-chart.js';

/** What `stats --chart` can draw: the corpus by province, activity type or field of work, or over time. */
const CHART_BY = [...STATS_CHART_BY, ...TIMELINE_PERIODS] as const;
type ChartBy = (typeof CHART_BY)[number];

export const statsCommand: CliCommand = {
	name: 'stats',
	brief: 'Count entries by kind, province, type and field of work.',
	summary:
		'Counts documents and entries by document kind, province, activity type and field of work, and the span of\n' +
		'entry dates. --chart FILE also draws a PNG bar chart of the whole corpus (the one /stats attaches): --by\n' +
		'province (default), type or field, or over time by month, quarter or year (entries without an exact date are\n' +
		'left out and counted).',
	usage: 'stats [--json] [--chart FILE.png] [--by province|type|field|month|quarter|year]',
	options: { json: { type: 'boolean' }, chart: { type: 'string' }, by: { type: 'string' } },
	positionals: 'none',
	examples: [
		'npm run -s cli -- stats',
		'npm run -s cli -- stats --json',
		'npm run -s cli -- stats --chart provinces.png',
		'npm run -s cli -- stats --chart fields.png --by field',
		'npm run -s cli -- stats --chart timeline.png --by quarter',
	],
	async run({ values, io, databasePath }) {
		const chart = chartPath(values.chart, statsCommand);
		const by = chartBy(values.by, chart !== null);
		const db = openExistingDatabase(databasePath);
		try {
			const stats = createEntryReader(db).stats();
			const byField = fieldCounts(db);
			io.out.write(values.json ? `${JSON.stringify({ ...stats, byField }, null, 2)}\n` : formatStats(stats, byField));
			if (chart) await writeChart(chart, corpusChart(db, stats, byField, by), io.err);
			return 0;
		} finally {
			db.close();
		}
	},
};

function chartBy(value: unknown, charting: boolean): ChartBy {
	if (value === undefined) return 'province';
	if (!charting) throw new UsageError('--by chooses what --chart draws; add --chart FILE.png.', statsCommand);
	if (!(CHART_BY as readonly unknown[]).includes(value)) {
		throw new UsageError(`--by must be one of ${CHART_BY.join(', ')}; got "${String(value)}".`, statsCommand);
	}
	return value as ChartBy;
}

type Db = Parameters<typeof createFacetReader>[0];

/** Entries per field of work over the whole corpus, labelled with ChinaFile's names. */
function fieldCounts(db: Db): Count[] {
	return createPartnerReader(db)
		.fieldCounts()
		.map(({ key, n }) => ({ key, label: FIELD_LABELS[key], n }));
}

/** The whole corpus's chart, from the precomputed counts (index reads, no scan of the entries). */
function corpusChart(db: Db, stats: CorpusStats, byField: readonly Count[], by: ChartBy): ChartFigure | null {
	const facets = createFacetReader(db);
	const today = todayIn();
	if (by === 'province' || by === 'type' || by === 'field') {
		const counts = (facet: 'province' | 'type') =>
			facets.all('all', '', facet).map((c) => ({ key: c.key, label: c.key.replace('_', ' '), n: c.n }));
		return summarizeStatsChart(
			{
				filters: {},
				resolved: {},
				total: stats.entries,
				byProvince: by === 'province' ? counts('province') : [],
				byType: by === 'type' ? counts('type') : [],
				byField: by === 'field' ? byField : [],
			},
			{ today, by },
		);
	}
	const period: TimelinePeriod = by;
	const { points, undated } = timelineFromMonths(facets.all('all', '', 'month'), period);
	const span = { first: stats.dateSpan.from, last: stats.dateSpan.to };
	return summarizeTimeline(
		{ filters: {}, resolved: {}, by: period, points, undated, total: stats.entries, span },
		{ today },
	).chart;
}

/** Plain-text report of corpus counts, aligned for a terminal. */
export function formatStats(stats: CorpusStats, byField: readonly Count[]): string {
	const lines = [
		`${plural(stats.entries, 'entry', 'entries')} from ${plural(stats.documents, 'document')}, ${plural(stats.orgs, 'organization')}`,
		...(stats.otherSources > 0
			? [`${plural(stats.otherSources, 'more report')} of those entries' events in other documents (counted once)`]
			: []),
		`Dates: ${stats.dateSpan.from ?? '—'} to ${stats.dateSpan.to ?? '—'} (${stats.undated} entries without an exact date)`,
		`Last ingest: ${stats.lastIngestAt ?? 'never'}`,
		'',
		'By kind:',
		...table(
			stats.byKind.map((row) => [row.kind, plural(row.documents, 'document'), plural(row.entries, 'entry', 'entries')]),
		),
		'',
		'By province:',
		...(stats.byProvince.length
			? table(stats.byProvince.map((row) => [row.province, String(row.entries)]))
			: ['  (none)']),
		'',
		'By type:',
		...table(stats.byType.map((row) => [row.type, String(row.entries)])),
		'',
		'By field of work (an entry can be in several):',
		...(byField.length ? table(byField.map((row) => [row.label, String(row.n)])) : ['  (none)']),
	];
	return `${lines.join('\n')}\n`;
}

function table(rows: readonly string[][]): string[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
	return rows.map(
		(row) => `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
	);
}
