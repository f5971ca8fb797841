import { describe, expect, it } from 'vitest';
import { dueRun, lastSlot, nextSlot } from '../../src/digest/schedule.js';
import { isoWeekLabel, parseWeek, weekContaining, zonedInstant } from '../../src/digest/week.js';

const NOW = new Date('2019-03-06T04:00:00Z');

describe('digest weeks', () => {
	it('reads an ISO week as Monday to Sunday midnight in the time zone', () => {
		const week = parseWeek('2019-W09', 'Asia/Shanghai', NOW);
		expect(week).toMatchObject({ label: '2019-W09', startDate: '2019-02-25', endDate: '2019-03-03' });
		// Midnight in Shanghai (UTC+8) is 16:00 the day before in UTC.
		expect(week.start.toISOString()).toBe('2019-02-24T16:00:00.000Z');
		expect(week.end.toISOString()).toBe('2019-03-03T16:00:00.000Z');
		expect(parseWeek('2019-W09', 'UTC', NOW).start.toISOString()).toBe('2019-02-25T00:00:00.000Z');
	});

	it('labels weeks across year ends by their Thursday', () => {
		expect(isoWeekLabel('2020-12-31')).toBe('2020-W53');
		expect(isoWeekLabel('2021-01-03')).toBe('2020-W53');
		expect(isoWeekLabel('2021-01-04')).toBe('2021-W01');
		expect(isoWeekLabel('2018-12-31')).toBe('2019-W01');
		expect(isoWeekLabel('2016-01-03')).toBe('2015-W53');
		expect(parseWeek('2020-W53', 'UTC', NOW)).toMatchObject({ startDate: '2020-12-28', endDate: '2021-01-03' });
		expect(parseWeek('2019-W01', 'UTC', NOW)).toMatchObject({ startDate: '2018-12-31', endDate: '2019-01-06' });
	});

	it('takes the week of the time zone, not of UTC, near midnight', () => {
		// Sunday 20:00 UTC is already Monday 04:00 in Shanghai: a new week there, the old one in New York.
		const sundayEvening = new Date('2019-03-03T20:00:00Z');
		expect(weekContaining(sundayEvening, 'Asia/Shanghai').label).toBe('2019-W10');
		expect(weekContaining(sundayEvening, 'UTC').label).toBe('2019-W09');
		expect(weekContaining(sundayEvening, 'America/New_York').label).toBe('2019-W09');
	});

	it('follows daylight saving time changes', () => {
		// Berlin moved from UTC+1 to UTC+2 on 2019-03-31: that week is an hour shorter.
		const week = parseWeek('2019-W13', 'Europe/Berlin', NOW);
		expect(week.start.toISOString()).toBe('2019-03-24T23:00:00.000Z');
		expect(week.end.toISOString()).toBe('2019-03-31T22:00:00.000Z');
		expect(zonedInstant('2019-03-31', 9, 'Europe/Berlin').toISOString()).toBe('2019-03-31T07:00:00.000Z');
	});

	it('reads a start date as the seven days from it, and defaults to last week', () => {
		expect(parseWeek('2019-02-27', 'Asia/Shanghai', NOW)).toMatchObject({
			label: '2019-02-27+7d',
			startDate: '2019-02-27',
			endDate: '2019-03-05',
		});
		expect(parseWeek(null, 'Asia/Shanghai', NOW).label).toBe('2019-W09');
	});

	it('says what was wrong with a bad week', () => {
		expect(() => parseWeek('2019-W54', 'UTC', NOW)).toThrow(/2019 has weeks 1 to 52/);
		expect(() => parseWeek('2020-W53', 'UTC', NOW)).not.toThrow();
		expect(() => parseWeek('2019-02-30', 'UTC', NOW)).toThrow(/not a week.*2019-W09/);
		expect(() => parseWeek('last week', 'UTC', NOW)).toThrow(/not a week/);
		expect(() => parseWeek('9999-12-31', 'UTC', NOW)).toThrow(/years 1900 to 2999/);
		expect(() => parseWeek('0001-W01', 'UTC', NOW)).toThrow(/years 1900 to 2999/);
	});
});

describe('digest schedule slots', () => {
	const monday9 = { weekday: 1, hour: 9, timeZone: 'Asia/Shanghai' };

	it('finds the last and next slot in the schedule’s time zone', () => {
		// Wednesday 2019-03-06 12:00 Shanghai.
		expect(lastSlot(monday9, NOW).toISOString()).toBe('2019-03-04T01:00:00.000Z');
		expect(nextSlot(monday9, NOW).toISOString()).toBe('2019-03-11T01:00:00.000Z');
		const exactly = new Date('2019-03-04T01:00:00Z');
		expect(lastSlot(monday9, exactly).toISOString()).toBe(exactly.toISOString());
		expect(nextSlot(monday9, exactly).toISOString()).toBe('2019-03-11T01:00:00.000Z');
	});

	it('is due within the grace period after a slot, for the seven days before it', () => {
		const createdAt = new Date('2019-03-01T00:00:00Z');
		const due = dueRun(monday9, new Date('2019-03-04T01:00:00Z'), { createdAt, graceMs: 3_600_000 });
		expect(due?.key).toBe('2019-W10');
		expect(due?.period).toMatchObject({ label: '2019-W09', startDate: '2019-02-25', endDate: '2019-03-03' });
		expect(dueRun(monday9, new Date('2019-03-04T00:59:59Z'), { createdAt, graceMs: 3_600_000 })).toBeNull();
		// Missed for longer than the grace period: that week is skipped.
		expect(dueRun(monday9, new Date('2019-03-04T02:00:01Z'), { createdAt, graceMs: 3_600_000 })).toBeNull();
		// A slot before the schedule existed is not owed.
		expect(dueRun(monday9, NOW, { createdAt: NOW, graceMs: 7 * 86_400_000 })).toBeNull();
	});

	it('keys a Sunday-night slot that is Monday in UTC by its local week', () => {
		const sunday23 = { weekday: 7, hour: 23, timeZone: 'America/New_York' };
		const at = new Date('2019-03-11T03:30:00Z'); // Sunday 23:30 EDT
		const due = dueRun(sunday23, at, { createdAt: new Date(0), graceMs: 3_600_000 });
		expect(due?.key).toBe('2019-W10');
		expect(due?.period).toMatchObject({ startDate: '2019-03-03', endDate: '2019-03-09' });
	});
});
