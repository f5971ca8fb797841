import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

/** A real app (SQLite file, FTS5, name indexes) over the sample corpus, shared by a read-only suite. */
export function useSampleApp(): () => App {
	return useApp([join(projectRoot(), 'data', 'sample')]);
}

/** The same over the documents in `sources`, ingested in that order (entry ids follow it). */
export function useApp(sources: readonly string[]): () => App {
	let app: App | undefined;
	let dir: string | undefined;
	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-app-');
		app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
		await app.ingest(sources);
		await app.indexes.whenReady();
	});
	afterAll(() => {
		app?.close();
		if (dir) removeTempDir(dir);
	});
	return () => {
		if (!app) throw new Error('useApp() getter called outside a test');
		return app;
	};
}
