import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { isUserFacingError } from '../../src/domain/errors.js';
import { projectRoot } from '../../src/project-root.js';
import { describeResult, runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('ngo-bot-storage-');
/** chmod does not restrict root, so the file-permission variant runs only as an ordinary user. */
const isRoot = process.getuid?.() === 0;
const UNLIMITED_PAGES = 1_073_741_823;

/** A digest with 300 dated items: far more than the pages a full database has left. */
function writeBigDigest(dir: string): string {
	const items = Array.from(
		{ length: 300 },
		(_, i) =>
			`May ${(i % 28) + 1}, 2020:\n\nThe Hunan PSB met the Tree${i} Education Foundation (Japan) about ${'training '.repeat(40)}.`,
	);
	const path = join(dir, 'big.txt');
	writeFileSync(path, ['Ministry of Public Security WeChat Posts—May 1-30, 2020', ...items].join('\n\n'));
	return path;
}

interface Snapshot {
	documents: number;
	entries: number;
	orphans: number;
	paths: string[];
}
function snapshot(app: App): Snapshot {
	const count = (sql: string) => (app.db.prepare(sql).pluck().get() as number) ?? 0;
	return {
		documents: count('SELECT count(*) FROM documents'),
		entries: count('SELECT count(*) FROM entries'),
		orphans: count('SELECT count(*) FROM entries WHERE document_id NOT IN (SELECT id FROM documents)'),
		paths: app.db.prepare('SELECT source_key FROM documents ORDER BY 1').pluck().all() as string[],
	};
}

async function ingestError(app: App, path: string): Promise<Error> {
	const error = await app.ingest([path]).then(
		() => null,
		(e: unknown) => e as Error,
	);
	if (!error) throw new Error('the ingest was expected to fail');
	return error;
}

describe('ingest when the database cannot be written', () => {
	let app: App;
	let big: string;
	let before: Snapshot;
	beforeEach(async () => {
		app = createApp({ databasePath: join(tempDir(), 'ngo.sqlite') });
		await app.ingest([join(projectRoot(), 'data', 'sample')]);
		await app.indexes.whenReady();
		big = writeBigDigest(tempDir());
		before = snapshot(app);
	});
	afterEach(() => app.close());

	it('on a full disk: a clear message, nothing half-written, integrity ok, and a retry after space is freed works', async () => {
		// SQLite's page limit on a real file fails writes exactly as a full disk does (SQLITE_FULL).
		app.db.pragma(`max_page_count = ${app.db.pragma('page_count', { simple: true }) as number}`);
		const error = await ingestError(app, big);
		expect(isUserFacingError(error)).toBe(true);
		expect(error.message).toMatch(
			/^Could not store .*big\.txt: the disk is full\. Nothing of that document was written/,
		);
		expect(error.message).toMatch(/run ingest again/);
		expect(snapshot(app)).toEqual(before);
		expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(app.db.inTransaction).toBe(false);

		app.db.pragma(`max_page_count = ${UNLIMITED_PAGES}`);
		const report = await app.ingest([big]);
		expect(report.totals).toMatchObject({ failed: 0 });
		expect(snapshot(app).entries).toBe(before.entries + 300);
		expect(snapshot(app).orphans).toBe(0);
	});

	it('on a read-only database: a clear message, nothing written, integrity ok', async () => {
		// What a read-only file means to SQLite, independent of who runs the test (chmod does not bind root).
		app.db.pragma('query_only = ON');
		const error = await ingestError(app, big);
		expect(isUserFacingError(error)).toBe(true);
		expect(error.message).toMatch(/^Could not store .*: the file is read-only\./);
		app.db.pragma('query_only = OFF');
		expect(snapshot(app)).toEqual(before);
		expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
	});
});

describe('the CLI on a read-only database file', () => {
	it.skipIf(isRoot)('exits 1 with what to do, and leaves the file as it was', async () => {
		const db = join(tempDir(), 'ro.sqlite');
		const first = await runCli([
			'ingest',
			join(projectRoot(), 'data', 'sample', '000_2234dc75a7662411.txt'),
			'--db',
			db,
		]);
		expect(first.code, describeResult(first)).toBe(0);
		chmodSync(db, 0o444);
		const result = await runCli(['ingest', writeBigDigest(tempDir()), '--db', db]);
		expect(result.code, describeResult(result)).toBe(1);
		expect(result.stderr).toMatch(/read-only/);
	});
});
