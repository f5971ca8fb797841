import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import { replyPaged } from '../src/discord/paged-answer.js';
import type { SlashCommand } from '../src/discord/types.js';

const Options = z.object({ name: optionSchemas.name, page: optionSchemas.page.default(1) });

export const ngo = {
	data: new SlashCommandBuilder()
		.setName('ngo')
		.setDescription('What an organization has been doing: provinces, activities, newest entries')
		.addStringOption((option) =>
			option
				.setName('name')
				.setDescription('e.g. Animals Asia, AIFO')
				.setRequired(true)
				.setAutocomplete(true)
				.setMaxLength(100),
		)
		.addIntegerOption((option) =>
			option.setName('page').setDescription('Page of entries').setMinValue(1).setMaxValue(10_000),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	async execute(ctx) {
		const { name, page } = parseOptions(Options, { name: ctx.getString('name'), page: ctx.getInteger('page') });
		await replyPaged(ctx, { kind: 'ngo', args: [name], page, hidden: hidden(ctx) });
	},

	async autocomplete(ctx) {
		const choices = ctx.services.query.suggest('ngo', ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;
