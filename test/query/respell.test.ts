import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueryResult, SearchAnswer } from '../../src/query/answers.js';
import { summarizeSearch } from '../../src/summarize/answer-summary.js';
import { useApp } from '../helpers/sample-app.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

// A digest written for this test: six trainings in Yunnan, two entries on wool (Gansu), two on wood (Jilin).
const dir = makeTempDir('ngo-bot-respell-');
afterAll(() => removeTempDir(dir));
const line = (day: number, province: string, what: string) =>
	`Mar ${day}, 2020: The ${province} PSB Foreign NGO Management Office met the Example Trust ${day} (United Kingdom), which ${what}.`;
writeFileSync(
	join(dir, 'digest.txt'),
	[
		'NGO Digest: March 2020 (written for the tests)',
		...[1, 2, 3, 4, 5, 6].map((day) => line(day, 'Yunnan', 'held a training for village doctors')),
		line(7, 'Gansu', 'buys wool from herders'),
		line(8, 'Gansu', 'teaches wool spinning'),
		line(9, 'Jilin', 'plants wood lots'),
		line(10, 'Jilin', 'studies wood carving'),
	].join('\n\n'),
);

const app = useApp([dir]);

function ok(result: QueryResult<SearchAnswer>): SearchAnswer {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

describe('/search with a typo', () => {
	it('searches the one close spelling that matches, and says so', () => {
		const answer = ok(app().query.search('trainnig'));
		expect(answer.matchedBy).toBe('respelled');
		expect(answer.respelled).toEqual({ query: 'training', replaced: [['trainnig', 'training']] });
		expect(answer.page.total).toBe(6);
		// The same entries as the word spelled right.
		expect(answer.entries.map((e) => e.id)).toEqual(ok(app().query.search('training')).entries.map((e) => e.id));
		const summary = summarizeSearch(answer, { today: '2026-12-07' });
		expect(summary.notes).toContain('Nothing contains “trainnig”; showing “training” instead.');
		expect(summary.lead).toMatch(/^6 entries match “training”/);
		expect(summary.title).toBe('Search: trainnig');
	});

	it('respells a word inside a longer search, under the same filters', () => {
		const answer = ok(app().query.search('village traning', { province: 'Yunnan' }));
		expect(answer.respelled?.query).toBe('village training');
		expect(answer.page.total).toBe(6);
		// Nothing in Gansu holds the respelled word either: no guess is shown as an answer.
		const gansu = ok(app().query.search('trainnig', { province: 'Gansu' }));
		expect([gansu.page.total, gansu.respelled, gansu.spellings]).toEqual([0, null, []]);
	});

	it('shows the search in the words typed, and prefers whole words to starts of words for the last one', () => {
		const answer = ok(app().query.search('Village Trainnig'));
		expect(answer.respelled).toEqual({ query: 'Village training', replaced: [['trainnig', 'training']] });
		// "herdrs" is one edit from "herders", a whole word: not from "herd…" starts of words.
		expect(ok(app().query.search('herdrs')).respelled?.query).toBe('herders');
		// A last word still being typed, with a slip: the start of a word one edit away.
		const typing = ok(app().query.search('wool spinnnin'));
		expect([typing.respelled?.query, typing.page.total]).toEqual(['wool spinnin', 1]);
	});

	it('does not guess between two spellings that match about as much: it offers both', () => {
		const answer = ok(app().query.search('wooq'));
		expect(answer.page.total).toBe(0);
		expect(answer.respelled).toBeNull();
		expect([...answer.spellings].sort()).toEqual(['wood', 'wool']);
		expect(summarizeSearch(answer, { today: '2026-12-07' }).empty).toMatch(
			/^Nothing matches “wooq”\. Did you mean “woo[dl]” or “woo[dl]”\?$/,
		);
	});

	it('leaves alone words the index holds, numbers and short words', () => {
		// Both words are indexed; no entry has both: nothing is respelled.
		const both = ok(app().query.search('wool training'));
		expect([both.page.total, both.respelled, both.spellings]).toEqual([0, null, []]);
		for (const typed of ['2021', 'wof']) {
			const answer = ok(app().query.search(typed));
			expect([typed, answer.page.total, answer.respelled]).toEqual([typed, 0, null]);
		}
	});
});
