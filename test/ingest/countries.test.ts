import { describe, it, expect } from 'vitest';
import countriesJson from '../../data/reference/countries.json' with { type: 'json' };
import { createCountryLexicon, type CountryData } from '../../src/ingest/countries.js';

const lexicon = createCountryLexicon(countriesJson);
const names = new RegExp(lexicon.namePattern, 'gu');
const demonyms = new RegExp(lexicon.demonymPattern, 'gu');

const matchNames = (text: string): string[] => [...text.matchAll(names)].map((m) => m[0]);
const matchDemonyms = (text: string): string[] => [...text.matchAll(demonyms)].map((m) => m[0]);
const copyData = (): CountryData => structuredClone(countriesJson) as CountryData;

/** The message of the error `fn` throws, or '' when it does not throw. */
function errorOf(fn: () => unknown): string {
	try {
		fn();
		return '';
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

describe('countries.json', () => {
	it('holds the 193 UN member states plus Hong Kong, Macau, Taiwan, Palestine, Kosovo and Vatican City', () => {
		const data = countriesJson as CountryData;
		expect(data.countries.filter((c) => c.region !== true)).toHaveLength(193);
		expect(data.countries.filter((c) => c.region === true).map((c) => c.name)).toEqual([
			'Hong Kong',
			'Macau',
			'Taiwan',
			'Palestine',
			'Kosovo',
			'Vatican City',
		]);
	});

	it('uses the agreed canonical spellings', () => {
		for (const name of [
			'United Kingdom',
			'United States',
			'South Korea',
			'North Korea',
			'Hong Kong',
			'Macau',
			'Taiwan',
			'Russia',
			'Czech Republic',
			'Netherlands',
		]) {
			expect(lexicon.countries).toContain(name);
		}
	});

	it('gives every record a Chinese name and no two records the same canonical name', () => {
		const data = countriesJson as CountryData;
		for (const c of data.countries) expect(c.zh.length, c.name).toBeGreaterThan(0);
		expect(new Set(lexicon.countries).size).toBe(lexicon.countries.length);
	});

	it('marks China, and only China, as domestic', () => {
		const data = countriesJson as CountryData;
		expect(data.countries.filter((c) => c.domestic === true).map((c) => c.name)).toEqual(['China']);
	});
});

describe('createCountryLexicon', () => {
	it('names the record of a malformed entry', () => {
		const bad = copyData() as unknown as { countries: { name: string; demonyms: unknown }[] };
		const italy = bad.countries.find((c) => c.name === 'Italy');
		if (italy) italy.demonyms = 'Italian';
		expect(() => createCountryLexicon(bad)).toThrow(/countries\[\d+\] "Italy": demonyms/);
	});

	it('rejects an alias claimed by two countries', () => {
		const bad = copyData();
		bad.countries.find((c) => c.name === 'Australia')?.aliases.push('UK');
		const message = errorOf(() => createCountryLexicon(bad));
		expect(message).toMatch(/name "UK" of "(Australia|United Kingdom)" already belongs to/);
		expect(message).toContain('"Australia"');
		expect(message).toContain('"United Kingdom"');
	});

	it('rejects a demonym claimed by two countries', () => {
		const bad = copyData();
		bad.countries.find((c) => c.name === 'Austria')?.demonyms.push('German');
		const message = errorOf(() => createCountryLexicon(bad));
		expect(message).toMatch(/demonym "German" of "(Austria|Germany)" already belongs to/);
		expect(message).toContain('"Austria"');
		expect(message).toContain('"Germany"');
	});
});

describe('byName', () => {
	it('maps aliases to the canonical name', () => {
		const cases: [string, string][] = [
			['UK', 'United Kingdom'],
			['U.K.', 'United Kingdom'],
			['Britain', 'United Kingdom'],
			['Great Britain', 'United Kingdom'],
			['England', 'United Kingdom'],
			['USA', 'United States'],
			['U.S.', 'United States'],
			['U.S.A.', 'United States'],
			['America', 'United States'],
			['United States of America', 'United States'],
			['Republic of Korea', 'South Korea'],
			['Korea', 'South Korea'],
			['Macao', 'Macau'],
			['Russian Federation', 'Russia'],
			['Holland', 'Netherlands'],
			['The Netherlands', 'Netherlands'],
			['Czechia', 'Czech Republic'],
			['Burma', 'Myanmar'],
			['Ivory Coast', "Côte d'Ivoire"],
			['Cote d’Ivoire', "Côte d'Ivoire"],
		];
		for (const [alias, canonical] of cases) expect(lexicon.byName(alias), alias).toBe(canonical);
	});

	it('resolves every canonical name to itself, case-insensitively', () => {
		for (const name of lexicon.countries) {
			expect(lexicon.byName(name)).toBe(name);
			expect(lexicon.byName(name.toUpperCase())).toBe(name);
		}
	});

	it('resolves Chinese names', () => {
		expect(lexicon.byName('英国')).toBe('United Kingdom');
		expect(lexicon.byName('美国')).toBe('United States');
		expect(lexicon.byName('意大利')).toBe('Italy');
		expect(lexicon.byName('韩国')).toBe('South Korea');
		expect(lexicon.byName('香港')).toBe('Hong Kong');
	});

	it('returns null for unknown or ambiguous names', () => {
		for (const q of ['Narnia', 'Congo', 'Latin America', '', 'Ital']) expect(lexicon.byName(q), q).toBeNull();
	});
});

describe('byDemonym', () => {
	it('maps demonyms to their country', () => {
		const cases: [string, string][] = [
			['British', 'United Kingdom'],
			['American', 'United States'],
			['Italian', 'Italy'],
			['French', 'France'],
			['German', 'Germany'],
			['Japanese', 'Japan'],
			['Korean', 'South Korea'],
			['North Korean', 'North Korea'],
			['Dutch', 'Netherlands'],
			['Swiss', 'Switzerland'],
			['Hong Kong', 'Hong Kong'],
			['Hongkong', 'Hong Kong'],
			['Taiwanese', 'Taiwan'],
			['Madagascan', 'Madagascar'],
			['Malagasy', 'Madagascar'],
			['Sri Lankan', 'Sri Lanka'],
			['Australian', 'Australia'],
			['Chinese', 'China'],
			['italian', 'Italy'],
		];
		for (const [demonym, country] of cases) expect(lexicon.byDemonym(demonym), demonym).toBe(country);
	});

	it('does not confuse names with demonyms', () => {
		expect(lexicon.byDemonym('Italy')).toBeNull();
		expect(lexicon.byName('Italian')).toBeNull();
	});
});

describe('isDomestic', () => {
	it('is true for China under any of its names and false elsewhere', () => {
		expect(lexicon.isDomestic('China')).toBe(true);
		expect(lexicon.isDomestic("People's Republic of China")).toBe(true);
		expect(lexicon.isDomestic('中国')).toBe(true);
		for (const c of ['Hong Kong', 'Taiwan', 'Macau', 'Italy', 'Mongolia', 'Narnia']) {
			expect(lexicon.isDomestic(c), c).toBe(false);
		}
	});
});

describe('namePattern', () => {
	it('finds stated origins in running text and canonicalizes them with byName', () => {
		const text =
			'Barry & Martin’s Trust (United Kingdom), AIFO (Italy) and the Association Generale Chine-Afrique’s (Madagascar)';
		expect(matchNames(text).map((m) => lexicon.byName(m))).toEqual(['United Kingdom', 'Italy', 'Madagascar']);
	});

	it('prefers the longest name', () => {
		expect(matchNames('Papua New Guinea, Guinea-Bissau, Equatorial Guinea and Guinea')).toEqual([
			'Papua New Guinea',
			'Guinea-Bissau',
			'Equatorial Guinea',
			'Guinea',
		]);
		expect(matchNames('South Sudan and Sudan; North Korea and South Korea')).toEqual([
			'South Sudan',
			'Sudan',
			'North Korea',
			'South Korea',
		]);
		expect(matchNames("the People's Republic of China")).toEqual(["People's Republic of China"]);
	});

	it('is word-bounded and case-sensitive', () => {
		expect(matchNames('Omani Romania Chile chilean help us')).toEqual(['Romania', 'Chile']);
		expect(matchNames('US-based groups in the U.S.')).toEqual(['US', 'U.S.']);
	});

	it('does not find countries inside regions that contain their names', () => {
		expect(matchNames('Latin America, South America, Inner Mongolia, New Mexico and the Niger Delta')).toEqual([]);
		expect(matchNames('America, Mongolia, Mexico, Niger')).toEqual(['America', 'Mongolia', 'Mexico', 'Niger']);
	});

	it('works with or without the u flag', () => {
		const plain = new RegExp(lexicon.namePattern, 'g');
		expect([...'Côte d’Ivoire and Türkiye'.matchAll(plain)].map((m) => m[0])).toEqual(['Côte d’Ivoire', 'Türkiye']);
	});
});

describe('demonymPattern', () => {
	it('finds demonyms, longest first, outside blocked phrases', () => {
		const text =
			'two Italian professionals, South Korean and Korean donors, Latin American partners, Inner Mongolian herders';
		expect(matchDemonyms(text)).toEqual(['Italian', 'South Korean', 'Korean']);
	});
});
