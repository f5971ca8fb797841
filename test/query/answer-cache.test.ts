import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

let app: App | undefined;
let dir: string | undefined;

afterEach(() => {
	app?.close();
	if (dir) removeTempDir(dir);
	app = dir = undefined;
});

async function sampleApp(): Promise<{ app: App; path: string }> {
	dir = makeTempDir('ngo-bot-answer-cache-');
	const path = join(dir, 'ngo.sqlite');
	app = createApp({ databasePath: path });
	await app.ingest([join(projectRoot(), 'data', 'sample')]);
	await app.indexes.whenReady();
	return { app, path };
}

const totalOf = (result: ReturnType<App['query']['ngo']>) => (result.ok ? result.value.page.total : null);

describe('the app’s /ngo and /province answers', () => {
	it('are computed once per state of the data, per name and page', async () => {
		const { app } = await sampleApp();
		const first = app.query.ngo('AIFO');
		expect(first.ok).toBe(true);
		expect(app.query.ngo('AIFO')).toBe(first);
		expect(app.query.ngo('AIFO', { page: 2 })).not.toBe(first);
		expect(app.query.ngo('aifo')).not.toBe(first);
		const province = app.query.province('Yunnan');
		expect(app.query.province('Yunnan')).toBe(province);
	});

	it('are computed again after any commit, by this process or another', async () => {
		const { app, path } = await sampleApp();
		const first = app.query.ngo('AIFO');
		const before = totalOf(first)!;
		expect(before).toBeGreaterThan(0);
		// Another process removes a document naming AIFO.
		const other = openDatabase(path);
		const entryId = first.ok ? first.value.entries[0]!.id : 0;
		const sourceKey = other
			.prepare<[number], string>(
				'SELECT d.source_key FROM documents d JOIN entries e ON e.document_id = d.id WHERE e.id = ?',
			)
			.pluck()
			.get(entryId)!;
		expect(createDocumentStore(other).removeDocument(sourceKey)).toBe(true);
		other.close();
		const after = app.query.ngo('AIFO');
		expect(after).not.toBe(first);
		// Fewer entries, or none left at all (the org goes with its last entry).
		expect(totalOf(after) ?? 0).toBeLessThan(before);
		// This process writing: the same.
		const province = app.query.province('Yunnan');
		createDocumentStore(app.db).removeDocument(sourceKey);
		app.db.exec("UPDATE meta SET value = value WHERE key = 'corpus_revision'");
		expect(app.query.province('Yunnan')).not.toBe(province);
	});
});
