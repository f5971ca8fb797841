import { describe, expect, it } from 'vitest';
import { markedText, safeText } from '../../src/render/markdown.js';
import { matchMarks } from '../../src/summarize/match-marks.js';

describe('markedText', () => {
	it('bolds the marks and shows everything else literally, mentions broken', () => {
		const text = 'The **NGO** @everyone met <@123456789012345678> about mental health in 湖南.';
		const shown = markedText(text, matchMarks(text, 'mental 湖南'), 300);
		expect(shown).toBe(
			'The \\*\\*NGO\\*\\* @\u200beveryone met \\<\u200b@123456789012345678\\> about **mental** health in **湖南**.',
		);
	});

	it('drops the marks rather than pass the length allowed, and cuts as safeText does', () => {
		const text = `${'word '.repeat(80)}end`;
		const marks = matchMarks(text, 'word');
		expect(markedText(text, marks, 500)).toMatch(/^\*\*word\*\* \*\*word\*\*/);
		expect(markedText(text, marks, 300)).toBe(safeText(text, 300));
	});
});
