import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../src/store/document-store.js';
import { entryIdOfKeySql, fullTextKey } from '../../src/store/full-text-key.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument } from '../helpers/make-document.js';
import { evidenceAsRows } from '../helpers/older-schema.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const NOW = new Date('2024-05-01T12:00:00.000Z');

/** Every (rowid, column) of entries_fts as its terms in position order, read from the index itself. */
function indexed(db: Database.Database): Map<string, string[]> {
	db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, entries_fts, instance)');
	const rows = db
		.prepare<[], { term: string; doc: number; col: string }>(
			'SELECT term, doc, col FROM temp.fts_instances ORDER BY doc, col, "offset"',
		)
		.all();
	const terms = new Map<string, string[]>();
	for (const { term, doc, col } of rows) terms.set(`${doc} ${col}`, [...(terms.get(`${doc} ${col}`) ?? []), term]);
	return terms;
}

describe('migration 14', () => {
	it('keys the full-text rows of a populated v12 database newest first, holding the same words, and lists its terms', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		let db = openDatabase(path);
		const store = createDocumentStore(db);
		const registration = {
			type: 'registration' as const,
			date: '2019-03-01',
			provinces: ['Yunnan'],
			orgs: [{ name: 'Oxfam' }],
			text: 'Oxfam registered its Yunnan office.',
		};
		store.saveDocument(
			makeDocument({
				entries: [registration, { text: 'Undated: AIFO trains doctors.', date: null, orgs: [{ name: 'AIFO' }] }],
			}),
			{ sourceKey: 'a', extractorVersion: 1, now: NOW },
		);
		// Another document telling the registration: one event, one full-text row with the words of both.
		store.saveDocument(makeDocument({ entries: [{ ...registration, text: 'Oxfam’s Kunming office opens.' }] }), {
			sourceKey: 'b',
			extractorVersion: 1,
			now: NOW,
		});
		const entries = db
			.prepare<[], { id: number; sort_date: string }>('SELECT id, sort_date FROM entries WHERE event_id IS NULL')
			.all();
		expect(entries.length).toBe(2);
		const kept = indexed(db);

		// Back to version 13: the same words under rowid = entry id, and no term list.
		const byId = new Map<number, Record<string, string>>();
		for (const [name, terms] of kept) {
			const [key, column] = name.split(' ') as [string, string];
			const id = Number(key) % 2 ** 28;
			byId.set(id, { ...byId.get(id), [column]: terms.join(' ') });
		}
		db.exec(`DROP TABLE fts_terms; DROP TABLE entries_fts;
CREATE VIRTUAL TABLE entries_fts USING fts5(orgs, title, provinces, text, content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2');`);
		const insert = db.prepare('INSERT INTO entries_fts (rowid, orgs, title, provinces, text) VALUES (?, ?, ?, ?, ?)');
		for (const [id, columns] of byId) {
			insert.run(id, columns.orgs ?? '', columns.title ?? '', columns.provinces ?? '', columns.text ?? '');
		}
		// Migration 17 runs again too: the evidence as migration 8 kept it.
		evidenceAsRows(db);
		db.pragma('user_version = 13');
		db.close();

		db = openDatabase(path);
		const migrated = indexed(db);
		// Every row is keyed by its entry's sort date and id, and holds the words it held (an org column read back
		// from the store holds the orgs' known aliases too).
		const keyOf = new Map(entries.map((entry) => [entry.id, fullTextKey(entry.sort_date, entry.id)]));
		expect(new Set([...migrated.keys()].map((name) => Number(name.split(' ')[0])))).toEqual(new Set(keyOf.values()));
		for (const [name, terms] of kept) {
			if (name.endsWith(' orgs')) expect(migrated.get(name)).toEqual(expect.arrayContaining(terms));
			else expect(migrated.get(name)).toEqual(terms);
		}
		const listed = new Set(db.prepare<[], string>('SELECT term FROM fts_terms').pluck().all());
		for (const terms of migrated.values()) for (const term of terms) expect(listed).toContain(term);
		// Newest first straight from the index: the dated registration, then the undated entry.
		const newest = db
			.prepare(
				`SELECT ${entryIdOfKeySql('rowid')} FROM entries_fts WHERE entries_fts MATCH 'oxfam OR aifo' ORDER BY rowid DESC`,
			)
			.pluck()
			.all();
		expect(newest).toEqual([...entries].sort((a, b) => b.sort_date.localeCompare(a.sort_date)).map((e) => e.id));
		db.close();
	});
});
