import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/domain/sentences.js';

describe('splitSentences', () => {
	it('splits on sentence ends followed by a capital, including after closing quotes', () => {
		expect(splitSentences('It opened a “Digital Fujian.” This process began. Then “X” ended!')).toEqual([
			'It opened a “Digital Fujian.”',
			'This process began.',
			'Then “X” ended!',
		]);
	});

	it('does not split after abbreviations and initials', () => {
		expect(splitSentences('Mr. Smith of the U.S. office met Dr. Li. They talked.')).toEqual([
			'Mr. Smith of the U.S. office met Dr. Li.',
			'They talked.',
		]);
	});

	it('splits Chinese sentences', () => {
		expect(splitSentences('湖南省公安厅颁发了登记证书。基金会表示感谢。')).toEqual([
			'湖南省公安厅颁发了登记证书。',
			'基金会表示感谢。',
		]);
	});
});
