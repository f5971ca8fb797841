import { describe, expect, it } from 'vitest';
import type { DraftEntry, Evidence } from '../../src/domain/entry.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';

// Every fact keeps the words it came from; these texts are written for the tests.
const reference = loadReference();
const parse = (text: string) => parseDocument({ text: normalizeText(text), path: 'page.txt', url: null }, reference);

/** Each row as "fact value (role) «quote»", and a check that the quote is exactly the words at its offsets. */
function rows(entry: DraftEntry): string[] {
	return entry.evidence.map((row) => {
		if (row.field !== 'page') {
			const source = row.field === 'title' ? (entry.title ?? '') : entry.text;
			expect(source.slice(row.start!, row.end!)).toBe(row.quote);
		}
		const mark = row.counted ? '' : ' [not counted]';
		const subject = row.subject ? ` of ${row.subject}` : '';
		return `${row.fact} ${row.value}${subject} (${row.role})${mark} «${row.quote}» ${row.field}`;
	});
}

const byFact = (entry: DraftEntry, fact: Evidence['fact']) => entry.evidence.filter((row) => row.fact === fact);

describe('evidence of extracted facts', () => {
	it('keeps the heading, the acting authority, the name, its origin and the action of a digest item', () => {
		const document = parse(
			[
				'March 4, 2019',
				'Registrations in Hunan',
				'Ministry of Public Security WeChat Posts—February 25-27, 2019',
				'February 25, 2019:',
				'Recently, the Hunan PSB Foreign NGO Management Office issued a registration certificate to the Lotus Hill Foundation (Japan), whose Hong Kong office had applied.',
			].join('\n\n'),
		);
		const [entry] = document.entries;
		expect(rows(entry!)).toEqual([
			'date 2019-02-25 (date heading) «February 25, 2019:» page',
			'province Hunan (acting authority) «Hunan PSB Foreign NGO Management Office» text',
			'province Hong Kong (an organization’s office there; the entry says elsewhere where it happened) [not counted] «Hong Kong office» text',
			'org Lotus Hill Foundation (named) «Lotus Hill Foundation» text',
			'country Japan of Lotus Hill Foundation (in parentheses) «(Japan)» text',
			'partner Hunan Public Security Bureau (acting authority) «Hunan PSB Foreign NGO Management Office» text',
			'type registration (main action) «issued a registration certificate» text',
		]);
	});

	it('dates an article by the page date line, and points into the title when the headline gave a fact', () => {
		const document = parse(
			[
				'April 2, 2018',
				'Overseas NGOs register in Gansu',
				'Two overseas NGOs, the Riverbank Trust (UK) and the Open Fields Society, received their certificates in Lanzhou.',
			].join('\n\n'),
		);
		const [entry] = document.entries;
		expect(byFact(entry!, 'date')).toEqual([
			expect.objectContaining({ value: '2018-04-02', role: 'page date', field: 'page', quote: 'April 2, 2018' }),
		]);
		expect(rows(entry!)).toContain('type registration (main action) «register in G» title');
		// The first words of each kind are kept: the headline's Gansu, not the text's Lanzhou.
		expect(byFact(entry!, 'province').map((row) => [row.value, row.field, row.counted])).toEqual([
			['Gansu', 'title', true],
		]);
	});

	it('points at a full date written in an item’s opening', () => {
		const document = parse(
			[
				'Keyword: Registrations',
				'A new office in Yunnan',
				'On May 29, 2019, the Blue Sky Association registered an office in Kunming and thanked the local bureau for its help with the fil',
				'Another new office',
				'The Cloud Forest Trust said that it had opened an office, with the help of the provincial bureau and local partner groups, in the co',
			].join('\n\n'),
		);
		const [first] = document.entries;
		expect(first?.date).toBe('2019-05-29');
		expect(rows(first!)).toContain('date 2019-05-29 (date in the lead) «May 29, 2019» text');
	});

	it('gives every province a reason, counted or not', () => {
		const document = parse(
			'Today, the Guizhou PSB met 30 Hong Kong high school students and the Taipei-based Lantern Society at a Guiyang school.',
		);
		const places = byFact(document.entries[0]!, 'province').map((row) => `${row.value}: ${row.role}`);
		expect(places).toEqual([
			'Guizhou: acting authority',
			'Hong Kong: where people came from',
			'Taiwan: origin of Lantern Society',
			'Guizhou: activity place (Guiyang is in Guizhou)',
		]);
	});
});
