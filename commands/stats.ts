import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import type { SlashCommand } from '../src/discord/types.js';
import { renderAnswerReply, renderNoMatchReply } from '../src/render/discord-reply.js';
import { summarizeNoMatch, summarizeStats } from '../src/summarize/answer-summary.js';

const Options = z.object({ province: optionSchemas.name.optional(), ngo: optionSchemas.name.optional() });

export const stats = {
	data: new SlashCommandBuilder()
		.setName('stats')
		.setDescription('Counts by province, activity type and year, for everything or one province or NGO')
		.addStringOption((option) =>
			option.setName('province').setDescription('Only this province').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option.setName('ngo').setDescription('Only this organization').setAutocomplete(true).setMaxLength(100),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	// Several filters at once are counted over the matching entries rather than read from precomputed counts.
	defers: (ctx) => Boolean(ctx.getString('province') && ctx.getString('ngo')),

	async execute(ctx) {
		const filters = parseOptions(Options, { province: ctx.getString('province'), ngo: ctx.getString('ngo') });
		const result = ctx.services.query.stats(filters);
		if (!result.ok) {
			const reply =
				result.reason === 'invalid'
					? { content: `❌ ${result.message}` }
					: renderNoMatchReply(summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason));
			await ctx.reply(reply, { hidden: true });
			return;
		}
		await ctx.reply(renderAnswerReply(summarizeStats(result.value, { today: ctx.today })), { hidden: hidden(ctx) });
	},

	async autocomplete(ctx) {
		const choices = ctx.services.query.suggest(ctx.focused.name === 'ngo' ? 'ngo' : 'province', ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;
