import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { citeButtonRow } from './cite.js';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import { entryNotFoundReply } from '../src/discord/paged-answer.js';
import type { SlashCommand } from '../src/discord/types.js';
import { renderEntryReply } from '../src/render/discord-reply.js';
import { summarizeEntry } from '../src/summarize/answer-summary.js';

const Options = z.object({ id: optionSchemas.id });

export const entry = {
	data: new SlashCommandBuilder()
		.setName('entry')
		.setDescription('One entry in full: why each fact is there, its source and a citation')
		.addIntegerOption((option) =>
			option.setName('id').setDescription('The entry number shown as #12 in answers').setRequired(true).setMinValue(1),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	async execute(ctx) {
		const { id } = parseOptions(Options, { id: ctx.getInteger('id') });
		const result = ctx.services.query.entry(id);
		if (!result.ok) {
			await ctx.reply(entryNotFoundReply(result, id), { hidden: true });
			return;
		}
		const evidence = ctx.services.query.evidence(id);
		const reply = renderEntryReply(summarizeEntry(result.value, { today: ctx.today }, evidence));
		await ctx.reply({ ...reply, components: [citeButtonRow(id)] }, { hidden: hidden(ctx) });
	},
} satisfies SlashCommand;
