import { describe, expect, it } from 'vitest';
import {
	compareFacts,
	compareMatches,
	type EventFacts,
	chooseRepresentative,
	covers,
	eventGroups,
	QUOTED_WORDS,
	REGISTRATION_DAYS,
	sameEvent,
	sentenceHashes,
} from '../../src/events/same-event.js';

function facts(overrides: Partial<EventFacts> = {}): EventFacts {
	return {
		id: 1,
		documentId: 1,
		date: '2019-03-31',
		type: 'registration',
		provinces: ['Guangdong'],
		orgIds: [7],
		...overrides,
	};
}

/** Adds `days` to an ISO date. */
function plus(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const story = (overrides: Partial<EventFacts> = {}) => facts({ id: 2, documentId: 2, ...overrides });

describe('sameEvent', () => {
	it('takes a registration of one organization in one province, reported weeks apart or undated, for one event', () => {
		expect(sameEvent(compareFacts(facts(), story({ date: plus('2019-03-31', 3) }), false))).toBe('same registration');
		expect(sameEvent(compareFacts(facts(), story({ date: plus('2019-03-31', REGISTRATION_DAYS) }), false))).toBe(
			'same registration',
		);
		expect(sameEvent(compareFacts(facts(), story({ date: null }), false))).toBe('same registration');
		expect(sameEvent(compareFacts(facts(), story({ date: plus('2019-03-31', REGISTRATION_DAYS + 1) }), false))).toBe(
			null,
		);
	});

	it('asks the same organization, a shared province and the same type', () => {
		expect(sameEvent(compareFacts(facts(), story({ orgIds: [8] }), false))).toBe(null);
		expect(sameEvent(compareFacts(facts(), story({ provinces: ['Hunan'] }), false))).toBe(null);
		expect(sameEvent(compareFacts(facts(), story({ provinces: [] }), false))).toBe(null);
		expect(sameEvent(compareFacts(facts(), story({ type: 'visit' }), false))).toBe(null);
		expect(sameEvent(compareFacts(facts({ provinces: ['Hunan', 'Guangdong'] }), story(), false))).toBe(
			'same registration',
		);
	});

	it('takes other activities for one event only on the same days, both dated', () => {
		const meeting = facts({ type: 'meeting' });
		expect(sameEvent(compareFacts(meeting, story({ type: 'meeting', date: plus('2019-03-31', 2) }), false))).toBe(
			'same organization, place, activity and days',
		);
		expect(sameEvent(compareFacts(meeting, story({ type: 'meeting', date: plus('2019-03-31', 10) }), false))).toBe(
			null,
		);
		expect(sameEvent(compareFacts(meeting, story({ type: 'meeting', date: null }), false))).toBe(null);
	});

	it('takes a quote for one event whatever the types, unless the organizations differ or months lie between', () => {
		const teaser = story({ type: 'other', provinces: [] });
		expect(sameEvent(compareFacts(facts(), teaser, true))).toBe('same words');
		expect(sameEvent(compareFacts(facts({ orgIds: [] }), story({ orgIds: [] }), true))).toBe('same words');
		expect(sameEvent(compareFacts(facts(), story({ orgIds: [8] }), true))).toBe(null);
		expect(sameEvent(compareFacts(facts(), story({ orgIds: [] }), true))).toBe(null);
		expect(sameEvent(compareFacts(facts(), story({ date: '2020-01-01' }), true))).toBe(null);
	});

	it('never links two entries of one document', () => {
		expect(sameEvent(compareFacts(facts(), story({ documentId: 1 }), true))).toBe(null);
	});
});

describe('sentenceHashes', () => {
	const sentence =
		'The Guangdong PSB Foreign NGO Management Office issued a registration certificate to the Example Foundation.';

	it('matches a sentence however it is cased, quoted and spaced, and a teaser cut mid-sentence with "…read more"', () => {
		const [full] = sentenceHashes(sentence);
		expect(full).toBeDefined();
		expect(sentenceHashes(`Intro. ${sentence.toUpperCase().replace(/ /g, '  ')} Outro.`)).toContain(full);
		// A listing cuts the sentence inside a word, words before its end: its opening is the page's.
		const teaser = `${sentence.slice(0, sentence.indexOf('Example') + 3)}… read more`;
		expect(sentenceHashes(teaser)).toEqual([full]);
		// The broken word does not count: cut one word earlier, the opening is too short to quote.
		const tooShort = `${sentence.slice(0, sentence.indexOf('certificate') + 5)}… read more`;
		expect(sentenceHashes(tooShort)).toEqual([]);
	});

	it(`ignores sentences under ${QUOTED_WORDS} words, and hashes a repeated sentence once`, () => {
		expect(sentenceHashes('Nine words make a sentence too short to quote.')).toEqual([]);
		expect(sentenceHashes(`${sentence} ${sentence} ${sentence}`)).toHaveLength(1);
	});
});

describe('eventGroups', () => {
	it('groups linked entries, each group in id order, whatever the order links were found in', () => {
		const links: [number, number][] = [
			[5, 9],
			[9, 12],
			[3, 4],
		];
		const expected = [[3, 4], [5, 9, 12], [7]];
		for (const order of [links, [...links].reverse(), [links[1]!, links[2]!, links[0]!]]) {
			const groups = eventGroups([7, 12, 9, 5, 4, 3], order);
			expect(groups.sort((a, b) => a[0]! - b[0]!)).toEqual(expected);
		}
	});
});

describe('the representative of an event', () => {
	it('is the report naming the most places and organizations, then a dated one, then the first stored', () => {
		const digestItem = facts({ id: 9, provinces: ['Sichuan'], orgIds: [1, 2] });
		const story = facts({ id: 4, provinces: ['Sichuan'], orgIds: [1] });
		expect(chooseRepresentative([story, digestItem])).toBe(9);
		expect(chooseRepresentative([facts({ id: 3, date: null }), facts({ id: 8 })])).toBe(8);
		expect(chooseRepresentative([facts({ id: 8 }), facts({ id: 3 })])).toBe(3);
	});

	it('covers another report when it names every province and organization that one names', () => {
		const both = facts({ provinces: ['Sichuan'], orgIds: [1, 2] });
		expect(covers(both, facts({ provinces: ['Sichuan'], orgIds: [1] }))).toBe(true);
		expect(covers(facts({ provinces: ['Sichuan'], orgIds: [1] }), both)).toBe(false);
		expect(covers(both, facts({ provinces: [], orgIds: [] }))).toBe(true);
		expect(covers(both, facts({ provinces: ['Hubei'], orgIds: [1] }))).toBe(false);
	});
});

describe('compareMatches', () => {
	it('prefers a quote, then a registration, then the nearest date, then the lowest id', () => {
		const matches = [
			{ id: 4, reason: 'same organization, place, activity and days' as const, days: 0 },
			{ id: 3, reason: 'same registration' as const, days: 20 },
			{ id: 2, reason: 'same registration' as const, days: 2 },
			{ id: 9, reason: 'same words' as const, days: null },
			{ id: 1, reason: 'same registration' as const, days: 2 },
		];
		expect([...matches].sort(compareMatches).map((match) => match.id)).toEqual([9, 1, 2, 3, 4]);
	});
});
