import { describe, expect, it } from 'vitest';
import { bodyKey } from '../../src/domain/names.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';

// Digest items written for these tests; the bodies and groups are made up or common names.
const reference = loadReference();
const partners = (text: string) =>
	parseDocument({ text: normalizeText(text), path: 'p.txt', url: null }, reference).entries.flatMap((entry) =>
		entry.partners.map((p) => `${p.name} [${p.role}${p.level ? `, ${p.level}` : ''}]`),
	);

describe('Chinese bodies an entry names, with their roles', () => {
	it('reads the acting public security bureau, its level and place, however it is written', () => {
		expect(partners('Recently, the Jiangxi PSB Foreign NGO Management Office met the Lotus Fund.')).toEqual([
			'Jiangxi Public Security Bureau [authority, provincial]',
		]);
		expect(partners('Together, the Hubei and Wuhan PSB Foreign NGO Management Offices visited two schools.')).toEqual([
			'Hubei Public Security Bureau [authority, provincial]',
			'Wuhan Public Security Bureau [authority, city]',
		]);
		expect(partners('The Public Security Bureau of Xinjiang Autonomous Region held a training course.')).toEqual([
			'Xinjiang Public Security Bureau [authority, provincial]',
		]);
	});

	it('reads the Professional Supervisory Unit, the Chinese Partner Unit and partners', () => {
		expect(
			partners(
				'The Zhejiang PSB issued a registration certificate to the Silk Road Weavers Union. The PSB hoped the NGO would strengthen communication with its Professional Supervisory Unit, the Zhejiang Department of Commerce.',
			),
		).toEqual([
			'Zhejiang Public Security Bureau [authority, provincial]',
			'Zhejiang Department of Commerce [supervisor, provincial]',
		]);
		expect(
			partners(
				'Recently, the Maple Trust (Canada), in collaboration with the Kunming Blue Sky Health Service Center, launched an eye care project.',
			),
		).toEqual(['Kunming Blue Sky Health Service Center [partner, city]']);
		expect(
			partners(
				'The Lotus Fund filed a temporary activity with the Guizhou Normal University as its Chinese Partner Unit.',
			),
		).toEqual(['Guizhou Normal University [partner_unit, provincial]']);
	});

	it('names “the province’s” department after the entry’s province, and a body named twice once', () => {
		expect(
			partners(
				'The Zhejiang PSB, together with the province’s Department of Commerce, issued a certificate. The Department of Commerce spoke.',
			),
		).toEqual([
			'Zhejiang Public Security Bureau [authority, provincial]',
			'Zhejiang Department of Commerce [partner, provincial]',
		]);
	});

	it('keeps institutions apart and leaves out NGOs, document titles and kinds of bodies', () => {
		expect(
			partners(
				'The Hubei PSB visited Wuhan University of Technology and Central China Normal University to explain the “Measures for Universities Managing Foreign NGOs” to Foreign NGOs.',
			),
		).toEqual([
			'Hubei Public Security Bureau [authority, provincial]',
			'Wuhan University of Technology [participant, city]',
			'Central China Normal University [participant]',
		]);
	});
});

describe('bodyKey', () => {
	it('is the same for the ways one body is written', () => {
		expect(bodyKey('Zhejiang Department of Commerce')).toBe(bodyKey('Department of Commerce of Zhejiang Province'));
		expect(bodyKey('Zhejiang Provincial Department of Commerce')).toBe(bodyKey('Zhejiang Department of Commerce'));
		expect(bodyKey('Jiangxi PSB')).toBe(bodyKey('Jiangxi Public Security Bureau'));
		expect(bodyKey('Department of Public Security of Henan Province')).toBe(bodyKey('Henan Public Security Bureau'));
		expect(bodyKey('Zhejiang Department of Commerce')).not.toBe(bodyKey('Jiangsu Department of Commerce'));
	});
});
