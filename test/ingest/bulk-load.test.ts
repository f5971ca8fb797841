import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { projectRoot } from '../../src/project-root.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

let app: App | undefined;
let dir: string | undefined;

afterEach(() => {
	app?.close();
	if (dir) removeTempDir(dir);
});

it('gives the connection its own checkpoint setting back after an ingest, ', async () => {
	dir = makeTempDir('ngo-bot-bulk-');
	app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
	const settings = () => ({
		cacheSize: app!.db.pragma('cache_size', { simple: true }),
		walPages: app!.db.pragma('wal_autocheckpoint', { simple: true }),
		tempStore: app!.db.pragma('temp_store', { simple: true }),
	});
	const before = settings();
	const report = await app.ingest([join(projectRoot(), 'data', 'sample')]);
	expect(report.totals.entries).toBeGreaterThan(0);
	expect(settings()).toEqual(before);
});

it("keeps the savepoints' journal in memory while the run saves, not in a temp file", async () => {
	dir = makeTempDir('ngo-bot-bulk-');
	app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
	const db = app.db;
	const during: unknown[] = [];
	await runIngest([join(projectRoot(), 'data', 'sample')], {
		db,
		reference: loadReference(),
		now: () => new Date(),
		onSaved: () => during.push(db.pragma('temp_store', { simple: true })),
	});
	expect(during.length).toBeGreaterThan(0);
	// 2 = MEMORY.
	expect(new Set(during)).toEqual(new Set([2]));
	expect(db.pragma('temp_store', { simple: true })).toBe(0);
});
