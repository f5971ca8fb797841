import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { ACTIVITY_TYPES } from '../src/domain/entry.js';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import { replyPaged, searchArgs } from '../src/discord/paged-answer.js';
import type { SlashCommand } from '../src/discord/types.js';

const Options = z
	.object({
		query: optionSchemas.text.default(''),
		province: optionSchemas.name.optional(),
		ngo: optionSchemas.name.optional(),
		country: optionSchemas.name.optional(),
		type: optionSchemas.type.optional(),
		from: optionSchemas.date.optional(),
		to: optionSchemas.date.optional(),
		order: optionSchemas.order.default('newest'),
		page: optionSchemas.page.default(1),
	})
	.refine((o) => o.query !== '' || o.province || o.ngo || o.country || o.type || o.from || o.to, {
		message: 'need words or at least one filter',
		path: ['query'],
	})
	.refine((o) => !o.from || !o.to || o.from <= o.to, { message: 'must not be after to', path: ['from'] });

export const search = {
	data: new SlashCommandBuilder()
		.setName('search')
		.setDescription('Entries containing words, narrowed by province, NGO, origin, type or dates')
		.addStringOption((option) =>
			option.setName('query').setDescription('Words to find, e.g. mental health').setMaxLength(500),
		)
		.addStringOption((option) =>
			option.setName('province').setDescription('Only this province').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option.setName('ngo').setDescription('Only this organization').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option
				.setName('country')
				.setDescription('Only organizations from this country or region')
				.setAutocomplete(true)
				.setMaxLength(100),
		)
		.addStringOption((option) =>
			option
				.setName('type')
				.setDescription('Only this kind of activity')
				.addChoices(...ACTIVITY_TYPES.map((type) => ({ name: type.replace('_', ' '), value: type }))),
		)
		.addStringOption((option) =>
			option.setName('from').setDescription('From this date, yyyy-mm-dd').setMinLength(10).setMaxLength(10),
		)
		.addStringOption((option) =>
			option.setName('to').setDescription('Up to this date, yyyy-mm-dd').setMinLength(10).setMaxLength(10),
		)
		.addStringOption((option) =>
			option
				.setName('order')
				.setDescription('Newest first (default) or most relevant first')
				.addChoices({ name: 'newest first', value: 'newest' }, { name: 'most relevant first', value: 'relevance' }),
		)
		.addIntegerOption((option) =>
			option.setName('page').setDescription('Page of results').setMinValue(1).setMaxValue(10_000),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	// Full-text search over broad words is the costliest answer; paging buttons are not limited.
	cooldownSeconds: 3,

	async execute(ctx) {
		const options = parseOptions(Options, {
			query: ctx.getString('query'),
			province: ctx.getString('province'),
			ngo: ctx.getString('ngo'),
			country: ctx.getString('country'),
			type: ctx.getString('type'),
			from: ctx.getString('from'),
			to: ctx.getString('to'),
			order: ctx.getString('order'),
			page: ctx.getInteger('page'),
		});
		const { query, order, page, ...filters } = options;
		await replyPaged(ctx, { kind: 'search', args: searchArgs(query, order, filters), page, hidden: hidden(ctx) });
	},

	async autocomplete(ctx) {
		const kind = ctx.focused.name === 'ngo' ? 'ngo' : ctx.focused.name === 'country' ? 'country' : 'province';
		const choices = ctx.services.query.suggest(kind, ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;
