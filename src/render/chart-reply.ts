import type { APIEmbed } from 'discord.js';
import type { ChartFigure, TimelineSummary } from '../summarize/chart-summary.js';
import { ALT_TEXT_MAX } from '../summarize/chart-summary.js';
import { embedLength } from './discord-reply.js';
import { DISCORD_LIMITS } from './limits.js';
import { neutralizeMentions, safeText, truncate } from './markdown.js';
import { COLORS, type RenderedReply, type ReplyFile } from './reply.js';

/** Up to this many lines are listed one per line; more are run together so the list still fits. */
const LINES_MAX = 30;

/** A rendered chart as a reply attachment, its alt text within Discord's limit. */
export function chartFile(figure: ChartFigure, png: Uint8Array): ReplyFile {
	return {
		name: figure.fileName,
		data: png,
		description: truncate(neutralizeMentions(figure.altText), ALT_TEXT_MAX),
	};
}

/** Adds a chart to a reply (the reply's text stays as it is). */
export function withChart(reply: RenderedReply, file: ReplyFile | null): RenderedReply {
	return file ? { ...reply, files: [...(reply.files ?? []), file] } : reply;
}

/** The timeline as an embed: facts as fields and every period's number as text, with the chart attached. */
export function renderTimelineReply(summary: TimelineSummary, file: ReplyFile | null): RenderedReply {
	const embed: APIEmbed = {
		title: safeText(summary.title, DISCORD_LIMITS.embedTitle),
		color: COLORS.stats,
		fields: summary.facts.slice(0, DISCORD_LIMITS.embedFields).map((fact) => ({
			name: truncate(fact.label, DISCORD_LIMITS.fieldName),
			value: safeText(fact.value, DISCORD_LIMITS.fieldValue),
			inline: true,
		})),
		footer: { text: 'Counts per period from the first dated entry to the last; empty periods are 0.' },
	};
	const budget = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - embedLength(embed) - 20);
	const head = `*${safeText(summary.scope, 300)}*`;
	const body = summary.empty
		? safeText(summary.empty, 500)
		: numbersText(
				summary.numbers.map((line) => safeText(line, 200)),
				budget - head.length - 2,
			);
	return withChart({ embeds: [{ ...embed, description: `${head}\n\n${body}` }] }, file);
}

/** Period numbers one per line, or run together when there are many; cut at a whole period with a pointer. */
function numbersText(numbers: readonly string[], budget: number): string {
	const separator = numbers.length > LINES_MAX ? ' · ' : '\n';
	let text = '';
	for (let i = 0; i < numbers.length; i++) {
		const part = `${i ? separator : ''}${numbers[i]}`;
		const more = `${separator}… ${numbers.length - i} more: group by a longer period to see them all.`;
		if (text.length + part.length + more.length > budget) return text + more;
		text += part;
	}
	return text;
}

/** The timeline for a terminal: facts, then one line per period with its number and a bar. */
export function renderTimelineText(summary: TimelineSummary): string {
	const lines = [summary.title, summary.scope, ''];
	const width = Math.max(0, ...summary.facts.map((fact) => fact.label.length));
	for (const fact of summary.facts) lines.push(`  ${fact.label.padEnd(width)}  ${fact.value}`);
	if (summary.empty) lines.push('', `  ${summary.empty}`);
	const bars = summary.chart?.spec.bars ?? [];
	if (bars.length) {
		lines.push('');
		const max = Math.max(1, ...bars.map((bar) => bar.value));
		const labelWidth = Math.max(...bars.map((bar) => bar.label.length));
		const valueWidth = Math.max(...bars.map((bar) => String(bar.value).length));
		for (const bar of bars) {
			const length = Math.round((bar.value / max) * 40);
			const drawn = length === 0 && bar.value > 0 ? '▏' : '█'.repeat(length);
			lines.push(`  ${bar.label.padEnd(labelWidth)}  ${String(bar.value).padStart(valueWidth)}  ${drawn}`.trimEnd());
		}
	}
	return `${lines.join('\n')}\n`;
}
