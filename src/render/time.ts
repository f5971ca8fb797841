/**
 * Moments (ingests, posts, checks) as Discord timestamps, which every reader sees in their own time zone and
 * language ("<t:1700000000:f>" → "14 November 2023 22:13"; ":R" → "3 days ago"); the terminal reads them back as
 * UTC (`plainText` in text.ts). Calendar dates of entries are dates, not moments, and stay as written.
 */

/** Discord's timestamp styles used here: f date and time, F with the weekday, D date, R relative. */
export type TimestampStyle = 'f' | 'F' | 'D' | 'R';

/** `<t:unix:style>` for an ISO timestamp (or a Date); the text itself when it is not a valid time. */
export function timestamp(at: string | Date, style: TimestampStyle = 'f'): string {
	const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
	return Number.isFinite(ms) ? `<t:${Math.floor(ms / 1000)}:${style}>` : String(at);
}

/** "<t:…:f> (<t:…:R>)": when, and how long ago; `never` when there is no time. */
export function moment(at: string | null, never = 'never'): string {
	if (at === null) return never;
	const when = timestamp(at);
	return when.startsWith('<t:') ? `${when} (${timestamp(at, 'R')})` : when;
}

/** "2026-11-20 10:00 UTC": a moment for a terminal. */
export function utcMinute(at: string): string {
	const ms = Date.parse(at);
	return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : at;
}
