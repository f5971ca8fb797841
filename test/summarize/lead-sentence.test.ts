import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/entry.js';
import type { NgoAnswer, ProvinceAnswer, SearchAnswer } from '../../src/query/answers.js';
import { dayText, entryClause, ngoLead, provinceLead, searchLead } from '../../src/summarize/lead-sentence.js';
import { useSampleApp } from '../helpers/sample-app.js';

const app = useSampleApp();

function entry(id: number, overrides: Partial<Entry> = {}): Entry {
	return {
		id,
		documentId: 1,
		position: id,
		title: null,
		date: '2019-04-11',
		provinces: ['Sichuan'],
		orgs: [{ name: 'Animals Asia Foundation', country: 'Hong Kong', aliases: [] }],
		partners: [
			{
				name: 'Sichuan Public Security Bureau',
				role: 'authority',
				written: 'Sichuan PSB',
				level: 'provincial',
				province: 'Sichuan',
			},
		],
		fields: [],
		type: 'visit',
		summary: 'Sichuan PSB visited the Chengdu office of the Animals Asia Foundation (Hong Kong).',
		text: 'Sichuan PSB visited the Chengdu office of the Animals Asia Foundation (Hong Kong).',
		kind: 'digest',
		source: { path: 'data/x.txt', url: null, title: 'Posts', published: '2019-04-15' },
		ingestedAt: '2026-01-01T00:00:00.000Z',
		eventId: id,
		otherSources: [],
		...overrides,
	};
}

const PAGE = { offset: 0, limit: 5, total: 1 };
const ORG = { id: 1, name: 'Animals Asia Foundation', aliases: [], country: 'Hong Kong', entryCount: 1 };

function ngoAnswer(entries: Entry[], overrides: Partial<NgoAnswer> = {}): NgoAnswer {
	return {
		query: 'Animals Asia',
		resolvedBy: 'alias',
		matched: 'Animals Asia',
		org: ORG,
		span: { first: '2019-04-11', last: '2019-04-11' },
		provinces: [{ key: 'Sichuan', label: 'Sichuan', n: 1 }],
		types: [],
		partners: [],
		fields: [],
		entries,
		page: PAGE,
		...overrides,
	};
}

describe('the lead sentence', () => {
	it('tells an organization seen once by its one entry, cited', () => {
		expect(ngoLead(ngoAnswer([entry(10)]))).toBe(
			'Animals Asia Foundation (Hong Kong) appears once: a visit by the Sichuan Public Security Bureau in Sichuan on 11 Apr 2019 [#10].',
		);
	});

	it('counts, dates and places a busy organization from its card, then tells its latest entry', () => {
		const answer = ngoAnswer([entry(12, { type: 'registration', provinces: ['Hunan'], date: '2020-05-02' })], {
			span: { first: '2017-03-01', last: '2020-05-02' },
			provinces: [
				{ key: 'Hunan', label: 'Hunan', n: 3 },
				{ key: 'Sichuan', label: 'Sichuan', n: 1 },
			],
			page: { offset: 0, limit: 5, total: 4 },
		});
		expect(ngoLead(answer)).toBe(
			'Animals Asia Foundation (Hong Kong) appears in 4 entries, 2017–2020, most in Hunan; the latest: its registration by the Sichuan Public Security Bureau in Hunan on 2 May 2020 [#12].',
		);
		// Later pages open with their entries, not with a sentence about the first page.
		expect(ngoLead({ ...answer, page: { offset: 5, limit: 5, total: 9 } })).toBeNull();
	});

	it('says when other sources tell the same event, and when an entry has no date', () => {
		const told = entry(3, {
			date: null,
			otherSources: [
				{ entryId: 8, date: null, source: { path: 'a', url: null, title: 'A', published: null }, reason: null },
				{ entryId: 9, date: null, source: { path: 'b', url: null, title: 'B', published: null }, reason: null },
			],
		});
		expect(entryClause(told)).toBe(
			'a visit by the Sichuan Public Security Bureau to Animals Asia Foundation (Hong Kong) in Sichuan (undated) (also told by 2 other sources) [#3]',
		);
	});

	it('leaves out what the entry does not record instead of guessing it', () => {
		const bare = entry(4, { type: 'donation', orgs: [], partners: [], provinces: [], date: null });
		expect(entryClause(bare)).toBe('a donation (undated) [#4]');
		const many = entry(5, {
			type: 'meeting',
			partners: [],
			orgs: ['A', 'B', 'C', 'D'].map((name) => ({ name: `${name} Trust`, country: null, aliases: [] })),
		});
		expect(entryClause(many)).toBe('a meeting of A Trust, B Trust and 2 others in Sichuan on 11 Apr 2019 [#5]');
	});

	it('opens a province and a search with how many and the first entry listed', () => {
		const province: ProvinceAnswer = {
			query: '四川',
			province: 'Sichuan',
			zh: '四川',
			matched: '四川',
			span: { first: '2019-04-11', last: '2019-04-11' },
			orgs: [{ key: '1', label: 'Animals Asia Foundation', n: 2 }],
			types: [],
			entries: [entry(10)],
			page: { offset: 0, limit: 5, total: 2 },
		};
		expect(provinceLead(province)).toBe(
			'Sichuan appears in 2 entries, in 2019, all naming Animals Asia Foundation; the latest: a visit by the Sichuan Public Security Bureau to Animals Asia Foundation (Hong Kong) on 11 Apr 2019 [#10].',
		);
		const search = {
			query: 'chengdu office',
			order: 'relevance',
			resolved: {},
			entries: [entry(10)],
			page: { offset: 0, limit: 5, total: 3 },
		} as unknown as SearchAnswer;
		expect(searchLead(search, 'province Sichuan')).toBe(
			'3 entries match “chengdu office” (province Sichuan); the closest match: a visit by the Sichuan Public Security Bureau to Animals Asia Foundation (Hong Kong) in Sichuan on 11 Apr 2019 [#10].',
		);
		// A broad search counted up to a point says "more than", never a made-up exact figure.
		const broad = {
			...search,
			order: 'newest',
			page: { offset: 0, limit: 5, total: 1000, more: true },
		} as SearchAnswer;
		expect(searchLead(broad, null)).toBe(
			'More than 1000 entries match “chengdu office”; the newest: a visit by the Sichuan Public Security Bureau to Animals Asia Foundation (Hong Kong) in Sichuan on 11 Apr 2019 [#10].',
		);
	});

	it('names nothing that is not among the facts of the entry it cites, for every entry of the sample', () => {
		const total = app().reader.countEntries();
		for (let id = 1; id <= total; id++) {
			const [found] = app().reader.getEntries([id]);
			if (!found) continue;
			let rest = entryClause(found);
			const facts = [
				...found.orgs.flatMap((org) => [org.name, org.country ?? '']),
				...found.partners.map((partner) => partner.name),
				...found.provinces,
				found.date ? dayText(found.date) : '',
			]
				.filter(Boolean)
				.sort((a, b) => b.length - a.length);
			for (const fact of facts) rest = rest.split(fact).join('');
			// What is left is the template's own words: lower case, no names, no figures but counts of sources.
			expect(rest.replace(/\[#\d+\]$/, '').replace(/\d+ other sources|\d+ others/g, ''), rest).toMatch(
				/^[a-z ,()–-]*$/,
			);
			expect(rest).toContain(`[#${id}]`);
		}
	});
});
