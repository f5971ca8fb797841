import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/bench/synthetic-corpus.js';
import { clearWinner, mayCorrect, oneEditAway, respelledText, respellings } from '../../src/domain/spelling.js';

/** Optimal string alignment distance (Damerau with adjacent swaps), by the textbook table: the oracle. */
function osaDistance(a: string, b: string): number {
	const d = Array.from({ length: a.length + 1 }, (_, i) =>
		Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
	);
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
			}
		}
	}
	return d[a.length]![b.length]!;
}

describe('oneEditAway', () => {
	it('holds the slips people make: a letter doubled, dropped, swapped or replaced', () => {
		const close = new Set(oneEditAway('training'));
		for (const typo of ['trainnig', 'traning', 'trainingg', 'trsining', 'rtaining']) {
			expect(close.has(typo), typo).toBe(true);
		}
		expect(close.has('training')).toBe(false);
		expect(close.has('trainnign')).toBe(false);
	});

	it('is exactly the words one edit away (checked against the textbook distance on random words)', () => {
		const next = mulberry32(7);
		const letters = 'abcdez';
		for (let round = 0; round < 30; round++) {
			const word = Array.from({ length: 2 + Math.floor(next() * 3) }, () => letters[Math.floor(next() * 6)]).join('');
			const close = new Set(oneEditAway(word).filter((w) => [...w].every((c) => letters.includes(c))));
			// Every string over the small alphabet up to one letter longer, compared with the oracle.
			const all: string[] = [''];
			for (let length = 1; length <= word.length + 1; length++) {
				for (const prefix of all.filter((w) => w.length === length - 1)) for (const c of letters) all.push(prefix + c);
			}
			const expected = all.filter((w) => osaDistance(word, w) === 1);
			expect([...close].sort(), word).toEqual(expected.sort());
		}
	});
});

describe('mayCorrect', () => {
	it('respells plain words of four letters or more, never acronyms, numbers, Chinese or place names', () => {
		const places = new Set(['hunan', 'henan']);
		expect(mayCorrect('trainnig', places)).toBe(true);
		expect(mayCorrect('wwf', places)).toBe(false);
		expect(mayCorrect('2019', places)).toBe(false);
		expect(mayCorrect('covid19', places)).toBe(false);
		expect(mayCorrect('湖南', places)).toBe(false);
		expect(mayCorrect('hunan', places)).toBe(false);
	});
});

describe('respellings', () => {
	it('combines each word’s options, keeps words without options, and skips the query as typed', () => {
		expect(respellings(['moon', 'baer'], [[], ['bear', 'bar']], 10)).toEqual([
			{ query: 'moon bear', replaced: [['baer', 'bear']] },
			{ query: 'moon bar', replaced: [['baer', 'bar']] },
		]);
		expect(respellings(['tset', 'wrod'], [['test'], ['word', 'wood']], 10).map((r) => r.query)).toEqual([
			'test word',
			'test wood',
		]);
		expect(respellings(['moon'], [[]], 10)).toEqual([]);
		expect(
			respellings(
				['aaaa', 'bbbb'],
				[
					['a1', 'a2', 'a3'],
					['b1', 'b2', 'b3'],
				],
				4,
			),
		).toHaveLength(4);
	});
});

describe('respelledText', () => {
	it('swaps the replaced words into the text as typed, whole words only, in any case', () => {
		expect(respelledText('Save the Childern', [['childern', 'children']])).toBe('Save the children');
		expect(respelledText('TRAINNIG and trainnig', [['trainnig', 'training']])).toBe('training and training');
		expect(respelledText('wool, wooq!', [['wooq', 'wood']])).toBe('wool, wood!');
		// Not a whole word of the text (folded from another spelling, or inside a longer word): null.
		expect(respelledText('Tibét', [['tibet', 'tibbet']])).toBeNull();
		expect(respelledText('trainnigs', [['trainnig', 'training']])).toBeNull();
	});
});

describe('clearWinner', () => {
	it('takes the only spelling that matches, or one far ahead; leaves a close race open', () => {
		const c = (query: string, matches: number) => ({ query, matches });
		expect(clearWinner([c('trading', 0), c('training', 40)])?.query).toBe('training');
		expect(clearWinner([c('training', 101), c('raining', 3)])?.query).toBe('training');
		expect(clearWinner([c('hunan', 101), c('henan', 101)])).toBeNull();
		expect(clearWinner([c('bear', 30), c('bar', 4)])).toBeNull();
		expect(clearWinner([c('x', 0)])).toBeNull();
		expect(clearWinner([])).toBeNull();
	});
});
