import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { drawChart } from '../src/chart/draw-chart.js';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import type { CommandContext, SlashCommand } from '../src/discord/types.js';
import type { QueryResult, StatsAnswer } from '../src/query/answers.js';
import { chartFile, withChart } from '../src/render/chart-reply.js';
import { renderAnswerReply, renderNoMatchReply } from '../src/render/discord-reply.js';
import { summarizeNoMatch, summarizeStats } from '../src/summarize/answer-summary.js';
import { summarizeStatsChart } from '../src/summarize/chart-summary.js';

const Options = z.object({ province: optionSchemas.name.optional(), ngo: optionSchemas.name.optional() });

// The answer is computed once per invocation: `defers` needs it to decide, `execute` to reply.
const answers = new WeakMap<CommandContext, QueryResult<StatsAnswer>>();

function answerOf(ctx: CommandContext): QueryResult<StatsAnswer> {
	let result = answers.get(ctx);
	if (!result) {
		const filters = parseOptions(Options, { province: ctx.getString('province'), ngo: ctx.getString('ngo') });
		result = ctx.services.query.stats(filters);
		answers.set(ctx, result);
	}
	return result;
}

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

	// The attached chart takes tens of milliseconds to draw (and several filters at once are counted over the
	// matching entries rather than read from precomputed counts): acknowledge first. A name that matches nothing
	// is answered at once instead, so the "no match" reply stays private.
	defers: (ctx) => answerOf(ctx).ok,
	// The same counting work is what makes a repeat expensive; plain /stats reads precomputed counts.
	cooldownSeconds: (ctx) => (ctx.getString('province') && ctx.getString('ngo') ? 10 : 0),

	async execute(ctx) {
		const result = answerOf(ctx);
		if (!result.ok) {
			const reply =
				result.reason === 'invalid'
					? { content: `❌ ${result.message}` }
					: renderNoMatchReply(summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason));
			await ctx.reply(reply, { hidden: true });
			return;
		}
		const reply = renderAnswerReply(summarizeStats(result.value, { today: ctx.today }));
		const figure = summarizeStatsChart(result.value, { today: ctx.today });
		const file = figure ? chartFile(figure, await drawChart(figure.spec)) : null;
		await ctx.reply(withChart(reply, file), { hidden: hidden(ctx) });
	},

	async autocomplete(ctx) {
		const choices = ctx.services.query.suggest(ctx.focused.name === 'ngo' ? 'ngo' : 'province', ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;
