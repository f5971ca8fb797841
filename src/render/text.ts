import { totalText } from '../query/answers.js';
import type { RenderedReply } from './reply.js';
import type { AnswerSummary, EntryDetail, NoMatchSummary } from '../summarize/answer-summary.js';
import { type EntryEvidence, evidenceLine, notCountedLine } from '../summarize/entry-evidence.js';
import type { EntrySnippet } from '../summarize/entry-snippet.js';

/** Terminal rendering of the same summaries Discord shows: plain text, wrapped by the terminal. */
function itemText(item: EntrySnippet): string {
	const head = [item.date ?? 'undated', item.provinces.join(', ') || null, item.type.replace('_', ' ')]
		.filter(Boolean)
		.join(' · ');
	const source = item.citation.sourceUrl ?? item.citation.sourceTitle ?? item.citation.sourcePath ?? 'unknown source';
	const title = item.title ? `${item.title} — ` : '';
	const others = item.alsoIn.map(
		(other) => `#${other.entryId} ${other.sourceUrl ?? other.sourceTitle ?? other.sourcePath ?? 'unknown source'}`,
	);
	const also = others.length ? `\n      also told by: ${others.join('; ')}` : '';
	return `  #${item.id}  ${head}\n      ${title}${item.text}\n      source: ${source}${also}`;
}

export function renderAnswerText(summary: AnswerSummary): string {
	const lines = [summary.title];
	if (summary.subtitle) lines.push(summary.subtitle);
	if (summary.lead) lines.push('', summary.lead);
	lines.push('');
	const width = Math.max(0, ...summary.facts.map((fact) => fact.label.length));
	for (const fact of summary.facts) lines.push(`  ${fact.label.padEnd(width)}  ${fact.value}`);
	for (const note of summary.notes) lines.push('', `  ${note}`);
	if (summary.empty) lines.push('', `  ${summary.empty}`);
	if (summary.items.length) {
		lines.push('');
		for (const item of summary.items) lines.push(itemText(item), '');
		if (summary.page) {
			const { offset, limit, total } = summary.page;
			lines.push(`  Entries ${offset + 1}–${Math.min(offset + limit, total)} of ${totalText(summary.page)}.`);
		}
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

/** "Why these facts" and "Not counted" for a terminal, one indented line each; nothing without evidence. */
export function evidenceTextLines(evidence: EntryEvidence): string[] {
	const lines: string[] = [];
	if (evidence.counted.length)
		lines.push('Why these facts:', ...evidence.counted.map((row) => `  ${evidenceLine(row)}`));
	if (evidence.notCounted.length) {
		lines.push('Not counted:', ...evidence.notCounted.map((row) => `  ${notCountedLine(row)}`));
	}
	return lines;
}

export function renderEntryText(detail: EntryDetail): string {
	const width = Math.max(0, ...detail.facts.map((fact) => fact.label.length));
	const lines = [`Entry #${detail.id}${detail.title ? `: ${detail.title}` : ''}`, ''];
	for (const fact of detail.facts) lines.push(`  ${fact.label.padEnd(width)}  ${fact.value}`);
	const why = evidenceTextLines(detail.evidence);
	if (why.length) lines.push('', ...why);
	lines.push('', detail.text, '', `Cite as: ${detail.cite}`);
	return `${lines.join('\n')}\n`;
}

export function renderNoMatchText(summary: NoMatchSummary): string {
	const lines = [summary.message];
	for (const suggestion of summary.suggestions.slice(0, 10)) {
		lines.push(`  • ${suggestion.name} (${suggestion.entries} ${suggestion.entries === 1 ? 'entry' : 'entries'})`);
	}
	return `${lines.join('\n')}\n`;
}

/** Discord markup read as plain text: emphasis and code marks dropped, escapes undone, timestamps as UTC dates. */
export function plainText(markup: string): string {
	return markup
		.replace(/<t:(\d+)(?::[a-zA-Z])?>/g, (_all, seconds: string) =>
			new Date(Number(seconds) * 1000).toISOString().replace('T', ' ').slice(0, 16).concat(' UTC'),
		)
		.replace(/<(https?:\/\/[^\s>]+)>/g, '$1')
		.replace(/<#(\d+)>/g, 'channel $1')
		.replace(/\*\*|__|```\w*\n?|`/g, '')
		.replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1$2')
		.replace(/\\([\\*_~`|[\]()<>#\-+.])/g, '$1')
		.replace(/\u200b/g, '');
}

/** A rendered reply (a management answer, an export's message) for a terminal: its text, embeds and file names. */
export function renderReplyText(reply: RenderedReply): string {
	const lines: string[] = [];
	if (reply.content) lines.push(plainText(reply.content), '');
	for (const embed of reply.embeds ?? []) {
		if (embed.title) lines.push(plainText(embed.title));
		if (embed.description) lines.push(plainText(embed.description));
		for (const field of embed.fields ?? []) lines.push('', `${plainText(field.name)}:`, plainText(field.value));
		if (embed.footer?.text) lines.push('', plainText(embed.footer.text));
		lines.push('');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}
