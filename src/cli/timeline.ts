import { existsSync } from 'node:fs';
import { createApp } from '../app.js';
import { sliceFilters } from '../command/options.js';
import { UserFacingError } from '../domain/errors.js';
import { TIMELINE_PERIODS, type TimelineFilters, type TimelinePeriod } from '../query/timeline.js';
import { renderTimelineText } from '../render/chart-reply.js';
import { renderNoMatchText } from '../render/text.js';
import { summarizeNoMatch } from '../summarize/answer-summary.js';
import { summarizeTimeline } from '../summarize/chart-summary.js';
import { type CliCommand, UsageError, stringOptions } from './command.js';
import { todayIn } from './today.js';
import { chartPath, writeChart } from './write-chart.js';

/** The filters /timeline takes, under the same names. */
const FILTERS = Object.keys(sliceFilters) as (keyof typeof sliceFilters & keyof TimelineFilters)[];

export const timelineCommand: CliCommand = {
	name: 'timeline',
	brief: 'Entries per month, quarter or year, as text and optionally a PNG chart.',
	summary:
		'Counts entries per month (default), quarter or year for everything or one NGO, province, Chinese partner\n' +
		'body and/or field of work, with empty periods as 0 and entries without an exact date counted apart.\n' +
		'--chart FILE.png draws the chart /timeline attaches.',
	usage:
		'timeline [--ngo NAME] [--province NAME] [--partner BODY] [--field FIELD] [--by month|quarter|year] ' +
		'[--chart FILE.png] [--json]',
	options: {
		...stringOptions([...FILTERS, 'by']),
		chart: { type: 'string' },
		json: { type: 'boolean' },
	},
	positionals: 'none',
	examples: [
		'npm run -s cli -- timeline --by quarter',
		'npm run -s cli -- timeline --province Hunan --by year --chart hunan.png',
		'npm run -s cli -- timeline --ngo "Animals Asia" --json',
		'npm run -s cli -- timeline --field Health --by year',
	],
	async run({ values, io, databasePath }) {
		const chart = chartPath(values.chart, timelineCommand);
		const by = periodOf(values.by);
		if (databasePath !== ':memory:' && !existsSync(databasePath)) {
			throw new UserFacingError(
				`No database at ${databasePath} yet. Ingest documents first (npm run -s cli -- ingest data/sample), or point --db or DATABASE_PATH at an existing database.`,
				'not-found',
			);
		}
		const app = createApp({ databasePath });
		try {
			await app.indexes.whenReady();
			const filters: TimelineFilters = Object.fromEntries(
				FILTERS.flatMap((name) => (typeof values[name] === 'string' ? [[name, values[name]]] : [])),
			);
			const result = app.query.timeline(filters, by);
			if (!result.ok) {
				if (result.reason === 'invalid') throw new UserFacingError(result.message);
				io.err.write(
					renderNoMatchText(summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason)),
				);
				return 1;
			}
			const summary = summarizeTimeline(result.value, { today: todayIn() });
			io.out.write(values.json ? `${JSON.stringify(result.value, null, 2)}\n` : renderTimelineText(summary));
			if (chart) await writeChart(chart, summary.chart, io.err);
			return 0;
		} finally {
			app.close();
		}
	},
};

function periodOf(value: unknown): TimelinePeriod {
	if (value === undefined) return 'month';
	if (!(TIMELINE_PERIODS as readonly unknown[]).includes(value)) {
		throw new UsageError(
			`--by must be one of ${TIMELINE_PERIODS.join(', ')}; got "${String(value)}".`,
			timelineCommand,
		);
	}
	return value as TimelinePeriod;
}
