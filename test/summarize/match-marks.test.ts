import { describe, expect, it } from 'vitest';
import { matchMarks } from '../../src/summarize/match-marks.js';

/** The marked stretches themselves. */
const marked = (text: string, query: string) => matchMarks(text, query).map(([start, end]) => text.slice(start, end));

describe('matchMarks', () => {
	it('marks the words searched for, in any case and with or without diacritics, whole words only', () => {
		expect(marked('Mental health training for Mentally ill people; HEALTH.', 'mental health')).toEqual([
			'Mental',
			'health',
			'HEALTH',
		]);
		expect(marked('Fondation Mérieux and Merieux fellows', 'mérieux foundation')).toEqual(['Mérieux', 'Merieux']);
		expect(marked('Fondation Mérieux and Merieux fellows', 'merieux fondation')).toEqual([
			'Fondation',
			'Mérieux',
			'Merieux',
		]);
	});

	it('takes the last word as the start of a word, as the search does', () => {
		expect(marked('Registration and registered offices', 'regist')).toEqual(['Registration', 'registered']);
		// Only the last word is a prefix: "regist" before it must be a whole word.
		expect(marked('A registration office', 'regist office')).toEqual(['office']);
	});

	it('marks Chinese runs wherever they appear, also inside longer runs and next to Latin letters', () => {
		expect(marked('湖南省公安厅 met NGO湖南 partners in 湖南', '湖南')).toEqual(['湖南', '湖南', '湖南']);
		expect(marked('亚洲动物基金在成都', '动物基金 chengdu')).toEqual(['动物基金']);
	});

	it('leaves out stop words unless nothing else was asked, and returns marks in text order', () => {
		expect(marked('The training of the staff', 'the training')).toEqual(['training']);
		expect(matchMarks('b c b', 'c b')).toEqual([
			[0, 1],
			[2, 3],
			[4, 5],
		]);
	});
});
