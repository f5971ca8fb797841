import type { DocumentKind, IsoDate } from '../domain/entry.js';
import { type PartialDate, findFullDates, inferYear, parseDateHeading } from './extract-date.js';
import { type PageHeader, looksLikeTitle } from './page-structure.js';

/** One item of a page before facts are extracted. */
export interface RawEntry {
	readonly title: string | null;
	readonly paragraphs: readonly string[];
	/** Date fixed by the page structure (a heading, a one-day digest); null leaves it to the text. */
	readonly date: IsoDate | null;
}

const TRUNCATED_TEASER = /(?:…|\.\.\.)\s*(?:read more|more)?\s*[»›>]?$|\bread more\s*[»›>]?$/i;
// The link that ends a teaser; the text it cuts off is marked with "…".
const READ_MORE = /\s*(?:…|\.\.\.)?\s*read more\s*[»›>]?$/i;
export const LISTING_TITLE = /^(?:keyword|tag|tagged|topic|category|search results?|archives?)\s*[:：]/i;

/** Tells a digest (dated items), a listing (teasers) and an article (one story) apart. */
export function detectKind(paragraphs: readonly string[], header: PageHeader): DocumentKind {
	const body = paragraphs.slice(header.bodyStart);
	const headings = body.filter((paragraph) => parseDateHeading(paragraph) !== null).length;
	if (header.coverage !== null || headings >= 2) return 'digest';
	const teasers = body.filter((paragraph) => TRUNCATED_TEASER.test(paragraph)).length;
	if ((header.title !== null && LISTING_TITLE.test(header.title)) || teasers >= 2) return 'listing';
	if (repeatedTitles(body) >= 2) return 'listing';
	return 'article';
}

function repeatedTitles(paragraphs: readonly string[]): number {
	let count = 0;
	for (let i = 1; i < paragraphs.length; i++) {
		if (looksLikeTitle(paragraphs[i - 1]!) && sameTitle(paragraphs[i - 1]!, paragraphs[i]!)) count++;
	}
	return count;
}

function titleKey(title: string): string {
	return title
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[‘’'`´]/g, "'")
		.replace(/[“”"]/g, '"')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Listing pages repeat a teaser's title, sometimes cut short ("…Chinese ones to" / "…ones to “Go Out”?"). */
export function sameTitle(a: string, b: string): boolean {
	const x = titleKey(a);
	const y = titleKey(b);
	if (x === '' || y === '') return false;
	if (x === y) return true;
	const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
	return shorter.length >= 20 && longer.startsWith(shorter);
}

export interface SplitContext {
	readonly header: PageHeader;
	/** Provinces an item's paragraph speaks of, used to find item boundaries where headings are missing. */
	readonly provincesOf: (paragraph: string) => readonly string[];
}

/** Splits the body of a page into raw entries according to its kind. */
export function splitEntries(kind: DocumentKind, paragraphs: readonly string[], context: SplitContext): RawEntry[] {
	const body = paragraphs.slice(context.header.bodyStart);
	if (body.length === 0) return [];
	switch (kind) {
		case 'digest':
			return splitDigest(body, context);
		case 'listing': {
			// Without a "Keyword: …" label, the line taken for the page title is the first teaser's title.
			const { title } = context.header;
			const labelled = title === null || LISTING_TITLE.test(title);
			return splitListing(labelled ? body : [title, ...body]);
		}
		case 'article':
			return [{ title: context.header.title, paragraphs: body, date: null }];
	}
}

function splitDigest(body: readonly string[], context: SplitContext): RawEntry[] {
	const { header } = context;
	const headed = body.some((paragraph) => parseDateHeading(paragraph) !== null);
	if (!headed) return splitUnheadedDigest(body, context);

	const entries: { date: PartialDate; paragraphs: string[] }[] = [];
	for (const paragraph of body) {
		const heading = parseDateHeading(paragraph);
		if (heading) {
			entries.push({ date: heading.date, paragraphs: heading.rest ? [heading.rest] : [] });
			continue;
		}
		// Text before the first heading introduces the page ("The following are translations…").
		entries.at(-1)?.paragraphs.push(paragraph);
	}
	return entries
		.filter((entry) => entry.paragraphs.length > 0)
		.map((entry) => ({
			title: null,
			paragraphs: entry.paragraphs,
			date: inferYear(entry.date, { coverage: header.coverage, published: header.published }),
		}));
}

// Openings that start a new item in a digest without date headings.
const ITEM_OPENING =
	/^(?:recently|today|yesterday|earlier this (?:week|month)|this (?:week|month)|on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d)/i;
const PREAMBLE =
	/\b(?:the following|following (?:are|is)|translations? of (?:some|the|recent)|we['’]ll (?:do|post))\b/i;

/**
 * Some digests list items without headings. A paragraph opens a new item when it starts like a news
 * item ("Recently, …") or speaks of a province the current item has not mentioned; otherwise it
 * continues the item ("An official from the office said …").
 */
function splitUnheadedDigest(body: readonly string[], context: SplitContext): RawEntry[] {
	const { header } = context;
	let start = 0;
	let preambleDate: IsoDate | null = null;
	if (body.length > 1 && PREAMBLE.test(body[0]!)) {
		const dates = findFullDates(body[0]!);
		if (dates.length === 1) preambleDate = dates[0]!.date;
		start = 1;
	}
	// Only a one-day page dates its items; a multi-day range says when, not which day.
	const date = header.coverage && header.coverage.from === header.coverage.to ? header.coverage.from : preambleDate;

	const items: { paragraphs: string[]; provinces: Set<string> }[] = [];
	for (const paragraph of body.slice(start)) {
		const provinces = context.provincesOf(paragraph);
		const current = items.at(-1);
		const opensItem =
			current === undefined ||
			ITEM_OPENING.test(paragraph) ||
			provinces.some((province) => !current.provinces.has(province));
		if (opensItem) {
			items.push({ paragraphs: [paragraph], provinces: new Set(provinces) });
		} else {
			current.paragraphs.push(paragraph);
			for (const province of provinces) current.provinces.add(province);
		}
	}
	return items.map((item) => ({ title: null, paragraphs: item.paragraphs, date }));
}

/** Teasers: one or more title lines (often the same title twice) followed by a paragraph of text. */
function splitListing(body: readonly string[]): RawEntry[] {
	const entries: RawEntry[] = [];
	let titles: string[] = [];
	const flushTitlesAlone = () => {
		// Lines before the first teaser are section labels ("Public Welfare"), not teasers.
		if (entries.length > 0) for (const title of titles) entries.push({ title, paragraphs: [], date: null });
		titles = [];
	};
	for (const paragraph of body) {
		if (looksLikeTitle(paragraph) && !TRUNCATED_TEASER.test(paragraph)) {
			const last = titles.at(-1);
			if (last !== undefined && !sameTitle(last, paragraph)) flushTitlesAlone();
			titles.push(paragraph);
			continue;
		}
		// The fuller of the repeated titles names the teaser.
		const title = titles.reduce<string | null>((best, t) => (best === null || t.length > best.length ? t : best), null);
		entries.push({ title, paragraphs: [paragraph.replace(READ_MORE, '…')], date: null });
		titles = [];
	}
	flushTitlesAlone();
	return entries;
}
