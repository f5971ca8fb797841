import type { IsoDate } from '../domain/entry.js';
import { type DateRange, parseDateHeading, parseStandaloneDate, parseTrailingRange } from './extract-date.js';

const LIST_MARKER = /^(?:[•·▪◦‣*-]|\d{1,2}[.)])\s+/;
// Longer than any hard-wrapped line (wrapping is done at 60–100 characters).
const UNWRAPPED_LINE = 120;

/**
 * Hard-wrapped prose fills each line to about the same width (60–100 characters); menus, bylines and headlines
 * stacked on short lines do not, and stay apart.
 */
function looksWrapped(lines: readonly string[]): boolean {
	if (lines.length < 2) return true;
	const widest = Math.max(...lines.map((line) => line.length));
	if (widest < 50) return lines.every((line) => LIST_MARKER.test(line)) || false;
	return lines.slice(0, -1).every((line) => line.length >= widest * 0.6 || LIST_MARKER.test(line));
}

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
		if (lines.some((line) => line.length > UNWRAPPED_LINE) || !looksWrapped(lines)) {
			paragraphs.push(...lines);
			continue;
		}
		// A date line under a headline ("2020/8/5 16:11:00") is a line of its own.
		if (lines.some((line, i) => i > 0 && parseStandaloneDate(line) !== null)) {
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
	// Site chrome on short lines: "Make me your Homepage", "China Daily Website", "left corner left corner".
	/^(?=(?:\S+\s+){0,5}\S+$).*\b(?:homepage|home page|website|web site|log ?in|sign (?:in|up)|corner|skip to|navigation|e-?paper|download (?:the )?app)\b/i,
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

// Where a page's own text ends and its links to other pages begin.
const END_OF_CONTENT =
	/^(?:related (?:readings?|articles?|posts|stories|news|content|links)|hot topics|most (?:viewed|read|popular)|you may also like|recommended(?: for you| reading)?|more from [\p{L} ]{1,30}|editor['’]?s picks?|latest news|top stories|no related content found)\s*[:.]?$/iu;

/** Paragraphs of a page without its furniture and editorial translation markers. */
export function contentParagraphs(text: string): string[] {
	const all = splitParagraphs(text);
	const end = all.findIndex((paragraph, index) => index > 0 && END_OF_CONTENT.test(paragraph.trim()));
	return (end > 0 ? all.slice(0, end) : all)
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

// "(Xinhua)", "(Source: People’s Daily)": the agency a story came from.
const SOURCE_LINE = /^\((?:source:\s*)?[\p{L}’'. ]{2,40}\)$/iu;

/**
 * Finds the page date, title and covered range among the first paragraphs. The title is the headline next to the
 * page date when there is one ("Headline / Updated: 2013-04-21" or "March 19, 2019 / Headline"), else the first.
 */
export function readPageHeader(paragraphs: readonly string[]): PageHeader {
	let published: IsoDate | null = null;
	let publishedLine: string | null = null;
	let coverage: DateRange | null = null;
	let coverageLine: string | null = null;
	const titles: number[] = [];
	let dateAt = -1;
	let bodyStart = 0;
	const limit = Math.min(paragraphs.length, 8);
	for (let i = 0; i < limit; i++) {
		const paragraph = paragraphs[i]!;
		if (parseDateHeading(paragraph)?.rest === '' && parseStandaloneDate(paragraph) === null) break;
		const standalone = parseStandaloneDate(paragraph);
		if (standalone && published === null && coverage === null) {
			published = standalone;
			publishedLine = paragraph;
			dateAt = i;
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
		// An issue or source line under the headline belongs to the header, not the story.
		if (isPublicationLine(paragraph) || SOURCE_LINE.test(paragraph)) {
			bodyStart = i + 1;
			continue;
		}
		// Headlines stack up only before the page date; after it (or after one headline with no date) comes the body.
		if (
			looksLikeTitle(paragraph) &&
			(titles.length === 0 || (dateAt < 0 && i + 1 < limit && isDateAhead(paragraphs, i)))
		) {
			titles.push(i);
			bodyStart = i + 1;
			continue;
		}
		break;
	}
	let title: string | null = null;
	if (titles.length > 0) {
		const beforeDate = titles.filter((i) => i < dateAt);
		title = paragraphs[(beforeDate.length > 0 ? beforeDate.at(-1) : titles[0])!]!;
	}
	return { published, publishedLine, title, coverage, coverageLine, bodyStart };
}

/** A page date within the next two lines: "Headline / (Xinhua) / Updated: …" stacks headline lines before it. */
function isDateAhead(paragraphs: readonly string[], i: number): boolean {
	return paragraphs.slice(i + 1, i + 3).some((paragraph) => parseStandaloneDate(paragraph) !== null);
}

/** A short line without a closing period: a headline, not a sentence of body text. */
export function looksLikeTitle(paragraph: string): boolean {
	if (paragraph.length > 220 || paragraph.includes('\n')) return false;
	if (/[.。]$/.test(paragraph) && !/\b(?:Inc|Ltd|Co|St|U\.S|U\.K)\.$/.test(paragraph)) return false;
	return /\p{L}/u.test(paragraph);
}
