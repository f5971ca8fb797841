import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
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
	});
	const before = settings();
	const report = await app.ingest([join(projectRoot(), 'data', 'sample')]);
	expect(report.totals.entries).toBeGreaterThan(0);
	expect(settings()).toEqual(before);
});
