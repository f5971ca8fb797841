import type { DocumentKind, IsoDate } from '../domain/entry.js';
import { type DateRange, type PartialDate, findFullDates, inferYear, parseDateHeading } from './extract-date.js';
import { type PageHeader, looksLikeTitle, parseCoverageLine } from './page-structure.js';

/** One item of a page before facts are extracted. */
export interface RawEntry {
	readonly title: string | null;
	readonly paragraphs: readonly string[];
	/** Date fixed by the page structure (a heading, a one-day digest); null leaves it to the text. */
	readonly date: IsoDate | null;
	/** The words on the page that gave `date` ("February 25, 2019:", "…WeChat Posts—May 15, 2019"). */
	readonly dateSource?: { readonly quote: string; readonly role: string };
	/**
	 * False when the title speaks for more than this entry (a digest's headline over a listing teaser that
	 * quotes only its first item): facts are then read from the text alone.
	 */
	readonly titleHasFacts?: boolean;
}

const TRUNCATED_TEASER = /(?:…|\.\.\.)\s*(?:read more|more)?\s*[»›>]?$|\bread more\s*[»›>]?$/i;
// The link that ends a teaser; the text it cuts off is marked with "…".
const READ_MORE = /\s*(?:…|\.\.\.)?\s*read more\s*[»›>]?$/i;
export const LISTING_TITLE = /^(?:keyword|tag|tagged|topic|category|search results?|archives?)\s*[:：]/i;

// A sentence inside a paragraph ("…the training.The training course…" counts too).
const SENTENCE_BREAK = /[.!?。]["”’)]?\s*\p{Lu}/u;
const ENDS_SENTENCE = /[.!?。…"”’)\]]$/;

/** A paragraph that is the text of an item rather than a headline: it ends like a sentence, runs long, or is cut. */
function isTeaserLike(paragraph: string): boolean {
	return (
		!looksLikeTitle(paragraph) ||
		TRUNCATED_TEASER.test(paragraph) ||
		paragraph.length >= 140 ||
		SENTENCE_BREAK.test(paragraph)
	);
}

/** A headline: short, one line, not ending like a sentence. */
function isTitleLike(paragraph: string): boolean {
	return looksLikeTitle(paragraph) && !isTeaserLike(paragraph) && parseDateHeading(paragraph) === null;
}

/** Text cut off by the page: a listing teaser ("…Read more", or stopping mid-sentence). */
function isCutTeaser(paragraph: string): boolean {
	return TRUNCATED_TEASER.test(paragraph) || (paragraph.length >= 60 && !ENDS_SENTENCE.test(paragraph));
}

// Openings that start a new item in a digest without date headings.
const ITEM_OPENING =
	/^(?:(?:also|earlier|later|meanwhile),?\s+)?(?:recently|today|yesterday|earlier this (?:week|month)|this (?:week|month)|on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d)\b/i;
// "The Ningxia PSB Foreign NGO Management Office gave …", "The Ministry of Public Security released …": an item
// told from its acting authority.
const AUTHORITY_OPENING =
	/^(?:the\s+)?(?:[\p{Lu}][\p{L}’'-]*[\s,]+(?:and\s+|of\s+|the\s+)?){0,8}?(?:Public Security (?:Bureau|Department)|PSBs?|MPS|Ministry of [\p{Lu}][\p{L}]+|Foreign NGO Management Office|Administration|Commission|Department of [\p{Lu}][\p{L}]+)\b/u;
// A paragraph that goes on with the item before it: "Both NGOs expressed …", "The PSB also …".
const CONTINUATION =
	/^(?:both|they|he|she|it|its|their|these|this|those|in addition|additionally|furthermore|moreover|also|afterwards|(?:after|at|during) the (?:meeting|event|ceremony|symposium|seminar|forum|training|conference|session|visit|talks?|end)|participants|attendees|the (?:two|three|four|five|former|latter|psb|bureau|office|ngo|ngos|organi[sz]ation|foundation|association|group|chief representative|representatives?|participants|event|meeting|training|ceremony|activity|police|officials?|director)\b)/i;
const PREAMBLE =
	/\b(?:the following|following (?:are|is)|translations? of (?:some|the|recent)|we['’]ll (?:do|post))\b/i;

/** Tells a digest (dated items), a listing (teasers) and an article (one story) apart. */
export function detectKind(paragraphs: readonly string[], header: PageHeader): DocumentKind {
	const body = paragraphs.slice(header.bodyStart);
	if (header.title !== null && LISTING_TITLE.test(header.title)) return 'listing';
	// Before date headings: a listing of digests quotes their headings ("August 8, 2019: …") in its teasers.
	if (listingUnits(header.title === null ? body : [header.title, ...body]) >= 2) return 'listing';
	const headings = body.filter((paragraph) => parseDateHeading(paragraph) !== null).length;
	if (header.coverage !== null || headings >= 2) return 'digest';
	const teasers = body.filter((paragraph) => paragraph.length >= 40 && TRUNCATED_TEASER.test(paragraph)).length;
	if (teasers >= 2) return 'listing';
	// A page of news items without headings or headline: each item opens with "Recently," or its authority, or
	// an introduction says items follow ("… posted the following to its WeChat account on February 9, 2018").
	if (header.title === null && body.length >= 2) {
		const introduced = PREAMBLE.test(body[0]!) && body.length >= 3;
		if (introduced || body.filter(opensNewsItem).length >= 2) return 'digest';
	}
	return 'article';
}

// "Four provinces recently conducted …": news told in its first clause.
const NEWS_CLAUSE = /^[^.;:!?]{0,120}\b(?:recently|today|yesterday)\b/i;

function opensNewsItem(paragraph: string): boolean {
	return ITEM_OPENING.test(paragraph) || AUTHORITY_OPENING.test(paragraph.slice(0, 160)) || NEWS_CLAUSE.test(paragraph);
}

/**
 * Teasers a page shows: a headline (maybe repeated, maybe cut), maybe a "…Posts—May 15, 2019" line, then text
 * cut off by the page. Two of them make a listing.
 */
function listingUnits(paragraphs: readonly string[]): number {
	let units = 0;
	for (let i = 0; i < paragraphs.length; i++) {
		if (!isTitleLike(paragraphs[i]!)) continue;
		let j = i + 1;
		let repeated = false;
		while (j < paragraphs.length && sameTitle(paragraphs[i]!, paragraphs[j]!)) {
			repeated = true;
			j++;
		}
		let covered = false;
		if (j < paragraphs.length && (parseCoverageLine(paragraphs[j]!) || dateLine(paragraphs[j]!))) {
			covered = true;
			j++;
		}
		const teaser = paragraphs[j];
		if (teaser !== undefined && isTeaserLike(teaser) && (repeated || covered || isCutTeaser(teaser))) {
			units++;
			i = j;
		}
	}
	return units;
}

/** A line that is a date and nothing else ("March 1, 2021"), as listings print under each headline. */
function dateLine(paragraph: string): boolean {
	const heading = paragraph.length <= 40 ? parseDateHeading(paragraph) : null;
	return heading !== null && heading.rest.trim() === '';
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

interface PageContext extends SplitContext {
	/** Every paragraph of the page, header included. */
	readonly paragraphs: readonly string[];
}

/** Splits the body of a page into raw entries according to its kind; a page with text never gives none. */
export function splitEntries(kind: DocumentKind, paragraphs: readonly string[], context: SplitContext): RawEntry[] {
	const body = paragraphs.slice(context.header.bodyStart);
	if (body.length === 0) return [];
	const entries = splitByKind(kind, body, { ...context, paragraphs });
	if (entries.length > 0) return entries;
	// Whatever the page is, its text is one item rather than none.
	return [{ title: context.header.title, paragraphs: body, date: null }];
}

function splitByKind(kind: DocumentKind, body: readonly string[], context: PageContext): RawEntry[] {
	switch (kind) {
		case 'digest':
			return splitDigest(body, context);
		case 'listing': {
			// Without a "Keyword: …" label, the lines taken for the page's title and range are its first teaser's.
			const { title } = context.header;
			const labelled = title === null || LISTING_TITLE.test(title);
			const first = labelled ? -1 : context.paragraphs.indexOf(title);
			return splitListing(first >= 0 ? context.paragraphs.slice(first) : body);
		}
		case 'article':
			return [{ title: context.header.title, paragraphs: body, date: null }];
	}
}

function splitDigest(body: readonly string[], context: SplitContext): RawEntry[] {
	const { header } = context;
	const headed = body.some((paragraph) => parseDateHeading(paragraph) !== null);
	if (!headed) return splitUnheadedDigest(body, context);

	const entries: { date: PartialDate; quote: string; paragraphs: string[] }[] = [];
	for (const paragraph of body) {
		const heading = parseDateHeading(paragraph);
		if (heading) {
			const quote = heading.rest ? paragraph.slice(0, paragraph.length - heading.rest.length).trim() : paragraph;
			entries.push({ date: heading.date, quote, paragraphs: heading.rest ? [heading.rest] : [] });
			continue;
		}
		// Text before the first heading introduces the page ("The following are translations…").
		entries.at(-1)?.paragraphs.push(paragraph);
	}
	return entries
		.filter((entry) => entry.paragraphs.length > 0)
		.map((entry) => {
			const date = inferYear(entry.date, { coverage: header.coverage, published: header.published });
			return {
				title: null,
				paragraphs: entry.paragraphs,
				date,
				...(date ? { dateSource: { quote: entry.quote, role: 'date heading' } } : {}),
			};
		});
}

/**
 * Some digests list items without headings. A paragraph opens a new item when it starts like a news item
 * ("Recently, …", "The Ningxia PSB …") or speaks of a province the current item has not mentioned without
 * reading as a continuation; otherwise it continues the item ("Both NGOs expressed …").
 */
function splitUnheadedDigest(body: readonly string[], context: SplitContext): RawEntry[] {
	const { header } = context;
	let start = 0;
	let preamble: { date: IsoDate; quote: string } | null = null;
	if (body.length > 1 && PREAMBLE.test(body[0]!)) {
		const dates = findFullDates(body[0]!);
		if (dates.length === 1) preamble = { date: dates[0]!.date, quote: body[0]! };
		start = 1;
	}
	// Only a one-day page dates its items; a multi-day range says when, not which day.
	const oneDay = header.coverage && header.coverage.from === header.coverage.to ? header.coverage.from : null;
	const date = oneDay ?? preamble?.date ?? null;
	const dateSource = oneDay
		? { quote: header.coverageLine ?? oneDay, role: 'one-day page' }
		: preamble
			? { quote: preamble.quote, role: 'page introduction' }
			: undefined;

	const items: { paragraphs: string[]; provinces: Set<string> }[] = [];
	for (const paragraph of body.slice(start)) {
		const provinces = context.provincesOf(paragraph);
		const current = items.at(-1);
		const opensItem =
			current === undefined ||
			ITEM_OPENING.test(paragraph) ||
			(!CONTINUATION.test(paragraph) &&
				(opensNewsItem(paragraph) || provinces.some((province) => !current.provinces.has(province))));
		if (opensItem) {
			items.push({ paragraphs: [paragraph], provinces: new Set(provinces) });
		} else {
			current.paragraphs.push(paragraph);
			for (const province of provinces) current.provinces.add(province);
		}
	}
	return items.map((item) => ({
		title: null,
		paragraphs: item.paragraphs,
		date,
		...(dateSource ? { dateSource } : {}),
	}));
}

interface PendingTeaser {
	titles: string[];
	coverage: { range: DateRange; line: string } | null;
	/** A date alone on the line under the headline. */
	dated?: string;
}

/**
 * Teasers: a headline (often twice, the first time cut), maybe the range line of the digest it heads, then a
 * paragraph of text. One entry per teaser, never two; text before the first headline is the page's own
 * introduction, and lone short lines before it are section labels.
 */
function splitListing(body: readonly string[]): RawEntry[] {
	const entries: (RawEntry & { titled: boolean })[] = [];
	let pending: PendingTeaser = { titles: [], coverage: null };
	const hasPending = () => pending.titles.length > 0 || pending.coverage !== null;
	const flushTitleOnly = () => {
		// A headline without text (the page was cut after it) is still an item once teasers have begun.
		if (entries.length > 0 && pending.titles.length > 0) entries.push({ ...teaserEntry(pending, null), titled: true });
		pending = { titles: [], coverage: null };
	};

	for (let i = 0; i < body.length; i++) {
		const paragraph = body[i]!;
		const coverage = parseCoverageLine(paragraph);
		if (coverage) {
			if (pending.coverage) flushTitleOnly();
			pending.coverage = { range: coverage, line: paragraph };
			continue;
		}
		// "March 1, 2021" under a headline: the teaser's own date.
		if (pending.titles.length > 0 && pending.dated === undefined && dateLine(paragraph)) {
			pending.dated = paragraph;
			continue;
		}
		if (isTitleLike(paragraph)) {
			const last = pending.titles.at(-1);
			if (last !== undefined && sameTitle(last, paragraph)) {
				pending.titles.push(paragraph);
				continue;
			}
			const next = body[i + 1];
			const startsTeaser =
				next === undefined || sameTitle(paragraph, next) || parseCoverageLine(next) !== null || isTeaserLike(next);
			// A repeated headline or a posts line is always followed by its teaser, however short; otherwise a short
			// teaser is still longer than a label ("Public Welfare" heads a section, it is not a teaser).
			const teaserDue = pending.titles.length >= 2 || pending.coverage !== null || pending.dated !== undefined;
			if (teaserDue || (hasPending() && !startsTeaser && paragraph.length >= 80)) {
				entries.push({ ...teaserEntry(pending, paragraph), titled: true });
				pending = { titles: [], coverage: null };
				continue;
			}
			flushTitleOnly();
			pending.titles.push(paragraph);
			continue;
		}
		entries.push({ ...teaserEntry(pending, paragraph), titled: hasPending() });
		pending = { titles: [], coverage: null };
	}
	flushTitleOnly();
	// Text before the first headline introduces the page ("Check here for updates…"), unless nothing has one.
	const firstTitled = entries.findIndex((entry) => entry.titled);
	return (firstTitled > 0 ? entries.slice(firstTitled) : entries).map(({ titled: _titled, ...entry }) => entry);
}

function teaserEntry(pending: PendingTeaser, paragraph: string | null): RawEntry {
	// The fuller of the repeated titles names the teaser.
	const title = pending.titles.reduce<string | null>(
		(best, t) => (best === null || t.length > best.length ? t : best),
		null,
	);
	let text = paragraph?.replace(READ_MORE, '…') ?? null;
	let date: IsoDate | null = null;
	let dateSource: RawEntry['dateSource'];
	const heading = text ? parseDateHeading(text) : null;
	if (text && heading?.rest) {
		// "August 8, 2019:Representatives of …": a digest item quoted with its heading.
		date = inferYear(heading.date, { coverage: pending.coverage?.range ?? null, published: null });
		if (date) dateSource = { quote: text.slice(0, text.length - heading.rest.length).trim(), role: 'date heading' };
		text = heading.rest;
	}
	const range = pending.coverage?.range;
	if (date === null && range && range.from === range.to) {
		date = range.from;
		dateSource = { quote: pending.coverage!.line, role: 'one-day posts line' };
	}
	const dated = pending.dated ? parseDateHeading(pending.dated) : null;
	if (date === null && dated) {
		date = inferYear(dated.date, { coverage: null, published: null });
		if (date) dateSource = { quote: pending.dated!, role: 'date under the headline' };
	}
	return {
		title,
		paragraphs: text ? [text] : [],
		date,
		...(dateSource ? { dateSource } : {}),
		// A digest's headline names all of its items; its teaser shows the first one only.
		titleHasFacts: pending.coverage === null,
	};
}
