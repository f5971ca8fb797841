import { domainToUnicode } from 'node:url';
import { MONTH_NAMES } from '../domain/text.js';
import type { Entry, IsoDate, SourceInfo } from '../domain/entry.js';

/**
 * Ready-to-paste references for one entry. Pure and deterministic: the same entry, style and accessed
 * date always give the same text (no clock, no locale), so citations can be compared and tested.
 */

export const CITATION_STYLES = ['plain', 'apa', 'bibtex'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

export interface CiteOptions {
	/** The day the reader looked the source up (the bot passes its `today`). */
	readonly accessed: IsoDate;
}

/**
 * Publishers the corpus comes from, by registrable domain (subdomains match too). Any other host is
 * named as written, without `www.`.
 */
export const PUBLISHERS_BY_DOMAIN: Readonly<Record<string, string>> = {
	'chinafile.com': 'ChinaFile',
	'chinadevelopmentbrief.cn': 'China Development Brief',
	'chinadevelopmentbrief.org': 'China Development Brief',
};

const UNTITLED = 'Untitled document';

const MONTHS = MONTH_NAMES;

/** Who published the source, from its URL's host; null without a URL that has a host. */
export function publisherOf(source: Pick<SourceInfo, 'url'>): string | null {
	if (!source.url) return null;
	let host: string;
	try {
		host = new URL(source.url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return null;
	}
	if (!host) return null;
	for (const [domain, name] of Object.entries(PUBLISHERS_BY_DOMAIN)) {
		if (host === domain || host.endsWith(`.${domain}`)) return name;
	}
	// Internationalized names as people write them, not as punycode.
	return (domainToUnicode(host) || host).replace(/^www\./, '');
}

export function citeEntry(entry: Entry, style: CitationStyle, options: CiteOptions): string {
	switch (style) {
		case 'plain':
			return plain(entry, options);
		case 'apa':
			return apa(entry, options);
		case 'bibtex':
			return bibtex(entry, options);
	}
}

/** Titles and paths come from documents: one line, single spaces. */
function oneLine(text: string | null): string | null {
	const line = text?.replace(/\s+/g, ' ').trim();
	return line ? line : null;
}

function dateParts(date: IsoDate | null): { year: string; month: string; day: number } | null {
	const match = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
	if (!match) return null;
	const month = MONTHS[Number(match[2]) - 1];
	const day = Number(match[3]);
	if (!month || day < 1 || day > 31) return null;
	return { year: match[1]!, month, day };
}

/** Where to find the source: its web address, else the ingested file. */
function locator(source: SourceInfo): string | null {
	return oneLine(source.url) ?? oneLine(source.path);
}

/** A sentence ends with exactly one terminal mark, whatever the title already ends with. */
function sentence(text: string): string {
	return /[.?!…]$/.test(text) ? text : `${text}.`;
}

// “Title”, Publisher, published 2019-03-19; ngo-bot entry #12 (2019-02-15). https://… Accessed 2026-01-02.
function plain(entry: Entry, { accessed }: CiteOptions): string {
	const title = oneLine(entry.source.title);
	const parts = [title ? `“${title}”` : UNTITLED, publisherOf(entry.source) ?? 'unknown publisher'];
	if (entry.source.published) parts.push(`published ${entry.source.published}`);
	const where = locator(entry.source) ?? 'unknown source';
	return `${parts.join(', ')}; ngo-bot entry #${entry.id} (${entry.date ?? 'undated'}). ${where}. Accessed ${accessed}.`;
}

// APA 7 for a web page: Author. (Date). Title. Site. Retrieved Month day, year, from URL
// - The publisher is the author; the site name is left out when it is the author (APA 7, 9.16).
// - No publisher (no URL): the title moves to the author position (APA 7, 9.12).
// - No title: a description in square brackets (APA 7, 9.22). No date: (n.d.).
// - Titles are kept as written: case changes would corrupt names and acronyms.
function apa(entry: Entry, { accessed }: CiteOptions): string {
	const title = oneLine(entry.source.title) ?? `[${UNTITLED}]`;
	const publisher = publisherOf(entry.source);
	const published = dateParts(entry.source.published);
	const date = published ? `(${published.year}, ${published.month} ${published.day}).` : '(n.d.).';
	const seen = dateParts(accessed);
	const retrieved = seen ? `${seen.month} ${seen.day}, ${seen.year}` : accessed;
	const head = publisher ? [sentence(publisher), date, sentence(title)] : [sentence(title), date];
	const where = locator(entry.source);
	const tail = where ? `Retrieved ${retrieved}, from ${where}` : `Retrieved ${retrieved}.`;
	return [...head, tail].join(' ');
}

const BIBTEX_SPECIALS: Readonly<Record<string, string>> = {
	'\\': '\\textbackslash{}',
	'{': '\\{',
	'}': '\\}',
	'%': '\\%',
	'&': '\\&',
	$: '\\$',
	'#': '\\#',
	_: '\\_',
	'~': '\\textasciitilde{}',
	'^': '\\textasciicircum{}',
};

/** Escapes BibTeX/LaTeX specials in a text field, in one pass; non-ASCII stays (biblatex reads UTF-8). */
export function escapeBibtex(text: string): string {
	return text.replace(/[\\{}%&$#_~^]/g, (char) => BIBTEX_SPECIALS[char] ?? char);
}

/**
 * `url` is a verbatim field in biblatex: escapes would become part of the address. Only what would break
 * the .bib syntax (braces, backslashes, whitespace) is percent-encoded, which leaves the URL equivalent.
 */
function bibtexUrl(url: string): string {
	return url.replace(/[{}\\\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// @online{ngobot-12, title = {…}, url = {…}, date = {…}, urldate = {…}, organization = {…}, note = {…}}
// Fields without a value are left out rather than filled with placeholders; without a URL the source
// file goes into the note (and there is no urldate, which only dates a URL).
function bibtex(entry: Entry, { accessed }: CiteOptions): string {
	const url = oneLine(entry.source.url);
	const path = oneLine(entry.source.path);
	const publisher = publisherOf(entry.source);
	const note = [
		`ngo-bot entry #${entry.id}, ${entry.date ? `entry dated ${entry.date}` : 'undated entry'}`,
		!url && path ? `source file ${path}` : null,
	]
		.filter(Boolean)
		.join('; ');
	const fields: [string, string | null][] = [
		['title', escapeBibtex(oneLine(entry.source.title) ?? UNTITLED)],
		['url', url ? bibtexUrl(url) : null],
		['date', dateParts(entry.source.published) ? entry.source.published : null],
		['urldate', url ? escapeBibtex(accessed) : null],
		['organization', publisher ? escapeBibtex(publisher) : null],
		['note', escapeBibtex(note)],
	];
	const body = fields.filter(([, value]) => value !== null).map(([name, value]) => `  ${name} = {${value}},`);
	return [`@online{ngobot-${entry.id},`, ...body, '}'].join('\n');
}
