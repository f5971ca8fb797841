import { drawChart } from '../chart/draw-chart.js';
import type { CommandOutcome } from '../command/outcome.js';
import { chartFile, renderTimelineReply, withChart } from '../render/chart-reply.js';
import { citeButtonRow, renderCitationWithStyles } from '../render/citation-reply.js';
import { renderAnswerReply, renderEntryReply } from '../render/discord-reply.js';
import type { RenderedReply } from '../render/reply.js';
import type { ChartFigure } from '../summarize/chart-summary.js';
import { pagedAnswerReply, unansweredReply } from './paged-answer.js';
import type { CommandContext } from './types.js';

/** The chart as an attachment; drawing takes tens to hundreds of milliseconds, so the caller has deferred. */
async function chartOf(figure: ChartFigure | null | undefined) {
	return figure ? chartFile(figure, await drawChart(figure.spec)) : null;
}

/**
 * Sends an outcome as Discord replies: visible to the channel unless `hidden`; "no match" and refusals are
 * always private (noise for everyone else). Charts are drawn after acknowledging the interaction.
 */
export async function replyOutcome(
	outcome: CommandOutcome,
	ctx: CommandContext,
	options: { readonly hidden: boolean; readonly help: () => RenderedReply },
): Promise<void> {
	const { hidden } = options;
	switch (outcome.kind) {
		case 'answer': {
			if (outcome.paging) {
				const nowSeconds = Math.floor(Date.now() / 1000);
				await ctx.reply(pagedAnswerReply(outcome, { ownerId: ctx.userId, hidden }, nowSeconds), { hidden });
				return;
			}
			if (outcome.chart !== undefined) await ctx.defer({ hidden });
			await ctx.reply(withChart(renderAnswerReply(outcome.summary), await chartOf(outcome.chart)), { hidden });
			return;
		}
		case 'timeline':
			await ctx.defer({ hidden });
			await ctx.reply(renderTimelineReply(outcome.summary, await chartOf(outcome.summary.chart)), { hidden });
			return;
		case 'entry':
			await ctx.reply(
				{ ...renderEntryReply(outcome.detail), components: [citeButtonRow(outcome.detail.id)] },
				{ hidden },
			);
			return;
		case 'citation':
			await ctx.reply(renderCitationWithStyles(outcome.entry, outcome.style, ctx.today), { hidden });
			return;
		case 'no-match':
		case 'refused':
			await ctx.reply(unansweredReply(outcome), { hidden: true });
			return;
		case 'help':
			await ctx.reply(options.help(), { hidden });
			return;
		case 'messages':
			for (const message of outcome.messages) await ctx.reply(message, { hidden });
			return;
	}
}
