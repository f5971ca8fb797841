import { type DigestWeek, addDays, isoWeekday, isoWeekLabel, weekFrom, zonedInstant, zonedParts } from './week.js';

/** When a channel's digest goes out: an ISO weekday (1 Monday … 7 Sunday) and hour in a time zone. */
export interface WeeklySlot {
	readonly weekday: number;
	readonly hour: number;
	readonly timeZone: string;
}

/** A run the scheduler owes: the slot it belongs to, the week's key and the seven days it covers. */
export interface DueRun {
	readonly slot: Date;
	/** Idempotency key: the ISO week of the slot (one post per channel per calendar week). */
	readonly key: string;
	/** The seven local days before the slot's day (for a Monday slot: the previous ISO week). */
	readonly period: DigestWeek;
}

const WEEK_MS = 7 * 86_400_000;

/** The latest slot at or before `now`. */
export function lastSlot(slot: WeeklySlot, now: Date): Date {
	const { date } = zonedParts(now, slot.timeZone);
	const day = addDays(date, slot.weekday - isoWeekday(date));
	const instant = zonedInstant(day, slot.hour, slot.timeZone);
	return instant.getTime() <= now.getTime() ? instant : zonedInstant(addDays(day, -7), slot.hour, slot.timeZone);
}

/** The first slot strictly after `now`. */
export function nextSlot(slot: WeeklySlot, now: Date): Date {
	const last = lastSlot(slot, now);
	const { date } = zonedParts(last, slot.timeZone);
	return zonedInstant(addDays(date, 7), slot.hour, slot.timeZone);
}

/** The run a slot stands for. */
export function runOf(slot: WeeklySlot, at: Date): DueRun {
	const { date } = zonedParts(at, slot.timeZone);
	const start = addDays(date, -7);
	return { slot: at, key: isoWeekLabel(date), period: weekFrom(start, slot.timeZone) };
}

/**
 * The run due at `now`, if any: the latest slot, unless it came before the schedule existed or more than
 * `graceMs` ago (a bot down for longer skips that week rather than posting stale news late).
 */
export function dueRun(slot: WeeklySlot, now: Date, options: { createdAt: Date; graceMs: number }): DueRun | null {
	const last = lastSlot(slot, now);
	if (last.getTime() < options.createdAt.getTime()) return null;
	if (now.getTime() - last.getTime() > Math.min(options.graceMs, WEEK_MS)) return null;
	return runOf(slot, last);
}
