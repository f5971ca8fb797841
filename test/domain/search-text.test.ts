import { describe, expect, it } from 'vitest';
import { ftsMatchExpression, queryTerms, searchTokens } from '../../src/domain/search-text.js';

describe('searchTokens', () => {
	it('folds case, diacritics and possessives', () => {
		expect(searchTokens('Fédération Internationale, Martin’s TRUST')).toEqual([
			'federation',
			'internationale',
			'martin',
			'trust',
		]);
	});

	it('cuts Chinese runs into overlapping pairs and separates scripts', () => {
		expect(searchTokens('湖南省公安厅')).toEqual(['湖南', '南省', '省公', '公安', '安厅']);
		expect(searchTokens('NGO在湖南')).toEqual(['ngo', '在湖', '湖南']);
		expect(searchTokens('省')).toEqual(['省']);
	});

	it('splits on punctuation and hyphens, keeps digits', () => {
		expect(searchTokens('Japan-China, 2019-02-25!')).toEqual(['japan', 'china', '2019', '02', '25']);
	});
});

describe('ftsMatchExpression', () => {
	it('ANDs words, quotes them and drops stopwords', () => {
		expect(ftsMatchExpression('mental health of the elderly')).toBe('"mental" AND "health" AND "elderly"');
		expect(queryTerms('the of')).toEqual([['the'], ['of']]);
	});

	it('makes a Chinese run a phrase of its bigrams and may prefix the last word', () => {
		expect(ftsMatchExpression('湖南 regist', { prefixLast: true })).toBe('"湖南" AND "regist"*');
		expect(ftsMatchExpression('黑龙江')).toBe('"黑龙 龙江"');
	});

	it('neutralizes FTS5 syntax in user input', () => {
		expect(ftsMatchExpression('NEAR(a b) OR "x" -y *')).toBe('"near" AND "b" AND "x" AND "y"');
		expect(ftsMatchExpression('*** ??? ')).toBeNull();
	});
});
