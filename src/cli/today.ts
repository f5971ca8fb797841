import type { IsoDate } from '../domain/entry.js';

/** Today's date where the bot's sources are (China has one time zone, UTC+8, and no daylight saving). */
export function todayIn(now: Date = new Date(), utcOffsetMinutes = 480): IsoDate {
	return new Date(now.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
