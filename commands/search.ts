import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import { replyPaged, searchArgs } from '../src/discord/paged-answer.js';
import {
	autocompleteSearchFilter,
	datesInOrder,
	readSearchFilters,
	searchFilterFields,
	searchFilterOptions,
} from '../src/discord/search-filters.js';
import type { SlashCommand } from '../src/discord/types.js';

const Options = z
	.object({
		...searchFilterFields,
		order: optionSchemas.order.default('newest'),
		page: optionSchemas.page.default(1),
	})
	.refine((o) => o.query !== '' || o.province || o.ngo || o.country || o.type || o.from || o.to, {
		message: 'need words or at least one filter',
		path: ['query'],
	})
	.refine(...datesInOrder);

function commandData(): SlashCommandBuilder {
	const builder = new SlashCommandBuilder()
		.setName('search')
		.setDescription('Entries containing words, narrowed by province, NGO, origin, type or dates');
	for (const option of searchFilterOptions('Words to find, e.g. mental health')) builder.addStringOption(option);
	builder
		.addStringOption((option) =>
			option
				.setName('order')
				.setDescription('Newest first (default) or most relevant first')
				.addChoices({ name: 'newest first', value: 'newest' }, { name: 'most relevant first', value: 'relevance' }),
		)
		.addIntegerOption((option) =>
			option.setName('page').setDescription('Page of results').setMinValue(1).setMaxValue(10_000),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer'));
	return builder;
}

export const search = {
	data: commandData(),

	// Full-text search over broad words is the costliest answer; paging buttons are not limited.
	cooldownSeconds: 3,

	async execute(ctx) {
		const options = parseOptions(Options, {
			...readSearchFilters(ctx),
			order: ctx.getString('order'),
			page: ctx.getInteger('page'),
		});
		const { query, order, page, ...filters } = options;
		await replyPaged(ctx, { kind: 'search', args: searchArgs(query, order, filters), page, hidden: hidden(ctx) });
	},

	autocomplete: autocompleteSearchFilter,
} satisfies SlashCommand;
