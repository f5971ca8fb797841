import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { choiceSchema, choicesOf, sliceFilters } from '../src/command/options.js';
import { noMatchOutcome } from '../src/command/paged.js';
import { UserFacingError } from '../src/domain/errors.js';
import { TIMELINE_PERIODS } from '../src/query/timeline.js';
import { summarizeTimeline } from '../src/summarize/chart-summary.js';

export const timeline = {
	name: 'timeline',
	description: 'A chart of entries over time, for everything or an NGO, province, partner or field of work',
	help: 'entries per `by:` `month` (default), `quarter` or `year` for `ngo:`/`province:`/`partner:`/`field:`, as a chart and as numbers; undated apart',
	examples: ['/timeline province:Hunan by:quarter', '/timeline ngo:AIFO by:year', '/timeline field:Health by:year'],
	privacy: 'public',
	// Drawing a chart costs more than a lookup (the rate limits' units: src/discord/rate-limits.ts).
	cost: 2,
	leaf: defineLeaf({
		options: {
			...sliceFilters,
			by: {
				kind: 'string',
				description: 'Count per month, quarter or year (default: month)',
				schema: choiceSchema(TIMELINE_PERIODS).default('month'),
				choices: choicesOf(TIMELINE_PERIODS),
			},
		},
		async execute({ by, ...filters }, ctx) {
			const result = ctx.services.query.timeline(filters, by);
			if (!result.ok) {
				// Bad input is an error (it costs nothing); an unknown name gets suggestions.
				if (result.reason === 'invalid') throw new UserFacingError(result.message);
				return noMatchOutcome(result);
			}
			return { kind: 'timeline', summary: summarizeTimeline(result.value, { today: ctx.today }), data: result.value };
		},
	}),
} satisfies CommandDefinition;
