import { describe, expect, it } from 'vitest';

import { normalizeText } from '../../src/ingest/normalize-text.js';

describe('normalizeText', () => {
	it('turns CRLF and lone CR line ends into LF', () => {
		expect(normalizeText('one\r\ntwo\rthree\nfour')).toBe('one\ntwo\nthree\nfour');
	});

	it('turns NBSP, ideographic and other Unicode spaces into one plain space', () => {
		expect(normalizeText('Foreign\u00A0NGO\u2009Law\u3000中文\u202Fend')).toBe('Foreign NGO Law 中文 end');
	});

	it('removes zero-width characters and stray byte-order marks', () => {
		expect(normalizeText('\uFEFFFu\u200Bji\u200Can\u200D PSB\u2060 of\uFEFFfice')).toBe('Fujian PSB office');
	});

	it('removes bidirectional controls', () => {
		const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F';
		expect(normalizeText(`Hong${controls} Kong`)).toBe('Hong Kong');
	});

	it('removes C0 and C1 control characters but keeps newlines, and turns tabs into spaces', () => {
		expect(normalizeText('a\u0000b\u0007c\u001Bd\u007Fe\u0080f\u009Fg\nh\ti')).toBe('abcdefg\nh i');
	});

	it('keeps a form feed as a paragraph break instead of gluing the pages together', () => {
		expect(normalizeText('end of page one\fstart of page two')).toBe('end of page one\n\nstart of page two');
	});

	it('composes characters to NFC', () => {
		const decomposed = 'Re\u0301sume\u0301';
		expect(normalizeText(decomposed)).toBe('Résumé');
		expect(normalizeText(decomposed)).toHaveLength(6);
	});

	it('collapses runs of spaces and trims every line', () => {
		expect(normalizeText('   The   Yunnan  PSB   \n   met   officials   ')).toBe('The Yunnan PSB\nmet officials');
	});

	it('collapses three or more newlines into exactly one blank line and trims the whole text', () => {
		expect(normalizeText('\n\n\nFirst paragraph\n\n\n\n\nSecond paragraph\n \n \t\n\nThird\n\n\n')).toBe(
			'First paragraph\n\nSecond paragraph\n\nThird',
		);
	});

	it('keeps a single blank line between paragraphs and single line breaks inside them', () => {
		expect(normalizeText('February 15, 2019:\n\nLine one\nline two')).toBe('February 15, 2019:\n\nLine one\nline two');
	});

	it('keeps curly quotes, dashes, ellipses and Chinese punctuation as they are', () => {
		const text = '“Digital Fujian” — Barry & Martin’s Trust… 中方合作单位：「临时活动」，《境外非政府组织法》。';
		expect(normalizeText(text)).toBe(text);
	});

	it('leaves Markdown syntax and Discord mentions alone: escaping them is the renderer’s job', () => {
		const text = '**not bold** _not italic_ `code` @everyone @here <@123> <#456> <:emoji:789>';
		expect(normalizeText(text)).toBe(text);
	});

	it('is idempotent', () => {
		const messy = '\uFEFF  Title\u00A0\u200B \r\n\r\n\r\n\tBody\u3000text\u202E here  \n\n\n';
		const once = normalizeText(messy);
		expect(once).toBe('Title\n\nBody text here');
		expect(normalizeText(once)).toBe(once);
	});

	it('returns an empty string for text that is only whitespace and invisible characters', () => {
		expect(normalizeText(' \n\u00A0\t\u200B\uFEFF\r\n ')).toBe('');
	});
});
