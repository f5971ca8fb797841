import type { DigestItem, WeeklyDigest } from '../digest/build-digest.js';
import { plural } from '../domain/text.js';
import { digestTitle, overviewText, staleText } from './digest-reply.js';

// Markdown for the terminal or a file: no length limits, but the same escaping of indexed text.
const INLINE = /([\\*_`[\]<>])/g;
const esc = (text: string) => text.replace(/\s+/g, ' ').trim().replace(INLINE, '\\$1');

function sourceRef(item: DigestItem): string {
	const { citation } = item;
	const label = esc(citation.sourceTitle ?? citation.sourcePath ?? 'source');
	if (citation.sourceUrl && /^https?:\/\/[^\s<>()]+$/.test(citation.sourceUrl))
		return `[${label}](${citation.sourceUrl})`;
	return label;
}

/** The whole digest as a Markdown document. */
export function renderDigestMarkdown(digest: WeeklyDigest): string {
	const lines = [`# ${digestTitle(digest)}`, '', overviewText(digest)];
	if (digest.filterLabels.length) lines.push('', `Only ${digest.filterLabels.join(', ')}.`);
	const stale = staleText(digest);
	if (stale) lines.push('', `> ${stale}`);
	if (digest.total === 0)
		lines.push('', digest.basis === 'ingested' ? 'No new entries this week.' : 'No entries are dated this week.');
	for (const group of digest.groups) {
		lines.push('', `## ${esc(group.label)} (${plural(group.items.length, 'entry', 'entries')})`, '');
		for (const item of group.items) {
			const where = item.provinces.length ? ` · ${esc(item.provinces.join(', '))}` : '';
			lines.push(`- **${item.date ?? 'undated'}**${where} — ${esc(item.line)} (#${item.id}, ${sourceRef(item)})`);
		}
	}
	return `${lines.join('\n')}\n`;
}
