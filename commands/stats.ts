import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { sliceFilters } from '../src/command/options.js';
import { noMatchOutcome } from '../src/command/paged.js';
import { summarizeStats } from '../src/summarize/answer-summary.js';
import { summarizeStatsChart } from '../src/summarize/chart-summary.js';

export const stats = {
	name: 'stats',
	description: 'Counts by province, activity type, field of work and year, for everything or a slice',
	help: 'counts by province, activity type, field of work and year for `province:`, `ngo:`, `partner:`, `field:`, with a bar chart (by province; by type for one province)',
	examples: ['/stats province:Hunan', '/stats', '/stats field:Health'],
	privacy: 'public',
	// A partner or field, or several filters at once, are counted over the matching entries and charted; plain
	// /stats and one province or NGO read precomputed counts (the chart is drawn either way).
	cost: (given) => (given.partner || given.field || (given.province && given.ngo) ? 4 : 2),
	leaf: defineLeaf({
		options: sliceFilters,
		async execute(filters, ctx) {
			const result = ctx.services.query.stats(filters);
			if (!result.ok) return noMatchOutcome(result);
			const options = { today: ctx.today };
			const summary = summarizeStats(result.value, options);
			return { kind: 'answer', summary, data: result.value, chart: summarizeStatsChart(result.value, options) };
		},
	}),
} satisfies CommandDefinition;
