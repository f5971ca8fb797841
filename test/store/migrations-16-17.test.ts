import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadReference } from '../../src/ingest/load-reference.js';
import { readDocument } from '../../src/ingest/read-document.js';
import { projectRoot } from '../../src/project-root.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createEntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { evidenceAsRows, openAtVersion, rebuildAs } from '../helpers/older-schema.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const NOW = new Date('2024-05-01T12:00:00.000Z');
const REBUILT = ['entry_bodies', 'entry_fields', 'facet_counts'] as const;

/** Every row of the rebuilt tables, in primary key order. */
function rowsOf(db: Database.Database): Record<string, unknown[]> {
	return Object.fromEntries(REBUILT.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).raw().all()]));
}

/** How many temporary b-trees one insert of a row into `table` builds (what the migration removes). */
function ephemeralTables(db: Database.Database, table: string): number {
	const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();
	const explained = db
		.prepare<unknown[], { opcode: string }>(
			`EXPLAIN INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
		)
		.all(columns.map(() => null));
	return explained.filter((op) => op.opcode === 'OpenEphemeral').length;
}

describe('migrations 16 and 17', () => {
	it('keep the rows, indexes and trigger of the tables they rebuild, check values without a table per row, and keep every entry’s evidence', async () => {
		const path = join(tempDir(), 'ngo.sqlite');
		let db = openDatabase(path);
		// The samples give evidence of every kind, bodies in several roles, fields of work and facet counts.
		const store = createDocumentStore(db);
		const reference = loadReference();
		const sampleDir = join(projectRoot(), 'data', 'sample');
		for (const name of readdirSync(sampleDir).sort()) {
			const absolutePath = join(sampleDir, name);
			const document = await readDocument({ path: absolutePath, absolutePath }, reference);
			if (document.entries.length > 0)
				store.saveDocument(document, { sourceKey: absolutePath, extractorVersion: 1, now: NOW });
		}
		const before = rowsOf(db);
		for (const table of REBUILT) expect(before[table]!.length).toBeGreaterThan(0);
		const entryIds = db.prepare<[], number>('SELECT id FROM entries ORDER BY id').pluck().all();
		const evidence = entryIds.map((id) => createEntryReader(db).getEvidence(id));
		expect(evidence.flat().length).toBeGreaterThan(entryIds.length);

		// Back to version 15: the tables as it made them, evidence a row per fact.
		const older = openAtVersion(join(tempDir(), 'v15.sqlite'), 15);
		rebuildAs(db, older, REBUILT);
		older.close();
		evidenceAsRows(db);
		db.pragma('user_version = 15');
		for (const table of REBUILT) expect(ephemeralTables(db, table)).toBeGreaterThan(0);
		expect(db.prepare('SELECT count(*) FROM entry_evidence').pluck().get()).toBe(evidence.flat().length);
		db.close();

		db = openDatabase(path);
		try {
			expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(17);
			expect(entryIds.map((id) => createEntryReader(db).getEvidence(id))).toEqual(evidence);
			// Entries without evidence have no row.
			expect(db.prepare('SELECT count(*) FROM entry_evidence').pluck().get()).toBe(
				evidence.filter((rows) => rows.length > 0).length,
			);
			expect(rowsOf(db)).toEqual(before);
			for (const table of REBUILT) expect(ephemeralTables(db, table)).toBe(0);
			expect(db.pragma('foreign_key_check')).toEqual([]);
			expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

			// The indexes by entry are back, and a new sort date still reaches the copies in bodies and fields.
			const indexes = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all();
			expect(indexes).toEqual(expect.arrayContaining(['entry_bodies_entry_id', 'entry_fields_entry_id']));
			const entryId = db
				.prepare<[], number>('SELECT b.entry_id FROM entry_bodies b JOIN entry_fields f USING (entry_id) LIMIT 1')
				.pluck()
				.get()!;
			db.prepare("UPDATE entries SET sort_date = '2001-02-03' WHERE id = ?").run(entryId);
			const copies = db
				.prepare<[{ id: number }], string>(
					'SELECT sort_date FROM entry_bodies WHERE entry_id = @id UNION SELECT sort_date FROM entry_fields WHERE entry_id = @id',
				)
				.pluck()
				.all({ id: entryId });
			expect(copies).toEqual(['2001-02-03']);

			// The same values are refused as before.
			expect(() => db.prepare("UPDATE entry_fields SET field = 'gossip' WHERE entry_id = ?").run(entryId)).toThrow(
				/CHECK constraint/,
			);
			expect(() => db.prepare("UPDATE entry_bodies SET role = 'friend' WHERE entry_id = ?").run(entryId)).toThrow(
				/CHECK constraint/,
			);
			expect(() => db.prepare("UPDATE facet_counts SET facet = 'weekday' WHERE scope = 'all'").run()).toThrow(
				/CHECK constraint/,
			);
		} finally {
			db.close();
		}
	});
});
