import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createEntrySearch } from '../../src/store/entry-search.js';
import { loadFactTable } from '../../src/store/fact-table.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
let close = () => {};
afterEach(() => close());

it('counts provinces in both words of its 64-bit sets, types and organizations as SQLite does', () => {
	const db = openDatabase(join(tempDir(), 'ngo.sqlite'));
	close = () => db.close();
	const store = createDocumentStore(db);
	// 40 places (codes past 31 and 32 land in the second word), each entry naming several.
	const places = Array.from({ length: 40 }, (_, i) => `Place ${String(i).padStart(2, '0')}`);
	const entries = Array.from({ length: 45 }, (_, i) => ({
		text: `Entry ${i} names several places.`,
		date: `2019-0${1 + (i % 9)}-1${i % 10}`,
		provinces: [places[i % 40]!, places[(i * 7) % 40]!, places[31]!, places[32]!],
		type: (['visit', 'registration', 'meeting'] as const)[i % 3],
		orgs: [{ name: `Trust ${i % 6}` }, { name: `Fund ${i % 4}` }],
	}));
	const { entryIds } = store.saveDocument(makeDocument({ entries }), {
		sourceKey: 'places',
		extractorVersion: 1,
		now: new Date('2024-05-01T12:00:00Z'),
	});
	const table = loadFactTable(db);
	const sql = createEntrySearch(db, { factTable: false });
	const samples = [entryIds, entryIds.slice(3, 20), [entryIds[0]!, 999_999, -1, 0], []];
	for (const ids of samples) {
		for (const facet of ['province', 'type', 'org'] as const) {
			for (const limit of [-1, 0, 1, 3, 8])
				expect(table.count(ids, facet, limit)).toEqual(sql.facetsOf(ids, facet, limit));
		}
	}
	const all = table.count(entryIds, 'province', -1);
	expect(all.find((count) => count.key === 'Place 31')?.n).toBe(45);
	expect(all.find((count) => count.key === 'Place 32')?.n).toBe(45);
	expect(all).toHaveLength(40);
});
