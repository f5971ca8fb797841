import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createEntryReader } from '../../src/store/entry-reader.js';
import { LATEST_SCHEMA_VERSION, migrate, migrations, userVersion } from '../../src/store/migrations.js';
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

/**
 * Every row of every table but entry_evidence. The full-text index is read term by term: migration 14 writes it
 * again (its rowids become keys), so its storage differs while what it holds does not.
 */
function rows(db: Database.Database): Record<string, unknown[]> {
	const tables = db
		.prepare<[], string>(
			`SELECT name FROM sqlite_schema WHERE type = 'table' AND name != 'entry_evidence'
			AND name NOT LIKE 'entries_fts%' ORDER BY name`,
		)
		.pluck()
		.all();
	db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, entries_fts, instance)');
	const fullText = db
		.prepare('SELECT term, doc, col, "offset" FROM temp.fts_instances ORDER BY doc, col, "offset"')
		.all();
	return Object.fromEntries([
		['entries_fts', fullText],
		...tables.map((table) => [
			table,
			db.prepare(`SELECT * FROM "${table}" ORDER BY ${columnCount(db, table) > 1 ? '1, 2' : '1'}`).all(),
		]),
	]);
}

/** A pristine version-7 database: migrations 1 to 7, as ngo-bot left it before evidence was kept. */
function createV7(path: string): Database.Database {
	const db = new Database(path);
	db.pragma('foreign_keys = ON');
	for (const migration of migrations.filter((m) => m.version <= 7)) {
		if (typeof migration.up === 'string') db.exec(migration.up);
		else migration.up(db);
	}
	db.pragma('user_version = 7');
	return db;
}

const TEXT = 'The Hunan PSB registered Green-Net.';
const EVIDENCE = [
	{
		fact: 'province' as const,
		value: 'Hunan',
		subject: null,
		role: 'acting authority',
		counted: true,
		field: 'text' as const,
		start: 4,
		end: 13,
		quote: 'Hunan PSB',
	},
];

describe('migration 8', () => {
	it('adds an empty evidence table to a populated v7 database; old entries read as having none', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		let db = openDatabase(path);
		const saved = createDocumentStore(db).saveDocument(
			makeDocument({ entries: [{ text: TEXT, provinces: ['Hunan'] }, { text: 'Another.' }], contentHash: 'v1' }),
			{ sourceKey: 'a', extractorVersion: 1, now: NOW },
		);
		const latest = schema(db);
		const before = rows(db);
		// Back to version 7: exactly the schema migrations 1-7 create, with the data real saves leave.
		// (with migration 9's bodies and fields, migration 10's events, migration 11's crawls, migration 12's digest
		// drafts, migration 13's counts, migration 14's terms and migration 16's checks, which come after it)
		const pristine = createV7(join(tempDir(), 'v7.sqlite'));
		const facetCountsV7 = pristine
			.prepare<[], string>("SELECT sql FROM sqlite_schema WHERE name = 'facet_counts'")
			.pluck()
			.get()!;
		db.exec(`ALTER TABLE facet_counts RENAME TO facet_counts_16; ${facetCountsV7};
			INSERT INTO facet_counts SELECT * FROM facet_counts_16; DROP TABLE facet_counts_16;
			DROP TABLE fts_terms; DROP TABLE body_counts; DROP TABLE field_counts;
			DROP TABLE entry_evidence; DROP TRIGGER entries_sort_date_copies_bodies; DROP TABLE entry_fields;
			DROP TABLE entry_bodies; DROP TABLE body_aliases; DROP TABLE bodies;
			DROP TABLE event_links; DROP TABLE entry_sentences; DROP INDEX entries_event_id; DROP INDEX entries_merged;
			ALTER TABLE entries DROP COLUMN event_id;
			DROP TABLE crawl_pages; DROP TABLE crawls; DROP TABLE listing_links; DROP TABLE page_validators;
			ALTER TABLE feeds DROP COLUMN full_page;
			DROP TABLE digest_drafts; ALTER TABLE digest_schedules DROP COLUMN new_thread;
			ALTER TABLE digest_schedules DROP COLUMN role_id; ALTER TABLE digest_posts DROP COLUMN thread_name;
			ALTER TABLE digest_posts DROP COLUMN new_thread; ALTER TABLE digest_posts DROP COLUMN thread_id;
			PRAGMA user_version = 7;`);
		expect(schema(db)).toEqual(schema(pristine));
		pristine.close();
		db.close();

		db = openDatabase(path);
		try {
			expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
			expect(schema(db)).toEqual(latest);
			expect(rows(db)).toEqual(before);
			const reader = createEntryReader(db);
			expect(saved.entryIds.map((id) => reader.getEvidence(id))).toEqual([[], []]);
			expect(db.prepare('SELECT count(*) FROM entry_evidence').pluck().get()).toBe(0);

			// A newer extractor re-reading the document fills in the evidence of the kept entry.
			const again = createDocumentStore(db).saveDocument(
				makeDocument({
					entries: [{ text: TEXT, provinces: ['Hunan'], evidence: EVIDENCE }, { text: 'Another.' }],
					contentHash: 'v1',
				}),
				{ sourceKey: 'a', extractorVersion: 2, now: NOW },
			);
			expect(again.keptIds).toEqual(saved.entryIds);
			expect(reader.getEvidence(saved.entryIds[0]!)).toEqual(EVIDENCE);

			expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
		} finally {
			db.close();
		}
	});
});

/** Columns of a table (fts_terms has one: rows are ordered by the first two columns where there are two). */
function columnCount(db: Database.Database, table: string): number {
	return (db.pragma(`table_info("${table}")`) as unknown[]).length;
}
