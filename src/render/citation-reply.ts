import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import { CITATION_STYLES, type CitationStyle, citeEntry } from '../cite/cite-entry.js';
import type { Entry, IsoDate } from '../domain/entry.js';
import { DISCORD_LIMITS } from './limits.js';
import { neutralizeMentions, safeText, truncate } from './markdown.js';
import type { RenderedReply } from './reply.js';
import { BUTTON_STYLE, COMPONENT } from './components.js';

/** Longest web address shown as a link above the citation; longer ones are in the citation only. */
const HEADER_URL_MAX = 300;

/** Code block text cannot close the fence early: runs of backticks get a zero-width space between them. */
export function fenceSafe(text: string): string {
	return neutralizeMentions(text).replace(/`(?=`)/g, '`\u200b');
}

/** `text` must already be fence-safe. */
function codeBlock(language: string, text: string): string {
	return `\`\`\`${language}\n${text}\n\`\`\``;
}

/** What is being cited, in words: entry, title, source, dates. Bounded, so the citation keeps its room. */
function headerLines(entry: Entry): string {
	const { source } = entry;
	const head = `**Entry #${entry.id}**${entry.title ? ` · *${safeText(entry.title, 150)}*` : ''}`;
	const locator = source.url ?? source.path;
	let where: string | null = null;
	if (source.url && source.url.length <= HEADER_URL_MAX && /^https?:\/\/[^\s<>]+$/.test(source.url))
		where = `<${source.url}>`; // <> keeps Discord from unfurling it
	else if (locator) where = safeText(locator, 200);
	const facts = [
		source.title ? `“${safeText(source.title, 150)}”` : null,
		where,
		source.published ? `published ${source.published}` : null,
		entry.date ? `entry dated ${entry.date}` : 'undated entry',
	].filter(Boolean);
	return `${head}\nSource: ${facts.join(' · ')}`;
}

function withSourceTitle(entry: Entry, title: string): Entry {
	return { ...entry, source: { ...entry.source, title } };
}

/**
 * The citation in a code block (copies cleanly), under a line saying what it cites; the whole content stays
 * within Discord's 2,000 characters. When it would not, the source title is shortened first; only a source
 * address too long for any message shortens the citation itself, and the closing fence is always kept.
 */
export function renderCitationReply(
	entry: Entry,
	style: CitationStyle,
	accessed: IsoDate,
	options: { readonly before?: string } = {},
): RenderedReply {
	const language = style === 'bibtex' ? 'bibtex' : 'text';
	// `before`: a line above the header (whom the citation is for), counted in the same 2,000 characters.
	const header = options.before ? `${options.before}\n${headerLines(entry)}` : headerLines(entry);
	const budget = DISCORD_LIMITS.content - header.length - 1 - codeBlock(language, '').length;
	const citation = (cited: Entry) => fenceSafe(citeEntry(cited, style, { accessed }));
	let text = citation(entry);
	const title = entry.source.title;
	if (text.length > budget && title) {
		// The longest source title that fits; the citation grows with the title, so bisect.
		let fitted = citation(withSourceTitle(entry, truncate(title, 1)));
		let low = 2;
		let high = title.length - 1;
		while (low <= high) {
			const mid = Math.floor((low + high) / 2);
			const candidate = citation(withSourceTitle(entry, truncate(title, mid)));
			if (candidate.length <= budget) {
				fitted = candidate;
				low = mid + 1;
			} else high = mid - 1;
		}
		text = fitted;
	}
	// Only an address longer than a message gets here: cut the text, never the fences. The text is already
	// fence-safe, and cutting it cannot create a run of backticks.
	if (text.length > budget) text = truncate(text, budget);
	return { content: `${header}\n${codeBlock(language, text)}` };
}

const STYLE_LABELS: Record<CitationStyle, string> = { plain: 'Plain text', apa: 'APA 7', bibtex: 'BibTeX' };

/** The "Cite" button for an entry answer: `cite:<id>`, answered with the citation, privately, by whoever presses it. */
export function citeButtonRow(entryId: number): APIActionRowComponent<APIButtonComponent> {
	return {
		type: COMPONENT.actionRow,
		components: [
			{
				type: COMPONENT.button,
				style: BUTTON_STYLE.secondary,
				label: 'Cite',
				emoji: { name: '📝' },
				custom_id: `cite:${entryId}`,
			},
		],
	};
}

/** Buttons switching a citation between styles (`cite:<id>:<style>`); the style shown is disabled. */
export function citationStyleRow(entryId: number, shown: CitationStyle): APIActionRowComponent<APIButtonComponent> {
	return {
		type: COMPONENT.actionRow,
		components: CITATION_STYLES.map((style) => ({
			type: COMPONENT.button,
			style: style === shown ? BUTTON_STYLE.primary : BUTTON_STYLE.secondary,
			label: STYLE_LABELS[style],
			custom_id: `cite:${entryId}:${style}`,
			disabled: style === shown,
		})),
	};
}

/** The citation in a style, with the buttons switching to the other styles. */
export function renderCitationWithStyles(
	entry: Entry,
	style: CitationStyle,
	accessed: IsoDate,
	options: { readonly before?: string } = {},
): RenderedReply {
	return { ...renderCitationReply(entry, style, accessed, options), components: [citationStyleRow(entry.id, style)] };
}
