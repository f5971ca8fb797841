import { describe, expect, it } from 'vitest';
import {
	DID_YOU_MEAN_MIN_CONFIDENCE,
	EXACT_CONFIDENCE,
	MAX_LABEL_LENGTH,
	MAX_SUGGESTIONS,
	buildOrgIndex,
	editDistance,
	searchOrgs,
	suggestOrgs,
	truncateLabel,
} from '../../src/index/org-index.js';
import type { OrgDoc } from '../../src/index/index-docs.js';
import { gazetteerTerms, rankingOrgs } from './fixtures.js';

const index = buildOrgIndex(rankingOrgs());
const top = (query: string, exactTerms?: ReadonlySet<string>) => searchOrgs(index, query, { exactTerms })[0];

describe('searchOrgs on the ranking set', () => {
	it('puts Animals Asia Foundation first for "Animals Asia", ahead of orgs sharing those words', () => {
		const hits = searchOrgs(index, 'Animals Asia');
		expect(hits[0]).toMatchObject({ id: 1, name: 'Animals Asia Foundation', confidence: EXACT_CONFIDENCE });
		expect(hits[0]!.match).toEqual({ text: 'Animals Asia', isAlias: true });
		// Asian Animals Trust has both words (one as a prefix) and must come after.
		expect(hits.map((hit) => hit.id)).toContain(5);
	});

	it('finds AIFO by its acronym and by its Italian long form', () => {
		expect(top('AIFO')).toMatchObject({ id: 2, match: { text: 'AIFO', isAlias: true } });
		expect(top('aifo')!.id).toBe(2);
		// Shares "Associazione … Amici" with Ai.Bi. and "Raoul Follereau" with the French foundation.
		expect(top('Associazione Italiana Amici di Raoul Follereau')).toMatchObject({ id: 2, confidence: 1 });
		expect(top('Italian Association Friends of Raoul Follereau')!.id).toBe(2);
	});

	it('survives typos: "Animal Asia Foundaton" still finds Animals Asia Foundation first', () => {
		const hit = top('Animal Asia Foundaton')!;
		expect(hit.id).toBe(1);
		expect(hit.confidence).toBeGreaterThanOrEqual(DID_YOU_MEAN_MIN_CONFIDENCE);
		expect(hit.confidence).toBeLessThan(EXACT_CONFIDENCE);
		expect(top('Oxfarm')!.id).toBe(12);
		expect(top('Heifr International')!.id).toBe(14);
	});

	it('prefers the closest spelling among orgs sharing words', () => {
		expect(top('Asia Foundation')!.id).toBe(3);
		expect(top('The Asia Foundation')!.id).toBe(3);
		expect(top('Asian Animals')!.id).toBe(5);
		expect(top('Animal Welfare')!.id).toBe(4);
		expect(top('Raoul Follereau')!.id).toBe(9);
		expect(top('Doctors without Borders')!.id).toBe(13);
		expect(top('Médecins sans frontieres')!.id).toBe(13);
	});

	it('gives full confidence to a name spelled exactly, stopwords included', () => {
		expect(top('Friends of Nature')).toMatchObject({ id: 19, confidence: EXACT_CONFIDENCE, match: { isAlias: false } });
		expect(top('save the children')).toMatchObject({ id: 11, confidence: EXACT_CONFIDENCE });
	});

	it('finds orgs by a Chinese name or a part of it', () => {
		expect(top('亚洲动物基金')).toMatchObject({ id: 1, confidence: 1, match: { text: '亚洲动物基金' } });
		expect(top('乐施会')!.id).toBe(12);
	});

	it('returns nothing, or only matches below the "did you mean" threshold, for unknown names', () => {
		expect(searchOrgs(index, 'Greenpeace')).toEqual([]);
		expect(searchOrgs(index, 'Zorblax Institute')).toEqual([]);
		for (const unknown of ['Global Animal Rescue League', 'Asia Society', 'World Wildlife Fund']) {
			const hits = searchOrgs(index, unknown);
			expect(hits.length, unknown).toBeGreaterThan(0);
			for (const hit of hits)
				expect(hit.confidence, `${unknown} → ${hit.name}`).toBeLessThan(DID_YOU_MEAN_MIN_CONFIDENCE);
		}
	});

	it('offers known names spelled partly or with a typo above the threshold', () => {
		for (const [query, id] of [
			['Oxfarm', 12],
			['Heifer', 14],
			['Lion Club', 20],
			['Save Children', 11],
			['Animal Asia Foundaton', 1],
		] as const) {
			const hit = top(query)!;
			expect(hit.id, query).toBe(id);
			expect(hit.confidence, query).toBeGreaterThanOrEqual(DID_YOU_MEAN_MIN_CONFIDENCE);
		}
	});

	it('orders hits by confidence, so the first hit is the one to test against the threshold', () => {
		for (const query of ['Foundation', 'Global Animal Rescue League', 'Asia Society', 'Animal Welfare', 'Amici']) {
			const confidences = searchOrgs(index, query).map((hit) => hit.confidence);
			expect(confidences, query).toEqual([...confidences].sort((a, b) => b - a));
		}
	});

	it('falls back to any word when no org has them all', () => {
		const hits = searchOrgs(index, 'Follereau Zorblax');
		expect(
			hits
				.map((hit) => hit.id)
				.slice(0, 2)
				.sort(),
		).toEqual([2, 9]);
	});

	it('never expands exact terms: "Hunan" does not reach the Henan federation', () => {
		const exact = gazetteerTerms();
		expect(searchOrgs(index, 'Hunan', { exactTerms: exact }).map((hit) => hit.id)).toEqual([16]);
		// Without the exact terms, one edit away is a match: the guard is what keeps Henan out.
		expect(searchOrgs(index, 'Hunan').map((hit) => hit.id)).toContain(15);
	});

	it('respects the limit and ignores queries without words', () => {
		expect(searchOrgs(index, 'foundation', { limit: 2 })).toHaveLength(2);
		expect(searchOrgs(index, ' ?! ')).toEqual([]);
	});
});

describe('suggestOrgs', () => {
	it('lists Animals Asia Foundation among the first for "ani", names cut to 100 characters', () => {
		const suggestions = suggestOrgs(index, 'ani', 25);
		expect(suggestions.slice(0, 3).map((s) => s.id)).toContain(1);
		expect(suggestions.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
		const long = suggestions.find((s) => s.id === 23);
		expect(long?.name).toHaveLength(MAX_LABEL_LENGTH);
		expect(long?.name.endsWith('…')).toBe(true);
		for (const s of suggestions) expect([...s.name].length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
	});

	it('puts an exact alias first and says which alias matched', () => {
		expect(suggestOrgs(index, 'AIFO', 25)[0]).toMatchObject({ id: 2, alias: 'AIFO', tier: 'exact' });
		expect(suggestOrgs(index, 'msf', 25)[0]).toMatchObject({ id: 13, alias: 'MSF', tier: 'exact' });
	});

	it('ranks names starting with the typed words, then aliases starting with them, then names containing them', () => {
		const ids = suggestOrgs(index, 'asia f', 25).map((s) => s.id);
		// "The Asia Foundation" starts with them (a leading "the" does not count); the others only contain them,
		// Animals Asia Foundation first as it has the most entries.
		expect(ids.slice(0, 2)).toEqual([3, 1]);
		expect(ids).toContain(8);
		const aliasFirst = suggestOrgs(index, 'doctors w', 25);
		expect(aliasFirst[0]).toMatchObject({ id: 13, alias: 'Doctors Without Borders', tier: 'alias' });
		const chinese = suggestOrgs(index, '亚洲', 25);
		expect(chinese.map((s) => s.id).sort()).toEqual([1, 3]);
		expect(chinese.every((s) => s.tier === 'alias' && s.alias !== null)).toBe(true);
	});

	it('fills with typo-tolerant matches after prefix matches', () => {
		const suggestions = suggestOrgs(index, 'anmals', 25);
		expect(suggestions[0]).toMatchObject({ id: 1, tier: 'fuzzy' });
	});

	it('never returns more than 25, whatever the limit', () => {
		const many: OrgDoc[] = Array.from({ length: 200 }, (_, i) => ({
			id: i + 1,
			name: `Animal Rescue Group ${i + 1}`,
			aliases: [`ARG${i + 1}`],
			country: null,
			entryCount: i,
		}));
		const big = buildOrgIndex(many);
		expect(suggestOrgs(big, 'ani', 100)).toHaveLength(MAX_SUGGESTIONS);
		expect(suggestOrgs(big, 'ani', 5)).toHaveLength(5);
		// Within a tier the org with the most entries comes first.
		expect(suggestOrgs(big, 'ani', 3).map((s) => s.id)).toEqual([200, 199, 198]);
		expect(suggestOrgs(big, '', 100)).toHaveLength(MAX_SUGGESTIONS);
	});

	it('lists the orgs with most entries for an empty prefix', () => {
		const suggestions = suggestOrgs(index, '', 3);
		expect(suggestions.every((s) => s.tier === 'popular')).toBe(true);
		const counts = suggestions.map((s) => s.entryCount);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		expect(suggestions[0]!.id).toBe(1);
	});
});

describe('helpers', () => {
	it('computes edit distances with an early exit', () => {
		expect(editDistance('foundaton', 'foundation')).toBe(1);
		expect(editDistance('hunan', 'henan')).toBe(1);
		expect(editDistance('shanxi', 'shaanxi')).toBe(1);
		expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
	});

	it('cuts labels to 100 code points', () => {
		expect(truncateLabel('x'.repeat(100))).toHaveLength(100);
		expect(truncateLabel('动'.repeat(150))).toBe(`${'动'.repeat(99)}…`);
	});

	it('drops aliases equal to the name or to each other', () => {
		const small = buildOrgIndex([
			{ id: 1, name: 'Oxfam', aliases: ['OXFAM', 'Oxfam HK', 'oxfam hk', ''], country: null, entryCount: 1 },
		]);
		expect(small.getStoredFields(1)).toMatchObject({ aliases: ['Oxfam HK'] });
	});
});
