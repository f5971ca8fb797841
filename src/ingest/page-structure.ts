import type { IsoDate } from '../domain/entry.js';
import { type DateRange, parseDateHeading, parseStandaloneDate, parseTrailingRange } from './extract-date.js';

const LIST_MARKER = /^(?:[•·▪◦‣*-]|\d{1,2}[.)])\s+/;
// Longer than any hard-wrapped line (wrapping is done at 60–100 characters).
const UNWRAPPED_LINE = 120;

/**
 * Splits clean text into paragraphs. Lines of one paragraph are joined (hard-wrapped text files),
 * except list items, which keep their own line.
 */
export function splitParagraphs(text: string): string[] {
	const paragraphs: string[] = [];
	for (const chunk of text.split(/\n\s*\n/)) {
		const lines = chunk
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		if (lines.length === 0) continue;
		// Pages copied from the web put one paragraph per line with no blank line between them; hard-wrapped
		// text never has a line longer than its wrap width.
		if (lines.some((line) => line.length > UNWRAPPED_LINE)) {
			paragraphs.push(...lines);
			continue;
		}
		let current = lines[0]!;
		for (const line of lines.slice(1)) {
			// A date heading or a "…Posts—May 15, 2019" line stands alone even without a blank line after it.
			if (parseDateHeading(current)?.rest === '' || parseCoverageLine(current) !== null) {
				paragraphs.push(current);
				current = line;
				continue;
			}
			current = LIST_MARKER.test(line) ? `${current}\n${line}` : `${current} ${line}`;
		}
		paragraphs.push(current);
	}
	return paragraphs;
}

// Whole paragraphs that are site chrome, not content.
const FURNITURE = [
	/^you are here\.?$/i,
	/^support chinafile\.?$/i,
	/^(?:(?:share|print|email|e-mail|tweet|facebook|twitter|linkedin|wechat|weibo|whatsapp|copy link|comments?|x)\s*[|·•/]?\s*)+$/i,
	/^(?:read more|continue reading|more|back to top|top)\s*[»›>…]*$/i,
	/^(?:[-–—_=~*·•]\s*){3,}$/,
	/^(?:home|news|articles?|reports?|blog|menu|search|skip to (?:main )?content)$/i,
	/^(?:©|\(c\)|copyright\b).{0,150}$/i,
	/^all rights reserved\.?$/i,
	/^(?:subscribe|sign up|newsletter|donate|follow us)\b.{0,60}$/i,
	/^(?:related|related (?:articles|posts|content|stories)|recommended|you may also like)\s*:?$/i,
];

// A site describing itself or pointing at its links: "Check here for updates from our editors…", "Getting Started: Click…".
const SITE_BLURB =
	/^(?:check here for\b|click (?:here|on the following)\b|getting started\s*[:：]|browse (?:all )?our\b)|\b(?:feedback from (?:our )?readers|our about page|updates from our editors)\b/i;

// "Home > News > Title", "• Home • > • News • > • Title", "Home » Articles".
const BREADCRUMB = /^(?:[•·]\s*)?home\s*(?:[•·]\s*)?(?:[>›»/|]|$)/i;

/** True when a paragraph is page furniture (navigation, share buttons, "Support ChinaFile"). */
export function isFurniture(paragraph: string, position: number): boolean {
	const text = paragraph.replace(/\s+/g, ' ').trim();
	if (text === '') return true;
	if (FURNITURE.some((pattern) => pattern.test(text))) return true;
	if (BREADCRUMB.test(text) && text.length < 400) return true;
	if (SITE_BLURB.test(text)) return true;
	// A trailing tag list ("Tags: NGO law, Hunan") is chrome; a leading "Keyword: …" line is a listing's title.
	if (position > 0 && /^(?:tags?|filed under|categories?|topics?)\s*:/i.test(text) && text.length < 300) return true;
	return false;
}

// Editorial asides that are not part of the translated text.
const EDITORIAL_NOTES = /\s*\[(?:ChinaFile|CDB|editor['’]?s?|our) (?:translation|note)\]/gi;

/** Paragraphs of a page without its furniture and editorial translation markers. */
export function contentParagraphs(text: string): string[] {
	return splitParagraphs(text)
		.filter((paragraph, index) => !isFurniture(paragraph, index))
		.map((paragraph) => paragraph.replace(EDITORIAL_NOTES, '').trim())
		.filter(Boolean);
}

export interface PageHeader {
	/** The page's own date ("March 19, 2019" alone near the top). */
	readonly published: IsoDate | null;
	/** The line the page date was read from. */
	readonly publishedLine?: string | null;
	readonly title: string | null;
	/** "Ministry of Public Security WeChat Posts—February 15-25, 2019" parsed. */
	readonly coverage: DateRange | null;
	/** The line the range was read from. */
	readonly coverageLine?: string | null;
	/** Index of the first paragraph after the header. */
	readonly bodyStart: number;
}

// The label before a range: "Ministry of Public Security WeChat Posts—", "MPS posts: ".
const RANGE_LABEL = /^(.{3,120}?)\s*[—–:-]\s*(?=[A-Z][a-z]{2,8}\.?\s+\d)/;

/** "Ministry of Public Security WeChat Posts—May 15, 2019" (a label, a dash, a day or range); null otherwise. */
export function parseCoverageLine(paragraph: string): DateRange | null {
	if (paragraph.length > 200 || !RANGE_LABEL.test(paragraph)) return null;
	return parseTrailingRange(paragraph);
}

// Lines under a headline that describe the publication, not the news: "China Development Brief No 59 (Fall 2014)",
// "Publication: China Brief Volume: 23 Issue: 17", "Source: 境外非政府组织在中国", "By Jane Doe", "Translated by …".
const PUBLICATION_LINE =
	/^(?:(?:source|publication|issue|volume|author|authors|photo|image|credit|editor)\s*[:：]|(?:by|written by|translated by|text by)\s+\p{Lu}|(?:[\p{L}&'’.-]+\s+){0,5}(?:no\.?|number|issue|vol\.?|volume)\s*[:：]?\s*\d+\b)/iu;

/** A short line that names the publication, issue, source or author of a page rather than saying anything. */
export function isPublicationLine(paragraph: string): boolean {
	return paragraph.length <= 120 && PUBLICATION_LINE.test(paragraph);
}

/** Finds the page date, title and covered range among the first paragraphs. */
export function readPageHeader(paragraphs: readonly string[]): PageHeader {
	let published: IsoDate | null = null;
	let coverage: DateRange | null = null;
	let title: string | null = null;
	let bodyStart = 0;
	const limit = Math.min(paragraphs.length, 6);
	let publishedLine: string | null = null;
	let coverageLine: string | null = null;
	for (let i = 0; i < limit; i++) {
		const paragraph = paragraphs[i]!;
		if (parseDateHeading(paragraph)?.rest === '' && parseStandaloneDate(paragraph) === null) break;
		const standalone = parseStandaloneDate(paragraph);
		if (standalone && published === null && coverage === null) {
			published = standalone;
			publishedLine = paragraph;
			bodyStart = i + 1;
			continue;
		}
		const found = parseCoverageLine(paragraph);
		if (found) {
			coverage = found;
			coverageLine = paragraph;
			bodyStart = i + 1;
			break;
		}
		if (title === null && looksLikeTitle(paragraph) && !isPublicationLine(paragraph)) {
			title = paragraph;
			bodyStart = i + 1;
			continue;
		}
		// An issue or source line under the headline belongs to the header, not the story.
		if (isPublicationLine(paragraph)) {
			bodyStart = i + 1;
			continue;
		}
		break;
	}
	return { published, publishedLine, title, coverage, coverageLine, bodyStart };
}

/** A short line without a closing period: a headline, not a sentence of body text. */
export function looksLikeTitle(paragraph: string): boolean {
	if (paragraph.length > 220 || paragraph.includes('\n')) return false;
	if (/[.。]$/.test(paragraph) && !/\b(?:Inc|Ltd|Co|St|U\.S|U\.K)\.$/.test(paragraph)) return false;
	return /\p{L}/u.test(paragraph);
}
