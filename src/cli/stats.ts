import { type CorpusStats, createEntryReader } from '../store/entry-reader.js';
import { plural } from '../domain/text.js';
import { TIMELINE_PERIODS, type TimelinePeriod, timelineFromMonths } from '../query/timeline.js';
import { createFacetReader } from '../store/facets.js';
import { type ChartFigure, summarizeStatsChart, summarizeTimeline } from '../summarize/chart-summary.js';
import { type CliCommand, UsageError } from './command.js';
import { openExistingDatabase } from './database.js';
import { todayIn } from './today.js';
import { chartPath, writeChart } from './write-chart.js';

/** What `stats --chart` can draw: the corpus by province or activity type, or over time. */
const CHART_BY = ['province', 'type', ...TIMELINE_PERIODS] as const;
type ChartBy = (typeof CHART_BY)[number];

export const statsCommand: CliCommand = {
	name: 'stats',
	brief: 'Count entries by kind, province and type.',
	summary:
		'Counts documents and entries by document kind, province and activity type, and the span of entry dates.\n' +
		'--chart FILE also draws a PNG bar chart of the whole corpus (the one /stats attaches): --by province (default)\n' +
		'or type, or over time by month, quarter or year (entries without an exact date are left out and counted).',
	usage: 'stats [--json] [--chart FILE.png] [--by province|type|month|quarter|year]',
	options: { json: { type: 'boolean' }, chart: { type: 'string' }, by: { type: 'string' } },
	positionals: 'none',
	examples: [
		'npm run -s cli -- stats',
		'npm run -s cli -- stats --json',
		'npm run -s cli -- stats --chart provinces.png',
		'npm run -s cli -- stats --chart timeline.png --by quarter',
	],
	async run({ values, io, databasePath }) {
		const chart = chartPath(values.chart, statsCommand);
		const by = chartBy(values.by, chart !== null);
		const db = openExistingDatabase(databasePath);
		try {
			const stats = createEntryReader(db).stats();
			io.out.write(values.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
			if (chart) await writeChart(chart, corpusChart(db, stats, by), io.err);
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

/** The whole corpus's chart, from the precomputed counts (index reads, no scan of the entries). */
function corpusChart(db: Parameters<typeof createFacetReader>[0], stats: CorpusStats, by: ChartBy): ChartFigure | null {
	const facets = createFacetReader(db);
	const today = todayIn();
	if (by === 'province' || by === 'type') {
		const counts = facets.all('all', '', by).map((c) => ({ key: c.key, label: c.key.replace('_', ' '), n: c.n }));
		return summarizeStatsChart(
			{
				filters: {},
				resolved: {},
				total: stats.entries,
				byProvince: by === 'province' ? counts : [],
				byType: by === 'type' ? counts : [],
			},
			{ today },
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
export function formatStats(stats: CorpusStats): string {
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
