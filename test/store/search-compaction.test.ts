import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createEntrySearch } from '../../src/store/entry-search.js';
import { openDatabase } from '../../src/store/open-database.js';
import { BULK_LOAD, compactSearchIndex, isBulkLoad } from '../../src/store/search-compaction.js';
import { makeDocument } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
let close = () => {};
afterEach(() => close());

const WORDS = ['river', 'school', 'clinic', 'forest', 'harbour', 'library', 'orchard', 'market'];
const NOW = new Date('2024-05-01T12:00:00.000Z');

it('merges the segments of many saves and finds, ranks and counts exactly as before', () => {
	const db = openDatabase(join(tempDir(), 'ngo.sqlite'));
	close = () => db.close();
	const store = createDocumentStore(db);
	// One save per document: each leaves a segment of its own.
	for (let doc = 0; doc < 60; doc++) {
		const entries = Array.from({ length: 5 }, (_, i) => {
			const n = doc * 5 + i;
			const words = WORDS.filter((_, w) => (n >> w) % 2 === 1 || w === n % 8);
			return { text: `Entry ${n} about ${words.join(' and ')}.`, date: `2019-0${1 + (n % 9)}-1${n % 10}` };
		});
		store.saveDocument(makeDocument({ entries }), { sourceKey: `doc-${doc}`, extractorVersion: 1, now: NOW });
	}
	const search = createEntrySearch(db);
	const blocks = db.prepare<[], number>('SELECT count(*) FROM entries_fts_data').pluck();
	const answers = () =>
		WORDS.flatMap((word) =>
			(['newest', 'relevance'] as const).map((order) => search.find({ match: `"${word}"`, order }, { limit: 400 })),
		);
	const before = answers();
	const blocksBefore = blocks.get()!;

	expect(compactSearchIndex(db)).toBeGreaterThan(0);
	expect(blocks.get()!).toBeLessThan(blocksBefore);
	search.clearHitSet();
	expect(answers()).toEqual(before);
	expect(before.every((found) => found.total > 0)).toBe(true);
	// Nothing left to merge: a second compaction does no work.
	expect(compactSearchIndex(db)).toBe(0);
	// FTS5 checks its index against itself and throws on any inconsistency.
	expect(() => db.exec("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")).not.toThrow();
});

it('calls a run a bulk load when it adds enough entries and a tenth of the corpus', () => {
	expect(isBulkLoad(BULK_LOAD.entries, BULK_LOAD.entries)).toBe(true);
	expect(isBulkLoad(BULK_LOAD.entries - 1, BULK_LOAD.entries - 1)).toBe(false);
	expect(isBulkLoad(5_000, 50_000)).toBe(true);
	expect(isBulkLoad(5_000, 50_001)).toBe(false);
	expect(isBulkLoad(0, 0)).toBe(false);
});

it('compacts after an ingest that loads a bulk of entries, not after a small one', async () => {
	const dir = tempDir();
	const app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
	close = () => app.close();
	const write = (name: string, from: number, count: number) => {
		const lines = ['NGO Digest (written for the tests)', ''];
		for (let i = from; i < from + count; i++) {
			const day = 1 + (i % 28);
			lines.push(`Mar ${day}, 2019: Example Trust ${i} held a ${WORDS[i % 8]} workshop in Kunming.`, '');
		}
		writeFileSync(join(dir, name), lines.join('\n'));
	};
	const merged = () => compactSearchIndex(app.db) === 0;
	// Twelve documents of 100 entries: 1,200 entries, the whole corpus.
	for (let doc = 0; doc < 12; doc++) write(`bulk-${doc}.txt`, doc * 100, 100);
	await app.ingest([join(dir, 'bulk-0.txt'), ...Array.from({ length: 11 }, (_, d) => join(dir, `bulk-${d + 1}.txt`))]);
	expect(app.reader.countEntries()).toBe(1_200);
	expect(merged()).toBe(true);
	// Ten more entries: a small run leaves its segment to FTS5's automerge.
	write('small.txt', 5_000, 10);
	await app.ingest([join(dir, 'small.txt')]);
	expect(merged()).toBe(false);
});
