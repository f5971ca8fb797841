import { describe, expect, it } from 'vitest';
import { extractOrgs } from '../../src/ingest/extract-orgs.js';
import { loadReference } from '../../src/ingest/load-reference.js';

const reference = loadReference();
const deps = {
	countries: reference.countries,
	directory: reference.directory,
	isPlace: (name: string) => reference.gazetteer.resolve(name) !== null,
};
const orgs = (text: string) => extractOrgs(text, deps).orgs;
const names = (text: string) => orgs(text).map((org) => org.name);

describe('extractOrgs: names', () => {
	it('finds names ending in a head noun and keeps "of"/"for" complements', () => {
		expect(
			names(
				'The Zhejiang PSB registered the Lotus Youth Foundation for Rural Education and the Hainan Reef Society of China.',
			),
		).toEqual(['Lotus Youth Foundation for Rural Education', 'Hainan Reef Society of China']);
	});

	it('splits two orgs joined by "and" but keeps "and" inside one name', () => {
		expect(
			names('Funding came from the Pearl River Charity Federation and Yellow Sea Development Foundation.'),
		).toEqual(['Pearl River Charity Federation', 'Yellow Sea Development Foundation']);
		expect(names('The Sino-Nordic Culture Science and Technology Exchange Association opened an office.')).toEqual([
			'Sino-Nordic Culture Science and Technology Exchange Association',
		]);
	});

	it('keeps a possessive that belongs to the name and ends the name at a trailing possessive', () => {
		expect(
			names('Recently, Smith & Jones’s Trust funded a clinic. The Smith & Jones’s Trust’s AIDS Fund Initiative grew.'),
		).toEqual(['Smith & Jones’s Trust']);
	});

	it('reads names whose head comes first, as in French and Italian', () => {
		expect(
			names('The Fondation Mérieux Pour la Santé and the Associazione Amici di Padre Marco signed a memorandum.'),
		).toEqual(['Fondation Mérieux Pour la Santé', 'Associazione Amici di Padre Marco']);
	});

	it('stops before a person named after the org', () => {
		expect(names('He met the Secretary of the Kenya Red Cross Society Mary Otieno in Nairobi.')).toEqual([
			'Kenya Red Cross Society',
		]);
	});

	it('takes the org out of an event named after it', () => {
		expect(names('The third “Mekong Youth Exchange Network Forum” was held in Kunming.')).toEqual([
			'Mekong Youth Exchange Network',
		]);
	});

	it('ignores government, party, police and university bodies', () => {
		expect(
			names(
				'The Shaanxi PSB Foreign NGO Management Office, the Civil Affairs Bureau, the State Council, the Central Committee of the Youth League, the Ministry of Commerce and the Research Center of Xi’an University met.',
			),
		).toEqual([]);
	});

	it('ignores generic references, plural heads and businesses', () => {
		expect(
			names(
				'The Foundation thanked donors. Civil Society Forum delegates and Chinese Charitable Organizations attended. The Everbright Trust Company filed papers.',
			),
		).toEqual([]);
	});
});

describe('extractOrgs: collective nouns', () => {
	it('takes "Overseas NGOs" or "International Organizations" in a headline for kinds, not names', () => {
		expect(names('Three Provinces Issue Registration Certificates to Overseas NGOs')).toEqual([]);
		expect(names('Hainan Welcomes Foreign NGOs and International Organizations')).toEqual([]);
		expect(names('Overseas NGOs such as the Lark Song Music Foundation (Norway) registered.')).toEqual([
			'Lark Song Music Foundation',
		]);
	});
});

describe('extractOrgs: country of origin', () => {
	it('reads a parenthesized origin after the name', () => {
		expect(orgs('The Maple Leaf Education Association (Canada) opened an office in Chengdu.')).toEqual([
			{ name: 'Maple Leaf Education Association', country: 'Canada', aliases: [] },
		]);
	});

	it('reads a possessive origin and leaves a domestic one empty', () => {
		expect(orgs('Foreign NGOs such as Norway’s Fjord Children Fund attended.')[0]).toMatchObject({
			name: 'Fjord Children Fund',
			country: 'Norway',
		});
		expect(orgs('Singapore’s Lion City Charity Foundation Limited donated books.')[0]).toMatchObject({
			name: 'Lion City Charity Foundation Limited',
			country: 'Singapore',
		});
		expect(orgs('China’s Sunflower Care Association visited.')[0]?.country).toBeNull();
	});

	it('reads the country that opens a name, but not from a two-country compound', () => {
		expect(orgs('The Kenya Wildlife Trust met officials.')[0]?.country).toBe('Kenya');
		expect(orgs('The Korea-China Friendship Association met officials.')[0]?.country).toBeNull();
	});

	it('names listed after "NGOs such as" become orgs, without a head noun', () => {
		expect(orgs('Attending were foreign NGOs such as Germany’s Bread for Children as well as local groups.')).toEqual([
			{ name: 'Bread for Children', country: 'Germany', aliases: [] },
		]);
	});

	it('takes a quoted name after "NGO" with its demonym', () => {
		expect(orgs('The PSB registered the Canadian NGO “Helping Hands Service Company” on May 3.')).toEqual([
			{ name: 'Helping Hands Service Company', country: 'Canada', aliases: [] },
		]);
	});

	it('names without a head noun count when a country follows and the sentence is about NGOs', () => {
		expect(
			names('The registered foreign NGOs were: Open Doors Partners (Australia), Blue Sky Relief (Japan).'),
		).toEqual(['Open Doors Partners', 'Blue Sky Relief']);
		expect(names('Professor Wang (Taiwan) gave a talk.')).toEqual([]);
	});

	it('reports origin spans so a place of origin is not read as a place of activity', () => {
		const text = 'The Animals Asia Foundation (Hong Kong) visited Chengdu.';
		const { originSpans } = extractOrgs(text, deps);
		expect(originSpans.map((span) => text.slice(span.start, span.end))).toEqual(['(Hong Kong)']);
	});
});

describe('extractOrgs: one org, several names', () => {
	it('merges an acronym with its long form and reads the country after both', () => {
		expect(
			orgs('The office of ADRA (Associazione Donne Rurali Alpine) (Italy) trained nurses. ADRA invited two doctors.'),
		).toEqual([{ name: 'Associazione Donne Rurali Alpine', country: 'Italy', aliases: ['ADRA'] }]);
		expect(orgs('The Development Organisation of Rural Guizhou (DORG) registered. DORG thanked the PSB.')).toEqual([
			{ name: 'Development Organisation of Rural Guizhou', country: null, aliases: ['DORG'] },
		]);
	});

	it('merges a shortened second reference into the full name', () => {
		expect(
			names('The Silk Road Youth Cooperation Network met in Xi’an. The Cooperation Network will meet again.'),
		).toEqual(['Silk Road Youth Cooperation Network']);
	});

	it('merges two spellings of a known org and carries its other names', () => {
		const [org, ...rest] = orgs('China Red Cross sends aid: the Red Cross Society of China donated tents.');
		expect(rest).toEqual([]);
		expect(org?.name).toBe('Red Cross Society of China');
		expect(org?.aliases).toEqual(expect.arrayContaining(['China Red Cross', '中国红十字会']));
	});

	it('finds known orgs without a head noun, with their origin', () => {
		expect(orgs('World Vision (Hong Kong) and Greenpeace held talks.').map((o) => [o.name, o.country])).toEqual([
			['World Vision', 'Hong Kong'],
			['Greenpeace', null],
		]);
	});

	it('keeps a Chinese name given in parentheses as an alias', () => {
		expect(
			orgs('The Danube-China Friendship Promotion Association (多瑙河中国友好促进会) registered.')[0]?.aliases,
		).toEqual(['多瑙河中国友好促进会']);
	});
});
