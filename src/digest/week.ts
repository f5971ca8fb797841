import type { IsoDate } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';

/** The digest's default time zone: the corpus is about mainland China (UTC+8 all year, no DST). */
export const DEFAULT_DIGEST_TIME_ZONE = 'Asia/Shanghai';

/** Seven local days [startDate, endDate] of a time zone, with the instants they begin and end. */
export interface DigestWeek {
	/** `2019-W09` for an ISO week, `2019-02-27+7d` for a week from a start date. */
	readonly label: string;
	readonly startDate: IsoDate;
	/** The last day (inclusive). */
	readonly endDate: IsoDate;
	readonly timeZone: string;
	/** The first instant of startDate in the time zone. */
	readonly start: Date;
	/** The first instant after endDate (exclusive). */
	readonly end: Date;
}

const DAY_MS = 86_400_000;
const ISO_WEEK = /^(\d{4})-?W(\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when Intl knows the IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

export function assertTimeZone(timeZone: string): string {
	if (!isValidTimeZone(timeZone))
		throw new UserFacingError(
			`Unknown time zone "${timeZone}". Use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC.`,
		);
	return timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
	let found = formatters.get(timeZone);
	if (!found) {
		found = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, found);
	}
	return found;
}

/** Wall-clock fields of an instant in a time zone. */
export function zonedParts(instant: Date, timeZone: string): { date: IsoDate; hour: number; minute: number } {
	const parts = Object.fromEntries(
		formatter(timeZone)
			.formatToParts(instant)
			.map((p) => [p.type, p.value]),
	);
	return {
		date: `${parts.year}-${parts.month}-${parts.day}`,
		hour: Number(parts.hour),
		minute: Number(parts.minute),
	};
}

/** Minutes the time zone is ahead of UTC at an instant. */
function offsetMinutes(instant: Date, timeZone: string): number {
	const parts = Object.fromEntries(
		formatter(timeZone)
			.formatToParts(instant)
			.map((p) => [p.type, p.value]),
	);
	const asUtc = Date.UTC(
		Number(parts.year),
		Number(parts.month) - 1,
		Number(parts.day),
		Number(parts.hour),
		Number(parts.minute),
		Number(parts.second),
	);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local date and hour begins in a time zone (in a DST gap: the first instant after it). */
export function zonedInstant(date: IsoDate, hour: number, timeZone: string): Date {
	const wall = dayNumber(date) * DAY_MS + hour * 3_600_000;
	// Two passes settle on the offset in force at the target, also across a DST change.
	let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
	guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
	return new Date(guess);
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** Days since 1970-01-01 of a calendar date. */
function dayNumber(date: IsoDate): number {
	const match = DATE.exec(date);
	if (!match) throw new Error(`not an ISO date: ${date}`);
	return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function dateOfDay(day: number): IsoDate {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
	return dateOfDay(dayNumber(date) + days);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(date: IsoDate): number {
	return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** ISO week label of a calendar date (`2020-W53`, `2021-W01`): the week's Thursday decides its year. */
export function isoWeekLabel(date: IsoDate): string {
	const thursday = addDays(date, 4 - isoWeekday(date));
	const year = Number(thursday.slice(0, 4));
	const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of an ISO week. */
function isoWeekMonday(year: number, week: number): IsoDate {
	// 4 January is always in week 1.
	const jan4 = `${year}-01-04`;
	return addDays(jan4, (week - 1) * 7 - (isoWeekday(jan4) - 1));
}

function weeksInYear(year: number): number {
	return isoWeekLabel(`${year}-12-28`).endsWith('53') ? 53 : 52;
}

/** The seven days from `startDate` in a time zone, labelled as given. */
export function weekFrom(startDate: IsoDate, timeZone: string, label?: string): DigestWeek {
	const endDate = addDays(startDate, 6);
	const isMonday = isoWeekday(startDate) === 1;
	return {
		label: label ?? (isMonday ? isoWeekLabel(startDate) : `${startDate}+7d`),
		startDate,
		endDate,
		timeZone,
		start: zonedInstant(startDate, 0, timeZone),
		end: zonedInstant(addDays(startDate, 7), 0, timeZone),
	};
}

/** The ISO week (Monday to Sunday, local days) containing an instant. */
export function weekContaining(instant: Date, timeZone: string): DigestWeek {
	const { date } = zonedParts(instant, timeZone);
	return weekFrom(addDays(date, 1 - isoWeekday(date)), timeZone);
}

/** The seven days before this week. */
export function previousWeek(week: DigestWeek): DigestWeek {
	return weekFrom(addDays(week.startDate, -7), week.timeZone);
}

/**
 * Reads `2019-W09` (an ISO week) or `2019-02-25` (seven days from that date); without a spec, the last complete
 * ISO week before `now`.
 */
export function parseWeek(spec: string | null | undefined, timeZone: string, now: Date): DigestWeek {
	if (!spec?.trim()) return previousWeek(weekContaining(now, timeZone));
	const text = spec.trim();
	// Calendar arithmetic past year 9999 leaves the ISO format; no source is dated outside these years anyway.
	const year = Number(text.slice(0, 4));
	if (/^\d{4}-/.test(text) && (year < MIN_YEAR || year > MAX_YEAR)) {
		throw new UserFacingError(
			`Digests cover the years ${MIN_YEAR} to ${MAX_YEAR}; "${text.slice(0, 40)}" is outside them.`,
		);
	}
	const week = ISO_WEEK.exec(text);
	if (week) {
		const number = Number(week[2]);
		if (number < 1 || number > weeksInYear(year))
			throw new UserFacingError(
				`${year} has weeks 1 to ${weeksInYear(year)}, not ${number}. Write the week like 2019-W09.`,
			);
		return weekFrom(isoWeekMonday(year, number), timeZone);
	}
	const date = DATE.exec(text);
	if (date && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && dateOfDay(dayNumber(text)) === text) {
		return weekFrom(text, timeZone);
	}
	throw new UserFacingError(
		`"${text.slice(0, 40)}" is not a week. Write an ISO week like 2019-W09, or a start date like 2019-02-25.`,
	);
}
