import { describe, expect, it } from 'vitest';
import { ORG_INDEX_OPTIONS, allowedDistance, optionsHash, termExpansion } from '../../src/index/search-options.js';

describe('termExpansion', () => {
	it('never fuzzes nor prefix-expands a protected term, even when no other protected term is near', () => {
		const expansion = termExpansion(new Set(['hunan']));
		expect(expansion.fuzzy('hunan')).toBe(0);
		expect(expansion.prefix('hunan')).toBe(false);
		expect(expansion.fuzzy('hunnan')).toBe(1);
		expect(expansion.prefix('hun')).toBe(true);
	});

	it('does not fuzz a term one edit from two protected terms', () => {
		const expansion = termExpansion(new Set(['hunan', 'henan', 'hainan']));
		expect(expansion.fuzzy('hanan')).toBe(0);
		expect(expansion.fuzzy('hunnan')).toBe(1);
		expect(expansion.fuzzy('foundaton')).toBe(2);
	});

	it('leaves short words and Chinese exact', () => {
		const expansion = termExpansion();
		expect(expansion.fuzzy('msf')).toBe(0);
		expect(expansion.fuzzy('aifo')).toBe(1);
		expect(expansion.fuzzy('动物')).toBe(0);
		expect(allowedDistance('foundation')).toBe(2);
	});
});

describe('optionsHash', () => {
	it('is a stable sha256 per index', () => {
		expect(optionsHash('orgs')).toMatch(/^[0-9a-f]{64}$/);
		expect(optionsHash('orgs')).toBe(optionsHash('orgs'));
	});

	it('uses one frozen set of options for building and loading', () => {
		expect(Object.isFrozen(ORG_INDEX_OPTIONS)).toBe(true);
		expect(ORG_INDEX_OPTIONS.fields).toEqual(['name', 'aliases', 'country']);
		expect(ORG_INDEX_OPTIONS.searchOptions?.boost).toEqual({ name: 3, aliases: 2, country: 0.5 });
	});
});
