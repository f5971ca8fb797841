import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	CITATION_STYLES,
	PUBLISHERS_BY_DOMAIN,
	citeEntry,
	escapeBibtex,
	publisherOf,
} from '../../src/cite/cite-entry.js';
import type { Entry, SourceInfo } from '../../src/domain/entry.js';

const ACCESSED = '2026-01-02';

function entry(overrides: Partial<Omit<Entry, 'source'>> = {}, source: Partial<SourceInfo> = {}): Entry {
	return {
		id: 12,
		documentId: 3,
		position: 0,
		title: 'Guangdong PSB visits a foundation',
		date: '2019-02-15',
		provinces: ['Guangdong'],
		orgs: [{ name: 'Animals Asia', country: 'Hong Kong', aliases: [] }],
		partners: [],
		fields: [],
		type: 'visit',
		summary: 'A visit.',
		text: 'The Guangdong PSB visited a foundation.',
		kind: 'digest',
		source: {
			path: null,
			url: 'https://www.chinafile.com/ngo/latest/digitization-fujian',
			title: 'Digitization in Fujian, Greater Bay Outreach in Guangdong, and a Symposium in Gansu',
			published: '2019-03-19',
			...source,
		},
		ingestedAt: '2026-01-01T00:00:00.000Z',
		eventId: overrides.id ?? 12,
		otherSources: [],
		...overrides,
	};
}

/** A file-only source with nothing known about it: the worst case every style must still cite. */
const BARE = entry(
	{ id: 7, date: null, title: null },
	{ path: 'data/x_1.txt', url: null, title: null, published: null },
);

/** Braces that are not escaped balance, so the .bib entry parses. */
function balanced(bib: string): boolean {
	let depth = 0;
	for (const match of bib.matchAll(/\\.|[{}]/g)) {
		if (match[0] === '{') depth++;
		else if (match[0] === '}') depth--;
		if (depth < 0) return false;
	}
	return depth === 0;
}

describe('publisherOf', () => {
	it.each([
		['https://www.chinafile.com/ngo/x', 'ChinaFile'],
		['https://chinafile.com/x', 'ChinaFile'],
		['http://ngo.chinafile.com/x', 'ChinaFile'],
		['https://WWW.ChinaFile.com./x', 'ChinaFile'],
		['https://chinadevelopmentbrief.cn/reports/1', 'China Development Brief'],
		['https://www.chinadevelopmentbrief.org/news/1', 'China Development Brief'],
		['https://www.example.org/a', 'example.org'],
		['https://news.example.org:8080/a', 'news.example.org'],
		['https://notchinafile.com/a', 'notchinafile.com'],
		['https://chinafile.com.evil.example/a', 'chinafile.com.evil.example'],
		['https://www.中国发展简报.cn/a', '中国发展简报.cn'],
	])('%s → %s', (url, publisher) => {
		expect(publisherOf({ url })).toBe(publisher);
	});

	it('is null without a usable URL', () => {
		expect(publisherOf({ url: null })).toBeNull();
		expect(publisherOf({ url: 'not a url' })).toBeNull();
		expect(publisherOf({ url: 'file:///tmp/a.html' })).toBeNull();
	});

	it('keeps the mapping small and in one place', () => {
		expect(Object.keys(PUBLISHERS_BY_DOMAIN).length).toBeLessThanOrEqual(10);
	});
});

describe('citeEntry: plain', () => {
	it('cites a fully described web source', () => {
		expect(citeEntry(entry(), 'plain', { accessed: ACCESSED })).toBe(
			'“Digitization in Fujian, Greater Bay Outreach in Guangdong, and a Symposium in Gansu”, ChinaFile, ' +
				'published 2019-03-19; ngo-bot entry #12 (2019-02-15). ' +
				'https://www.chinafile.com/ngo/latest/digitization-fujian. Accessed 2026-01-02.',
		);
	});

	it('falls back for missing metadata', () => {
		expect(citeEntry(BARE, 'plain', { accessed: ACCESSED })).toBe(
			'Untitled document, unknown publisher; ngo-bot entry #7 (undated). data/x_1.txt. Accessed 2026-01-02.',
		);
		expect(citeEntry(entry({}, { url: null, path: null }), 'plain', { accessed: ACCESSED })).toContain(
			'unknown publisher, published 2019-03-19; ngo-bot entry #12 (2019-02-15). unknown source. Accessed',
		);
	});

	it('names other hosts without www.', () => {
		expect(citeEntry(entry({}, { url: 'https://www.example.org/a' }), 'plain', { accessed: ACCESSED })).toContain(
			'”, example.org, published',
		);
	});
});

describe('citeEntry: apa', () => {
	it('cites a fully described web source', () => {
		expect(citeEntry(entry(), 'apa', { accessed: ACCESSED })).toBe(
			'ChinaFile. (2019, March 19). Digitization in Fujian, Greater Bay Outreach in Guangdong, and a Symposium in ' +
				'Gansu. Retrieved January 2, 2026, from https://www.chinafile.com/ngo/latest/digitization-fujian',
		);
	});

	it('says (n.d.) without a publication date', () => {
		expect(citeEntry(entry({}, { published: null }), 'apa', { accessed: ACCESSED })).toMatch(
			/^ChinaFile\. \(n\.d\.\)\. Digitization in Fujian/,
		);
	});

	it('puts the title first when there is no publisher, and cites the file', () => {
		expect(citeEntry(entry({}, { url: null, path: 'data/sample/a.txt' }), 'apa', { accessed: ACCESSED })).toBe(
			'Digitization in Fujian, Greater Bay Outreach in Guangdong, and a Symposium in Gansu. (2019, March 19). ' +
				'Retrieved January 2, 2026, from data/sample/a.txt',
		);
	});

	it('describes an untitled, undated, file-only source', () => {
		expect(citeEntry(BARE, 'apa', { accessed: ACCESSED })).toBe(
			'[Untitled document]. (n.d.). Retrieved January 2, 2026, from data/x_1.txt',
		);
		expect(citeEntry(entry({}, { url: null, path: null, title: null }), 'apa', { accessed: ACCESSED })).toBe(
			'[Untitled document]. (2019, March 19). Retrieved January 2, 2026.',
		);
	});

	it('does not double the final mark of a title or change its case', () => {
		const cited = citeEntry(entry({}, { title: 'Who Registers NGOs in Hunan?' }), 'apa', { accessed: ACCESSED });
		expect(cited).toContain('(2019, March 19). Who Registers NGOs in Hunan? Retrieved');
	});

	it('writes single-digit days without a leading zero', () => {
		expect(citeEntry(entry({}, { published: '2020-07-04' }), 'apa', { accessed: '2026-11-09' })).toContain(
			'(2020, July 4). Digitization',
		);
		expect(citeEntry(entry({}, { published: '2020-07-04' }), 'apa', { accessed: '2026-11-09' })).toContain(
			'Retrieved November 9, 2026, from',
		);
	});
});

describe('citeEntry: bibtex', () => {
	it('cites a fully described web source', () => {
		expect(citeEntry(entry(), 'bibtex', { accessed: ACCESSED })).toBe(
			[
				'@online{ngobot-12,',
				'  title = {Digitization in Fujian, Greater Bay Outreach in Guangdong, and a Symposium in Gansu},',
				'  url = {https://www.chinafile.com/ngo/latest/digitization-fujian},',
				'  date = {2019-03-19},',
				'  urldate = {2026-01-02},',
				'  organization = {ChinaFile},',
				'  note = {ngo-bot entry \\#12, entry dated 2019-02-15},',
				'}',
			].join('\n'),
		);
	});

	it('leaves out unknown fields and names the source file in the note', () => {
		expect(citeEntry(BARE, 'bibtex', { accessed: ACCESSED })).toBe(
			[
				'@online{ngobot-7,',
				'  title = {Untitled document},',
				'  note = {ngo-bot entry \\#7, undated entry; source file data/x\\_1.txt},',
				'}',
			].join('\n'),
		);
	});

	it('escapes every BibTeX special in text fields', () => {
		expect(escapeBibtex('{a} 50% & $5 #1 a_b ~x ^y c:\\d')).toBe(
			'\\{a\\} 50\\% \\& \\$5 \\#1 a\\_b \\textasciitilde{}x \\textasciicircum{}y c:\\textbackslash{}d',
		);
		const bib = citeEntry(entry({}, { title: 'R&D: 100% {free} $ for #NGOs_2019 ~ ^ \\end{document}' }), 'bibtex', {
			accessed: ACCESSED,
		});
		expect(bib).toContain(
			'title = {R\\&D: 100\\% \\{free\\} \\$ for \\#NGOs\\_2019 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}end\\{document\\}},',
		);
		expect(balanced(bib)).toBe(true);
	});

	it('keeps URLs verbatim except what would break the entry', () => {
		const bib = citeEntry(entry({}, { url: 'https://example.org/a_b?q=50%25&x={y}#frag' }), 'bibtex', {
			accessed: ACCESSED,
		});
		expect(bib).toContain('url = {https://example.org/a_b?q=50%25&x=%7By%7D#frag},');
		expect(balanced(bib)).toBe(true);
	});

	it('stays parseable whatever the title', () => {
		for (const title of ['}', '{', '\\', '}}{{', 'a}\n@comment{', '\\}']) {
			expect(balanced(citeEntry(entry({}, { title }), 'bibtex', { accessed: ACCESSED })), title).toBe(true);
		}
	});
});

describe('citeEntry: every style', () => {
	it('keeps Chinese text as written', () => {
		const chinese = entry(
			{ title: '广东省公安厅走访基金会' },
			{ title: '境外非政府组织在华活动：2019年2月', url: 'https://www.chinadevelopmentbrief.cn/reports/1' },
		);
		expect(citeEntry(chinese, 'plain', { accessed: ACCESSED })).toContain(
			'“境外非政府组织在华活动：2019年2月”, China Development Brief, published 2019-03-19',
		);
		expect(citeEntry(chinese, 'apa', { accessed: ACCESSED })).toBe(
			'China Development Brief. (2019, March 19). 境外非政府组织在华活动：2019年2月. ' +
				'Retrieved January 2, 2026, from https://www.chinadevelopmentbrief.cn/reports/1',
		);
		expect(citeEntry(chinese, 'bibtex', { accessed: ACCESSED })).toContain(
			'title = {境外非政府组织在华活动：2019年2月},',
		);
	});

	it('puts titles and paths on one line', () => {
		const messy = entry({}, { title: '  Two\n\nlines\tand  spaces ' });
		expect(citeEntry(messy, 'plain', { accessed: ACCESSED })).toMatch(/^“Two lines and spaces”, /);
		expect(citeEntry(messy, 'apa', { accessed: ACCESSED })).toContain('). Two lines and spaces. Retrieved');
		expect(citeEntry(messy, 'bibtex', { accessed: ACCESSED })).toContain('title = {Two lines and spaces},');
	});

	describe('determinism', () => {
		afterEach(() => {
			vi.useRealTimers();
		});

		it.each(CITATION_STYLES)('%s depends only on the entry, the style and the accessed date', (style) => {
			const frozen = Object.freeze({ ...entry(), source: Object.freeze({ ...entry().source }) });
			const first = citeEntry(frozen, style, { accessed: ACCESSED });
			vi.useFakeTimers();
			vi.setSystemTime(new Date('2031-06-30T23:59:59Z'));
			expect(citeEntry(frozen, style, { accessed: ACCESSED })).toBe(first);
			expect(citeEntry(entry(), style, { accessed: ACCESSED })).toBe(first);
			expect(citeEntry(frozen, style, { accessed: '2027-03-04' })).not.toBe(first);
		});
	});
});
