import { describe, expect, it } from 'vitest';
import { readPageHeader } from '../../src/ingest/page-structure.js';
import { detectKind, sameTitle, splitEntries } from '../../src/ingest/split-entries.js';

// Tests fix the provinces a paragraph mentions so that splitting is checked on its own.
const provincesOf = (paragraph: string) =>
	['Hunan', 'Henan', 'Yunnan', 'Jilin', 'Tibet'].filter((province) => paragraph.includes(province));

function split(paragraphs: string[]) {
	const header = readPageHeader(paragraphs);
	const kind = detectKind(paragraphs, header);
	return { kind, entries: splitEntries(kind, paragraphs, { header, provincesOf }) };
}

describe('digests with date headings', () => {
	it('makes one entry per heading and infers a missing year from the range line', () => {
		const { kind, entries } = split([
			'May 2, 2017',
			'Outreach in Two Provinces',
			'Ministry of Public Security WeChat Posts—April 25-27, 2017',
			'Since April, the office has posted updates. The following are translations.',
			'April 25:',
			'The Hunan PSB held a meeting.',
			'An official spoke.',
			'April 27, 2017:',
			'The Henan PSB issued a certificate.',
		]);
		expect(kind).toBe('digest');
		expect(entries.map((e) => [e.date, e.paragraphs])).toEqual([
			['2017-04-25', ['The Hunan PSB held a meeting.', 'An official spoke.']],
			['2017-04-27', ['The Henan PSB issued a certificate.']],
		]);
	});

	it('reads headings run into the item text', () => {
		const { entries } = split(['Posts—August 22, 2019', 'August 22, 2019: The Tibet PSB trained police.']);
		expect(entries).toEqual([
			{
				title: null,
				paragraphs: ['The Tibet PSB trained police.'],
				date: '2019-08-22',
				dateSource: { quote: 'August 22, 2019:', role: 'date heading' },
			},
		]);
	});
});

describe('digests without headings', () => {
	it('starts a new item on a new province or a news opening, and dates items of a one-day page', () => {
		const { kind, entries } = split([
			'Posts—February 9, 2018',
			'The Jilin office visited universities.',
			'Officials handed out leaflets.',
			'Recently, the Jilin PSB held a second event.',
			'In Tibet, PSBs set up information points.',
		]);
		expect(kind).toBe('digest');
		expect(entries.map((e) => e.paragraphs.length)).toEqual([2, 1, 1]);
		expect(entries.every((e) => e.date === '2018-02-09')).toBe(true);
	});

	it('leaves items undated when the page covers several days', () => {
		const { entries } = split(['Posts—January 9-10, 2019', 'The Hunan office met.', 'The Yunnan office met.']);
		expect(entries.map((e) => e.date)).toEqual([null, null]);
	});
});

describe('listings', () => {
	it('pairs repeated and truncated titles with their teaser', () => {
		const { kind, entries } = split([
			'Keyword: Going Out',
			'Panel Discussion: how can NGOs help ones to',
			'Panel Discussion: how can NGOs help ones to “Go Out”?',
			'The transcript of a panel discussion with five guests.',
			'Relief fund donates to flood victims',
			'On May 4 the fund donated money to the victims of the flood in the south …read more',
		]);
		expect(kind).toBe('listing');
		expect(entries.map((e) => e.title)).toEqual([
			'Panel Discussion: how can NGOs help ones to “Go Out”?',
			'Relief fund donates to flood victims',
		]);
		expect(entries[1]?.paragraphs).toHaveLength(1);
	});

	it('recognizes a listing by its truncated teasers', () => {
		const paragraphs = [
			'Charity gala raises funds',
			'A gala was held in Shanghai last week and raised money for …',
			'New law on trusts',
			'The new rules were published on Monday and take effect …',
		];
		expect(detectKind(paragraphs, readPageHeader(paragraphs))).toBe('listing');
	});

	it('compares titles ignoring quotes and case', () => {
		expect(
			sameTitle('Ten Important Developments for China\u2019s Aid', "Ten important developments for China's aid"),
		).toBe(true);
		expect(sameTitle('Wu Peng: Bringing Experience', 'A roundup on going out')).toBe(false);
	});
});

describe('articles', () => {
	it('is one entry titled by its headline', () => {
		const { kind, entries } = split([
			'Local NGOs benefit from three measures',
			'According to the department, three measures were adopted.',
			'Measure 1: promote policy.',
		]);
		expect(kind).toBe('article');
		expect(entries).toHaveLength(1);
		expect(entries[0]?.title).toBe('Local NGOs benefit from three measures');
		expect(entries[0]?.paragraphs).toHaveLength(2);
	});
});
