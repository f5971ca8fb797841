import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { isUserFacingError } from '../../src/domain/errors.js';
import { sourceFromString } from '../../src/ingest/load-source.js';
import { markdownToText } from '../../src/ingest/markdown-to-text.js';

const fixture = readFileSync(new URL('../fixtures/documents/mps-digest.md', import.meta.url), 'utf8');
const text = (md: string): string => markdownToText(md).text;

describe('markdownToText on a digest written in Markdown', () => {
	const result = markdownToText(fixture);

	it('reads title, date and URL from the front matter and removes it from the text', () => {
		expect(result.title).toBe('Registrations in Guangdong, a Charity Fair in Zhejiang');
		expect(result.published).toBe('2019-05-14');
		expect(result.url).toBe('https://www.chinafile.example/ngo/digest/guangdong-zhejiang');
		expect(result.text).not.toMatch(/^---|tags:|- digest/m);
	});

	it('renders the whole document as plain paragraphs with date headings on their own', () => {
		expect(result.text).toBe(
			[
				'Registrations in Guangdong, a Charity Fair in Zhejiang',
				'Ministry of Public Security WeChat Posts—April 26-May 8, 2019',
				'April 26, 2019:',
				'The Guangdong PSB Foreign NGO Management Office issued registration certificates to two representative\n' +
					'offices: the Harbor Literacy Fund (Hong Kong) and the\n' +
					'Green Coast Trust (Australia).',
				'Officials reminded both offices that their work plans must be filed by January 31 each year.',
				'May 8, 2019:',
				'At a charity fair in Hangzhou, the Zhejiang PSB set up a booth to explain the law:',
				'how to file a temporary activity',
				'how to change a registered address',
				'who counts as a Chinese partner unit (中方合作单位)',
				'Questions about the filing_system can go to the office by phone. Prices rose 5 * 2 percent, not *emphasis*.\n' +
					'Use HTML bold and AT&T sparingly.',
			].join('\n\n'),
		);
	});
});

describe('markdownToText blocks', () => {
	it('turns ATX headings into lines of their own, with closing hashes removed', () => {
		expect(text('Intro line\n## March 31, 2019: ##\nBody')).toBe('Intro line\n\nMarch 31, 2019:\n\nBody');
	});

	it('turns setext headings into lines of their own and uses the first level-1 heading as title', () => {
		const result = markdownToText('Guizhou Digest\n==============\n\nSubhead\n-------\nText');
		expect(result.text).toBe('Guizhou Digest\n\nSubhead\n\nText');
		expect(result.title).toBe('Guizhou Digest');
	});

	it('treats a dashed line after a list item as a rule, not as a heading underline', () => {
		expect(markdownToText('- only item\n---\nAfter').text).toBe('only item\n\nAfter');
	});

	it('keeps "C#" and "#hashtags" that are not headings', () => {
		expect(text('# Learning C#\n#NGOlaw is trending')).toBe('Learning C#\n\n#NGOlaw is trending');
	});

	it('removes blockquote markers, nested ones too (a nested quote starts a block of its own, as in CommonMark)', () => {
		expect(text('> Quoted line\n> > Nested quote\n>\n> After gap')).toBe('Quoted line\n\nNested quote\n\nAfter gap');
	});

	it('removes bullets and numbers of list items and keeps each item apart', () => {
		expect(text('Steps:\n\n- file the plan\n* [x] report changes\n+ keep records\n1. first\n2) second')).toBe(
			'Steps:\n\nfile the plan\n\nreport changes\n\nkeep records\n\nfirst\n\nsecond',
		);
	});

	it('turns horizontal rules into paragraph breaks, "* * *" included', () => {
		expect(text('one\n\n***\ntwo\n\n* * *\n\nthree\n\n___\nfour')).toBe('one\n\ntwo\n\nthree\n\nfour');
	});

	it('keeps fenced code verbatim, markers and all, without the fences', () => {
		expect(text('Before\n```js\nconst x = **1** + _y_;\n```\nAfter')).toBe('Before\n\nconst x = **1** + _y_;\n\nAfter');
		expect(text('~~~\n# not a heading\n~~~')).toBe('# not a heading');
	});

	it('drops link reference definitions but keeps prose that merely starts with a bracket', () => {
		expect(text('See [the notice][n] and [n].\n\n[n]: https://example.org/notice "Notice"\n[Note]: read this.')).toBe(
			'See the notice and n.\n\n[Note]: read this.',
		);
	});

	it('keeps table cells with inner pipes and drops the delimiter row', () => {
		expect(text('| Province | Offices |\n| :--- | ---: |\n| Fujian | 10 |')).toBe('Province | Offices\nFujian | 10');
	});

	it('converts an HTML block as HTML, dropping a multi-line script whole', () => {
		const md =
			'Text before\n\n<script>\nvar secret = "SCRIPT";\n</script>\n\n<div class="note">\n<p>Note &amp; more</p>\n</div>\n\nAfter';
		expect(text(md)).toBe('Text before\n\nNote & more\n\nAfter');
	});

	it('drops HTML comments, even across lines', () => {
		expect(text('Visible\n\n<!-- hidden\ncomment -->\n\nAlso visible')).toBe('Visible\n\nAlso visible');
	});
});

describe('markdownToText inline markup', () => {
	it('removes emphasis, strong, strikethrough and code markers', () => {
		expect(text('**strong** __strong__ *em* _em_ ***both*** ~~gone~~ `code` ``co`de``')).toBe(
			'strong strong em em both gone code co`de',
		);
	});

	it('keeps underscores inside words and asterisks used as arithmetic', () => {
		expect(text('snake_case_name and 5 * 3 * 2 and file_name.txt')).toBe(
			'snake_case_name and 5 * 3 * 2 and file_name.txt',
		);
	});

	it('replaces links by their text and removes images', () => {
		expect(
			text('Read [the law](https://example.org/law "Law") ![logo](logo.png) now [![badge](b.svg)](https://x.org).'),
		).toBe('Read the law now .');
	});

	it('keeps autolinked URLs and e-mail addresses as text', () => {
		expect(text('Write to <office@example.org> or see <https://example.org/a?b=1>.')).toBe(
			'Write to office@example.org or see https://example.org/a?b=1.',
		);
	});

	it('resolves backslash escapes to the literal character, which then stays literal', () => {
		expect(text('\\*not emphasis\\*, \\# not heading, 50\\% and a \\\\ backslash, \\[not a link\\](x)')).toBe(
			'*not emphasis*, # not heading, 50% and a \\ backslash, [not a link](x)',
		);
	});

	it('leaves Markdown inside code spans alone', () => {
		expect(text('Run `ngo-bot **ingest** [x](y)` please')).toBe('Run ngo-bot **ingest** [x](y) please');
	});

	it('strips inline HTML tags and decodes entities', () => {
		expect(text('A <span class="x">tagged</span> word, Barry &amp; Martin&#8217;s<br>Trust')).toBe(
			'A tagged word, Barry & Martin’s\nTrust',
		);
	});

	it('keeps Discord mentions and @everyone as plain text', () => {
		expect(text('Ping <@123> and <@!456> in <#789> — @everyone @here')).toBe(
			'Ping <@123> and <@!456> in <#789> — @everyone @here',
		);
	});

	it('removes the hard line break backslash but keeps the line break', () => {
		expect(text('first line\\\nsecond line')).toBe('first line\nsecond line');
	});

	it('keeps Chinese text and punctuation while removing markers around it', () => {
		expect(text('# 境外非政府组织\n\n**重点**：「临时活动」需备案。')).toBe(
			'境外非政府组织\n\n重点：「临时活动」需备案。',
		);
	});
});

describe('markdownToText front matter', () => {
	it('reads quoted titles, dates with times and folded block scalars', () => {
		const md = "---\ntitle: 'Barry & Martin''s Trust: a profile'\ndate: \"2021-11-08T10:00:00+08:00\"\n---\nBody";
		expect(markdownToText(md)).toEqual({
			text: 'Body',
			title: "Barry & Martin's Trust: a profile",
			published: '2021-11-08',
			url: null,
		});
		const folded = '---\ntitle: >-\n  A long title\n  over two lines\npublished: March 3, 2020 # comment\n---\nBody';
		expect(markdownToText(folded)).toMatchObject({ title: 'A long title over two lines', published: '2020-03-03' });
	});

	it('does not mistake an opening horizontal rule for front matter', () => {
		const md = '---\nThis is prose, not YAML.\n---\nMore prose.';
		expect(markdownToText(md)).toMatchObject({ text: 'This is prose, not YAML.\n\nMore prose.', title: null });
	});

	it('leaves an invalid front matter date and a non-http url out', () => {
		expect(markdownToText('---\ndate: someday\nurl: ftp://x\n---\nBody')).toMatchObject({ published: null, url: null });
	});

	it('handles CRLF line ends and a byte-order mark', () => {
		expect(markdownToText('\uFEFF---\r\ntitle: T\r\n---\r\n# Head\r\n\r\nBody\r\n')).toEqual({
			text: 'Head\n\nBody',
			title: 'T',
			published: null,
			url: null,
		});
	});

	it('reads a date YAML itself types as a date, and keys beside lists and nested maps', () => {
		const md =
			'---\ntags:\n  - charity\n  - Yunnan\nauthor:\n  name: Li\ndate: 2019-03-19\nsource_url: https://x.example/a\n---\nBody';
		expect(markdownToText(md)).toEqual({
			text: 'Body',
			title: null,
			published: '2019-03-19',
			url: 'https://x.example/a',
		});
	});
});

describe('markdownToText GFM', () => {
	it('drops a footnote mark and keeps the note as a paragraph of its own', () => {
		expect(text('The office registered in Hunan.[^1]\n\n[^1]: Reported by the Hunan PSB.')).toBe(
			'The office registered in Hunan.\n\nReported by the Hunan PSB.',
		);
	});

	it('reads a table with aligned columns and escaped pipes, one row per line', () => {
		expect(text('| Name | Office |\n| :--- | ---: |\n| A \\| B Fund | Kunming |\n| C Trust | Xi’an |')).toBe(
			'Name | Office\nA | B Fund | Kunming\nC Trust | Xi’an',
		);
	});

	it('removes the marks of a task list and strikethrough', () => {
		expect(text('- [x] ~~filed~~ registered\n- [ ] reported')).toBe('filed registered\n\nreported');
	});
});

describe('deeply nested Markdown', () => {
	it('reads a thousand nested lists with the words in order', () => {
		const lists = `First words.\n\n${'1. - '.repeat(1_000)}deep item\n\n> Last words.`;
		expect(markdownToText(lists).text).toBe('First words.\n\ndeep item\n\nLast words.');
	});

	it('refuses nesting deeper than the parser can walk with a clear message, not a stack overflow', () => {
		// Slow on purpose (seconds): the parser's own work grows with the nesting before it gives up.
		const hostile = `# Digest\n\n${'1. - '.repeat(2_000)}deep item`;
		let refusal: unknown;
		try {
			sourceFromString(hostile, 'markdown', 'deep.md');
		} catch (error) {
			refusal = error;
		}
		expect(isUserFacingError(refusal)).toBe(true);
		expect((refusal as Error).message).toMatch(/^deep\.md nests lists or quotes thousands of levels deep/);
	});
});
