import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { loadReference } from '../../src/ingest/load-reference.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import type { SaveResult } from '../../src/store/document-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('ngo-bot-batch-replay-');
const reference = loadReference();
const NOW = new Date('2024-06-01T00:00:00Z');

/** A short digest in the MPS style, three dated entries; `marker` goes into the second entry's text. */
function digest(n: number, marker = ''): string {
	const province = ['Hunan', 'Yunnan', 'Gansu', 'Sichuan', 'Fujian', 'Anhui'][n % 6]!;
	return [
		`Foreign NGO activities, March ${n + 1}, 2019`,
		'',
		`March ${n + 1}, 2019: The ${province} PSB Foreign NGO Management Office issued a registration certificate to the Example Foundation ${n} (United States) representative office.`,
		'',
		`March ${n + 2}, 2019: The Friends of Rivers Society ${n} (Canada) held a training on wetland protection in ${province}${marker}.`,
		'',
		`March ${n + 3}, 2019: The ${province} public security bureau met the Helping Hands Association ${n} (Japan) about its temporary activities.`,
		'',
	].join('\n');
}

/** Every row of the tables a save writes, without the ingest times that differ between two runs. */
function contents(db: Database.Database): Record<string, unknown[]> {
	const tables = ['entries', 'entry_orgs', 'entry_provinces', 'entry_evidence', 'facet_counts', 'orgs'] as const;
	const rows: Record<string, unknown[]> = Object.fromEntries(
		tables.map((table) => [
			table,
			db
				.prepare(`SELECT * FROM ${table}`)
				.all()
				.map((row) => ({ ...(row as object), ingested_at: null, created_at: null, updated_at: null })),
		]),
	);
	rows.documents = db
		.prepare<[], { source_key: string; entry_count: number }>(
			'SELECT source_key, entry_count FROM documents ORDER BY id',
		)
		.all()
		.map((row) => ({ ...row, source_key: basename(row.source_key) }));
	rows.fts = db.prepare('SELECT rowid FROM entries_fts ORDER BY rowid').all();
	return rows;
}

function ingest(
	dir: string,
	dbPath: string,
	prepare?: (db: Database.Database) => void,
	onProgress?: (done: number, total: number, path: string) => void,
) {
	const db = openDatabase(dbPath);
	prepare?.(db);
	const saved: SaveResult[] = [];
	const run = runIngest([dir], { db, reference, now: () => NOW, onSaved: (result) => saved.push(result), onProgress });
	return { db, saved, run };
}

const REFUSE_MARKER = `CREATE TEMP TRIGGER refuse_marker BEFORE INSERT ON entries WHEN NEW.text LIKE '%Zorblatt%'
	BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`;

it('a save that fails midway in a batch leaves the batch’s other documents whole and nothing of its own', async () => {
	// Saves in a batch take no savepoint each: the batch is undone and its documents saved again one by one.
	const docs = join(tempDir(), 'docs');
	mkdirSync(docs);
	for (let n = 0; n < 6; n++) writeFileSync(join(docs, `doc-${n}.txt`), digest(n, n === 3 ? ' near Zorblatt' : ''));

	// The database refuses the fourth document's second entry, after its document row and first entry were written.
	const failing = ingest(docs, join(tempDir(), 'failing.sqlite'), (db) => db.exec(REFUSE_MARKER));
	await expect(failing.run).rejects.toThrow(/refused by test trigger/);

	// The three documents before it, as a run of those three alone stores them.
	const only = join(tempDir(), 'only');
	mkdirSync(only);
	for (let n = 0; n < 3; n++) writeFileSync(join(only, `doc-${n}.txt`), digest(n));
	const expected = ingest(only, join(tempDir(), 'expected.sqlite'));
	const report = await expected.run;
	expect(report.totals.added).toBe(9);

	const stored = contents(failing.db);
	expect(stored.documents).toHaveLength(3);
	expect(stored).toEqual(contents(expected.db));
	expect(failing.db.prepare("SELECT count(*) FROM entries WHERE text LIKE '%Society 3%'").pluck().get()).toBe(0);
	expect(failing.db.pragma('integrity_check', { simple: true })).toBe('ok');
	expect(failing.db.inTransaction).toBe(false);
	// Told once per committed save, never for the attempts the replay undid.
	expect(failing.saved.map((result) => result.insertedIds.length)).toEqual([3, 3, 3]);
	expect(failing.saved.map((result) => result.documentId)).toEqual([1, 2, 3]);

	failing.db.close();
	expected.db.close();
});

it('a document gone from disk before its batch is replayed goes unsaved; the others of the batch are stored', async () => {
	const docs = join(tempDir(), 'docs');
	mkdirSync(docs);
	for (let n = 0; n < 5; n++) writeFileSync(join(docs, `doc-${n}.txt`), digest(n, n === 3 ? ' near Zorblatt' : ''));
	// Removed after it was read and saved, just before the failing document: the replay reads every document again.
	const removeSecond = (_done: number, _total: number, path: string) => {
		if (path.endsWith('doc-3.txt')) rmSync(join(docs, 'doc-1.txt'));
	};
	const run = ingest(docs, join(tempDir(), 'gone.sqlite'), (db) => db.exec(REFUSE_MARKER), removeSecond);
	await expect(run.run).rejects.toThrow(/refused by test trigger/);
	const stored = run.db
		.prepare<[], string>('SELECT source_key FROM documents ORDER BY id')
		.pluck()
		.all()
		.map((key) => basename(key));
	expect(stored).toEqual(['doc-0.txt', 'doc-2.txt']);
	expect(run.saved.map((result) => result.insertedIds.length)).toEqual([3, 3]);
	expect(run.db.pragma('integrity_check', { simple: true })).toBe('ok');
	run.db.close();
});
