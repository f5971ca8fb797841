import { describe, expect, it } from 'vitest';
import { contentParagraphs, isFurniture, readPageHeader, splitParagraphs } from '../../src/ingest/page-structure.js';

describe('splitParagraphs', () => {
	it('joins hard-wrapped lines and keeps list items apart', () => {
		const wrapped =
			'The Hunan Public Security Bureau held a training session on the law for\nforty officials from city bureaus, and answered their questions.';
		expect(splitParagraphs(`${wrapped}\n\n• first\n• second`)).toEqual([
			wrapped.replace('\n', ' '),
			'• first\n• second',
		]);
	});

	it('keeps short stacked lines apart: menus and headlines are not wrapped prose', () => {
		expect(splitParagraphs('Home page\nNews Website\nFlood relief in Henan')).toEqual([
			'Home page',
			'News Website',
			'Flood relief in Henan',
		]);
	});

	it('keeps a date heading or a posts line on its own when text follows without a blank line', () => {
		expect(splitParagraphs('April 25, 2017:\nThe Qinghai PSB held an event.')).toEqual([
			'April 25, 2017:',
			'The Qinghai PSB held an event.',
		]);
		expect(splitParagraphs('MPS WeChat Posts—April 29, 2019\nThe PSB stated that')).toEqual([
			'MPS WeChat Posts—April 29, 2019',
			'The PSB stated that',
		]);
	});

	it('takes each line for a paragraph when lines are longer than any wrap width', () => {
		const first = `Today, the Hunan PSB Foreign NGO Management Office held a training for foreign NGOs. ${'Many attended. '.repeat(4)}`;
		const second = 'Both NGOs thanked the office.';
		expect(splitParagraphs(`${first.trim()}\n${second}`)).toEqual([first.trim(), second]);
	});
});

describe('isFurniture', () => {
	it.each([
		'You are here',
		'Support ChinaFile',
		'Share',
		'• Home • > • News • > • Local NGOs benefit',
		'* * *',
		'Print | Email',
	])('drops %s', (line) => {
		expect(isFurniture(line, 3)).toBe(true);
	});

	it('drops a site describing itself', () => {
		expect(isFurniture('Check here for updates from our editors on new developments in the sector', 1)).toBe(true);
		expect(isFurniture('Getting Started: Click on the following links to browse our data.', 2)).toBe(true);
		expect(isFurniture('The office checked here and there for unregistered groups.', 2)).toBe(false);
	});

	it('keeps content and a listing title', () => {
		expect(isFurniture('Keyword: Chinese NGOs Going Out', 0)).toBe(false);
		expect(isFurniture('Home visits were made to 30 families in Yunnan.', 4)).toBe(false);
		expect(isFurniture('Tags: Hunan, registration', 9)).toBe(true);
	});

	it('removes translation markers inside paragraphs', () => {
		expect(contentParagraphs('Kobe Center (Japan) [ChinaFile translation], and more.')).toEqual([
			'Kobe Center (Japan), and more.',
		]);
	});
});

describe('readPageHeader', () => {
	it('finds page date, title and covered range', () => {
		const paragraphs = [
			'May 2, 2017',
			'Qinghai PSB Publicizes Law',
			'Ministry of Public Security WeChat Posts—April 25-27, 2017',
			'April 25, 2017:',
			'The Qinghai PSB formed a publicity group.',
		];
		expect(readPageHeader(paragraphs)).toEqual({
			published: '2017-05-02',
			publishedLine: 'May 2, 2017',
			title: 'Qinghai PSB Publicizes Law',
			coverage: { from: '2017-04-25', to: '2017-04-27' },
			coverageLine: 'Ministry of Public Security WeChat Posts—April 25-27, 2017',
			bodyStart: 3,
		});
	});

	it('takes a headline for the title of an article and stops at the body', () => {
		const header = readPageHeader(['NGOs urged to take part', 'A notice was issued by the ministry on Monday.']);
		expect(header).toMatchObject({ published: null, title: 'NGOs urged to take part', coverage: null, bodyStart: 1 });
	});

	it('keeps issue, source and byline lines under the headline out of the body', () => {
		const header = readPageHeader([
			'Relief groups after the flood',
			'Development Review No 12 (Spring 2016)',
			'Source: 中国发展简报',
			'By Li Ming',
			'Relief groups gathered in the county after the flood.',
		]);
		expect(header).toMatchObject({ title: 'Relief groups after the flood', bodyStart: 4 });
	});

	it('does not mistake a year-less heading for the page date', () => {
		expect(readPageHeader(['April 25:', 'The office met.']).published).toBeNull();
	});
});
