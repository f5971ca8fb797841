import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { AnswerSummary, EntryDetail, Fact, NoMatchSummary } from '../summarize/answer-summary.js';
import { evidenceLine, notCountedLine } from '../summarize/entry-evidence.js';
import type { Citation, EntrySnippet } from '../summarize/entry-snippet.js';
import { totalText } from '../query/answers.js';
import { DISCORD_LIMITS } from './limits.js';
import { escapeMarkdown, markedText, neutralizeMentions, safeText, truncate } from './markdown.js';
import { COLORS, type RenderedReply } from './reply.js';
import { moment } from './time.js';

const ITEM_TEXT_MAX = 300;
/** Lines of an entry's "Why these facts" (and places of "Not counted") shown at most; the rest are counted. */
const EVIDENCE_LINES_MAX = 8;
/** Characters of the 6,000 embed total kept for the entry's own text when evidence competes for them. */
const ENTRY_TEXT_RESERVE = 600;

/** The lead sentence names at most two organizations and one body of each role: this is never reached in practice. */
const LEAD_MAX = 700;

/** Other sources an answer line links to at most; the rest are counted. */
const ALSO_IN_MAX = 2;

/** Markdown link to an entry's source when it has a web address; its title or path otherwise. */
function sourceRef(citation: Citation, max = 60): string {
	const label = safeText(citation.sourceTitle ?? citation.sourcePath ?? 'source', max);
	// Only http(s) links; the URL is inside <> so Discord does not unfurl it.
	if (citation.sourceUrl && /^https?:\/\/[^\s<>()]+$/.test(citation.sourceUrl))
		return `[${label}](<${citation.sourceUrl}>)`;
	return label;
}

/** " · also told by [title](<url>) (#14), +1 more": the event's other sources, counted once with this entry. */
function alsoIn(item: EntrySnippet): string {
	if (item.alsoIn.length === 0) return '';
	const shown = item.alsoIn.slice(0, ALSO_IN_MAX).map((other) => `${sourceRef(other, 40)} (#${other.entryId})`);
	const more = item.alsoIn.length - shown.length;
	return ` · also told by ${shown.join(', ')}${more > 0 ? `, +${more} more` : ''}`;
}

/** One answer line: date · provinces · type — the focused text — entry id and source. */
export function renderItemLine(item: EntrySnippet): string {
	const head = [
		`**${item.date ?? 'undated'}**`,
		item.provinces.length ? escapeMarkdown(item.provinces.join(', ')) : null,
		item.type.replace('_', ' '),
	]
		.filter(Boolean)
		.join(' · ');
	const title = item.title ? `*${safeText(item.title, 120)}* — ` : '';
	return `${head}\n${title}${markedText(item.text, item.marks, ITEM_TEXT_MAX)}\n\`#${item.id}\` ${sourceRef(item.citation)}${alsoIn(item)}`;
}

function factFields(facts: readonly Fact[]): APIEmbedField[] {
	return facts.slice(0, DISCORD_LIMITS.embedFields).map((fact) => ({
		name: truncate(fact.label, DISCORD_LIMITS.fieldName),
		value: fact.at ? moment(fact.at) : safeText(fact.value, DISCORD_LIMITS.fieldValue),
		inline: fact.value.length < 40,
	}));
}

function pageFooter(summary: AnswerSummary): string | null {
	if (!summary.page || summary.page.total === 0) return null;
	const { offset, limit, total } = summary.page;
	const last = Math.min(offset + limit, total);
	return `Entries ${offset + 1}–${last} of ${totalText(summary.page)}${summary.subtitle && summary.kind === 'search' ? ` · ${summary.subtitle}` : ''} · cite by entry id`;
}

/** Sum of an embed's text, as Discord counts it against the 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		(embed.author?.name.length ?? 0) +
		(embed.fields ?? []).reduce((n, field) => n + field.name.length + field.value.length, 0)
	);
}

/** An answer as one embed: facts as fields, entries as description lines, all within Discord's limits. */
export function renderAnswerReply(summary: AnswerSummary): RenderedReply {
	const fields = factFields(summary.facts);
	const footer = pageFooter(summary);
	const head = [
		summary.subtitle && summary.kind !== 'search' ? `*${safeText(summary.subtitle, 300)}*` : null,
		summary.lead ? safeText(summary.lead, LEAD_MAX) : null,
	]
		.concat(summary.notes.map((note) => `> ${safeText(note, 300)}`))
		.filter((line): line is string => Boolean(line));
	const embed: APIEmbed = {
		title: safeText(summary.title, DISCORD_LIMITS.embedTitle),
		color: COLORS[summary.kind],
		fields,
		...(footer ? { footer: { text: truncate(footer, DISCORD_LIMITS.footerText) } } : {}),
	};
	// Fill the description with whole entry lines while the embed stays under both limits.
	const budget = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - embedLength(embed) - 50);
	const lines = [...head];
	if (summary.empty) lines.push(safeText(summary.empty, 500));
	let length = lines.join('\n\n').length;
	let shown = 0;
	for (const item of summary.items) {
		const line = renderItemLine(item);
		if (length + line.length + 2 > budget) break;
		lines.push(line);
		length += line.length + 2;
		shown++;
	}
	if (shown < summary.items.length) lines.push(`*${summary.items.length - shown} more on the next page.*`);
	const description = lines.join('\n\n');
	return { embeds: [description ? { ...embed, description: truncate(description, budget) } : embed] };
}

/** Whole lines within `max` lines and `budget` characters; lines left out are counted as "+N more". */
function cappedLines(lines: readonly string[], max: number, budget: number, separator: string): string {
	const joined = (n: number) => {
		const more = lines.length - n;
		return [...lines.slice(0, n), ...(more > 0 ? [`+${more} more`] : [])].join(separator);
	};
	let shown = Math.min(lines.length, max);
	while (shown > 0 && joined(shown).length > budget) shown--;
	return joined(shown);
}

/** "Why these facts" and "Not counted" as fields, within `room` characters of the embed total; none without evidence. */
function evidenceFields(detail: EntryDetail, room: number): APIEmbedField[] {
	const sections = [
		{ name: 'Why these facts', lines: detail.evidence.counted.map((row) => evidenceLine(row, safeText)), sep: '\n' },
		{ name: 'Not counted', lines: detail.evidence.notCounted.map((row) => notCountedLine(row, safeText)), sep: '; ' },
	];
	const fields: APIEmbedField[] = [];
	let left = room;
	for (const { name, lines, sep } of sections) {
		const budget = Math.min(DISCORD_LIMITS.fieldValue, left - name.length);
		// Each line is at most a few hundred characters (its pieces are capped), so 100 fits at least "+N more".
		if (lines.length === 0 || budget < 100) continue;
		const value = cappedLines(lines, EVIDENCE_LINES_MAX, budget, sep);
		fields.push({ name, value, inline: false });
		left -= name.length + value.length;
	}
	return fields;
}

/** One entry in full, with why its facts are there and its citation. */
export function renderEntryReply(detail: EntryDetail): RenderedReply {
	const embed: APIEmbed = {
		title: safeText(detail.title ?? `Entry #${detail.id}`, DISCORD_LIMITS.embedTitle),
		color: COLORS.entry,
		fields: factFields(detail.facts),
		// Footers show text literally (no markdown), but mentions must still be broken.
		footer: { text: truncate(neutralizeMentions(`Entry #${detail.id} · ${detail.cite}`), DISCORD_LIMITS.footerText) },
	};
	if (detail.citation.sourceUrl && /^https?:\/\//.test(detail.citation.sourceUrl))
		embed.url = detail.citation.sourceUrl;
	const room = DISCORD_LIMITS.embedTotal - embedLength(embed) - ENTRY_TEXT_RESERVE;
	const fields = [...(embed.fields ?? []), ...evidenceFields(detail, room)];
	embed.fields = fields.slice(0, DISCORD_LIMITS.embedFields);
	const budget = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - embedLength(embed) - 10);
	const text = escapeMarkdown(detail.text);
	const description =
		text.length <= budget
			? text
			: `${truncate(text, budget - 80)}\n\n*Text shortened; the full entry is in \`export\` from the CLI.*`;
	return { embeds: [{ ...embed, description }] };
}

/** "No match", with suggestions to try. */
export function renderNoMatchReply(summary: NoMatchSummary): RenderedReply {
	const lines = [safeText(summary.message, 500)];
	for (const suggestion of summary.suggestions.slice(0, 10)) {
		const detail = suggestion.detail ? ` — ${safeText(suggestion.detail, 120)}` : '';
		lines.push(
			`• **${safeText(suggestion.name, 100)}** (${suggestion.entries} ${suggestion.entries === 1 ? 'entry' : 'entries'})${detail}`,
		);
	}
	return {
		embeds: [
			{
				title: summary.title,
				color: COLORS.noMatch,
				description: truncate(lines.join('\n'), DISCORD_LIMITS.embedDescription),
			},
		],
	};
}

/** An expected failure the user can fix, said plainly. */
export function renderErrorReply(message: string): RenderedReply {
	return { content: truncate(`❌ ${escapeMarkdown(message)}`, DISCORD_LIMITS.content) };
}
