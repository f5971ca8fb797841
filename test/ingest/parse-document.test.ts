import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../src/domain/entry.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { loadSource } from '../../src/ingest/load-source.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';
import { projectRoot } from '../../src/project-root.js';

const reference = loadReference();

async function parseFixture(name: string): Promise<ParsedDocument> {
	const absolutePath = join(projectRoot(), 'test', 'fixtures', 'documents', name);
	const source = await loadSource({ path: name, absolutePath });
	return parseDocument(
		{ text: normalizeText(source.text), path: name, url: source.meta.url, meta: source.meta },
		reference,
	);
}

const facts = (document: ParsedDocument) =>
	document.entries.map((entry) => ({
		date: entry.date,
		provinces: entry.provinces,
		orgs: entry.orgs.map((org) => [org.name, org.country]),
		type: entry.type,
	}));

describe('parseDocument on HTML and Markdown pages', () => {
	it('reads a ChinaFile-style digest page: one entry per date heading, furniture gone', async () => {
		const document = await parseFixture('chinafile-digest.html');
		expect(document.kind).toBe('digest');
		expect(document.source.published).toBe('2019-04-02');
		expect(document.coverage).toEqual({ from: '2019-03-18', to: '2019-03-29' });
		expect(facts(document)).toEqual([
			{
				date: '2019-03-18',
				provinces: ['Yunnan'],
				orgs: [['Mountain Tea Growers Alliance', 'Canada']],
				// The office met the alliance; the training project is what the alliance does.
				type: 'meeting',
			},
			// A forum is an event, even one a PSB hosts.
			{ date: '2019-03-21', provinces: ['Shaanxi'], orgs: [], type: 'event' },
			{ date: '2019-03-29', provinces: ['Hainan'], orgs: [], type: 'policy' },
		]);
		const text = document.entries.map((entry) => entry.text).join('\n');
		expect(text).not.toMatch(/You are here|Support ChinaFile|Share/);
	});

	it('reads a Markdown digest with front matter', async () => {
		const document = await parseFixture('mps-digest.md');
		expect(document.kind).toBe('digest');
		expect(document.source.title).toBe('Registrations in Guangdong, a Charity Fair in Zhejiang');
		expect(facts(document)[0]).toEqual({
			date: '2019-04-26',
			provinces: ['Guangdong'],
			orgs: [
				['Harbor Literacy Fund', 'Hong Kong'],
				['Green Coast Trust', 'Australia'],
			],
			type: 'registration',
		});
	});

	it('reads an article as one entry dated by its byline, without the byline in its text', async () => {
		const document = await parseFixture('cdb-article.html');
		expect(document.kind).toBe('article');
		expect(document.entries).toHaveLength(1);
		const [entry] = document.entries;
		expect(entry?.title).toBe('Volunteer networks grow in Sichuan villages');
		expect(entry?.date).toBe('2021-11-08');
		expect(entry?.provinces).toEqual(['Sichuan']);
		expect(entry?.text).not.toMatch(/Posted on/);
		expect(entry?.summary).toMatch(/^According to the Sichuan Department of Civil Affairs/);
	});

	it('reads a keyword listing: one entry per teaser, without "read more"', async () => {
		const document = await parseFixture('cdb-keyword-listing.html');
		expect(document.kind).toBe('listing');
		expect(document.source.title).toBe('Keyword: Chinese NGOs Going Out');
		expect(document.entries.map((entry) => entry.title)).toEqual([
			'A Student’s Solar Lamps for Herders in Kenya',
			'Red Cross Society of China sends relief to Mozambique',
		]);
		expect(document.entries.every((entry) => !/read more/i.test(entry.text))).toBe(true);
		// "a student from Beijing" is where a person comes from, not where the activity happened.
		expect(document.entries[0]?.provinces).toEqual([]);
		expect(document.entries[1]?.type).toBe('donation');
	});

	it('gives the same content hash to the same text and a different one to changed text', async () => {
		const a = parseDocument({ text: 'Posts—May 1, 2019\n\nThe Hunan PSB met.', path: 'a.txt', url: null }, reference);
		const b = parseDocument({ text: 'Posts—May 1, 2019\n\nThe Hunan PSB met.', path: 'b.txt', url: null }, reference);
		const c = parseDocument({ text: 'Posts—May 1, 2019\n\nThe Henan PSB met.', path: 'a.txt', url: null }, reference);
		expect(a.contentHash).toBe(b.contentHash);
		expect(a.contentHash).not.toBe(c.contentHash);
		expect(c.entries[0]?.provinces).toEqual(['Henan']);
	});
});
