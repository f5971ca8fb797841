import { drawChart } from '../chart/draw-chart.js';
import type { CommandOutcome } from '../command/outcome.js';
import { chartFile, renderTimelineReply, withChart } from '../render/chart-reply.js';
import { citeButtonRow, renderCitationWithStyles } from '../render/citation-reply.js';
import { renderAnswerReply, renderEntryReply } from '../render/discord-reply.js';
import { aimLine, aimedReply } from '../render/aimed-reply.js';
import { withAnswerActions } from '../render/answer-actions.js';
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
	options: {
		readonly hidden: boolean;
		readonly help: () => RenderedReply;
		/** A member the answer is aimed at (`mention:`): named at its top, and the only one it pings. */
		readonly aimAt?: string | null;
	},
): Promise<void> {
	const { hidden } = options;
	const nowSeconds = Math.floor(Date.now() / 1000);
	// Lookups, entries and citations carry Delete (public ones, for their asker) and Send to my DMs.
	const finished = (reply: RenderedReply) => {
		const acting = withAnswerActions(reply, { ownerId: ctx.userId, hidden }, nowSeconds);
		return options.aimAt ? aimedReply(acting, options.aimAt) : acting;
	};
	switch (outcome.kind) {
		case 'answer': {
			if (outcome.paging) {
				const reply = pagedAnswerReply(outcome, { ownerId: ctx.userId, hidden }, nowSeconds);
				await ctx.reply(finished(reply), { hidden });
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
				finished({ ...renderEntryReply(outcome.detail), components: [citeButtonRow(outcome.detail.id)] }),
				{ hidden },
			);
			return;
		case 'citation': {
			// An aimed citation names its reader within the citation's own 2,000 characters.
			const before = options.aimAt ? aimLine(options.aimAt) : undefined;
			const citation = renderCitationWithStyles(outcome.entry, outcome.style, ctx.today, { before });
			const acting = withAnswerActions(citation, { ownerId: ctx.userId, hidden }, nowSeconds);
			await ctx.reply(options.aimAt ? aimedReply(acting, options.aimAt, { named: true }) : acting, { hidden });
			return;
		}
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
