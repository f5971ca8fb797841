import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { drawChart } from '../src/chart/draw-chart.js';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import type { CommandContext, SlashCommand } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import type { QueryResult } from '../src/query/answers.js';
import { TIMELINE_PERIODS, type TimelineAnswer } from '../src/query/timeline.js';
import { chartFile, renderTimelineReply } from '../src/render/chart-reply.js';
import { renderNoMatchReply } from '../src/render/discord-reply.js';
import { summarizeNoMatch } from '../src/summarize/answer-summary.js';
import { summarizeTimeline } from '../src/summarize/chart-summary.js';

const Options = z.object({
	ngo: optionSchemas.name.optional(),
	province: optionSchemas.name.optional(),
	by: z.enum(TIMELINE_PERIODS, { error: `must be one of ${TIMELINE_PERIODS.join(', ')}` }).optional(),
});

// The answer is computed once per invocation: `defers` needs it to decide, `execute` to reply.
const answers = new WeakMap<CommandContext, QueryResult<TimelineAnswer>>();

function answerOf(ctx: CommandContext): QueryResult<TimelineAnswer> {
	let result = answers.get(ctx);
	if (!result) {
		const options = parseOptions(Options, {
			ngo: ctx.getString('ngo'),
			province: ctx.getString('province'),
			by: ctx.getString('by'),
		});
		const { by = 'month', ...filters } = options;
		result = ctx.services.query.timeline(filters, by);
		answers.set(ctx, result);
	}
	return result;
}

export const timeline = {
	data: new SlashCommandBuilder()
		.setName('timeline')
		.setDescription('A chart of entries over time, for everything or one NGO and/or province')
		.addStringOption((option) =>
			option.setName('ngo').setDescription('Only this organization').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option.setName('province').setDescription('Only this province').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option
				.setName('by')
				.setDescription('Count per month, quarter or year (default: month)')
				.addChoices(
					{ name: 'month', value: 'month' },
					{ name: 'quarter', value: 'quarter' },
					{ name: 'year', value: 'year' },
				),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	// Drawing the chart takes tens to a few hundred milliseconds on a busy host: acknowledge first. A name that
	// matches nothing is answered at once instead, so the "no match" reply stays private.
	defers: (ctx) => answerOf(ctx).ok,
	// A chart per request is the costliest answer per call.
	cooldownSeconds: 5,

	async execute(ctx) {
		const result = answerOf(ctx);
		if (!result.ok) {
			// Bad input is an error (it does not start the cooldown); an unknown name gets suggestions.
			if (result.reason === 'invalid') throw new UserFacingError(result.message);
			const summary = summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason);
			await ctx.reply(renderNoMatchReply(summary), { hidden: true });
			return;
		}
		const summary = summarizeTimeline(result.value, { today: ctx.today });
		const file = summary.chart ? chartFile(summary.chart, await drawChart(summary.chart.spec)) : null;
		await ctx.reply(renderTimelineReply(summary, file), { hidden: hidden(ctx) });
	},

	async autocomplete(ctx) {
		const choices = ctx.services.query.suggest(ctx.focused.name === 'ngo' ? 'ngo' : 'province', ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;
