import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	ACTIVITY_TYPES,
	BODY_ROLES,
	DOCUMENT_KINDS,
	type DraftEntry,
	type ParsedDocument,
} from '../../src/domain/entry.js';
import { ftsMatchExpression } from '../../src/domain/search-text.js';
import { createDocumentStore, type DocumentStore, type SaveResult } from '../../src/store/document-store.js';
import { createEntrySearch, ftsColumns } from '../../src/store/entry-search.js';
import {
	addEntryFacets,
	createFacetReader,
	emptyFacetDeltas,
	facetCountDeltas,
	SPAN_SQL,
} from '../../src/store/facets.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument, type EntryInput } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { entryIdOfKeySql, fullTextKeySql } from '../../src/store/full-text-key.js';

const tempDir = useTempDir();
let db: Database.Database;
let store: DocumentStore;

beforeEach(() => {
	db = openDatabase(join(tempDir(), 'ngo.sqlite'));
	store = createDocumentStore(db);
});

afterEach(() => {
	db.close();
});

const NOW = new Date('2024-05-01T12:00:00.000Z');

function save(sourceKey: string, doc: ParsedDocument): SaveResult {
	return store.saveDocument(doc, { sourceKey, extractorVersion: 1, now: NOW });
}

type FacetRow = [scope: string, scopeKey: string, facet: string, facetKey: string, n: number];

/** facet_counts as stored, sorted. */
function storedFacets(): FacetRow[] {
	return db
		.prepare<[], FacetRow>('SELECT scope, scope_key, facet, facet_key, n FROM facet_counts ORDER BY 1, 2, 3, 4')
		.raw()
		.all();
}

// The definition of facet_counts, written again from scratch: for each (scope, facet) pair one GROUP BY join
// of the entry sets, so a slip in the store's incremental bookkeeping shows up as a difference.
const SCOPE_SETS: Record<string, string> = {
	all: "SELECT id AS entry_id, '' AS k FROM entries",
	province: 'SELECT entry_id, province AS k FROM entry_provinces',
	org: 'SELECT entry_id, CAST(org_id AS TEXT) AS k FROM entry_orgs',
	type: 'SELECT id AS entry_id, type AS k FROM entries',
	country: 'SELECT DISTINCT entry_id, country AS k FROM entry_orgs WHERE country IS NOT NULL',
};
const FACET_SETS: Record<string, string> = {
	total: "SELECT id AS entry_id, '' AS k FROM entries",
	province: SCOPE_SETS.province!,
	org: SCOPE_SETS.org!,
	type: SCOPE_SETS.type!,
	country: SCOPE_SETS.country!,
	month: 'SELECT id AS entry_id, substr(sort_date, 1, 7) AS k FROM entries',
	year: 'SELECT id AS entry_id, substr(sort_date, 1, 4) AS k FROM entries',
	kind: 'SELECT e.id AS entry_id, d.kind AS k FROM entries e JOIN documents d ON d.id = e.document_id',
};

function recomputedFacets(): FacetRow[] {
	const rows: FacetRow[] = [];
	for (const [scope, scopeSql] of Object.entries(SCOPE_SETS)) {
		for (const [facet, facetSql] of Object.entries(FACET_SETS)) {
			// Only entries that stand for their event count: another source of it (event_id set) does not.
			const sql = `SELECT ?, s.k, ?, f.k, count(*) FROM (${scopeSql}) s JOIN (${facetSql}) f ON f.entry_id = s.entry_id
				JOIN entries c ON c.id = s.entry_id AND c.event_id IS NULL
				GROUP BY s.k, f.k`;
			rows.push(...db.prepare<[string, string], FacetRow>(sql).raw().all(scope, facet));
		}
	}
	const key = (row: FacetRow) => row.slice(0, 4).join('\u0000');
	return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

type CountRow = (string | number)[];
const COUNTED = 'JOIN entries c ON c.id = x.entry_id AND c.event_id IS NULL';

/** body_counts and field_counts as stored, and from scratch by their definition (what the cards used to join). */
function storedPartnerCounts(): { bodies: CountRow[]; fields: CountRow[] } {
	return {
		bodies: db.prepare<[], CountRow>('SELECT body_id, role, org_id, n FROM body_counts ORDER BY 1, 2, 3').raw().all(),
		fields: db.prepare<[], CountRow>('SELECT org_id, field, n FROM field_counts ORDER BY 1, 2').raw().all(),
	};
}
function recomputedPartnerCounts(): { bodies: CountRow[]; fields: CountRow[] } {
	const bodies = db
		.prepare<[], CountRow>(
			`SELECT * FROM (
				SELECT x.body_id, '', 0, count(DISTINCT x.entry_id) FROM entry_bodies x ${COUNTED} GROUP BY x.body_id
				UNION ALL SELECT x.body_id, x.role, 0, count(*) FROM entry_bodies x ${COUNTED} GROUP BY x.body_id, x.role
				UNION ALL SELECT x.body_id, x.role, o.org_id, count(DISTINCT x.entry_id) FROM entry_bodies x ${COUNTED}
					JOIN entry_orgs o ON o.entry_id = x.entry_id GROUP BY x.body_id, x.role, o.org_id
			) ORDER BY 1, 2, 3`,
		)
		.raw()
		.all();
	const fields = db
		.prepare<[], CountRow>(
			`SELECT * FROM (
				SELECT 0, x.field, count(*) FROM entry_fields x ${COUNTED} GROUP BY x.field
				UNION ALL SELECT o.org_id, x.field, count(DISTINCT x.entry_id) FROM entry_fields x ${COUNTED}
					JOIN entry_orgs o ON o.entry_id = x.entry_id GROUP BY o.org_id, x.field
			) ORDER BY 1, 2`,
		)
		.raw()
		.all();
	return { bodies, fields };
}

/**
 * Every (entry id, column) of the FTS index as its list of terms in position order, read from the index itself.
 * Checks on the way that each row is keyed by its entry's stored sort date (full-text-key) and that fts_terms holds
 * every indexed term (prefixes are spelled out from it).
 */
function indexedTerms(): Map<string, string[]> {
	db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, entries_fts, instance)');
	const rows = db
		.prepare<[], { term: string; doc: number; col: string; id: number; key: number | null; listed: number }>(
			`SELECT i.term, i.doc, i.col, ${entryIdOfKeySql('i.doc')} AS id,
				(SELECT ${fullTextKeySql('e.sort_date', 'e.id')} FROM entries e WHERE e.id = ${entryIdOfKeySql('i.doc')}) AS key,
				EXISTS (SELECT 1 FROM fts_terms t WHERE t.term = i.term) AS listed
			FROM temp.fts_instances i ORDER BY i.doc, i.col, i."offset"`,
		)
		.all();
	const terms = new Map<string, string[]>();
	for (const { term, doc, col, id, key, listed } of rows) {
		expect({ doc, key, term, listed }).toEqual({ doc, key: doc, term, listed: 1 });
		const name = `${id} ${col}`;
		terms.set(name, [...(terms.get(name) ?? []), term]);
	}
	return terms;
}

/** Seeded generator (mulberry32), so a failure replays. */
function generator(seed: number) {
	let state = seed;
	const next = (): number => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
	return { int, pick, chance: (p: number) => next() < p };
}

const PROVINCES = ['Yunnan', 'Beijing', 'Guangdong', 'Inner Mongolia', 'Hong Kong', 'Tibet'];
// Aliases never share an orgKey with their name, so the store indexes [name, ...aliases] as given.
const ORGS = [
	{ name: 'Oxfam', aliases: ['Oxfam Hong Kong'] },
	{ name: 'AIFO', aliases: ['Associazione Italiana Amici di Raoul Follereau'] },
	{ name: 'Ford Foundation', aliases: [] },
	{ name: 'Save the Children', aliases: ['STC'] },
	{ name: 'Médecins Sans Frontières', aliases: ['MSF'] },
	{ name: '中国扶贫基金会', aliases: [] },
];
const COUNTRIES = ['Italy', 'Hong Kong', 'United Kingdom'];
/** Entry texts; each holds a word no other text has. Reusing them makes replaced documents keep entry ids. */
const TEXTS = Array.from({ length: 16 }, (_, i) =>
	i % 5 === 4
		? `湖南省第${i}号通知 zqx${i}word 慈善`
		: `Text ${i}: the zqx${i}word project held a meeting with its partners in the city.`,
);

/** Registrations several documents report: entries telling them become one event (the store links them). */
const EVENTS: EntryInput[] = [
	{ type: 'registration', date: '2019-03-01', provinces: ['Yunnan'], orgs: [{ name: 'Oxfam', aliases: [] }] },
	{ type: 'registration', date: null, provinces: ['Tibet'], orgs: [{ name: 'AIFO', aliases: [], country: 'Italy' }] },
	{ type: 'meeting', date: '2018-05-10', provinces: ['Beijing', 'Yunnan'], orgs: [{ name: 'MSF', aliases: [] }] },
];

function randomDocument(random: ReturnType<typeof generator>): ParsedDocument {
	const entries: EntryInput[] = Array.from({ length: random.int(6) }, () =>
		random.chance(0.25) ? { ...random.pick(EVENTS), text: random.pick(TEXTS), title: null } : randomEntry(random),
	);
	const coverage = random.chance(0.5) ? { from: '2019-02-15', to: '2019-02-25' } : null;
	const published = random.chance(0.5) ? '2020-03-19' : null;
	return makeDocument({
		entries,
		coverage,
		kind: random.pick(DOCUMENT_KINDS),
		source: { path: 'doc.txt', url: null, title: null, published },
	});
}

function randomEntry(random: ReturnType<typeof generator>): EntryInput {
	return {
		text: random.pick(TEXTS),
		title: random.chance(0.5) ? `Title ${random.int(5)}` : null,
		date: random.chance(0.2) ? null : `20${10 + random.int(10)}-0${1 + random.int(9)}-1${random.int(10)}`,
		provinces: Array.from({ length: random.int(3) }, () => random.pick(PROVINCES)),
		type: random.pick(ACTIVITY_TYPES),
		orgs: Array.from({ length: random.int(4) }, () => {
			const org = random.pick(ORGS);
			return {
				name: org.name,
				aliases: random.chance(0.5) ? org.aliases : [],
				country: random.chance(0.5) ? random.pick(COUNTRIES) : null,
			};
		}),
		// A body may come twice in one entry, in one role or two: counted once per role and once in any role.
		partners: Array.from({ length: random.int(3) }, () => ({
			name: random.pick(BODIES),
			role: random.pick(BODY_ROLES),
			written: 'as written',
			level: null,
			province: null,
		})),
		fields: [...new Set(Array.from({ length: random.int(3) }, () => random.pick(FIELDS)))],
	};
}

const BODIES = ['Hunan Public Security Bureau', 'Yunnan Department of Civil Affairs', 'Peking University'];
const FIELDS = ['health', 'education', 'youth'] as const;

describe('facet counts and the full-text index', () => {
	it('equal a recomputation when saves leave their counts to one write per transaction; a failed save adds none', () => {
		const random = generator(77);
		// A real failure inside a save, after some of its entries were written: SQLite refuses an entry.
		db.exec(`CREATE TEMP TRIGGER refuse_entry BEFORE INSERT ON entries WHEN NEW.text LIKE '%(refused)'
			BEGIN SELECT RAISE(ABORT, 'entry refused'); END`);
		let refused = 0;
		for (let batch = 0; batch < 12; batch++) {
			db.exec('BEGIN IMMEDIATE');
			const facets = store.deferFacetCounts();
			const before = { facets: storedFacets(), partners: storedPartnerCounts() };
			for (let i = 0; i < 6; i++) {
				const doc = randomDocument(random);
				if (doc.entries.length === 0) continue;
				const sourceKey = `doc-${random.int(8)}`;
				if (random.chance(0.25)) {
					const last = doc.entries.length - 1;
					const entries = doc.entries.map((entry, j) =>
						j === last ? { ...entry, text: `${entry.text} (refused)` } : entry,
					);
					expect(() => save(sourceKey, { ...doc, entries })).toThrow(/entry refused/);
					refused++;
				} else save(sourceKey, doc);
			}
			// Nothing of the counts is written before flush().
			expect({ facets: storedFacets(), partners: storedPartnerCounts() }).toEqual(before);
			if (batch % 4 === 3) {
				facets.discard();
				db.exec('ROLLBACK');
			} else {
				facets.flush();
				db.exec('COMMIT');
			}
			expect(storedFacets()).toEqual(recomputedFacets());
			expect(storedPartnerCounts()).toEqual(recomputedPartnerCounts());
			// fts_terms holds every term of the index (indexedTerms checks each), entries' terms being written by flush().
			expect(indexedTerms().size).toBeGreaterThan(0);
		}
		expect(refused).toBeGreaterThan(2);
		expect(storedFacets().length).toBeGreaterThan(0);
	});

	it("are deferred only inside the caller's transaction", () => {
		store.deferFacetCounts();
		const doc = makeDocument({ entries: [{}] });
		expect(() => save('doc-a', doc)).toThrow(/transaction/);
	});

	it('equal a from-scratch recomputation after 200 random saves, batches, replaces and removes', () => {
		const random = generator(2024);
		const search = createEntrySearch(db);
		/** What each stored document holds: the model the FTS index is checked against. */
		const model = new Map<string, { doc: ParsedDocument; ids: readonly number[] }>();
		for (let step = 0; step < 200; step++) {
			const sourceKey = `doc-${random.int(8)}`;
			if (random.chance(0.15)) {
				store.removeDocument(sourceKey);
				model.delete(sourceKey);
			} else if (random.chance(0.2)) {
				// A batch, sometimes naming one document twice: its facet changes are summed before being written.
				const batch = Array.from({ length: 1 + random.int(4) }, () => ({
					sourceKey: `doc-${random.int(8)}`,
					doc: randomDocument(random),
				})).filter((item) => item.doc.entries.length > 0);
				const results = store.saveDocuments(
					batch.map(({ sourceKey: key, doc }) => ({ doc, options: { sourceKey: key, extractorVersion: 1, now: NOW } })),
				);
				batch.forEach(({ sourceKey: key, doc }, i) => model.set(key, { doc, ids: results[i]!.entryIds }));
			} else {
				const doc = randomDocument(random);
				if (doc.entries.length === 0) continue;
				model.set(sourceKey, { doc, ids: save(sourceKey, doc).entryIds });
			}
			if (step % 50 === 49) {
				expect(storedFacets()).toEqual(recomputedFacets());
				expect(storedPartnerCounts()).toEqual(recomputedPartnerCounts());
			}
		}
		expect(storedFacets()).toEqual(recomputedFacets());
		expect(storedPartnerCounts()).toEqual(recomputedPartnerCounts());
		expect(storedPartnerCounts().bodies.length).toBeGreaterThan(0);
		expect(db.prepare('SELECT count(*) FROM facet_counts WHERE n <= 0').pluck().get()).toBe(0);

		// Entries telling one event: the texts repeat across documents, so some sources are found to quote others.
		const eventOf = new Map(
			db.prepare<[], [number, number]>('SELECT id, event_id FROM entries WHERE event_id IS NOT NULL').raw().all(),
		);
		expect(eventOf.size).toBeGreaterThan(0);
		const sourcesOf = new Map<number, number[]>();
		for (const [id, event] of [...eventOf].sort(([a], [b]) => a - b)) {
			sourcesOf.set(event, [...(sourcesOf.get(event) ?? []), id]);
		}

		// The index holds exactly the columns of the live entries that stand for their event, term by term; such an
		// entry's row holds the words of every source of its event (titles, places and texts in id order).
		const entryOf = new Map<number, DraftEntry>();
		for (const { doc, ids } of model.values()) {
			[...doc.entries].sort((a, b) => a.position - b.position).forEach((entry, i) => entryOf.set(ids[i]!, entry));
		}
		const expected = new Map<string, string[]>();
		const textOf = new Map<number, string>();
		const orgTermsOf = new Map<number, string[]>();
		for (const [id, entry] of entryOf) {
			textOf.set(id, entry.text);
			if (eventOf.has(id)) continue;
			const group = [id, ...(sourcesOf.get(id) ?? [])].map((member) => entryOf.get(member)!);
			const orgNames = group.flatMap((member) => member.orgs.flatMap((org) => [org.name, ...org.aliases]));
			const columns = ftsColumns({
				orgNames,
				title:
					group
						.map((member) => member.title)
						.filter(Boolean)
						.join('\n') || null,
				provinces: [...new Set(group.flatMap((member) => member.provinces))],
				text: group.map((member) => member.text).join('\n'),
			});
			for (const [col, value] of Object.entries(columns)) {
				if (value === '') continue;
				// An event's org column holds the orgs' known aliases too: only its names as given are checked.
				if (col === 'orgs' && group.length > 1) orgTermsOf.set(id, value.split(' '));
				else expected.set(`${id} ${col}`, value.split(' '));
			}
		}
		const indexed = indexedTerms();
		for (const [id, terms] of orgTermsOf) {
			expect(indexed.get(`${id} orgs`)).toEqual(expect.arrayContaining(terms));
			indexed.delete(`${id} orgs`);
		}
		expect(Object.fromEntries(indexed)).toEqual(Object.fromEntries(expected));

		// Every event is found once by the words of any of its sources; entries of removed versions are not.
		const eventIdOf = (id: number) => eventOf.get(id) ?? id;
		TEXTS.forEach((text, i) => {
			const match = ftsMatchExpression(`zqx${i}word`)!;
			const holders = [...textOf].filter(([, entryText]) => entryText === text).map(([id]) => eventIdOf(id));
			const events = [...new Set(holders)].sort((a, b) => a - b);
			const found = search.find({ match, order: 'newest' }, { limit: 1000 });
			expect(found.ids.sort((a, b) => a - b)).toEqual(events);
			expect(found.total).toBe(events.length);
		});
		expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(textOf.size);
	});

	it('write nothing for a document saved again unchanged, and touch only changed rows on a replace', () => {
		const doc = makeDocument({
			entries: [
				{ text: 'A.', provinces: ['Yunnan'], orgs: [{ name: 'Oxfam', country: 'Hong Kong' }] },
				{ text: 'B.', provinces: ['Gansu'] },
			],
		});
		save('a', doc);
		const before = storedFacets();
		save('a', doc);
		expect(storedFacets()).toEqual(before);
		// Same entries, the second one retyped: only rows involving its type move.
		save('a', { ...doc, contentHash: 'v2', entries: [doc.entries[0]!, { ...doc.entries[1]!, type: 'meeting' }] });
		expect(storedFacets()).toEqual(recomputedFacets());
		const changed = storedFacets().filter((row) => !before.some((old) => old.join() === row.join()));
		expect(changed.every((row) => row.includes('meeting') || row.includes('other'))).toBe(true);
	});

	it('follow a document whose kind changes, and vanish with the last entry', () => {
		const doc = makeDocument({ kind: 'digest', entries: [{ provinces: ['Yunnan'], orgs: [{ name: 'Oxfam' }] }] });
		save('a', doc);
		save('a', { ...doc, kind: 'article', contentHash: 'v2' });
		expect(storedFacets()).toEqual(recomputedFacets());
		expect(storedFacets().filter((row) => row[2] === 'kind')).toEqual(
			expect.arrayContaining([['all', '', 'kind', 'article', 1]]),
		);
		store.removeDocument('a');
		expect(storedFacets()).toEqual([]);
	});
});

describe('addEntryFacets', () => {
	it('adds every scope of the entry times every facet value, and cancels out', () => {
		const deltas = emptyFacetDeltas();
		const facts = {
			sortDate: '2019-02-15',
			type: 'visit',
			kind: 'digest',
			provinces: ['Yunnan'],
			orgIds: [7],
			countries: ['Italy'],
		};
		addEntryFacets(deltas, facts, 1);
		// Scopes: all, type, province, org, country (5); facets: total, type, month, year, kind, province, org, country (8).
		expect([...facetCountDeltas(deltas)].length).toBe(40);
		const row = (scope: string, scopeKey: string, facet: string, facetKey: string) =>
			[...facetCountDeltas(deltas)].find(
				(delta) =>
					delta.scope === scope && delta.scopeKey === scopeKey && delta.facet === facet && delta.facetKey === facetKey,
			);
		expect(row('org', '7', 'province', 'Yunnan')?.n).toBe(1);
		expect(row('country', 'Italy', 'month', '2019-02')?.n).toBe(1);
		addEntryFacets(deltas, facts, -1);
		expect([...facetCountDeltas(deltas)].every((delta) => delta.n === 0)).toBe(true);
	});

	it('keeps rows apart whatever characters their keys hold', () => {
		const deltas = emptyFacetDeltas();
		const base = { sortDate: '2019-02-15', type: 'visit', kind: 'digest', orgIds: [], countries: [] };
		addEntryFacets(deltas, { ...base, provinces: ['a|1|b'] }, 1);
		addEntryFacets(deltas, { ...base, provinces: ['a', '1|b'] }, 1);
		const provinceRows = [...facetCountDeltas(deltas)].filter((delta) => delta.scope === 'province');
		// Three distinct provinces, each its own scope with its own rows.
		expect(new Set(provinceRows.map((delta) => delta.scopeKey))).toEqual(new Set(['a|1|b', 'a', '1|b']));
		expect(provinceRows.every((delta) => delta.n === 1)).toBe(true);
	});
});

describe('createFacetReader', () => {
	function seed(): { oxfam: number } {
		const { entryIds } = save(
			'a',
			makeDocument({
				kind: 'digest',
				entries: (
					[
						{
							date: '2019-02-15',
							provinces: ['Yunnan'],
							type: 'visit',
							orgs: [{ name: 'Oxfam', country: 'Hong Kong' }],
						},
						{ date: '2019-03-01', provinces: ['Yunnan', 'Gansu'], type: 'meeting', orgs: [{ name: 'AIFO' }] },
						{ date: '2018-12-31', provinces: ['Gansu'], type: 'visit', orgs: [{ name: 'Oxfam' }] },
						{ date: '2020-06-01', provinces: ['Beijing'], type: 'training', orgs: [{ name: 'Oxfam' }] },
					] satisfies EntryInput[]
				).map((entry, i) => ({ ...entry, text: `Entry ${i}.` })),
			}),
		);
		const oxfam = db.prepare<[number], number>('SELECT org_id FROM entry_orgs WHERE entry_id = ?').pluck();
		return { oxfam: oxfam.get(entryIds[0]!)! };
	}

	it('ranks values by count then key, with totals and month and year series', () => {
		const { oxfam } = seed();
		const facets = createFacetReader(db);
		expect(facets.top('all', '', 'province', 10)).toEqual([
			{ key: 'Gansu', n: 2 },
			{ key: 'Yunnan', n: 2 },
			{ key: 'Beijing', n: 1 },
		]);
		expect(facets.top('all', '', 'province', 1)).toEqual([{ key: 'Gansu', n: 2 }]);
		expect(facets.top('org', oxfam, 'province', 10)).toEqual([
			{ key: 'Beijing', n: 1 },
			{ key: 'Gansu', n: 1 },
			{ key: 'Yunnan', n: 1 },
		]);
		expect(facets.top('province', 'Yunnan', 'type', 10)).toEqual([
			{ key: 'meeting', n: 1 },
			{ key: 'visit', n: 1 },
		]);
		expect(facets.top('country', 'Hong Kong', 'org', 10)).toEqual([{ key: String(oxfam), n: 1 }]);
		expect(facets.total('all')).toBe(4);
		expect(facets.total('org', oxfam)).toBe(3);
		expect(facets.total('province', 'Tibet')).toBe(0);
		expect(facets.all('org', oxfam, 'year')).toEqual([
			{ key: '2018', n: 1 },
			{ key: '2019', n: 1 },
			{ key: '2020', n: 1 },
		]);
		expect(facets.all('all', '', 'month').map((row) => row.key)).toEqual(['2018-12', '2019-02', '2019-03', '2020-06']);
		expect(facets.all('type', 'visit', 'kind')).toEqual([{ key: 'digest', n: 2 }]);
	});

	it('gives the first and last sort date of a scope', () => {
		const { oxfam } = seed();
		const facets = createFacetReader(db);
		expect(facets.span('all')).toEqual({ first: '2018-12-31', last: '2020-06-01' });
		expect(facets.span('province', 'Yunnan')).toEqual({ first: '2019-02-15', last: '2019-03-01' });
		expect(facets.span('org', oxfam)).toEqual({ first: '2018-12-31', last: '2020-06-01' });
		expect(facets.span('type', 'visit')).toEqual({ first: '2018-12-31', last: '2019-02-15' });
		expect(facets.span('country', 'Hong Kong')).toEqual({ first: '2019-02-15', last: '2019-02-15' });
		expect(facets.span('province', 'Tibet')).toEqual({ first: null, last: null });
	});

	it('finds spans with index searches, never a scan', () => {
		seed();
		db.exec('ANALYZE');
		const plans = Object.fromEntries(
			Object.entries(SPAN_SQL).map(([scope, sql]) => [
				scope,
				(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ key: '1' }) as { detail: string }[])
					.map((row) => row.detail)
					// The outer SELECT of two scalar subqueries is a constant row; every table access must be a SEARCH.
					.filter((detail) => /SEARCH|SCAN/.test(detail) && detail !== 'SCAN CONSTANT ROW'),
			]),
		);
		expect(plans).toEqual({
			all: [
				'SEARCH entries USING COVERING INDEX entries_sort_date (sort_date>?)',
				'SEARCH entries USING COVERING INDEX entries_sort_date (sort_date>?)',
			],
			province: [
				'SEARCH entry_provinces USING PRIMARY KEY (province=? AND sort_date>?)',
				'SEARCH entry_provinces USING PRIMARY KEY (province=? AND sort_date>?)',
			],
			org: [
				'SEARCH entry_orgs USING PRIMARY KEY (org_id=? AND sort_date>?)',
				'SEARCH entry_orgs USING PRIMARY KEY (org_id=? AND sort_date>?)',
			],
			type: [
				'SEARCH entries USING COVERING INDEX entries_type_sort_date (type=? AND sort_date>?)',
				'SEARCH entries USING COVERING INDEX entries_type_sort_date (type=? AND sort_date>?)',
			],
			country: [
				'SEARCH entry_orgs USING COVERING INDEX entry_orgs_country (country=? AND sort_date>?)',
				'SEARCH entry_orgs USING COVERING INDEX entry_orgs_country (country=? AND sort_date>?)',
			],
		});
	});

	it('refuses a negative limit', () => {
		expect(() => createFacetReader(db).top('all', '', 'org', -1)).toThrow(RangeError);
	});
});
