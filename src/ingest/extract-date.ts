import type { IsoDate } from '../domain/entry.js';
import { execAll } from '../domain/matches.js';

const MONTHS: Record<string, number> = {
	january: 1,
	jan: 1,
	february: 2,
	feb: 2,
	march: 3,
	mar: 3,
	april: 4,
	apr: 4,
	may: 5,
	june: 6,
	jun: 6,
	july: 7,
	jul: 7,
	august: 8,
	aug: 8,
	september: 9,
	sept: 9,
	sep: 9,
	october: 10,
	oct: 10,
	november: 11,
	nov: 11,
	december: 12,
	dec: 12,
};

const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`((?:19|20)\d{2})`;
const DASH = String.raw`\s*[-–—~]\s*`;

/** A date as written: the year may be missing ("April 25:"), to be inferred from the page. */
export interface PartialDate {
	readonly year: number | null;
	readonly month: number;
	readonly day: number;
}

export interface DateRange {
	readonly from: IsoDate;
	readonly to: IsoDate;
}

/** Formats a year, month and day as an ISO date, or null when the day does not exist (Feb 30). */
export function toIsoDate(year: number, month: number, day: number): IsoDate | null {
	if (month < 1 || month > 12 || day < 1 || day > 31) return null;
	const probe = new Date(Date.UTC(year, month - 1, day));
	if (probe.getUTCMonth() !== month - 1) return null;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number {
	return MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? 0;
}

// "February 15, 2019", "Feb 15 2019", "April 25" (no year), "15 February 2019", "2019-02-15", "2019年2月15日", "2月15日".
const MONTH_DAY_YEAR = new RegExp(String.raw`^${MONTH}\s+${DAY}(?:,?\s+${YEAR})?$`, 'i');
const DAY_MONTH_YEAR = new RegExp(String.raw`^${DAY}\s+${MONTH},?(?:\s+${YEAR})?$`, 'i');
const ISO = /^((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const CHINESE = /^(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$/;

/** Parses one date written on its own (no surrounding text); null when it is not a date. */
export function parseDate(raw: string): PartialDate | null {
	const text = raw.trim();
	let m = MONTH_DAY_YEAR.exec(text);
	if (m) return valid({ month: monthNumber(m[1]!), day: Number(m[2]), year: m[3] ? Number(m[3]) : null });
	m = DAY_MONTH_YEAR.exec(text);
	if (m) return valid({ day: Number(m[1]), month: monthNumber(m[2]!), year: m[3] ? Number(m[3]) : null });
	m = ISO.exec(text);
	if (m) return valid({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
	m = CHINESE.exec(text);
	if (m) return valid({ year: m[1] ? Number(m[1]) : null, month: Number(m[2]), day: Number(m[3]) });
	return null;
}

function valid(date: PartialDate): PartialDate | null {
	// Year 2000 is a leap year, so Feb 29 without a year stays possible until the year is known.
	return toIsoDate(date.year ?? 2000, date.month, date.day) ? date : null;
}

/** The ISO form of a date that carries its year; null otherwise. */
export function fullIsoDate(date: PartialDate | null): IsoDate | null {
	return date && date.year !== null ? toIsoDate(date.year, date.month, date.day) : null;
}

const HEADING_DATE = String.raw`(?:${MONTH}\s+${DAY}(?:,?\s+${YEAR})?|${DAY}\s+${MONTH},?(?:\s+${YEAR})?|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号])`;
// A heading is a date alone on its line, usually followed by a colon: "February 15, 2019:" or "April 25:".
const HEADING_LINE = new RegExp(String.raw`^(${HEADING_DATE})\s*[:：]?$`, 'i');
// Some pages run the heading into the item: "August 22, 2019: The Public Security Bureau of …".
const HEADING_PREFIX = new RegExp(String.raw`^(${HEADING_DATE})\s*[:：]\s*(?=\S)`, 'i');

export interface DateHeading {
	readonly date: PartialDate;
	/** Text after the heading on the same line ("" for a heading alone on its line). */
	readonly rest: string;
}

/** Recognizes a date heading that opens a digest item; null for ordinary paragraphs. */
export function parseDateHeading(line: string): DateHeading | null {
	const text = line.trim();
	if (text.length > 200) {
		const prefix = HEADING_PREFIX.exec(text);
		return prefix ? headingFrom(prefix[1]!, text.slice(prefix[0].length)) : null;
	}
	const alone = HEADING_LINE.exec(text);
	if (alone) return headingFrom(alone[1]!, '');
	const prefix = HEADING_PREFIX.exec(text);
	return prefix ? headingFrom(prefix[1]!, text.slice(prefix[0].length)) : null;
}

function headingFrom(dateText: string, rest: string): DateHeading | null {
	const date = parseDate(dateText);
	return date ? { date, rest: rest.trim() } : null;
}

// Ranges as ChinaFile writes them after a dash: "February 15-25, 2019", "March 31-April 11, 2019",
// "December 28, 2018-January 5, 2019", or a single "August 22, 2019".
const RANGE_SAME_MONTH = new RegExp(String.raw`${MONTH}\s+${DAY}${DASH}${DAY},?\s+${YEAR}$`, 'i');
const RANGE_TWO_MONTHS = new RegExp(String.raw`${MONTH}\s+${DAY}${DASH}${MONTH}\s+${DAY},?\s+${YEAR}$`, 'i');
const RANGE_TWO_YEARS = new RegExp(String.raw`${MONTH}\s+${DAY},?\s+${YEAR}${DASH}${MONTH}\s+${DAY},?\s+${YEAR}$`, 'i');
const SINGLE_DAY = new RegExp(String.raw`${MONTH}\s+${DAY},?\s+${YEAR}$`, 'i');

/** Parses a date range at the end of a line ("…Posts—March 31-April 11, 2019"); null if none. */
export function parseTrailingRange(line: string): DateRange | null {
	const text = line.trim().replace(/[.。]$/, '');
	let m = RANGE_TWO_YEARS.exec(text);
	if (m) return range(toIsoDate(+m[3]!, monthNumber(m[1]!), +m[2]!), toIsoDate(+m[6]!, monthNumber(m[4]!), +m[5]!));
	m = RANGE_TWO_MONTHS.exec(text);
	if (m) {
		const year = +m[5]!;
		const fromMonth = monthNumber(m[1]!);
		const toMonth = monthNumber(m[3]!);
		// "December 28-January 5, 2019" starts in the previous year.
		const fromYear = fromMonth > toMonth ? year - 1 : year;
		return range(toIsoDate(fromYear, fromMonth, +m[2]!), toIsoDate(year, toMonth, +m[4]!));
	}
	m = RANGE_SAME_MONTH.exec(text);
	if (m) {
		const month = monthNumber(m[1]!);
		return range(toIsoDate(+m[4]!, month, +m[2]!), toIsoDate(+m[4]!, month, +m[3]!));
	}
	m = SINGLE_DAY.exec(text);
	if (m) {
		const day = toIsoDate(+m[3]!, monthNumber(m[1]!), +m[2]!);
		return range(day, day);
	}
	return null;
}

function range(from: IsoDate | null, to: IsoDate | null): DateRange | null {
	return from && to && from <= to ? { from, to } : null;
}

const DAY_MS = 86_400_000;

function dayNumber(iso: IsoDate): number {
	return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

/**
 * Gives a year-less heading ("April 25:") its year: the year that puts it inside the page's range
 * (with a week of slack), else the latest year that does not put it after the page's publication.
 */
export function inferYear(
	date: PartialDate,
	context: { coverage: DateRange | null; published: IsoDate | null },
): IsoDate | null {
	if (date.year !== null) return toIsoDate(date.year, date.month, date.day);
	const anchor = context.coverage?.to ?? context.published;
	if (!anchor) return null;
	const anchorYear = Number(anchor.slice(0, 4));
	const candidates = [anchorYear + 1, anchorYear, anchorYear - 1]
		.map((year) => toIsoDate(year, date.month, date.day))
		.filter((iso): iso is IsoDate => iso !== null);
	if (context.coverage) {
		const from = dayNumber(context.coverage.from) - 7;
		const to = dayNumber(context.coverage.to) + 7;
		const inside = candidates.find((iso) => dayNumber(iso) >= from && dayNumber(iso) <= to);
		if (inside) return inside;
	}
	const limit = dayNumber(context.published ?? anchor);
	return candidates.find((iso) => dayNumber(iso) <= limit) ?? null;
}

// Full dates inside running text: "on April 26, 2017", "(May 29, 2019)", "2019年5月29日".
const FULL_DATE_IN_TEXT = new RegExp(
	String.raw`\b${MONTH}\s+${DAY},?\s+${YEAR}\b|\b${DAY}\s+${MONTH},?\s+${YEAR}\b|\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b|((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`,
	'gi',
);

/** Every full date (with its year) written in running text, in order. */
export function findFullDates(text: string): { date: IsoDate; index: number; text: string }[] {
	const found: { date: IsoDate; index: number; text: string }[] = [];
	for (const m of execAll(FULL_DATE_IN_TEXT, text)) {
		let iso: IsoDate | null = null;
		if (m[1]) iso = toIsoDate(+m[3]!, monthNumber(m[1]), +m[2]!);
		else if (m[5]) iso = toIsoDate(+m[6]!, monthNumber(m[5]), +m[4]!);
		else if (m[7]) iso = toIsoDate(+m[7], +m[8]!, +m[9]!);
		else if (m[10]) iso = toIsoDate(+m[10], +m[11]!, +m[12]!);
		if (iso) found.push({ date: iso, index: m.index, text: m[0] });
	}
	return found;
}

/** A line that is nothing but a full date ("March 19, 2019"): a page's publication date. */
export function parseStandaloneDate(line: string): IsoDate | null {
	// Bylines count too: "Posted on 8 November 2021 by CDB staff", "Published: 2019-03-19".
	// "Updated: 2013-04-21 01:28", "2020/8/5 16:11:00 本站", "Posted on 8 November 2021 by CDB staff".
	const text = line
		.trim()
		.replace(/^(?:published|posted|updated|date|release date|time)(?:\s+on)?\s*[:：]?\s*/i, '')
		.replace(/\s+by\s+\S.{0,60}$/i, '')
		.replace(/\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+\S{1,12}){0,2}$/i, '')
		.replace(/\s*(?:\|[^|]{0,40})+$/, '')
		.replace(/[.。]$/, '');
	if (text.length > 40) return null;
	return fullIsoDate(parseDate(text));
}
