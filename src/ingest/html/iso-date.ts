import { MONTH_NAMES } from '../../domain/text.js';
// Calendar dates written in page metadata and datelines. Free-text periods ("last year") are read by chrono-node elsewhere.

/** Calendar date `yyyy-mm-dd` found in a date string (ISO, "March 19, 2019", "19 March 2019", "2019年3月19日"). */
export function toIsoDate(value: string): string | null {
	for (const m of value.matchAll(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g)) {
		const date = validDate(m[1], m[2], m[3]);
		if (date) return date;
	}
	for (const m of value.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g)) {
		const date = validDate(m[1], m[2], m[3]);
		if (date) return date;
	}
	for (const m of value.matchAll(/\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/g)) {
		const date = validDate(m[3], monthNumber(m[1]), m[2]);
		if (date) return date;
	}
	for (const m of value.matchAll(/\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/g)) {
		const date = validDate(m[3], monthNumber(m[2]), m[1]);
		if (date) return date;
	}
	return null;
}

const MONTHS = MONTH_NAMES.map((name) => name.toLowerCase());

function monthNumber(name: string | undefined): string | undefined {
	const lower = name?.toLowerCase() ?? '';
	// Full names and abbreviations ("Mar", "Sept"), not words that merely start like a month ("Marchers", "Maybe").
	const index = MONTHS.findIndex((month) => month === lower || (lower.length <= 4 && month.startsWith(lower)));
	return index < 0 || lower.length < 3 ? undefined : String(index + 1);
}

function validDate(year?: string, month?: string, day?: string): string | null {
	const y = Number(year);
	const m = Number(month);
	const d = Number(day);
	if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1900 || y > 2100) return null;
	if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
