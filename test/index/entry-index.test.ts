import { describe, expect, it } from 'vitest';
import { buildEntryIndex, searchEntryNames, upsertEntry } from '../../src/index/entry-index.js';
import { entriesOnlyIn, gazetteerTerms, rankingEntries } from './fixtures.js';

const index = buildEntryIndex(rankingEntries());
const neverFuzzy = gazetteerTerms();
const NONE: ReadonlySet<string> = new Set();
const ids = (query: string, fuzzy = true, protect = neverFuzzy) =>
	searchEntryNames(index, query, { fuzzy, neverFuzzy: protect }).map((hit) => hit.id);

describe('searchEntryNames: province names are never fuzzy', () => {
	it('"Hunan" finds the Hunan entries and never a Henan-only one', () => {
		const found = ids('Hunan');
		expect([...found].sort()).toEqual([107, 116, 117, 126, 127]);
		for (const id of entriesOnlyIn('Henan')) expect(found).not.toContain(id);
		// The guard is what keeps Henan out: without it, one edit away is a match.
		expect(ids('Hunan', true, NONE)).toEqual(expect.arrayContaining(entriesOnlyIn('Henan')));
	});

	it('"Henan" never finds a Hunan-only entry', () => {
		const found = ids('Henan');
		expect(found).toEqual(expect.arrayContaining([109, 115, 118, 131]));
		for (const id of entriesOnlyIn('Hunan')) expect(found).not.toContain(id);
	});

	it('"Shanxi" never finds a Shaanxi-only entry, and the other way round', () => {
		const shanxi = ids('Shanxi');
		expect([...shanxi].sort()).toEqual([120, 123, 130]);
		for (const id of entriesOnlyIn('Shaanxi')) expect(shanxi).not.toContain(id);
		expect(ids('Shanxi', true, NONE)).toEqual(expect.arrayContaining(entriesOnlyIn('Shaanxi')));
		const shaanxi = ids('Shaanxi');
		expect([...shaanxi].sort()).toEqual([121, 122]);
	});

	it('"Hubei" never finds a Hebei-only entry', () => {
		expect([...ids('Hubei')].sort()).toEqual([111, 129]);
	});

	it('does not guess when a typo is one edit from two places', () => {
		// "hanan" is one edit from Hunan, Henan and Hainan: no fuzzy expansion, so nothing.
		expect(ids('Hanan')).toEqual([]);
		expect(ids('Hanan', true, NONE).length).toBeGreaterThan(0);
	});
});

describe('searchEntryNames: names and titles', () => {
	it('finds an entry by a Chinese org alias fragment: 亚洲动物基金 by 动物基金', () => {
		expect(ids('动物基金')).toEqual(expect.arrayContaining([101, 102, 110]));
		expect(ids('亚洲动物')).toEqual(expect.arrayContaining([101, 102, 110]));
	});

	it('tolerates typos in org names only when fuzzy', () => {
		expect(ids('Animls Asia')).toEqual(expect.arrayContaining([101, 102, 110]));
		expect(ids('Animls Asia', false)).toEqual([]);
		expect(ids('Follerau')).toEqual(expect.arrayContaining([104, 105]));
	});

	it('requires every word by default, any word with OR', () => {
		expect([...ids('bear Sichuan')].sort()).toEqual([101, 110]);
		const any = searchEntryNames(index, 'bear Sichuan', { fuzzy: false, neverFuzzy, combineWith: 'OR' });
		expect(any.map((hit) => hit.id)).toEqual(expect.arrayContaining([101, 102, 110, 119]));
	});

	it('weighs an org name above a title and a title above a province', () => {
		// Same field lengths everywhere, so only the field weights tell the three apart.
		const small = buildEntryIndex([
			{ id: 1, title: 'Meeting in Beijing', provinces: ['Amity'], orgNames: ['Green Trust'] },
			{ id: 2, title: 'Amity delegation visit', provinces: ['Beijing'], orgNames: ['Green Trust'] },
			{ id: 3, title: 'Meeting in Beijing', provinces: ['Beijing'], orgNames: ['Amity Trust'] },
		]);
		const hits = searchEntryNames(small, 'amity', { fuzzy: false, neverFuzzy: NONE });
		expect(hits.map((hit) => hit.id)).toEqual([3, 2, 1]);
	});

	it('limits hits and replaces a changed entry', () => {
		expect(searchEntryNames(index, 'Henan', { fuzzy: false, neverFuzzy, limit: 2 })).toHaveLength(2);
		const copy = buildEntryIndex(rankingEntries());
		upsertEntry(copy, { id: 101, title: 'Panda count', provinces: ['Shaanxi'], orgNames: [] });
		expect(searchEntryNames(copy, 'panda', { fuzzy: false, neverFuzzy }).map((hit) => hit.id)).toEqual([101]);
		expect(searchEntryNames(copy, 'chengdu', { fuzzy: false, neverFuzzy })).toEqual([]);
	});
});
