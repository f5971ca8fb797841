import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/domain/entry.js';
import {
	createDocumentStore,
	InvalidDocumentError,
	type DocumentStore,
	type SaveOptions,
} from '../../src/store/document-store.js';
import { createEntryReader, type EntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { HUNAN_TEXT as TEXT, hunanEntry, quoted } from '../helpers/evidence-fixture.js';
import { makeDocument } from '../helpers/make-document.js';
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

function options(overrides: Partial<SaveOptions> = {}): SaveOptions {
	return { sourceKey: 'doc-a', extractorVersion: 1, now: NOW, ...overrides };
}

/** Facts with evidence stored, over all entries (a row holds an entry's, evidence-json.ts). */
function evidenceRows(): number {
	return db
		.prepare<[], number>('SELECT coalesce(sum(json_array_length(evidence)), 0) FROM entry_evidence')
		.pluck()
		.get()!;
}

/** Every row of every table: equal snapshots mean nothing was written. */
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

describe('entry evidence in the store', () => {
	it('round-trips in order, with uncounted places and words on the page; entries without any read as empty', () => {
		const doc = makeDocument({ entries: [hunanEntry(), { text: 'A plain entry.' }] });
		const { entryIds } = store.saveDocument(doc, options());
		expect(reader.getEvidence(entryIds[0]!)).toEqual(doc.entries[0]!.evidence);
		expect(reader.getEvidence(entryIds[1]!)).toEqual([]);
		expect(reader.getEvidence(9_999)).toEqual([]);
		expect(reader.getEvidence(Number.NaN)).toEqual([]);
		// Quotes index the emoji-led text as JavaScript strings do.
		const authority = reader.getEvidence(entryIds[0]!)[1]!;
		expect(TEXT.slice(authority.start!, authority.end!)).toBe(authority.quote);
		expect(
			db.prepare('SELECT j.value ->> 4 FROM entry_evidence, json_each(evidence) j ORDER BY j.key').pluck().all(),
		).toEqual([1, 1, 1, 1, 1, 0, 1]);
	});

	it('is written by batch saves too', () => {
		const [result] = store.saveDocuments([{ doc: makeDocument({ entries: [hunanEntry()] }), options: options() }]);
		expect(reader.getEvidence(result!.entryIds[0]!)).toHaveLength(7);
	});

	it('is replaced when a newer extractor re-reads an unchanged document, keeping the entry id', () => {
		const first = store.saveDocument(makeDocument({ entries: [hunanEntry()], contentHash: 'same' }), options());
		const id = first.entryIds[0]!;
		const newer: Evidence[] = [
			quoted(TEXT, 'Hunan', { fact: 'province', value: 'Hunan', role: 'activity place' }),
			quoted(TEXT, 'issued a certificate', { fact: 'type', value: 'registration', role: 'activity words' }),
		];
		const again = store.saveDocument(
			makeDocument({ entries: [{ ...hunanEntry(), evidence: newer }], contentHash: 'same' }),
			options({ extractorVersion: 2 }),
		);
		expect(again).toMatchObject({ status: 'replaced', keptIds: [id] });
		expect(reader.getEvidence(id)).toEqual(newer);
		expect(evidenceRows()).toBe(2);
	});

	it('is replaced for kept entries and removed with deleted ones when the document changes', () => {
		const plain = { text: 'Gansu hosted a meeting.', type: 'meeting' as const };
		const gansu = quoted(plain.text, 'Gansu', { fact: 'province', value: 'Gansu', role: 'activity place' });
		const v1 = store.saveDocument(
			makeDocument({ entries: [hunanEntry(), { ...plain, provinces: ['Gansu'], evidence: [gansu] }] }),
			options(),
		);
		const [hunanId, gansuId] = v1.entryIds;
		// The Hunan text is unchanged (same id, new title and evidence); the Gansu entry is gone, a new one came.
		const title = 'Green-Net registered in Hunan';
		const moved = quoted(title, 'Hunan', { fact: 'province', value: 'Hunan', role: 'headline place' }, 'title');
		const v2 = store.saveDocument(
			makeDocument({
				entries: [
					{ ...hunanEntry(), title, evidence: [moved] },
					{ text: 'Yunnan hosted a training.', provinces: ['Yunnan'] },
				],
			}),
			options(),
		);
		expect(v2).toMatchObject({ status: 'replaced', keptIds: [hunanId], removedIds: [gansuId] });
		expect(reader.getEvidence(hunanId!)).toEqual([moved]);
		expect(reader.getEvidence(gansuId!)).toEqual([]);
		expect(reader.getEvidence(v2.insertedIds[0]!)).toEqual([]);
		expect(evidenceRows()).toBe(1);
	});

	it('goes with its document', () => {
		store.saveDocument(makeDocument({ entries: [hunanEntry()] }), options({ sourceKey: 'a' }));
		const other = store.saveDocument(makeDocument({ entries: [hunanEntry()] }), options({ sourceKey: 'b' }));
		expect(evidenceRows()).toBe(14);
		expect(store.removeDocument('a')).toBe(true);
		expect(evidenceRows()).toBe(7);
		expect(db.prepare('SELECT DISTINCT entry_id FROM entry_evidence').pluck().all()).toEqual(other.entryIds);
		expect(db.pragma('foreign_key_check')).toEqual([]);
	});
});

describe('evidence at the store boundary', () => {
	function seeded(): Record<string, unknown[]> {
		store.saveDocument(makeDocument({ entries: [hunanEntry()] }), options());
		return snapshot();
	}

	/** hunanEntry as the second entry of a new version of the document, with its evidence row 3 changed. */
	function withRow(change: Partial<Evidence>) {
		const entry = hunanEntry();
		const evidence = entry.evidence!.map((row, i) => (i === 3 ? { ...row, ...change } : row));
		return makeDocument({ entries: [{ text: 'Another entry.' }, { ...entry, evidence }] });
	}

	it.each([
		[
			'a quote that is not at its offsets',
			{ quote: 'Green-Pax' },
			/evidence 3 quote "Green-Pax" is not the text at \d+–\d+ \(found "Green-Net"\)/,
		],
		['offsets one character off', { start: 1 }, /evidence 3 quote "Green-Net" is not the text at 1–/],
		[
			'an end past the text, which slice() would clamp',
			{ start: TEXT.length - 3, end: TEXT.length + 6, quote: 'ed.' },
			/evidence 3 quote "ed\." is not the text at \d+–\d+ \(the text has \d+ characters\)/,
		],
		['the title quoted as text', { field: 'title' as const }, /evidence 3 quote "Green-Net" is not the title at/],
		['offsets on words from the page', { field: 'page' as const }, /evidence\.3: offsets are given exactly/],
		['a missing end', { end: null }, /evidence\.3: start and end must both be set/],
		['an unknown fact', { fact: 'mood' as never }, /evidence\.3\.fact/],
		['an unknown field', { field: 'footnote' as never }, /evidence\.3\.field/],
		['a count that is neither true nor false', { counted: 1 as never }, /evidence\.3\.counted/],
		['an empty value', { value: '' }, /evidence\.3\.value/],
		['an empty span', { start: 5, end: 5 }, /evidence\.3: start and end must both be set \(start < end\)/],
	])('rejects %s, naming the entry and the evidence index; nothing is written', (_, change, message) => {
		const before = seeded();
		const doc = withRow(change);
		expect(() => store.saveDocument(doc, options())).toThrow(InvalidDocumentError);
		expect(() => store.saveDocument(doc, options())).toThrow(/^Cannot save doc-a: entry 1: /);
		expect(() => store.saveDocument(doc, options())).toThrow(message);
		expect(() => store.saveDocuments([{ doc, options: options({ sourceKey: 'doc-b' }) }])).toThrow(message);
		expect(snapshot()).toEqual(before);
	});

	it('rejects a title quote on an entry without a title', () => {
		const entry = hunanEntry();
		const doc = makeDocument({ entries: [{ ...entry, title: null }] });
		expect(() => store.saveDocument(doc, options())).toThrow(
			/entry 0: evidence 2 quotes the title, but the entry has none/,
		);
		expect(evidenceRows()).toBe(0);
	});
});

/** Columns of a table (fts_terms has one: rows are ordered by the first two columns where there are two). */
function columnCount(db: Database.Database, table: string): number {
	return (db.pragma(`table_info("${table}")`) as unknown[]).length;
}
