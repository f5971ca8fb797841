import { createRequire } from 'node:module';
import type * as ChronoEnglish from 'chrono-node/en';

// English only, and loaded when a date is first written in words: chrono-node with every locale adds ~150 ms to start.
const require = createRequire(import.meta.url);
let chrono: typeof ChronoEnglish | undefined;

/**
 * The first or last day of the period a person wrote ("2019-02-25", "2019", "March 2019", "25 April 2019",
 * "April 25", "last year", "last month"), as `yyyy-mm-dd`; null when the text is not one date.
 * Exact forms are read here; words go to chrono-node. A bound is a whole period: `to: March 2019` ends on the 31st.
 * Dates without a year are the last such day up to `today` (records are of the past). Numeric dates with slashes
 * (3/4/2019) are refused: month-first and day-first readers disagree, and a filter must not guess.
 */
export function readDateBound(text: string, edge: 'start' | 'end', today: string): string | null {
	// "since March", "until 2020", "in 2019": the option already says which edge it is.
	const written = text.trim().replace(/^(?:in|since|from|until|till|by)\s+/i, '');
	const exact = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(written);
	if (exact) return bound(Number(exact[1]), numberOrNull(exact[2]), numberOrNull(exact[3]), edge);
	if (/^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(written)) return null;

	const reference = new Date(`${today}T12:00:00Z`);
	chrono ??= require('chrono-node/en') as typeof ChronoEnglish;
	const results = chrono.parse(written, { instant: reference, timezone: 'UTC' });
	const [result] = results;
	// One date, and the whole text of it: "March and May", "Hunan 2019" are not one date.
	if (results.length !== 1 || !result || result.end || result.text.length < written.length) return null;
	const { start } = result;
	let year = start.get('year');
	const month = start.isCertain('month') || start.isCertain('day') ? start.get('month') : null;
	const day = start.isCertain('day') ? start.get('day') : null;
	if (year === null) return null;
	if (!start.isCertain('year') && month !== null) {
		const candidate = bound(year, month, day, 'start');
		if (candidate !== null && candidate > today) year -= 1;
	}
	return bound(year, month, day, edge);
}

function numberOrNull(value: string | undefined): number | null {
	return value === undefined ? null : Number(value);
}

/** First or last day of a year, a month of it, or one day; null for a day the calendar does not have. */
function bound(year: number, month: number | null, day: number | null, edge: 'start' | 'end'): string | null {
	if (year < 1900 || year > 2100 || (month !== null && (month < 1 || month > 12))) return null;
	const lastDay = (m: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
	const m = month ?? (edge === 'start' ? 1 : 12);
	const d = day ?? (edge === 'start' ? 1 : lastDay(m));
	if (d < 1 || d > lastDay(m)) return null;
	return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
