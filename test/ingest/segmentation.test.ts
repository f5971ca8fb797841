import { describe, expect, it } from 'vitest';
import { loadReference } from '../../src/ingest/load-reference.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';

// Page shapes seen on real sites, written anew for the tests (names and events are made up).
const reference = loadReference();
const parse = (text: string) => parseDocument({ text: normalizeText(text), path: 'page.txt', url: null }, reference);

describe('digests without date headings', () => {
	it('makes one entry per item when items sit one per line, merging a paragraph that continues one', () => {
		const document = parse(
			[
				'Today, two Korean NGOs working on river clean-up in Guizhou became legally registered. In a ceremony, the Guizhou Public Security Bureau (PSB) Foreign NGO Management Office presented the Clear River Society and the Han River Friends Association their certificates.',
				'Both NGOs thanked the PSB and the Guizhou Water Resources Department for their support and pledged to abide by the law in their work across the province.',
				'Today, the Gansu PSB Foreign NGO Management Office held a seminar on the Foreign NGO Law for 40 officials from city-level bureaus, explaining temporary activity filing.',
				'The Jilin PSB Foreign NGO Management Office gave a lecture at the provincial police academy to new officers about the management of foreign NGOs.',
			].join('\n'),
		);
		expect(document.kind).toBe('digest');
		expect(document.entries.map((entry) => entry.provinces)).toEqual([['Guizhou'], ['Gansu'], ['Jilin']]);
		expect(document.entries[0]?.text).toContain('Both NGOs thanked');
		expect(document.entries.every((entry) => entry.date === null)).toBe(true);
	});

	it('dates the items from an introduction that says when they were posted', () => {
		const document = parse(
			[
				'The Ministry of Public Security (MPS) posted the following to its WeChat account on March 3, 2018.',
				'Recently, the Hainan PSB Foreign NGO Management Office visited two universities to explain the law to their foreign affairs staff.',
				'Four provinces recently held outreach on the Foreign NGO Law in schools and communities, handing out leaflets in Anhui, Hebei, Shanxi and Jiangxi.',
			].join('\n'),
		);
		expect(document.kind).toBe('digest');
		expect(document.entries.map((entry) => entry.date)).toEqual(['2018-03-03', '2018-03-03']);
	});
});

describe('digest blocks under one heading', () => {
	it('keeps every paragraph under a heading in that heading’s entry', () => {
		const document = parse(
			[
				'March 4, 2019',
				'Outreach in Three Provinces',
				'Ministry of Public Security WeChat Posts—February 20, 2019',
				'February 20, 2019:',
				'The Shandong PSB Foreign NGO Management Office publicized the Foreign NGO Law in Jinan.',
				'In Sichuan, public security authorities visited 40 communities to promote the law.',
				'In Tibet, the Lhasa PSB set up information points in the city center.',
			].join('\n\n'),
		);
		expect(document.entries).toHaveLength(1);
		expect(document.entries[0]?.date).toBe('2019-02-20');
		expect(document.entries[0]?.provinces).toEqual(['Shandong', 'Sichuan', 'Tibet']);
	});
});

describe('listings', () => {
	it('makes one entry per teaser however its headline repeats or is cut', () => {
		const document = parse(
			[
				'Keyword: Overseas NGOs',
				'Three overseas NGOs register offices in Hubei and',
				'Three overseas NGOs register offices in Hubei and Hunan',
				'The Hubei and Hunan public security departments recently issued registration certificates to three overseas NGOs working on rural schooling and eye care, bringing the num',
				'Workshop on the Overseas NGO Law held in Chengdu',
				'Workshop on the Overseas NGO Law held in Chengdu',
				'A workshop for partner units',
				'Why rural libraries matter',
			].join('\n\n'),
		);
		expect(document.kind).toBe('listing');
		expect(document.entries.map((entry) => entry.title)).toEqual([
			'Three overseas NGOs register offices in Hubei and Hunan',
			'Workshop on the Overseas NGO Law held in Chengdu',
			'Why rural libraries matter',
		]);
		expect(document.entries[1]?.text).toBe('A workshop for partner units');
	});

	it('reads a listing of digests: the posts line dates a teaser, a quoted heading too, and the digest headline is not the item', () => {
		const document = parse(
			[
				'Latest',
				'Check here for updates from our editors on new developments concerning foreign NGOs in China as well as news about this site',
				'Registrations in Hunan, a Training in Xinjiang',
				'Ministry of Public Security WeChat Posts—July 2, 2019',
				'July 2, 2019:Recently, the Hunan PSB Foreign NGO Management Office issued a registration certificate to the Lakeside Literacy Foundation (United States). The PSB...Read more',
				'A New Study of Overseas Funding',
				'Two researchers recently published a study of how overseas foundations fund Chinese groups, with findings for donors and partner units alike.Read more',
				'Meetings in Ningxia and Qinghai',
				'Ministry of Public Security WeChat Posts—June 10-14, 2019',
				'Recently, the Ningxia PSB Foreign NGO Management Office met with the chief representative of a foreign',
			].join('\n'),
		);
		expect(document.kind).toBe('listing');
		expect(
			document.entries.map((entry) => ({ title: entry.title, date: entry.date, provinces: entry.provinces })),
		).toEqual([
			{ title: 'Registrations in Hunan, a Training in Xinjiang', date: '2019-07-02', provinces: ['Hunan'] },
			{ title: 'A New Study of Overseas Funding', date: null, provinces: [] },
			{ title: 'Meetings in Ningxia and Qinghai', date: null, provinces: ['Ningxia'] },
		]);
		expect(document.entries[0]?.text.startsWith('Recently, the Hunan PSB')).toBe(true);
	});

	it('drops section labels before the first teaser', () => {
		const document = parse(
			[
				'Development Reports',
				'Public Welfare',
				'Village libraries open in Gansu',
				'A foundation opened 20 village libraries in Gansu this month, stocking them with books donated by readers across the country and training local volunteers to run them on weekends and holi',
				'Charity trust set up in Beijing',
				'A charitable trust for children with critical illnesses was filed with the Beijing Civil Affairs Bureau this week, its founders said, the first of its kind to hold equity donated by a listed com',
			].join('\n\n'),
		);
		expect(document.kind).toBe('listing');
		expect(document.entries.map((entry) => entry.title)).toEqual([
			'Village libraries open in Gansu',
			'Charity trust set up in Beijing',
		]);
	});
});

describe('listings with a date under each headline', () => {
	it('dates each teaser by its own line, keeps the first teaser, and gives the page no date of its own', () => {
		const document = parse(
			[
				'Latest',
				'Linden Trust registers in Guizhou',
				'March 4, 2021',
				'On March 4, 2021, the Guizhou PSB issued a registration certificate to the Linden Trust (Canada). Read more',
				'Hazel Society files a temporary activity',
				'March 9, 2021',
				'The Hazel Society (Norway) filed a temporary activity in Qinghai with a local university. Read more',
			].join('\n\n'),
		);
		expect(document.kind).toBe('listing');
		expect(document.source.published).toBeNull();
		expect(
			document.entries.map((entry) => ({ title: entry.title, date: entry.date, provinces: entry.provinces })),
		).toEqual([
			{ title: 'Linden Trust registers in Guizhou', date: '2021-03-04', provinces: ['Guizhou'] },
			{ title: 'Hazel Society files a temporary activity', date: '2021-03-09', provinces: ['Qinghai'] },
		]);
	});
});

describe('articles', () => {
	it('is dated by its publication only, never by an event the story tells, and a magazine issue line is not its summary', () => {
		const document = parse(
			[
				'Ten Years of Relief Networks',
				'Development Review No 31 (Winter 2015)',
				'The relief networks formed after the May 12, 2008 earthquake changed how NGOs in Sichuan work together.',
				'In 2013 many of them joined the response to another earthquake.',
			].join('\n\n'),
		);
		expect(document.kind).toBe('article');
		expect(document.entries).toHaveLength(1);
		expect(document.entries[0]?.date).toBeNull();
		expect(document.entries[0]?.summary).toMatch(/^The relief networks/);
		expect(document.entries[0]?.text).not.toContain('Development Review No 31');
	});

	it('takes the page date when the page shows one', () => {
		const document = parse(
			[
				'You are here',
				'April 2, 2018',
				'Awards for Foreign NGOs in Fujian',
				'As reported on March 20, the Fujian PSB Foreign NGO Management Office gave awards to four foreign NGOs.',
			].join('\n\n'),
		);
		expect(document.entries.map((entry) => entry.date)).toEqual(['2018-04-02']);
	});
});

describe('news pages from other sites', () => {
	it('finds the headline next to the page date among menu lines, and ends at "Related readings"', () => {
		const document = parse(
			[
				'Make me your Homepage',
				'Daily News Website',
				'',
				'Charities send relief to flooded Henan',
				'',
				'Updated: 2021-07-25 10:31',
				'(Xinhua)',
				'',
				'ZHENGZHOU - The Lotus Charity Federation sent 2,000 tents to flooded villages in Henan province on Saturday.',
				'',
				'Related readings:',
				'',
				'Flood hits Shanxi...',
			].join('\n'),
		);
		expect(document.kind).toBe('article');
		expect(document.source.title).toBe('Charities send relief to flooded Henan');
		expect(document.entries.map((entry) => [entry.date, entry.provinces, entry.type])).toEqual([
			['2021-07-25', ['Henan'], 'donation'],
		]);
		expect(document.entries[0]?.text).not.toContain('Shanxi');
	});

	it('never takes a photo caption for the summary', () => {
		const document = parse(
			[
				'Foundation visits Yunnan schools',
				'The delegation poses for a group photo with pupils during their visit to Yunnan on March 26.',
				'A team from the Sunrise Children’s Fund visited six village schools in Yunnan to check on its library project.',
			].join('\n\n'),
		);
		expect(document.entries[0]?.summary).toMatch(/^A team from the Sunrise/);
	});
});

describe('pages of no known kind', () => {
	it('still gives the text as an entry', () => {
		const document = parse('Notes\n\nThe meeting ended early.');
		expect(document.entries.length).toBeGreaterThan(0);
		expect(document.entries.map((entry) => entry.text).join(' ')).toContain('The meeting ended early.');
	});
});
