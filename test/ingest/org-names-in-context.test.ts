import { describe, expect, it } from 'vitest';
import { extractOrgs } from '../../src/ingest/extract-orgs.js';
import { loadReference } from '../../src/ingest/load-reference.js';

// Short texts written for these tests in the styles of real digests and news; the organizations are made up.
const reference = loadReference();
const deps = {
	countries: reference.countries,
	directory: reference.directory,
	isPlace: (name: string) => reference.gazetteer.resolve(name) !== null,
};
const found = (text: string) => extractOrgs(text, deps).orgs.map((org) => [org.name, org.country]);

describe('names found by what the sentence says about them', () => {
	it('reads the name a registration certificate goes to, whatever its head word', () => {
		expect(found('The Anhui PSB issued a registration certificate to the Pacific Academy of Herbal Studies.')).toEqual([
			['Pacific Academy of Herbal Studies', null],
		]);
		expect(
			found('The Hainan PSB issued the Euro-Asia Culture & Trade Commission its registration credentials.'),
		).toEqual([['Euro-Asia Culture & Trade Commission', null]]);
	});

	it('reads "the NGO X" and an appositive after "NGO,"', () => {
		expect(found('The Hubei office of the Hong Kong-based NGO Neighbours Without Walls held a camp.')).toEqual([
			['Neighbours Without Walls', 'Hong Kong'],
		]);
		expect(found('They invited the province’s first registered foreign NGO, Norway’s FJORDA, to attend.')).toEqual([
			['FJORDA', 'Norway'],
		]);
		expect(found('Officials explained the Foreign NGO Law and the 2019 NGO Seminar on Disaster Relief.')).toEqual([]);
	});

	it('reads the org whose branch or office is named', () => {
		expect(found('The Sichuan PSB issued certificates to the Hong Kong branch of the Open Door Outreach.')).toEqual([
			['Open Door Outreach', 'Hong Kong'],
		]);
	});

	it('reads every item of a list of NGOs, with or without head words', () => {
		expect(
			found(
				'The PSB gave certificates to several overseas NGOs, including the Yunnan branch office of the Give and Grow Foundation, the Sowing Hope and the River Light Fund.',
			),
		).toEqual([
			['Give and Grow Foundation', null],
			['Sowing Hope', null],
			['River Light Fund', null],
		]);
		expect(
			found(
				'Chief representatives of the Maple Leaf Foundation (Canada), Nostra Casa Onlus (Italy), Clean Air Fund (United States), and BrightPath were in attendance.',
			),
		).toEqual([
			['Maple Leaf Foundation', 'Canada'],
			['Nostra Casa Onlus', 'Italy'],
			['Clean Air Fund', 'United States'],
			['BrightPath', null],
		]);
	});

	it('keeps commas and "and" inside a name its acronym spells out', () => {
		expect(
			found(
				'The office presented the Society for Agricultural, Rural and Ecological Advancement (SAREA) a certificate.',
			),
		).toEqual([['Society for Agricultural, Rural and Ecological Advancement', null]]);
		expect(found('The Taiwan Electrical and Electronic Makers’ Association registered in Jiangsu.')[0]?.[0]).toBe(
			'Taiwan Electrical and Electronic Makers’ Association',
		);
	});

	it('reads foreign head words and their misspellings', () => {
		expect(found('The German foundation Hanns Bauer Stifftung registered an office in Zhejiang.')).toEqual([
			['Hanns Bauer Stifftung', 'Germany'],
		]);
		expect(found('Supported by Germany’s Brot und Rosen für die Welt (Bread and Roses), the survey ran.')).toEqual([
			['Brot und Rosen für die Welt', 'Germany'],
		]);
		expect(
			found('The meeting included the Federação das Associações dos Pescadores de Macau.').map(([name]) => name),
		).toEqual(['Federação das Associações dos Pescadores de Macau']);
	});
});

describe('origins stated around a name', () => {
	it('takes a prefix that is not part of the name as the origin', () => {
		expect(found('Zhejiang issued a certificate to the Hong Kong-based International Weavers Union’s office.')).toEqual(
			[['International Weavers Union', 'Hong Kong']],
		);
	});

	it('reads "based in", "incorporated in", a two-letter code and a city', () => {
		expect(
			found('A certificate went to the Hainan office of the Euro Tourism Committee Foundation, based in Belgium.'),
		).toEqual([['Euro Tourism Committee Foundation', 'Belgium']]);
		expect(found('The Lotus Heart Foundation was incorporated in Hong Kong in 1998.')).toEqual([
			['Lotus Heart Foundation', 'Hong Kong'],
		]);
		expect(
			found('Eight NGOs registered, including the World Iron Association (BE) and the Sun Arts Foundation (HK).'),
		).toEqual([
			['World Iron Association', 'Belgium'],
			['Sun Arts Foundation', 'Hong Kong'],
		]);
		expect(found('Officials met the Brussels-based non-profit International Peace Group.')).toEqual([
			['International Peace Group', 'Belgium'],
		]);
	});

	it('reads a nationality said of the NGOs a sentence names', () => {
		expect(
			found(
				'Today, two Japanese NGOs became legally registered. The PSB presented the Ethics Study Institute and the Green Horizon Association their certificates.',
			),
		).toEqual([
			['Ethics Study Institute', 'Japan'],
			['Green Horizon Association', 'Japan'],
		]);
		expect(found('It was the well-known US organization Global Helpers that registered.')).toEqual([
			['Global Helpers', 'United States'],
		]);
		expect(found('The Rural Guizhou Development Trust (RGDT), a British organization, registered.')).toEqual([
			['Rural Guizhou Development Trust', 'United Kingdom'],
		]);
	});
});

describe('bodies that are not NGOs stay out', () => {
	it('leaves out institutes named after a mainland place, units of ministries and mass organizations', () => {
		expect(
			found(
				'The PSB sent staff to the Wuhan Institute of Skin Diseases. The head of the Social Welfare Center at the Ministry of Civil Affairs spoke, and the General Labor Union and the Provincial Women’s Federation attended.',
			),
		).toEqual([]);
	});

	it('keeps a university’s education foundation', () => {
		expect(found('The Nankai University Education Foundation visited the Tianjin PSB.')).toEqual([
			['Nankai University Education Foundation', null],
		]);
	});

	it('leaves out companies named as groups, but not civic groups', () => {
		expect(found('Dalian Harbour Group donated money, as did the Youth Activists Concern Group.')).toEqual([
			['Youth Activists Concern Group', null],
		]);
	});
});
