import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsMatchExpression } from '../../src/domain/search-text.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createEntrySearch, ftsColumns } from '../../src/store/entry-search.js';
import { migrate, migrations, userVersion, LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const NOW = new Date('2024-05-01T12:00:00.000Z');

function schema(db: Database.Database): string[] {
	return db
		.prepare<[], string>("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
		.pluck()
		.all();
}

function facetRows(db: Database.Database): unknown[][] {
	return db.prepare<[], unknown[]>('SELECT * FROM facet_counts ORDER BY 1, 2, 3, 4').raw().all();
}

/** Every (doc, column) of the FTS index as its terms in position order, read from the index itself. */
function indexedTerms(db: Database.Database): Record<string, string[]> {
	db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, entries_fts, instance)');
	const terms: Record<string, string[]> = {};
	const rows = db
		.prepare<[], { term: string; doc: number; col: string }>(
			'SELECT term, doc, col FROM temp.fts_instances ORDER BY doc, col, "offset"',
		)
		.all();
	// Rows are keyed by sort date and id (full-text-key): the id is the key's low bits.
	for (const { term, doc, col } of rows) (terms[`${doc % 2 ** 28} ${col}`] ??= []).push(term);
	return terms;
}

/** A pristine version-1 database: migration 1 alone, as ngo-bot 0.1 left it. */
function createV1(path: string): Database.Database {
	const db = new Database(path);
	db.pragma('foreign_keys = ON');
	const first = migrations[0]!;
	if (typeof first.up !== 'string') throw new Error('migration 1 is SQL');
	db.exec(first.up);
	db.pragma('user_version = 1');
	return db;
}

/** What migration 2 indexes for a v1 entry: its names as written, then its orgs' known aliases. */
function expectedBackfill(db: Database.Database): Record<string, string[]> {
	const rows = db
		.prepare<[], { id: number; title: string | null; text: string; provinces: string; names: string; aliases: string }>(
			`SELECT e.id, e.title, e.text,
				(SELECT json_group_array(province ORDER BY ordinal) FROM entry_provinces WHERE entry_id = e.id) AS provinces,
				(SELECT json_group_array(name ORDER BY ordinal) FROM entry_orgs WHERE entry_id = e.id) AS names,
				(SELECT json_group_array(a.alias ORDER BY o.ordinal, a.alias_key) FROM entry_orgs o
					JOIN org_aliases a ON a.org_id = o.org_id WHERE o.entry_id = e.id) AS aliases
			FROM entries e ORDER BY e.id`,
		)
		.all();
	const expected: Record<string, string[]> = {};
	for (const row of rows) {
		const orgNames = [...new Set([...(JSON.parse(row.names) as string[]), ...(JSON.parse(row.aliases) as string[])])];
		const columns = ftsColumns({
			orgNames,
			title: row.title,
			provinces: JSON.parse(row.provinces) as string[],
			text: row.text,
		});
		for (const [col, value] of Object.entries(columns))
			if (value !== '') expected[`${row.id} ${col}`] = value.split(' ');
	}
	return expected;
}

describe('migration 2', () => {
	it('upgrades a populated v1 database: facet counts equal those kept by saves, the FTS index is complete', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		// Data written by the store, so the v1 tables hold exactly what real ingests leave.
		let db = openDatabase(path);
		const store = createDocumentStore(db);
		const saves = [
			makeDocument({
				kind: 'digest',
				coverage: { from: '2019-02-15', to: '2019-02-25' },
				entries: [
					{
						text: 'Fujian registers Oxfam Hong Kong.',
						title: 'Registration',
						provinces: ['Fujian'],
						orgs: [{ name: 'Oxfam', aliases: ['Oxfam Hong Kong'], country: 'Hong Kong' }],
						type: 'registration',
					},
					{ date: null, text: 'Undated symposium in Gansu.', provinces: ['Gansu', 'Fujian'], type: 'meeting' },
					{
						text: '湖南省民政厅与中国扶贫基金会座谈。',
						orgs: [
							{ name: '中国扶贫基金会' },
							{ name: 'AIFO', country: 'Italy', aliases: ['Associazione Italiana Amici di Raoul Follereau'] },
						],
					},
				],
			}),
			makeDocument({
				kind: 'article',
				source: { path: null, url: 'https://example.org/a', title: 'A', published: '2020-01-10' },
				entries: [{ date: null, text: 'OXFAM visits Yunnan.', provinces: ['Yunnan'], orgs: [{ name: 'OXFAM' }] }],
			}),
		];
		saves.forEach((doc, i) => store.saveDocument(doc, { sourceKey: `doc-${i}`, extractorVersion: 1, now: NOW }));
		store.removeDocument('nothing-here');
		const kept = facetRows(db);
		expect(kept.length).toBeGreaterThan(50);
		// Back to version 1: the objects of migration 2 go, leaving exactly a v1 schema with data.
		db.exec(`DROP TABLE entries_fts; DROP TABLE facet_counts; DROP TABLE search_snapshots;
			DROP INDEX entry_orgs_country; PRAGMA user_version = 1;`);
		const pristine = createV1(join(tempDir(), 'v1.sqlite'));
		// Tables and indexes of later migrations (digests, sources, watches, …) go too.
		const namesOf = (of: Database.Database, type: string) =>
			of
				.prepare<[string], string>("SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%'")
				.pluck()
				.all(type);
		db.pragma('foreign_keys = OFF');
		for (const type of ['table', 'index', 'trigger'] as const) {
			const v1 = new Set(namesOf(pristine, type));
			for (const name of namesOf(db, type).filter((n) => !v1.has(n))) {
				db.exec(`DROP ${type.toUpperCase()} IF EXISTS "${name}"`);
			}
		}
		// Columns later migrations added to v1 tables (their indexes went above).
		db.exec('ALTER TABLE entries DROP COLUMN event_id');
		db.pragma('foreign_keys = ON');
		expect(schema(db)).toEqual(schema(pristine));
		pristine.close();
		db.close();

		db = openDatabase(path);
		try {
			expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
			expect(facetRows(db)).toEqual(kept);
			expect(indexedTerms(db)).toEqual(expectedBackfill(db));
			// Old entries are searchable, Chinese by bigrams, orgs by their aliases.
			const search = createEntrySearch(db);
			const ids = (query: string) =>
				search.find({ match: ftsMatchExpression(query)!, order: 'newest' }, { limit: 10 }).ids.length;
			expect([ids('symposium'), ids('湖南'), ids('Raoul Follereau'), ids('oxfam')]).toEqual([1, 1, 1, 2]);
			expect(db.prepare('SELECT count(*) FROM search_snapshots').pluck().get()).toBe(0);

			// Migrating again changes nothing.
			const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
			const before = changes.get();
			expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
			expect(changes.get()).toBe(before);
		} finally {
			db.close();
		}
	});

	it('backfills a hand-made v1 file to the rows its definition gives', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		const v1 = createV1(path);
		v1.exec(`
			INSERT INTO documents (id, source_key, kind, content_hash, extractor_version, entry_count, first_ingested_at,
				updated_at) VALUES (1, 'a', 'digest', 'h', 1, 2, 'now', 'now');
			INSERT INTO entries (id, document_id, position, text_hash, date, sort_date, type, summary, text, ingested_at)
			VALUES (1, 1, 0, 'h1', '2019-02-15', '2019-02-15', 'visit', 's', 'Oxfam visits Yunnan.', 'now'),
				(2, 1, 1, 'h2', NULL, '2020-01-01', 'meeting', 's', 'A meeting.', 'now');
			INSERT INTO orgs (id, name, key, country, entry_count) VALUES (5, 'Oxfam', 'oxfam', 'Hong Kong', 1);
			INSERT INTO org_aliases (alias_key, org_id, alias) VALUES ('oxfam', 5, 'Oxfam'), ('oxfam hk', 5, 'Oxfam HK');
			INSERT INTO entry_orgs (entry_id, org_id, sort_date, ordinal, name, country)
			VALUES (1, 5, '2019-02-15', 0, 'Oxfam', 'Hong Kong');
			INSERT INTO entry_provinces (entry_id, province, sort_date, ordinal) VALUES (1, 'Yunnan', '2019-02-15', 0);
		`);
		v1.close();

		const db = openDatabase(path);
		try {
			// Entry 1: scopes all, type visit, province Yunnan, org 5, country Hong Kong; each counts its 8 facet values.
			const entryOne = ['total:', 'type:visit', 'month:2019-02', 'year:2019', 'kind:digest'].concat([
				'province:Yunnan',
				'org:5',
				'country:Hong Kong',
			]);
			// Entry 2 has no date and its document none either: migration 3 makes it undated instead of
			// counting it in the year it was ingested (its v1 sort_date).
			const entryTwo = ['total:', 'type:meeting', 'month:0000-01', 'year:0000', 'kind:digest'];
			const expected = new Map<string, number>();
			const add = (scopes: string[], facets: string[]) => {
				for (const scope of scopes) {
					for (const facet of facets) expected.set(`${scope}|${facet}`, (expected.get(`${scope}|${facet}`) ?? 0) + 1);
				}
			};
			add(['all:', 'type:visit', 'province:Yunnan', 'org:5', 'country:Hong Kong'], entryOne);
			add(['all:', 'type:meeting'], entryTwo);
			const rows = db
				.prepare<[], [string, string, string, string, number]>('SELECT * FROM facet_counts')
				.raw()
				.all()
				.map(([scope, scopeKey, facet, facetKey, n]) => [`${scope}:${scopeKey}|${facet}:${facetKey}`, n] as const);
			expect(new Map(rows)).toEqual(expected);
			expect(indexedTerms(db)).toEqual({
				'1 orgs': ['oxfam', 'oxfam', 'hk'],
				'1 provinces': ['yunnan'],
				'1 text': ['oxfam', 'visits', 'yunnan'],
				'2 text': ['a', 'meeting'],
			});
		} finally {
			db.close();
		}
	});
});
