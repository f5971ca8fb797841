import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { summarizeNgo, summarizeProvince, summarizeSearch } from '../../src/summarize/answer-summary.js';
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

describe('the app’s /ngo, /province and /search answers', () => {
	it('are computed once per state of the data, per name and page', async () => {
		const { app } = await sampleApp();
		const first = app.query.ngo('AIFO');
		expect(first.ok).toBe(true);
		expect(app.query.ngo('AIFO')).toBe(first);
		expect(app.query.ngo('AIFO', { page: 2 })).not.toBe(first);
		expect(app.query.ngo('aifo')).not.toBe(first);
		const province = app.query.province('Yunnan');
		expect(app.query.province('Yunnan')).toBe(province);
		const search = app.query.search('training', { province: 'Heilongjiang' }, { order: 'relevance' });
		expect(search.ok).toBe(true);
		expect(app.query.search('training', { province: 'Heilongjiang' }, { order: 'relevance' })).toBe(search);
		for (const other of [
			app.query.search('training', { province: 'Heilongjiang' }),
			app.query.search('training', { province: 'Yunnan' }, { order: 'relevance' }),
			app.query.search('training', { province: 'Heilongjiang' }, { order: 'relevance', page: 2 }),
			app.query.search('Training', { province: 'Heilongjiang' }, { order: 'relevance' }),
		])
			expect(other).not.toBe(search);
	});

	it('are summarized once per answer, day and extra terms', async () => {
		const { app } = await sampleApp();
		const ngo = app.query.ngo('AIFO');
		const province = app.query.province('Yunnan');
		const search = app.query.search('training');
		if (!ngo.ok || !province.ok || !search.ok) throw new Error('no answer');
		const today = { today: '2026-12-07' } as const;
		const card = summarizeNgo(ngo.value, today);
		const again = app.query.ngo('AIFO');
		if (!again.ok) throw new Error('no answer');
		expect(summarizeNgo(again.value, today)).toBe(card);
		// Relative dates count from today: another day is another summary, with the same facts otherwise.
		const later = summarizeNgo(ngo.value, { today: '2027-12-07' });
		expect(later).not.toBe(card);
		expect(later.title).toBe(card.title);
		const yunnan = summarizeProvince(province.value, today, ['Yunnan']);
		expect(summarizeProvince(province.value, today, ['Yunnan'])).toBe(yunnan);
		expect(summarizeProvince(province.value, today, ['Yunnan', 'Kunming'])).not.toBe(yunnan);
		const found = summarizeSearch(search.value, today);
		expect(summarizeSearch(search.value, today)).toBe(found);
		expect(summarizeSearch(search.value, today, ['Yunnan'])).not.toBe(found);
	});

	it('stay remembered across reads and writes that do not change the corpus', async () => {
		const { app } = await sampleApp();
		const ngo = app.query.ngo('AIFO');
		// A search filling the connection's temp table of hits, and a write elsewhere in the database.
		app.search.clearHitSet();
		app.search.find({ match: '"the"', order: 'newest' }, { limit: 1, offset: 3 });
		app.db.exec("INSERT INTO meta (key, value) VALUES ('unrelated', 'x')");
		expect(app.query.ngo('AIFO')).toBe(ngo);
	});

	it('compute searches every time when the app is told not to remember them (the bench)', async () => {
		dir = makeTempDir('ngo-bot-answer-cache-');
		app = createApp({ databasePath: join(dir, 'ngo.sqlite'), cacheSearches: false });
		await app.ingest([join(projectRoot(), 'data', 'sample')]);
		const first = app.query.search('registration');
		expect(first.ok).toBe(true);
		expect(app.query.search('registration')).not.toBe(first);
		expect(app.query.search('registration')).toEqual(first);
		expect(app.query.ngo('AIFO')).toBe(app.query.ngo('AIFO'));
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
		const search = app.query.search('registration');
		const yunnanKey = app.db
			.prepare<[], string>(
				`SELECT d.source_key FROM documents d JOIN entries e ON e.document_id = d.id
				JOIN entry_provinces p ON p.entry_id = e.id WHERE p.province = 'Yunnan' LIMIT 1`,
			)
			.pluck()
			.get()!;
		expect(createDocumentStore(app.db).removeDocument(yunnanKey)).toBe(true);
		expect(app.query.province('Yunnan')).not.toBe(province);
		expect(app.query.search('registration')).not.toBe(search);
	});
});
