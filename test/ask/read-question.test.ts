import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AskVocabulary, readQuestion } from '../../src/ask/read-question.js';
import { FIELD_LABELS, FIELDS_OF_WORK } from '../../src/domain/entry.js';
import { createCountryLexicon } from '../../src/ingest/countries.js';
import { createGazetteer, loadGazetteerData } from '../../src/ingest/gazetteer.js';
import { projectRoot } from '../../src/project-root.js';

const reference = (name: string): unknown =>
	JSON.parse(readFileSync(join(projectRoot(), 'data', 'reference', name), 'utf8'));
const gazetteer = createGazetteer(loadGazetteerData(reference('provinces.json')));
const countries = createCountryLexicon(reference('countries.json'));
const ORGS = ['Animals Asia Foundation', 'Philip Hayden Foundation', 'Japan Foundation'];
const BODIES = ['Zhejiang Department of Commerce'];

const vocabulary: AskVocabulary = {
	province: (words) => gazetteer.resolve(words)?.province ?? null,
	organization: (words) =>
		ORGS.find(
			(org) =>
				org.toLowerCase() === words.toLowerCase() ||
				org.split(' ').slice(0, 2).join(' ').toLowerCase() === words.toLowerCase(),
		) ?? null,
	country: (words) => countries.byName(words) ?? countries.byDemonym(words),
	partner: (words) => BODIES.find((body) => body.toLowerCase() === words.toLowerCase()) ?? null,
	field: (words) => FIELDS_OF_WORK.find((f) => FIELD_LABELS[f].toLowerCase() === words.toLowerCase()) ?? null,
};
const TODAY = '2026-12-07';
const read = (q: string) => readQuestion(q, vocabulary, TODAY);

describe('readQuestion', () => {
	it.each([
		[
			'which Japanese NGOs registered in Hunan in 2019?',
			{
				intent: 'which',
				country: 'Japan',
				type: 'registration',
				province: 'Hunan',
				from: '2019-01-01',
				to: '2019-12-31',
			},
		],
		[
			'how many temporary activities were filed in Yunnan last year?',
			{ intent: 'how many', type: 'temporary_activity', province: 'Yunnan', from: '2025-01-01', to: '2025-12-31' },
		],
		[
			'when did Animals Asia open its Chengdu office?',
			{ intent: 'when', ngo: 'Animals Asia Foundation', province: 'Sichuan', type: 'registration' },
		],
		[
			'who partners with the Zhejiang Department of Commerce?',
			{ intent: 'which', partner: 'Zhejiang Department of Commerce' },
		],
		[
			'where has the Philip Hayden Foundation worked since March 2019?',
			{ intent: 'where', ngo: 'Philip Hayden Foundation', from: '2019-03-01' },
		],
		[
			'NGOs from Hong Kong in Guangdong between March and May 2019',
			{ intent: 'what', country: 'Hong Kong', province: 'Guangdong', from: '2019-03-01', to: '2019-05-31' },
		],
		['what happened in Hong Kong?', { intent: 'what', province: 'Hong Kong' }],
	])('%s', (question, expected) => {
		const reading = read(question);
		expect(reading).toMatchObject(expected);
		expect(reading.notUnderstood).toEqual([]);
	});

	it('never reads Henan for Hunan or a fuzzy province, and says which words it did not understand', () => {
		const reading = read('which NGOs registered in Hunnan?');
		expect(reading.province).toBeUndefined();
		expect(reading.notUnderstood).toEqual(['Hunnan']);
	});

	it('keeps "Japan Foundation" an organization, not an origin', () => {
		expect(read('what did the Japan Foundation do in Beijing?')).toMatchObject({
			ngo: 'Japan Foundation',
			province: 'Beijing',
		});
	});
});
