import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DraftEntry, ParsedDocument } from '../../src/domain/entry.js';
import { orgKey } from '../../src/domain/names.js';
import {
	createDocumentStore,
	InvalidDocumentError,
	type DocumentStore,
	type SaveOptions,
} from '../../src/store/document-store.js';
import { createEntryReader, type EntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument, makeEntry, type EntryInput } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
let db: Database.Database;
let store: DocumentStore;
let reader: EntryReader;

beforeEach(() => {
	db = openDatabase(join(tempDir(), 'ngo.sqlite'));
	store = createDocumentStore(db);
	reader = createEntryReader(db);
});

afterEach(() => {
	db.close();
});

const NOW = new Date('2024-05-01T12:00:00.000Z');
const LATER = new Date('2024-06-01T08:30:00.000Z');

function options(overrides: Partial<SaveOptions> = {}): SaveOptions {
	return { sourceKey: 'doc-a', extractorVersion: 1, now: NOW, ...overrides };
}

function texts(...names: string[]): EntryInput[] {
	return names.map((name) => ({ text: `${name} happened.`, summary: `${name}.` }));
}

function totalChanges(): number {
	return db.prepare<[], number>('SELECT total_changes()').pluck().get()!;
}

function count(table: string): number {
	return db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get()!;
}

/** Every row of every table plus the AUTOINCREMENT counters: equal snapshots mean a logically identical database. */
function snapshot(): Record<string, unknown[]> {
	const tables = db
		.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
		.pluck()
		.all();
	return Object.fromEntries(
		tables.map((table) => [
			table,
			db.prepare(`SELECT * FROM "${table}" ORDER BY ${columnCount(db, table) > 1 ? '1, 2' : '1'}`).all(),
		]),
	);
}

function orgRows(): { name: string; key: string; country: string | null; entry_count: number }[] {
	return db.prepare('SELECT name, key, country, entry_count FROM orgs ORDER BY id').all() as never;
}

describe('saveDocument', () => {
	it('adds a new document with its entries, facts and document fields', () => {
		const doc = makeDocument({
			entries: [
				{
					title: 'Digital Fujian',
					provinces: ['Fujian', 'Guangdong'],
					orgs: [{ name: 'Save the Children', country: 'United Kingdom' }],
					type: 'registration',
					text: 'Fujian issued certificates.',
				},
				{ date: null, text: 'An undated teaser.' },
			],
		});
		const result = store.saveDocument(doc, options());
		expect(result).toMatchObject({ status: 'added', added: 2, kept: 0, removed: 0 });
		expect(result.entryIds).toHaveLength(2);

		const first = reader.getEntry(result.entryIds[0]!)!;
		// Stored entries leave evidence out: it is read per entry (getEvidence).
		const { evidence: _evidence, ...draft } = doc.entries[0]!;
		expect(first).toEqual({
			...draft,
			id: result.entryIds[0],
			documentId: result.documentId,
			eventId: result.entryIds[0],
			otherSources: [],
			kind: 'digest',
			source: doc.source,
			ingestedAt: NOW.toISOString(),
			orgs: [{ name: 'Save the Children', country: 'United Kingdom', aliases: [] }],
		});
		const stored = db.prepare('SELECT * FROM documents').get() as Record<string, unknown>;
		expect(stored).toMatchObject({
			source_key: 'doc-a',
			content_hash: doc.contentHash,
			extractor_version: 1,
			entry_count: 2,
			first_ingested_at: NOW.toISOString(),
			updated_at: NOW.toISOString(),
		});
		expect(reader.stats()).toMatchObject({ corpusRevision: 1, lastIngestAt: NOW.toISOString() });
	});

	it('derives sort_date from the date, else coverage end, else publication, else the undated sentinel', () => {
		const sortDates = (doc: ParsedDocument, sourceKey: string): string[] => {
			const { entryIds } = store.saveDocument(doc, options({ sourceKey }));
			return entryIds.map((id) => db.prepare('SELECT sort_date FROM entries WHERE id = ?').pluck().get(id) as string);
		};
		const entries: EntryInput[] = [{ date: '2019-02-16' }, { date: null }];
		const coverage = { from: '2019-02-15', to: '2019-02-25' };
		expect(sortDates(makeDocument({ entries, coverage }), 'a')).toEqual(['2019-02-16', '2019-02-25']);
		const source = { path: null, url: 'https://example.org/x', title: null, published: '2019-03-19' };
		expect(sortDates(makeDocument({ entries, source }), 'b')).toEqual(['2019-02-16', '2019-03-19']);
		expect(sortDates(makeDocument({ entries, source: { ...source, published: null } }), 'c')).toEqual([
			'2019-02-16',
			'0000-01-01',
		]);
	});

	it('reports an unchanged document without writing anything', () => {
		const doc = makeDocument({ entries: texts('A', 'B') });
		const first = store.saveDocument(doc, options());
		// A second connection sees data_version change whenever anyone commits.
		const observer = openDatabase(db.name, { readonly: true });
		const dataVersion = () => observer.pragma('data_version', { simple: true });
		const before = { changes: totalChanges(), version: dataVersion(), rows: snapshot() };

		const again = store.saveDocument(doc, options({ now: LATER }));
		expect(again).toEqual({
			...first,
			status: 'unchanged',
			added: 0,
			kept: 2,
			removed: 0,
			insertedIds: [],
			keptIds: first.entryIds,
			removedIds: [],
		});
		expect(totalChanges()).toBe(before.changes);
		expect(dataVersion()).toBe(before.version);
		expect(snapshot()).toEqual(before.rows);
		// The observer does notice a real write, so the checks above can fail.
		store.saveDocument(makeDocument({ entries: texts('A', 'C') }), options());
		expect(dataVersion()).not.toBe(before.version);
		observer.close();
	});

	it('replaces a changed document, keeping the ids of entries whose text is unchanged', () => {
		const v1 = store.saveDocument(makeDocument({ entries: texts('A', 'B', 'C') }), options());
		const [idA, idB, idC] = v1.entryIds;
		const v2 = store.saveDocument(
			makeDocument({ entries: [...texts('C', 'New', 'A').slice(0, 2), { ...texts('A')[0], type: 'meeting' }] }),
			options({ now: LATER }),
		);
		expect(v2).toMatchObject({ documentId: v1.documentId, status: 'replaced', added: 1, kept: 2, removed: 1 });
		expect(v2.entryIds[0]).toBe(idC);
		expect(v2.entryIds[2]).toBe(idA);
		expect(v2.entryIds[1]).toBeGreaterThan(idC!);
		expect(reader.getEntry(idB!)).toBeNull();

		const a = reader.getEntry(idA!)!;
		expect(a).toMatchObject({ position: 2, type: 'meeting', ingestedAt: NOW.toISOString() });
		expect(reader.getEntry(v2.entryIds[1]!)!.ingestedAt).toBe(LATER.toISOString());
		expect([...reader.iterateEntries()].map((entry) => entry.id)).toEqual(v2.entryIds);
		expect(db.prepare('SELECT entry_count, first_ingested_at, updated_at FROM documents').get()).toEqual({
			entry_count: 3,
			first_ingested_at: NOW.toISOString(),
			updated_at: LATER.toISOString(),
		});
		expect(reader.stats()).toMatchObject({ corpusRevision: 2, lastIngestAt: LATER.toISOString() });
	});

	it('never reuses the id of a deleted entry', () => {
		const v1 = store.saveDocument(makeDocument({ entries: texts('A', 'B') }), options());
		store.saveDocument(makeDocument({ entries: texts('A') }), options());
		const v3 = store.saveDocument(makeDocument({ entries: texts('A', 'C') }), options());
		expect(v3.entryIds[1]).toBeGreaterThan(v1.entryIds[1]!);
	});

	it('replaces a document whose extractor version changed even if its content did not', () => {
		const doc = makeDocument({ entries: texts('A', 'B') });
		const v1 = store.saveDocument(doc, options());
		const v2 = store.saveDocument(doc, options({ extractorVersion: 2 }));
		expect(v2).toMatchObject({ status: 'replaced', added: 0, kept: 2, removed: 0, entryIds: v1.entryIds });
		expect(db.prepare('SELECT extractor_version FROM documents').pluck().get()).toBe(2);
	});

	it('stores the same text twice in one document and matches duplicates in order on replace', () => {
		const v1 = store.saveDocument(makeDocument({ entries: texts('Teaser', 'Body', 'Teaser') }), options());
		expect(v1.entryIds).toHaveLength(3);
		expect(new Set(v1.entryIds).size).toBe(3);
		const [teaser1, , teaser2] = v1.entryIds;

		const v2 = store.saveDocument(makeDocument({ entries: texts('Teaser', 'Teaser', 'Teaser') }), options());
		expect(v2).toMatchObject({ status: 'replaced', kept: 2, added: 1, removed: 1 });
		expect(v2.entryIds.slice(0, 2)).toEqual([teaser1, teaser2]);

		const v3 = store.saveDocument(makeDocument({ entries: texts('Teaser') }), options());
		expect(v3).toMatchObject({ kept: 1, added: 0, removed: 2, entryIds: [teaser1] });
	});

	it('stores each province of an entry once', () => {
		const { entryIds } = store.saveDocument(
			makeDocument({ entries: [{ provinces: ['Yunnan', 'Beijing', 'Yunnan'] }] }),
			options(),
		);
		expect(reader.getEntry(entryIds[0]!)!.provinces).toEqual(['Yunnan', 'Beijing']);
	});

	it('keeps entries in position order even when the document lists them out of order', () => {
		const doc = makeDocument({ entries: [makeEntry({ position: 1, text: 'Second.' }), makeEntry({ position: 0 })] });
		const { entryIds } = store.saveDocument(doc, options());
		expect(entryIds.map((id) => reader.getEntry(id)!.position)).toEqual([0, 1]);
	});

	it('bumps the corpus revision once per changing save and not for unchanged ones', () => {
		const doc = makeDocument({ entries: texts('A') });
		store.saveDocument(doc, options());
		store.saveDocument(doc, options());
		store.saveDocument(makeDocument({ entries: texts('B') }), options({ sourceKey: 'doc-b' }));
		expect(reader.corpusRevision()).toBe(2);
	});
});

describe('org resolution', () => {
	const AIFO_LONG = 'Associazione Italiana Amici di Raoul Follereau';

	it('merges a long form named alone in one document with the acronym and alias of another', () => {
		const a = store.saveDocument(
			makeDocument({ entries: [{ orgs: [{ name: 'AIFO', country: 'Italy', aliases: [AIFO_LONG] }] }] }),
			options({ sourceKey: 'a' }),
		);
		const b = store.saveDocument(
			makeDocument({ entries: [{ text: 'Leprosy work in Guizhou.', orgs: [{ name: AIFO_LONG }] }] }),
			options({ sourceKey: 'b' }),
		);
		expect(orgRows()).toEqual([{ name: 'AIFO', key: 'aifo', country: 'Italy', entry_count: 2 }]);
		const org = reader.findOrgByKey(orgKey('associazione italiana amici di raoul follereau'))!;
		expect(org).toMatchObject({ name: 'AIFO', entryCount: 2 });
		expect(reader.entryIdsByOrg(org.id, { limit: 10 }).sort()).toEqual([...a.entryIds, ...b.entryIds].sort());
		// The entry keeps its own spelling and its own (absent) country.
		expect(reader.getEntry(b.entryIds[0]!)!.orgs).toEqual([{ name: AIFO_LONG, country: null, aliases: [] }]);
	});

	it('matches names that differ only in case, diacritics, quotes, punctuation or a leading "The"', () => {
		store.saveDocument(
			makeDocument({
				entries: [
					{ orgs: [{ name: 'Médecins Sans Frontières' }, { name: 'The Asia Foundation' }] },
					{ text: 'Second.', orgs: [{ name: 'MEDECINS SANS FRONTIERES' }, { name: 'Asia Foundation' }] },
				],
			}),
			options(),
		);
		expect(orgRows().map((org) => [org.name, org.entry_count])).toEqual([
			['Médecins Sans Frontières', 2],
			['The Asia Foundation', 2],
		]);
	});

	it('fills an org country from a later mention but never overwrites it', () => {
		store.saveDocument(makeDocument({ entries: [{ orgs: [{ name: 'Oxfam' }] }] }), options({ sourceKey: 'a' }));
		expect(orgRows()[0]!.country).toBeNull();
		store.saveDocument(
			makeDocument({ entries: [{ orgs: [{ name: 'Oxfam', country: 'Hong Kong' }] }] }),
			options({ sourceKey: 'b' }),
		);
		store.saveDocument(
			makeDocument({ entries: [{ orgs: [{ name: 'Oxfam', country: 'United Kingdom' }] }] }),
			options({ sourceKey: 'c' }),
		);
		expect(orgRows()).toEqual([{ name: 'Oxfam', key: 'oxfam', country: 'Hong Kong', entry_count: 3 }]);
	});

	it('keeps one row when two mentions in an entry are the same org, filling its country', () => {
		const { entryIds } = store.saveDocument(
			makeDocument({
				entries: [
					{
						orgs: [
							{ name: 'AIFO', aliases: [AIFO_LONG] },
							{ name: AIFO_LONG, country: 'Italy' },
						],
					},
				],
			}),
			options(),
		);
		expect(reader.getEntry(entryIds[0]!)!.orgs).toEqual([{ name: 'AIFO', country: 'Italy', aliases: [] }]);
		expect(orgRows()).toEqual([{ name: 'AIFO', key: 'aifo', country: 'Italy', entry_count: 1 }]);
	});

	it('does not merge two orgs when a mention links them: the name wins and the alias stays with its owner', () => {
		store.saveDocument(
			makeDocument({ entries: [{ orgs: [{ name: 'Ford Foundation' }, { name: 'Gates Foundation' }] }] }),
			options({ sourceKey: 'a' }),
		);
		const { entryIds } = store.saveDocument(
			makeDocument({ entries: [{ orgs: [{ name: 'Ford Foundation', aliases: ['Gates Foundation', 'FF'] }] }] }),
			options({ sourceKey: 'b' }),
		);
		expect(orgRows().map((org) => [org.name, org.entry_count])).toEqual([
			['Ford Foundation', 2],
			['Gates Foundation', 1],
		]);
		expect(reader.findOrgByKey('gates foundation')!.name).toBe('Gates Foundation');
		expect(reader.findOrgByKey('ff')!.name).toBe('Ford Foundation');
		expect(reader.entryIdsByOrg(reader.findOrgByKey('ford foundation')!.id, { limit: 5 })).toContain(entryIds[0]);
	});

	it('keeps entry counts right across replace and remove, deleting orgs left without entries', () => {
		store.saveDocument(
			makeDocument({
				entries: [
					{ text: 'One.', orgs: [{ name: 'Oxfam' }, { name: 'AIFO' }] },
					{ text: 'Two.', orgs: [{ name: 'Oxfam' }] },
				],
			}),
			options({ sourceKey: 'a' }),
		);
		store.saveDocument(
			makeDocument({ entries: [{ text: 'Three.', orgs: [{ name: 'Oxfam' }] }] }),
			options({ sourceKey: 'b' }),
		);
		expect(orgRows().map((org) => [org.name, org.entry_count])).toEqual([
			['Oxfam', 3],
			['AIFO', 1],
		]);

		// Entry "One." is kept but loses AIFO; "Two." disappears.
		store.saveDocument(
			makeDocument({ entries: [{ text: 'One.', orgs: [{ name: 'Oxfam' }] }] }),
			options({ sourceKey: 'a' }),
		);
		expect(orgRows().map((org) => [org.name, org.entry_count])).toEqual([['Oxfam', 2]]);
		expect(count('org_aliases')).toBe(1);

		expect(store.removeDocument('a')).toBe(true);
		expect(orgRows().map((org) => [org.name, org.entry_count])).toEqual([['Oxfam', 1]]);
		expect(store.removeDocument('b')).toBe(true);
		expect(count('orgs')).toBe(0);
		expect(count('entry_orgs')).toBe(0);
	});
});

describe('what a save reports for derived indexes', () => {
	it('lists inserted, kept and removed entry ids', () => {
		const v1 = store.saveDocument(makeDocument({ entries: texts('A', 'B', 'C') }), options());
		expect(v1).toMatchObject({ insertedIds: v1.entryIds, keptIds: [], removedIds: [] });
		const [idA, idB, idC] = v1.entryIds;
		const v2 = store.saveDocument(makeDocument({ entries: texts('C', 'New', 'A') }), options());
		expect(v2).toMatchObject({ insertedIds: [v2.entryIds[1]], keptIds: [idC, idA], removedIds: [idB] });
		expect(store.saveDocument(makeDocument({ entries: texts('C', 'New', 'A') }), options())).toMatchObject({
			status: 'unchanged',
			insertedIds: [],
			keptIds: v2.entryIds,
			removedIds: [],
		});
	});

	it('lists orgs created, deleted, given a new alias or country, and recounted', () => {
		const oxfam = (extra: Partial<{ country: string; aliases: string[] }> = {}) => ({ name: 'Oxfam', ...extra });
		const a = store.saveDocument(
			makeDocument({ entries: [{ text: 'One.', orgs: [oxfam(), { name: 'AIFO' }] }] }),
			options({ sourceKey: 'a' }),
		);
		const ids = Object.fromEntries(orgRows().map((org, i) => [org.name, i + 1]));
		expect(a).toMatchObject({
			createdOrgIds: [ids.Oxfam, ids.AIFO],
			deletedOrgIds: [],
			renamedOrgIds: [],
			recountedOrgIds: [],
		});
		// Oxfam gains a country and an alias and a second entry; AIFO loses its only entry; MSF is new.
		const b = store.saveDocument(
			makeDocument({ entries: [{ text: 'Two.', orgs: [oxfam({ country: 'Hong Kong', aliases: ['OHK'] })] }] }),
			options({ sourceKey: 'b' }),
		);
		expect(b).toMatchObject({ createdOrgIds: [], renamedOrgIds: [ids.Oxfam], recountedOrgIds: [ids.Oxfam] });
		const a2 = store.saveDocument(
			makeDocument({ entries: [{ text: 'One.', orgs: [oxfam(), { name: 'MSF' }] }] }),
			options({ sourceKey: 'a' }),
		);
		expect(a2).toMatchObject({ createdOrgIds: [3], deletedOrgIds: [ids.AIFO], renamedOrgIds: [], recountedOrgIds: [] });
		expect(store.removeDocumentDetailed('b')).toEqual({
			documentId: b.documentId,
			removedIds: b.entryIds,
			deletedOrgIds: [],
			recountedOrgIds: [ids.Oxfam],
		});
		expect(store.removeDocumentDetailed('b')).toBeNull();
		expect(store.removeDocumentDetailed('a')).toMatchObject({ removedIds: a2.entryIds, deletedOrgIds: [ids.Oxfam, 3] });
	});
});

describe('saveDocuments', () => {
	it('gives the results and rows of the same saves made one by one', () => {
		const docs = [
			makeDocument({ entries: [{ text: 'A.', provinces: ['Yunnan'], orgs: [{ name: 'Oxfam', country: 'Italy' }] }] }),
			makeDocument({ entries: [{ text: 'B.', orgs: [{ name: 'OXFAM' }] }, ...texts('C')] }),
			makeDocument({ entries: [{ text: 'A.', provinces: ['Gansu'] }, ...texts('D')] }),
		];
		const keys = ['a', 'b', 'a'];
		const batched = store.saveDocuments(docs.map((doc, i) => ({ doc, options: options({ sourceKey: keys[i]! }) })));
		const rows = snapshot();
		db.close();
		db = openDatabase(join(tempDir(), 'one-by-one.sqlite'));
		store = createDocumentStore(db);
		const single = docs.map((doc, i) => store.saveDocument(doc, options({ sourceKey: keys[i]! })));
		expect(batched).toEqual(single);
		expect(batched[2]).toMatchObject({ status: 'replaced', kept: 1, added: 1, removed: 0 });
		expect(snapshot()).toEqual(rows);
	});

	it('writes nothing when one document of the batch fails', () => {
		store.saveDocument(makeDocument({ entries: texts('A') }), options());
		const before = snapshot();
		const good = makeDocument({ entries: texts('B') });
		expect(() =>
			store.saveDocuments([
				{ doc: good, options: options({ sourceKey: 'b' }) },
				{ doc: makeDocument({ entries: [{ date: '2019-02-30' }] }), options: options({ sourceKey: 'c' }) },
			]),
		).toThrow(InvalidDocumentError);
		db.exec(`CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON entries WHEN NEW.text = 'boom'
			BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
		expect(() =>
			store.saveDocuments([
				{ doc: good, options: options({ sourceKey: 'b' }) },
				{ doc: makeDocument({ entries: [{ text: 'boom' }] }), options: options({ sourceKey: 'c' }) },
			]),
		).toThrow(/refused by test trigger/);
		expect(snapshot()).toEqual(before);
	});
});

describe('invariants', () => {
	it('keep org entry counts, aliases and sort dates consistent over many random saves, replaces and removes', () => {
		let seed = 42;
		const random = (n: number): number => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed % n;
		};
		const names = ['Oxfam', 'OXFAM', 'AIFO', 'Ford Foundation', 'Asia Foundation', 'The Asia Foundation', 'MSF'];
		for (let step = 0; step < 150; step++) {
			const sourceKey = `doc-${random(6)}`;
			if (random(5) === 0) {
				store.removeDocument(sourceKey);
				continue;
			}
			const entries = Array.from({ length: random(5) }, () => ({
				text: `Entry text ${random(8)}.`,
				date: random(3) === 0 ? null : `2019-0${1 + random(9)}-1${random(10)}`,
				provinces: random(2) ? ['Yunnan'] : [],
				orgs: Array.from({ length: random(3) }, () => ({
					name: names[random(names.length)]!,
					country: random(2) ? 'Italy' : null,
					aliases: random(4) === 0 ? ['Médecins Sans Frontières'] : [],
				})),
			}));
			store.saveDocument(
				makeDocument({ entries, coverage: { from: '2019-01-01', to: '2019-12-31' } }),
				options({ sourceKey }),
			);
		}
		expect(db.pragma('foreign_key_check')).toEqual([]);
		expect(
			db
				.prepare(
					`SELECT id FROM orgs WHERE entry_count <= 0
						OR entry_count != (SELECT count(*) FROM entry_orgs WHERE org_id = orgs.id)`,
				)
				.all(),
		).toEqual([]);
		expect(
			db
				.prepare(
					'SELECT count(*) FROM orgs o WHERE NOT EXISTS (SELECT 1 FROM org_aliases a WHERE a.alias_key = o.key AND a.org_id = o.id)',
				)
				.pluck()
				.get(),
		).toBe(0);
		const copies = `SELECT count(*) FROM entries e JOIN %s c ON c.entry_id = e.id WHERE c.sort_date != e.sort_date`;
		expect(db.prepare(copies.replace('%s', 'entry_orgs')).pluck().get()).toBe(0);
		expect(db.prepare(copies.replace('%s', 'entry_provinces')).pluck().get()).toBe(0);
		expect(
			db
				.prepare(
					'SELECT count(*) FROM documents d WHERE entry_count != (SELECT count(*) FROM entries WHERE document_id = d.id)',
				)
				.pluck()
				.get(),
		).toBe(0);
	});
});

describe('sort date copies', () => {
	it('follow a direct update of an entry sort date (a safety net for future migrations)', () => {
		const { entryIds } = store.saveDocument(
			makeDocument({ entries: [{ provinces: ['Gansu'], orgs: [{ name: 'Oxfam' }] }] }),
			options(),
		);
		db.prepare("UPDATE entries SET sort_date = '2001-01-01' WHERE id = ?").run(entryIds[0]);
		expect(
			db.prepare('SELECT sort_date FROM entry_provinces UNION ALL SELECT sort_date FROM entry_orgs').pluck().all(),
		).toEqual(['2001-01-01', '2001-01-01']);
	});
});

describe('removeDocument', () => {
	it('removes the document with its entries and facts, and bumps the revision', () => {
		store.saveDocument(
			makeDocument({ entries: [{ provinces: ['Gansu'], orgs: [{ name: 'Oxfam' }] }] }),
			options({ sourceKey: 'a' }),
		);
		const kept = store.saveDocument(makeDocument({ entries: texts('B') }), options({ sourceKey: 'b' }));
		const revision = reader.corpusRevision();
		expect(store.removeDocument('a')).toBe(true);
		expect(count('documents')).toBe(1);
		expect([...reader.iterateEntries()].map((entry) => entry.id)).toEqual(kept.entryIds);
		expect(count('entry_provinces') + count('entry_orgs') + count('orgs')).toBe(0);
		expect(reader.corpusRevision()).toBe(revision + 1);
	});

	it('returns false and writes nothing for an unknown source key', () => {
		const before = totalChanges();
		expect(store.removeDocument('nope')).toBe(false);
		expect(totalChanges()).toBe(before);
	});
});

describe('failed saves', () => {
	function seed(): void {
		store.saveDocument(
			makeDocument({ entries: [{ text: 'A.', provinces: ['Yunnan'], orgs: [{ name: 'Oxfam' }] }, ...texts('B')] }),
			options(),
		);
	}

	it('reject an invalid entry before writing, naming the document and the problem', () => {
		seed();
		const before = snapshot();
		const bad = makeDocument({ entries: [...texts('A', 'C'), { type: 'gossip' as DraftEntry['type'] }] });
		expect(() => store.saveDocument(bad, options())).toThrow(InvalidDocumentError);
		expect(() => store.saveDocument(bad, options())).toThrow(/Cannot save doc-a: entry 2: type/);
		expect(snapshot()).toEqual(before);
	});

	it.each([
		['an impossible date', { date: '2019-02-30' }, /entry 1: date/],
		['a duplicate position', { position: 0 }, /position 0 is used twice/],
		['a blank org name', { orgs: [{ name: '   ' }] }, /blank name/],
	])('reject %s', (_, entry, message) => {
		const doc = makeDocument({ entries: [{}, entry as EntryInput] });
		expect(() => store.saveDocument(doc, options())).toThrow(message);
		expect(count('documents')).toBe(0);
	});

	it('reject bad options and document fields', () => {
		const doc = makeDocument();
		expect(() => store.saveDocument(doc, options({ sourceKey: '' }))).toThrow(InvalidDocumentError);
		expect(() => store.saveDocument(doc, options({ extractorVersion: 1.5 }))).toThrow(/extractorVersion/);
		expect(() => store.saveDocument(doc, options({ now: new Date('nope') }))).toThrow(/now/);
		expect(() => store.saveDocument({ ...doc, kind: 'blog' as never }, options())).toThrow(/kind/);
		expect(() => store.saveDocument({ ...doc, coverage: { from: '2019', to: '2019-01-01' } }, options())).toThrow(
			/coverage.from/,
		);
		expect(count('documents')).toBe(0);
	});

	it('roll back a save that fails after writing part of the document', () => {
		seed();
		const before = snapshot();
		// The database itself refuses the third entry, after the document row and two entries were written.
		db.exec(`CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON entries WHEN NEW.text = 'boom'
			BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
		const doc = makeDocument({
			entries: [{ text: 'A.', orgs: [{ name: 'AIFO', country: 'Italy' }] }, ...texts('New'), { text: 'boom' }],
		});
		expect(() => store.saveDocument(doc, options())).toThrow(/refused by test trigger/);
		expect(snapshot()).toEqual(before);
		expect(() => store.saveDocument(doc, options({ sourceKey: 'doc-new' }))).toThrow(/refused by test trigger/);
		expect(snapshot()).toEqual(before);
		expect(db.inTransaction).toBe(false);

		db.exec('DROP TRIGGER refuse_boom');
		expect(store.saveDocument(doc, options()).status).toBe('replaced');
	});
});

describe('createDocumentStore', () => {
	it('refuses a connection without foreign keys, whose deletes would leave orphans', () => {
		db.pragma('foreign_keys = OFF');
		expect(() => createDocumentStore(db)).toThrow(/foreign_keys/);
	});
});

/** Columns of a table (fts_terms has one: rows are ordered by the first two columns where there are two). */
function columnCount(db: Database.Database, table: string): number {
	return (db.pragma(`table_info("${table}")`) as unknown[]).length;
}
