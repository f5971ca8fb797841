import { tallyMatches } from '../src/ask/tally-matches.js';
import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { datesInOrder, queryOption, searchFilters } from '../src/command/options.js';
import { noMatchOutcome } from '../src/command/paged.js';
import { filterLine } from '../src/summarize/answer-summary.js';
import { summarizeOrganizations } from '../src/summarize/organizations-summary.js';

export const ngos = {
	name: 'ngos',
	description: 'The organizations entries name, with counts and first and last dates, for words and filters',
	help: 'organizations the matching entries name, most entries first, with first/last dates and the newest entry; the words and filters of `/search`',
	examples: ['/ngos province:Hunan type:registration', '/ngos country:Japan', '/ngos field:Health'],
	privacy: 'public',
	userInstall: true,
	aimable: true,
	// Counts every matching entry (up to 5,000), like /stats over a filter.
	cost: 4,
	leaf: defineLeaf({
		options: {
			query: queryOption('Words the entries contain, e.g. mental health'),
			...searchFilters,
		},
		check(values) {
			const { query, ...filters } = values;
			if (query === '' && !Object.values(filters).some(Boolean)) {
				return { option: null, message: '/ngos needs words or a filter, e.g. /ngos province:Hunan' };
			}
			return datesInOrder(values);
		},
		async execute({ query, ...filters }, ctx) {
			const found = ctx.services.query.search(query, filters, { pageSize: 1 });
			if (!found.ok) return noMatchOutcome(found);
			const tally = tallyMatches(ctx.services.query, query, filters);
			const summary = summarizeOrganizations({
				...tally,
				total: found.value.page.total,
				query,
				filterLine: filterLine(found.value),
			});
			return { kind: 'answer', summary, data: { query, filters, total: found.value.page.total, ...tally } };
		},
	}),
} satisfies CommandDefinition;
