import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS } from './limits.js';
import { escapeMarkdown, truncate } from './markdown.js';
import { COLORS, type RenderedReply } from './reply.js';
import { timestamp } from './time.js';

/** Citations listed in a saved copy at most (an answer page lists five entries, a menu up to 25). */
const CITATIONS_MAX = 25;

/**
 * "Send to my DMs": a copy of an answer as it was shown (its embeds, which the bot wrote and escaped), then the full
 * citation of every entry it lists, so the copy can be cited later without the bot. Two messages when there are
 * citations, each within Discord's limits.
 */
export function renderSavedCopy(
	answer: { readonly embeds: readonly APIEmbed[]; readonly url: string | null },
	citations: readonly { readonly id: number; readonly text: string }[],
	savedAt: Date,
): RenderedReply[] {
	const where = answer.url ? ` from <${answer.url}>` : '';
	const head = truncate(`📬 Saved copy of an ngo-bot answer${where}, ${timestamp(savedAt)}.`, DISCORD_LIMITS.content);
	const messages: RenderedReply[] = [
		{ content: head, embeds: answer.embeds.slice(0, DISCORD_LIMITS.embedsPerMessage) },
	];
	if (citations.length > 0) {
		const lines = citations.slice(0, CITATIONS_MAX).map((c) => `**#${c.id}** ${escapeMarkdown(c.text)}`);
		const more = citations.length - Math.min(citations.length, CITATIONS_MAX);
		const embed: APIEmbed = {
			title: citations.length === 1 ? 'Citation' : 'Citations',
			color: COLORS.entry,
			description: truncate(
				lines.join('\n\n') + (more > 0 ? `\n\n+${more} more` : ''),
				DISCORD_LIMITS.embedDescription,
			),
		};
		messages.push({ embeds: [embed] });
	}
	return messages;
}
