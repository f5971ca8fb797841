import { describe, expect, it } from 'vitest';

import { readDateBound } from '../../src/query/date-bound.js';

const TODAY = '2026-12-07';
const start = (text: string) => readDateBound(text, 'start', TODAY);
const end = (text: string) => readDateBound(text, 'end', TODAY);

describe('readDateBound', () => {
	it('reads the exact forms: a day, a month, a year, each as the edge of its period', () => {
		expect([start('2019-02-25'), end('2019-02-25')]).toEqual(['2019-02-25', '2019-02-25']);
		expect([start('2020-02'), end('2020-02')]).toEqual(['2020-02-01', '2020-02-29']);
		expect([start('2019'), end('2019')]).toEqual(['2019-01-01', '2019-12-31']);
	});

	it('reads dates written in words through chrono-node, with the whole month when no day is given', () => {
		expect(start('25 April 2019')).toBe('2019-04-25');
		expect(start('April 25, 2019')).toBe('2019-04-25');
		expect([start('March 2019'), end('March 2019')]).toEqual(['2019-03-01', '2019-03-31']);
		expect(end('Sept. 2018')).toBe('2018-09-30');
	});

	it('reads periods relative to today', () => {
		expect([start('last year'), end('last year')]).toEqual(['2025-01-01', '2025-12-31']);
		expect([start('this year'), end('this year')]).toEqual(['2026-01-01', '2026-12-31']);
		expect([start('last month'), end('last month')]).toEqual(['2026-11-01', '2026-11-30']);
		expect(start('yesterday')).toBe('2026-12-06');
	});

	it('takes a date without a year as the last such day up to today, never one in the future', () => {
		expect(start('April 25')).toBe('2026-04-25');
		expect(start('December 25')).toBe('2025-12-25');
		expect(start('since March')).toBe('2026-03-01');
		expect(end('in 2019')).toBe('2019-12-31');
	});

	it('refuses what is not one date, rather than guessing', () => {
		for (const text of [
			'',
			'Hunan',
			'soon-ish',
			'between March and May 2019',
			'March 2019 Hunan',
			'3/4/2019',
			'2019-02-30',
			'2019-13',
			'1776',
		]) {
			expect(start(text), text).toBeNull();
		}
	});
});
