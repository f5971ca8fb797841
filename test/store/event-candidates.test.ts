import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES, type ActivityType } from '../../src/domain/entry.js';
import { ACTIVITY_DAYS, REGISTRATION_DAYS } from '../../src/events/same-event.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createCandidateFinder, SCAN } from '../../src/store/event-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument, type EntryInput } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

// The candidates of an entry's event (createCandidateFinder, one statement of all its walks) against their
// definition computed in plain code from the stored rows, on random corpora with busy organizations.
const tempDir = useTempDir();
let db: Database.Database;

beforeEach(() => {
	db = openDatabase(join(tempDir(), 'ngo.sqlite'));
});

afterEach(() => {
	db.close();
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const ORGS = ['Alder Trust', 'Birch Fund', 'Cedar Association', 'Damson Foundation', 'Elm Society'];
const PROVINCES = ['Beijing', 'Yunnan', 'Sichuan', 'Guangdong'];
const TYPES: readonly ActivityType[] = ['registration', 'deregistration', 'meeting', 'training'];

/** Documents of random entries: few orgs (one very busy), provinces and types, dates within weeks, some undated. */
function saveRandomCorpus(next: () => number, documents: number): void {
	const store = createDocumentStore(db);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
	for (let d = 0; d < documents; d++) {
		const entries: EntryInput[] = Array.from({ length: 1 + Math.floor(next() * 6) }, () => {
			const orgs = [...new Set([next() < 0.7 ? ORGS[0]! : pick(ORGS), ...(next() < 0.3 ? [pick(ORGS)] : [])])];
			const day = 1 + Math.floor(next() * 40);
			return {
				date:
					next() < 0.15 ? null : `2020-${day > 31 ? '02' : '01'}-${String(day > 31 ? day - 31 : day).padStart(2, '0')}`,
				type: next() < 0.8 ? pick(TYPES) : pick(ACTIVITY_TYPES),
				provinces: [...new Set([pick(PROVINCES), ...(next() < 0.3 ? [pick(PROVINCES)] : [])])],
				orgs: orgs.map((name) => ({ name })),
				text: `Entry ${d}-${next()} about ${orgs.join(' and ')}.`,
			};
		});
		// Undated entries sort by the document's publication day, or as undated when it has none.
		const published = next() < 0.5 ? null : `2020-01-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
		const doc = makeDocument({
			entries,
			kind: 'article',
			source: { path: null, url: null, title: null, published },
		});
		store.saveDocument(doc, { sourceKey: `doc-${d}`, extractorVersion: 1, now: new Date('2024-01-01T00:00:00Z') });
	}
}

interface Stored {
	id: number;
	documentId: number;
	date: string | null;
	sortDate: string;
	type: ActivityType;
	provinces: string[];
	orgIds: number[];
}

function readStored(): Stored[] {
	const rows = db
		.prepare<[], { id: number; document_id: number; date: string | null; sort_date: string; type: ActivityType }>(
			'SELECT id, document_id, date, sort_date, type FROM entries ORDER BY id',
		)
		.all();
	const provinces = db
		.prepare<[], { entry_id: number; province: string }>('SELECT entry_id, province FROM entry_provinces')
		.all();
	const orgs = db.prepare<[], { entry_id: number; org_id: number }>('SELECT entry_id, org_id FROM entry_orgs').all();
	return rows.map((row) => ({
		id: row.id,
		documentId: row.document_id,
		date: row.date,
		sortDate: row.sort_date,
		type: row.type,
		provinces: provinces.filter((p) => p.entry_id === row.id).map((p) => p.province),
		orgIds: orgs.filter((o) => o.entry_id === row.id).map((o) => o.org_id),
	}));
}

const shift = (date: string, days: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The definition: per org of the entry, the first SCAN of the org's other entries in the walk's order (nearest
 * first: back from the entry's sort date and on from it within the window, the undated ones for a dated
 * registration, the newest for an undated one), kept when of another document, the same type and a shared province.
 */
function definition(entry: Stored, all: readonly Stored[]): number[] {
	const registration = entry.type === 'registration' || entry.type === 'deregistration';
	const window = registration ? REGISTRATION_DAYS : ACTIVITY_DAYS;
	const newestFirst = (a: Stored, b: Stored) =>
		a.sortDate < b.sortDate ? 1 : a.sortDate > b.sortDate ? -1 : b.id - a.id;
	const oldestFirst = (a: Stored, b: Stored) => -newestFirst(a, b);
	const found: number[] = [];
	for (const org of new Set(entry.orgIds)) {
		const ofOrg = all.filter((other) => other.id !== entry.id && other.orgIds.includes(org));
		const walks: Stored[][] = [];
		if (entry.date !== null) {
			const from = shift(entry.sortDate, -window);
			const to = shift(entry.sortDate, window);
			walks.push(ofOrg.filter((o) => o.sortDate >= from && o.sortDate <= entry.sortDate).sort(newestFirst));
			walks.push(ofOrg.filter((o) => o.sortDate > entry.sortDate && o.sortDate <= to).sort(oldestFirst));
			if (registration) walks.push(ofOrg.filter((o) => o.sortDate === '0000-01-01').sort(newestFirst));
		} else if (registration) walks.push([...ofOrg].sort(newestFirst));
		for (const walk of walks) {
			for (const other of walk.slice(0, SCAN)) {
				if (
					other.documentId !== entry.documentId &&
					other.type === entry.type &&
					other.provinces.some((p) => entry.provinces.includes(p))
				) {
					found.push(other.id);
				}
			}
		}
	}
	return found.sort((a, b) => a - b);
}

describe('candidates of an entry’s event', () => {
	it.each([1, 2, 3])('are those of their definition on a random corpus (seed %i)', (seed) => {
		saveRandomCorpus(random(seed), 220);
		const all = readStored();
		const finder = createCandidateFinder(db);
		let atLimit = 0;
		let nonEmpty = 0;
		for (const entry of all) {
			const expected = definition(entry, all);
			const found = finder
				.find({ facts: { ...entry }, sortDate: entry.sortDate })
				.map((candidate) => candidate.id)
				.sort((a, b) => a - b);
			expect(found, `entry ${entry.id}`).toEqual(expected);
			// The dates come with them.
			for (const candidate of finder.find({ facts: { ...entry }, sortDate: entry.sortDate })) {
				expect(candidate.date).toBe(all.find((other) => other.id === candidate.id)!.date);
			}
			if (expected.length > 0) nonEmpty++;
			const busy = all.filter((other) => other.orgIds.includes(entry.orgIds[0]!)).length;
			if (busy > SCAN) atLimit++;
		}
		// The corpus exercises the bound (an org with more entries than one walk reads) and finds candidates.
		expect(atLimit).toBeGreaterThan(0);
		expect(nonEmpty).toBeGreaterThan(20);
	});

	it('reads every org of an entry naming more orgs than one statement walks', () => {
		const store = createDocumentStore(db);
		const names = Array.from({ length: 19 }, (_, i) => ({ name: `Org Number ${i} Foundation` }));
		const base: EntryInput = { date: '2020-03-02', type: 'meeting', provinces: ['Yunnan'] };
		store.saveDocument(makeDocument({ entries: [{ ...base, orgs: names, text: 'All of them met.' }] }), {
			sourceKey: 'a',
			extractorVersion: 1,
			now: new Date('2024-01-01T00:00:00Z'),
		});
		// One entry per org in another document: each is found through its own org's walk.
		store.saveDocument(
			makeDocument({
				entries: names.map((org, i) => ({ ...base, date: '2020-03-03', orgs: [org], text: `Org ${i} met.` })),
			}),
			{ sourceKey: 'b', extractorVersion: 1, now: new Date('2024-01-01T00:00:00Z') },
		);
		const all = readStored();
		const first = all[0]!;
		const found = createCandidateFinder(db).find({ facts: first, sortDate: first.sortDate });
		expect(found.map((c) => c.id).sort((a, b) => a - b)).toEqual(all.slice(1).map((e) => e.id));
		expect(definition(first, all)).toEqual(all.slice(1).map((e) => e.id));
	});
});
