import { describe, expect, it } from 'vitest';
import type { AskAnswer } from '../../src/ask/answer-question.js';
import { answerSentence } from '../../src/summarize/ask-summary.js';

const PROVINCES = ['Beijing', 'Gansu', 'Hebei', 'Hunan', 'Jilin', 'Shanxi', 'Tibet', 'Yunnan', 'Zhejiang', 'Hainan'];

function answer(intent: AskAnswer['reading']['intent'], counted = 10): AskAnswer {
	return {
		question: 'q',
		reading: { intent, understood: [], alsoNamed: [], notUnderstood: [] },
		filters: { country: 'Japan' },
		resolved: {},
		total: 10,
		counted,
		orgs: [],
		provinces: PROVINCES.map((key) => ({ key, label: key, n: 1 })),
		types: [{ key: 'visit', label: 'visit', n: 10 }],
		span: { first: '2019-01-02', last: '2020-03-04' },
		withoutType: null,
		entries: [],
		page: { offset: 0, limit: 5, total: 10 },
	};
}

describe('answerSentence', () => {
	it('names eight provinces and says how many more there are, never dropping them silently', () => {
		expect(answerSentence(answer('where'))).toBe(
			'In 10 provinces: Beijing (1), Gansu (1), Hebei (1), Hunan (1), Jilin (1), Shanxi (1), Tibet (1), Yunnan (1) and 2 more.',
		);
		expect(answerSentence(answer('how many'))).toMatch(/; by province: Beijing 1, .* Yunnan 1 and 2 more\.$/);
	});

	it('says when the counts were made over the newest entries only', () => {
		expect(answerSentence(answer('when', 4))).toBe(
			'From 2019-01-02 to 2020-03-04 (10 entries; counted over the newest 4).',
		);
	});
});
