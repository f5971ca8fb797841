import { describe, expect, it } from 'vitest';
import {
	findFullDates,
	inferYear,
	parseDate,
	parseDateHeading,
	parseStandaloneDate,
	parseTrailingRange,
	toIsoDate,
} from '../../src/ingest/extract-date.js';

describe('parseDate', () => {
	it.each([
		['February 15, 2019', { year: 2019, month: 2, day: 15 }],
		['Feb 25, 2019', { year: 2019, month: 2, day: 25 }],
		['Feb. 25 2019', { year: 2019, month: 2, day: 25 }],
		['25 February 2019', { year: 2019, month: 2, day: 25 }],
		['2019-02-25', { year: 2019, month: 2, day: 25 }],
		['2019年2月25日', { year: 2019, month: 2, day: 25 }],
		['April 25', { year: null, month: 4, day: 25 }],
		['December 18th', { year: null, month: 12, day: 18 }],
	])('reads %s', (text, expected) => {
		expect(parseDate(text)).toEqual(expected);
	});

	it.each(['February 30, 2019', '2019-13-01', 'Hunan 25', 'April', ''])('rejects %s', (text) => {
		expect(parseDate(text)).toBeNull();
	});

	it('knows leap years', () => {
		expect(toIsoDate(2020, 2, 29)).toBe('2020-02-29');
		expect(toIsoDate(2019, 2, 29)).toBeNull();
	});
});

describe('parseDateHeading', () => {
	it('recognizes a heading alone on its line, with or without the year', () => {
		expect(parseDateHeading('February 15, 2019:')).toEqual({ date: { year: 2019, month: 2, day: 15 }, rest: '' });
		expect(parseDateHeading('April 25:')?.date).toEqual({ year: null, month: 4, day: 25 });
		expect(parseDateHeading('2019年4月25日：')?.date).toEqual({ year: 2019, month: 4, day: 25 });
	});

	it('splits a heading run into its item', () => {
		const heading = parseDateHeading('August 22, 2019: The Xinjiang PSB held a training course.');
		expect(heading?.rest).toBe('The Xinjiang PSB held a training course.');
	});

	it('does not take a sentence that starts with a date for a heading', () => {
		expect(parseDateHeading('On April 26, Beijing approved the registration.')).toBeNull();
		expect(parseDateHeading('April 26 was the day the office opened.')).toBeNull();
	});
});

describe('parseTrailingRange', () => {
	it('reads ranges within a month, across months and across years', () => {
		expect(parseTrailingRange('Ministry of Public Security WeChat Posts—February 15-25, 2019')).toEqual({
			from: '2019-02-15',
			to: '2019-02-25',
		});
		expect(parseTrailingRange('WeChat Posts—March 31-April 11, 2019')).toEqual({
			from: '2019-03-31',
			to: '2019-04-11',
		});
		expect(parseTrailingRange('Posts—December 28-January 5, 2019')).toEqual({ from: '2018-12-28', to: '2019-01-05' });
		expect(parseTrailingRange('Posts—December 28, 2018–January 5, 2019')).toEqual({
			from: '2018-12-28',
			to: '2019-01-05',
		});
	});

	it('reads a single day as a one-day range', () => {
		expect(parseTrailingRange('WeChat Posts—August 22, 2019')).toEqual({ from: '2019-08-22', to: '2019-08-22' });
	});

	it('returns null when the line does not end with a date', () => {
		expect(parseTrailingRange('Digitization in Fujian, and a Symposium in Gansu')).toBeNull();
	});
});

describe('inferYear', () => {
	it('puts a year-less heading inside the page range', () => {
		const coverage = { from: '2019-04-20', to: '2019-04-30' };
		expect(inferYear({ year: null, month: 4, day: 25 }, { coverage, published: '2019-05-02' })).toBe('2019-04-25');
	});

	it('picks the previous year for a December item on a range that crosses New Year', () => {
		const coverage = { from: '2018-12-28', to: '2019-01-05' };
		expect(inferYear({ year: null, month: 12, day: 30 }, { coverage, published: '2019-01-10' })).toBe('2018-12-30');
		expect(inferYear({ year: null, month: 1, day: 3 }, { coverage, published: '2019-01-10' })).toBe('2019-01-03');
	});

	it('falls back to the latest year not after the page date', () => {
		expect(inferYear({ year: null, month: 11, day: 2 }, { coverage: null, published: '2019-03-01' })).toBe(
			'2018-11-02',
		);
	});

	it('keeps an explicit year and gives up without any anchor', () => {
		expect(inferYear({ year: 2017, month: 4, day: 25 }, { coverage: null, published: '2019-03-01' })).toBe(
			'2017-04-25',
		);
		expect(inferYear({ year: null, month: 4, day: 25 }, { coverage: null, published: null })).toBeNull();
	});
});

describe('findFullDates and parseStandaloneDate', () => {
	it('finds only dates that carry a year', () => {
		const text = 'On April 21, bombs went off. On May 29, 2019 it registered; the law passed on 2016-04-28.';
		expect(findFullDates(text).map((d) => d.date)).toEqual(['2019-05-29', '2016-04-28']);
	});

	it('reads a page date line but not a sentence', () => {
		expect(parseStandaloneDate('March 19, 2019')).toBe('2019-03-19');
		expect(parseStandaloneDate('Published: 2019-03-19')).toBe('2019-03-19');
		expect(parseStandaloneDate('On March 19, 2019 the office opened.')).toBeNull();
	});
});
