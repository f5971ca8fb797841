import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DraftEntrySchema } from '../../src/domain/entry.js';
import { isUserFacingError } from '../../src/domain/errors.js';
import { htmlToText } from '../../src/ingest/html-to-text.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import type { SourceFormat } from '../../src/ingest/collect-files.js';
import { sourceFromString } from '../../src/ingest/load-source.js';
import { markdownToText } from '../../src/ingest/markdown-to-text.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';
import { NASTY_FRAGMENTS, hostileString } from './hostile-strings.js';

const reference = loadReference();
const runs: Record<string, number> = {};
afterAll(() => console.info(`fast-check runs: ${JSON.stringify(runs)}`));

/** Document-shaped text: a digest header and date headings around hostile paragraphs, so the splitters engage. */
const hostileDocument = fc
	.tuple(
		fc.constantFrom(
			'Ministry of Public Security WeChat Posts—February 15-25, 2019',
			'Keyword: Foreign NGO',
			'China Development Brief',
			'',
		),
		fc.array(
			fc.tuple(
				fc.constantFrom('February 15, 2019:', 'April 25:', '2019年2月25日', 'Feb 31, 2019:', '', '…read more'),
				hostileString,
			),
			{ maxLength: 6 },
		),
	)
	.map(([header, items]) => [header, ...items.flatMap(([heading, text]) => [heading, text])].join('\n\n'));

const anyDocument = fc.oneof(hostileString, hostileDocument);

/** Markup wrapped around hostile text, for the HTML and Markdown readers. */
const hostileHtml = fc
	.tuple(anyDocument, fc.constantFrom(...NASTY_FRAGMENTS), fc.constantFrom('p', 'h1', 'script', 'nav', 'td', 'li', 'a'))
	.map(
		([body, title, tag]) =>
			`<html><head><title>${title}</title><meta property="article:published_time" content="${title}"></head><body><${tag}>${body}</${tag}><p>${title}</body>`,
	);
const hostileMarkdown = fc
	.tuple(anyDocument, fc.constantFrom(...NASTY_FRAGMENTS))
	.map(([body, title]) => `---\ntitle: ${title}\ndate: ${title}\n---\n# ${title}\n\n${body}\n\n> ${title}`);

/** Ingest's path for text that did not come from a file: clean, normalize, parse; every entry valid. */
function ingestString(text: string, format: SourceFormat): number {
	let clean;
	try {
		clean = sourceFromString(text, format, 'hostile');
	} catch (error) {
		// Empty, binary or markup-only input is refused with a message, as it should be.
		if (isUserFacingError(error)) return 0;
		throw error;
	}
	const parsed = parseDocument({ text: normalizeText(clean.text), path: null, url: null, meta: clean.meta }, reference);
	for (const entry of parsed.entries) expect(DraftEntrySchema.safeParse(entry).error).toBeUndefined();
	expect(parsed.entries.map((entry) => entry.position)).toEqual(parsed.entries.map((_, i) => i));
	return parsed.entries.length;
}

describe('the document readers and parsers with hostile input', () => {
	const formats: [SourceFormat, fc.Arbitrary<string>, number][] = [
		['text', anyDocument, 1_000],
		['html', hostileHtml, 400],
		['markdown', hostileMarkdown, 400],
	];
	for (const [format, arbitrary, numRuns] of formats) {
		it(`reads ${format} without crashing and yields valid entries`, () => {
			let count = 0;
			let entries = 0;
			fc.assert(
				fc.property(arbitrary, (text) => {
					count += 1;
					entries += ingestString(text, format);
				}),
				{ numRuns },
			);
			runs[`ingest ${format}`] = count;
			runs[`ingest ${format}: entries produced`] = entries;
		});
	}

	it('htmlToText never throws, markdownToText only on nesting it cannot walk, and neither leaves markup behind', () => {
		let count = 0;
		fc.assert(
			fc.property(hostileHtml, hostileMarkdown, (html, md) => {
				count += 1;
				expect(htmlToText(html).text).not.toMatch(/<\/?(?:html|body|script|p)>/);
				// Markdown nested deeper than the parser can walk is refused with a message (load-source.ts), never a crash.
				let markdown: string | null = null;
				try {
					markdown = markdownToText(md).text;
				} catch (error) {
					expect(error instanceof RangeError && /call stack/i.test(error.message)).toBe(true);
				}
				if (markdown !== null) expect(typeof markdown).toBe('string');
			}),
			{ numRuns: 200 },
		);
		runs['htmlToText + markdownToText'] = count;
	});

	it('normalizeText is idempotent and leaves no NUL or bidi override', () => {
		let count = 0;
		fc.assert(
			fc.property(anyDocument, (text) => {
				count += 1;
				const once = normalizeText(text);
				expect(normalizeText(once)).toBe(once);
				// eslint-disable-next-line no-control-regex -- NUL is what must not survive
				expect(once).not.toMatch(/[\u0000\u202a-\u202e\u2066-\u2069\u200b]/);
			}),
			{ numRuns: 300 },
		);
		runs['normalizeText idempotent'] = count;
	});
});
