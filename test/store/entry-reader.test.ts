import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentStore, type DocumentStore, type SaveResult } from '../../src/store/document-store.js';
import {
	createEntryReader,
	ENTRIES_BY_DATE_SQL,
	ENTRIES_BY_ORG_SQL,
	ENTRIES_BY_PROVINCE_SQL,
	ENTRIES_BY_TYPE_SQL,
	type EntryReader,
} from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument, type DocumentInput } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
let db: Database.Database;
let store: DocumentStore;
let reader: EntryReader;

beforeEach(() => {
	db = openDatabase(join(tempDir(), 'ngo.sqlite'));
	store = createDocumentStore(db);
	reader = createEntryReader(db);
});

afterEach(() => {
	db.close();
});

const NOW = new Date('2024-05-01T12:00:00.000Z');

function save(sourceKey: string, input: DocumentInput): SaveResult {
	return store.saveDocument(makeDocument(input), { sourceKey, extractorVersion: 1, now: NOW });
}

/** Two documents: a digest with dated, undated and multi-province entries, and an article. */
function seedCorpus(): { digest: SaveResult; article: SaveResult } {
	const digest = save('digest', {
		kind: 'digest',
		coverage: { from: '2019-02-15', to: '2019-02-25' },
		entries: [
			{
				date: '2019-02-15',
				provinces: ['Fujian'],
				orgs: [{ name: 'Oxfam', country: 'Hong Kong' }],
				type: 'registration',
				text: 'Fujian registers Oxfam.',
			},
			{ date: null, provinces: ['Gansu', 'Fujian'], type: 'meeting', text: 'Undated symposium in Gansu.' },
			{ date: '2019-02-20', provinces: ['Fujian'], orgs: [{ name: 'OXFAM' }], type: 'meeting', text: 'Later.' },
		],
	});
	const article = save('article', {
		kind: 'article',
		source: { path: null, url: 'https://example.org/a', title: 'Article', published: '2020-01-10' },
		entries: [
			{ date: '2018-06-01', provinces: ['Yunnan'], orgs: [{ name: 'Oxfam' }], type: 'visit', text: 'Old visit.' },
		],
	});
	return { digest, article };
}

describe('getEntry and getEntries', () => {
	it('return null or skip ids that do not exist', () => {
		const { digest } = seedCorpus();
		expect(reader.getEntry(9999)).toBeNull();
		expect(reader.getEntry(1.5)).toBeNull();
		expect(reader.getEntries([digest.entryIds[2]!, 9999, digest.entryIds[0]!]).map((entry) => entry.id)).toEqual([
			digest.entryIds[2],
			digest.entryIds[0],
		]);
	});

	it('return the document provenance and the entry’s own org mentions in order', () => {
		const { article } = seedCorpus();
		expect(reader.getEntry(article.entryIds[0]!)).toMatchObject({
			kind: 'article',
			documentId: article.documentId,
			source: { path: null, url: 'https://example.org/a', title: 'Article', published: '2020-01-10' },
			provinces: ['Yunnan'],
			orgs: [{ name: 'Oxfam', country: null, aliases: [] }],
		});
	});

	it('return stored strings exactly as extracted, markup and all', () => {
		const text = '<b>AT&T</b> & "friends" — 中国扶贫基金会\n\nsecond paragraph';
		const { entryIds } = save('raw', {
			entries: [{ text, title: '<script>x</script>', orgs: [{ name: '中国扶贫基金会' }] }],
		});
		expect(reader.getEntry(entryIds[0]!)).toMatchObject({
			text,
			title: '<script>x</script>',
			orgs: [{ name: '中国扶贫基金会' }],
		});
	});
});

describe('iterateEntries', () => {
	it('streams every entry in document then position order', () => {
		const { digest, article } = seedCorpus();
		const iterator = reader.iterateEntries();
		expect(Array.isArray(iterator)).toBe(false);
		const entries = [...iterator];
		expect(entries.map((entry) => entry.id)).toEqual([...digest.entryIds, ...article.entryIds]);
		expect(entries[1]).toMatchObject({ date: null, provinces: ['Gansu', 'Fujian'], orgs: [] });
		expect(reader.countEntries()).toBe(4);
	});

	it('frees the connection when the consumer stops early', () => {
		seedCorpus();
		for (const entry of reader.iterateEntries()) {
			expect(entry.position).toBe(0);
			break;
		}
		expect(reader.countEntries()).toBe(4);
	});

	it('yields nothing for an empty corpus', () => {
		expect([...reader.iterateEntries()]).toEqual([]);
		expect(reader.countEntries()).toBe(0);
	});
});

describe('lookups', () => {
	it('list entry ids by province newest first by sort date, then id, with paging', () => {
		const { digest } = seedCorpus();
		const [registered, undated, later] = digest.entryIds;
		// The undated entry sorts by the digest's coverage end (2019-02-25).
		expect(reader.entryIdsByProvince('Fujian', { limit: 10 })).toEqual([undated, later, registered]);
		expect(reader.entryIdsByProvince('Fujian', { limit: 1, offset: 1 })).toEqual([later]);
		expect(reader.entryIdsByProvince('Tibet', { limit: 10 })).toEqual([]);
	});

	it('list entry ids by org across spellings, by type and by date range', () => {
		const { digest, article } = seedCorpus();
		const [registered, undated, later] = digest.entryIds;
		const oxfam = reader.findOrgByKey('oxfam')!;
		expect(oxfam).toMatchObject({ name: 'Oxfam', country: 'Hong Kong', entryCount: 3, aliases: ['Oxfam'] });
		expect(reader.entryIdsByOrg(oxfam.id, { limit: 10 })).toEqual([later, registered, article.entryIds[0]]);
		expect(reader.entryIdsByType('meeting', { limit: 10 })).toEqual([undated, later]);
		expect(reader.entryIdsBetween('2019-02-16', '2019-02-28', { limit: 10 })).toEqual([undated, later]);
		expect(reader.findOrgByKey('unknown')).toBeNull();
	});

	it('refuse a negative or fractional page', () => {
		expect(() => reader.entryIdsByProvince('Fujian', { limit: -1 })).toThrow(RangeError);
		expect(() => reader.entryIdsByProvince('Fujian', { limit: 1, offset: 0.5 })).toThrow(RangeError);
	});
});

describe('orgs, catalog and corpus facts', () => {
	it('get one org by id and stream every org with aliases, country and entry count', () => {
		seedCorpus();
		save('alias', { entries: [{ text: 'Alias.', orgs: [{ name: 'Oxfam', aliases: ['Oxfam Hong Kong'] }] }] });
		const oxfam = reader.findOrgByKey('oxfam')!;
		expect(reader.getOrg(oxfam.id)).toEqual({
			id: oxfam.id,
			name: 'Oxfam',
			key: 'oxfam',
			country: 'Hong Kong',
			entryCount: 4,
			aliases: ['Oxfam', 'Oxfam Hong Kong'],
		});
		expect(reader.getOrg(9999)).toBeNull();
		expect(reader.getOrg(Number.NaN)).toBeNull();
		const iterator = reader.iterateOrgs();
		expect(Array.isArray(iterator)).toBe(false);
		expect([...iterator]).toEqual([reader.getOrg(oxfam.id)]);
	});

	it('count documents and tell when the last ingest happened', () => {
		expect([reader.documentCount(), reader.lastIngestAt()]).toEqual([0, null]);
		seedCorpus();
		expect([reader.documentCount(), reader.lastIngestAt()]).toEqual([2, NOW.toISOString()]);
	});
});

describe('stats', () => {
	it('counts documents, entries, orgs, kinds, provinces, types and dates', () => {
		expect(reader.stats()).toEqual({
			documents: 0,
			entries: 0,
			otherSources: 0,
			orgs: 0,
			byKind: [],
			byProvince: [],
			byType: [],
			dateSpan: { from: null, to: null },
			undated: 0,
			lastIngestAt: null,
			corpusRevision: 0,
		});
		seedCorpus();
		expect(reader.stats()).toEqual({
			documents: 2,
			entries: 4,
			otherSources: 0,
			orgs: 1,
			byKind: [
				{ kind: 'digest', documents: 1, entries: 3 },
				{ kind: 'article', documents: 1, entries: 1 },
			],
			byProvince: [
				{ province: 'Fujian', entries: 3 },
				{ province: 'Gansu', entries: 1 },
				{ province: 'Yunnan', entries: 1 },
			],
			byType: [
				{ type: 'meeting', entries: 2 },
				{ type: 'registration', entries: 1 },
				{ type: 'visit', entries: 1 },
			],
			dateSpan: { from: '2018-06-01', to: '2019-02-20' },
			undated: 1,
			lastIngestAt: NOW.toISOString(),
			corpusRevision: 2,
		});
	});
});

describe('query plans', () => {
	function plan(sql: string, params: Record<string, unknown>): string {
		const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
		const detail = rows.map((row) => row.detail).join('\n');
		// Other sources of events are skipped with one seek per row in their small partial index, nothing costlier.
		const probe = /\nCORRELATED SCALAR SUBQUERY \d+\nSEARCH m USING INDEX entries_merged \(id=\? AND rowid=\?\)/;
		expect(detail).toMatch(probe);
		return detail.replace(probe, '');
	}

	beforeEach(() => {
		seedCorpus();
		// Statistics as a grown corpus would have them, so the planner chooses as it will in production.
		db.exec('ANALYZE');
	});

	const page = { limit: 10, offset: 0 };

	it('find entries by province through the entry_provinces primary key, already in order', () => {
		const detail = plan(ENTRIES_BY_PROVINCE_SQL, { key: 'Fujian', ...page });
		expect(detail).toBe('SEARCH entry_provinces USING PRIMARY KEY (province=?)');
	});

	it('find entries by org through the entry_orgs primary key, already in order', () => {
		const detail = plan(ENTRIES_BY_ORG_SQL, { key: 1, ...page });
		expect(detail).toBe('SEARCH entry_orgs USING PRIMARY KEY (org_id=?)');
	});

	it('find entries by date range through the sort_date index, already in order', () => {
		const detail = plan(ENTRIES_BY_DATE_SQL, { from: '2019-01-01', to: '2019-12-31', ...page });
		expect(detail).toMatch(/SEARCH entries USING COVERING INDEX entries_sort_date \(sort_date>\? AND sort_date<\?\)/);
		expect(detail).not.toMatch(/TEMP B-TREE/);
	});

	it('find entries by type through the type and sort_date index, already in order', () => {
		const detail = plan(ENTRIES_BY_TYPE_SQL, { key: 'meeting', ...page });
		expect(detail).toMatch(/SEARCH entries USING COVERING INDEX entries_type_sort_date \(type=\?\)/);
		expect(detail).not.toMatch(/TEMP B-TREE/);
	});
});
