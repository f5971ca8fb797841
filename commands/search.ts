import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { choiceSchema, datesInOrder, pageOption, queryOption, searchFilters } from '../src/command/options.js';
import { pagedOutcome, searchArgs } from '../src/command/paged.js';

export const search = {
	name: 'search',
	description: 'Entries containing words, narrowed by province, NGO, partner, origin, type, field or dates',
	help: 'entries containing the words, newest first (or order:relevance); filters `province:`, `ngo:`, `partner:`, `country:`, `type:`, `field:`, `from:`, `to:`',
	examples: [
		'/search mental health province:Heilongjiang',
		'/search registration type:registration order:relevance',
		'/search field:Health',
		'/search AIDS partner:"Nanchang Rainbow"',
	],
	privacy: 'public',
	userInstall: true,
	aimable: true,
	leaf: defineLeaf({
		options: {
			query: queryOption('Words to find, e.g. mental health'),
			...searchFilters,
			order: {
				kind: 'string',
				description: 'Newest first (default) or most relevant first',
				schema: choiceSchema(['newest', 'relevance'], 'must be newest or relevance').default('newest'),
				choices: [
					{ name: 'newest first', value: 'newest' },
					{ name: 'most relevant first', value: 'relevance' },
				],
			},
			page: pageOption('Page of results'),
		},
		check(values) {
			const { query, order: _order, page: _page, ...filters } = values;
			if (query === '' && !Object.values(filters).some(Boolean)) {
				return { option: null, message: '/search needs words or a filter, e.g. /search mental health' };
			}
			return datesInOrder(values);
		},
		async execute({ query, order, page, ...filters }, ctx) {
			return pagedOutcome('search', searchArgs(query, order, filters), page, ctx.services.query, ctx.today);
		},
	}),
} satisfies CommandDefinition;
