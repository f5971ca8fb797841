import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { useTempDir } from '../helpers/temp-dir.js';

const WRITER = fileURLToPath(new URL('../helpers/crash-writer.mjs', import.meta.url));
const COMPILED_STORE = fileURLToPath(new URL('../../dist/src/store/document-store.js', import.meta.url));
const tempDir = useTempDir();

/** Runs the writer until it reports `minSaves` commits, then SIGKILLs it a few milliseconds into the next save. */
function runAndKill(dbPath: string, round: number, minSaves: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [WRITER, dbPath, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
		let saves = 0;
		let stdout = '';
		let stderr = '';
		let killed = false;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`writer saved only ${saves} documents in time; stderr:\n${stderr}`));
		}, 20_000);
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			saves = stdout.split('\n').filter((line) => line.startsWith('saved ')).length;
			if (saves >= minSaves && !killed) {
				killed = true;
				// Saves take milliseconds each, so a short random delay lands inside the next transaction.
				setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 8));
			}
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (signal === 'SIGKILL' && killed) resolve(saves);
			else reject(new Error(`writer exited on its own (code ${code}, signal ${signal}); stderr:\n${stderr}`));
		});
	});
}

function checkConsistent(db: Database.Database): void {
	expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
	expect(db.pragma('foreign_key_check')).toEqual([]);
	// Every stored document has exactly its entry_count entries, at positions 0..n-1, all from one version.
	const documents = db
		.prepare(
			`SELECT d.source_key, d.content_hash, d.entry_count, count(e.id) AS entries, min(e.position) AS first,
				max(e.position) AS last,
				sum(e.text LIKE 'Stable entry%' OR e.text LIKE d.content_hash || ' entry%') AS same_version
			FROM documents d LEFT JOIN entries e ON e.document_id = d.id GROUP BY d.id`,
		)
		.all() as { entry_count: number; entries: number; first: number; last: number; same_version: number }[];
	for (const doc of documents) {
		expect(doc).toMatchObject({
			entries: doc.entry_count,
			first: 0,
			last: doc.entry_count - 1,
			same_version: doc.entry_count,
		});
	}
	const wrongOrgCounts = db
		.prepare(
			'SELECT o.id FROM orgs o WHERE o.entry_count != (SELECT count(*) FROM entry_orgs eo WHERE eo.org_id = o.id)',
		)
		.all();
	expect(wrongOrgCounts).toEqual([]);
	// The writer gives every entry one evidence row: a replacement rewrites it, never doubles or drops it.
	const wrongEvidence = db
		.prepare('SELECT e.id FROM entries e WHERE (SELECT count(*) FROM entry_evidence v WHERE v.entry_id = e.id) != 1')
		.all();
	expect(wrongEvidence).toEqual([]);
	// Each body counts the entries naming it, and every entry keeps its one body and one field.
	const wrongBodyCounts = db
		.prepare(
			`SELECT b.id FROM bodies b
			WHERE b.entry_count != (SELECT count(DISTINCT eb.entry_id) FROM entry_bodies eb WHERE eb.body_id = b.id)
				OR b.entry_count = 0`,
		)
		.all();
	expect(wrongBodyCounts).toEqual([]);
	const wrongLinks = db
		.prepare(
			`SELECT e.id FROM entries e WHERE (SELECT count(*) FROM entry_bodies b WHERE b.entry_id = e.id) != 1
				OR (SELECT count(*) FROM entry_fields f WHERE f.entry_id = e.id) != 1`,
		)
		.all();
	expect(wrongLinks).toEqual([]);
}

describe('crash safety', () => {
	it('a writer killed with SIGKILL mid-save leaves only whole documents and loses no commit', async () => {
		if (!existsSync(COMPILED_STORE)) {
			throw new Error(
				`${COMPILED_STORE} is missing: run npx tsc -p tsconfig.build.json (or the tests without NGO_SKIP_BUILD)`,
			);
		}
		const dbPath = join(tempDir(), 'crash', 'ngo.sqlite');
		let committed = 0;
		for (let round = 0; round < 3; round++) {
			const saves = await runAndKill(dbPath, round, 6);
			committed += Math.ceil(saves / 2);
			const db = openDatabase(dbPath);
			try {
				checkConsistent(db);
				// Each round adds a new document every second save; every reported commit survived.
				expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBeGreaterThanOrEqual(committed);
			} finally {
				db.close();
			}
		}
	}, 90_000);
});
