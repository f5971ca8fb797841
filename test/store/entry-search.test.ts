import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	ACTIVITY_TYPES,
	BODY_ROLES,
	DOCUMENT_KINDS,
	type ActivityType,
	type FieldOfWork,
} from '../../src/domain/entry.js';
import { ftsMatchExpression } from '../../src/domain/search-text.js';
import { createDocumentStore, type DocumentStore, type SaveResult } from '../../src/store/document-store.js';
import {
	BM25_SQL,
	createEntrySearch,
	type IdFacet,
	type SearchCriteria,
	type SearchTuning,
} from '../../src/store/entry-search.js';
import { loadFactTable } from '../../src/store/fact-table.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument, type DocumentInput, type EntryInput } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { entryIdOfKeySql } from '../../src/store/full-text-key.js';

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

function save(sourceKey: string, input: DocumentInput): SaveResult {
	return store.saveDocument(makeDocument(input), { sourceKey, extractorVersion: 1, now: NOW });
}

function match(query: string): string {
	return ftsMatchExpression(query)!;
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
	/** Skewed pick: the first items come up far more often, like Beijing or a big NGO. */
	const skewed = <T>(items: readonly T[]): T => items[Math.floor(items.length * next() ** 2.5)]!;
	return {
		int,
		skewed,
		pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
		chance: (p: number) => next() < p,
	};
}

const PROVINCES = ['Beijing', 'Guangdong', 'Yunnan', 'Shanghai', 'Sichuan', 'Gansu', 'Inner Mongolia', 'Tibet'];
const ORGS = ['Oxfam', 'Save the Children', 'AIFO', 'Ford Foundation', 'Asia Foundation', 'Plan International'];
const COUNTRIES = ['United Kingdom', 'Hong Kong', 'Italy', 'United States'];
// Words hitting most, many, some and a few entries; a Chinese run gives bigram phrases.
const WORDS = ['common', 'frequent', 'sometimes', 'rare'];
const WORD_SHARE = [0.9, 0.4, 0.1, 0.02];
// Prefixes of one word, of several, of none; "1" of many numbers ("entry 1", "document 12", dates).
const PREFIXES = ['fre', 'com', 'so', 'ra', 'r', 'zzq', '1', 'document', 'ti'];

interface Fact {
	id: number;
	sortDate: string;
	type: ActivityType;
	provinces: string[];
	orgIds: number[];
	countries: string[];
	bodyIds: number[];
	fields: FieldOfWork[];
	/** Another source of an event (the store found it tells what a lower id tells): never an answer itself. */
	anotherSource: boolean;
}

const BODIES = [
	'Hunan Public Security Bureau',
	'Zhejiang Department of Commerce',
	'Wuhan University',
	'Gansu Health Commission',
];
const FIELDS: FieldOfWork[] = ['health', 'education', 'disaster_relief', 'youth'];

/** A corpus of skewed, varied entries; returns each entry's facts as stored. */
function seedCorpus(seed: number, documents: number): Fact[] {
	const random = generator(seed);
	for (let d = 0; d < documents; d++) {
		const entries: EntryInput[] = Array.from({ length: 1 + random.int(8) }, (_, i) => {
			const words = WORDS.filter((_, w) => random.chance(WORD_SHARE[w]!));
			if (random.chance(0.1)) words.push('湖南省');
			return {
				text: `Document ${d} entry ${i}: ${words.join(' ')} activity.`,
				title: random.chance(0.3) ? `${random.pick(WORDS)} title` : null,
				date: random.chance(0.15)
					? null
					: `20${15 + random.int(10)}-${String(1 + random.int(12)).padStart(2, '0')}-1${random.int(10)}`,
				provinces: Array.from({ length: random.int(3) }, () => random.skewed(PROVINCES)),
				type: random.skewed(ACTIVITY_TYPES),
				orgs: Array.from({ length: random.int(3) }, () => ({
					name: random.skewed(ORGS),
					country: random.chance(0.5) ? random.skewed(COUNTRIES) : null,
				})),
				// A body may be named in two roles in one entry: two entry_bodies rows, one entry.
				partners: Array.from({ length: random.int(3) }, () => ({
					name: random.skewed(BODIES),
					role: random.pick(BODY_ROLES),
					written: 'as written',
					level: null,
					province: null,
				})),
				fields: [...new Set(Array.from({ length: random.int(3) }, () => random.skewed(FIELDS)))],
			};
		});
		save(`doc-${d}`, {
			entries,
			kind: random.pick(DOCUMENT_KINDS),
			coverage: random.chance(0.5) ? { from: '2019-02-15', to: '2019-02-25' } : null,
		});
	}
	db.exec('ANALYZE');
	return db
		.prepare<
			[],
			{
				id: number;
				sort_date: string;
				type: ActivityType;
				provinces: string;
				orgs: string;
				countries: string;
				bodies: string;
				fields: string;
				event_id: number | null;
			}
		>(
			`SELECT e.id, e.sort_date, e.type, e.event_id,
				(SELECT json_group_array(province) FROM entry_provinces WHERE entry_id = e.id) AS provinces,
				(SELECT json_group_array(org_id) FROM entry_orgs WHERE entry_id = e.id) AS orgs,
				(SELECT json_group_array(country) FROM entry_orgs WHERE entry_id = e.id AND country IS NOT NULL) AS countries,
				(SELECT json_group_array(body_id) FROM entry_bodies WHERE entry_id = e.id) AS bodies,
				(SELECT json_group_array(field) FROM entry_fields WHERE entry_id = e.id) AS fields
			FROM entries e`,
		)
		.all()
		.map((row) => ({
			id: row.id,
			sortDate: row.sort_date,
			type: row.type,
			provinces: JSON.parse(row.provinces) as string[],
			orgIds: JSON.parse(row.orgs) as number[],
			countries: JSON.parse(row.countries) as string[],
			bodyIds: JSON.parse(row.bodies) as number[],
			fields: JSON.parse(row.fields) as FieldOfWork[],
			anotherSource: row.event_id !== null,
		}));
}

/** What find() must return, computed the slow way: filter every entry, sort, slice. */
function oracle(facts: Fact[], criteria: SearchCriteria): { ordered: number[] } {
	const any = <T>(values: readonly T[] | undefined, have: readonly T[]) =>
		values === undefined || values.some((value) => have.includes(value));
	let scores: Map<number, number> | null = null;
	if (criteria.match) {
		const rows = db
			.prepare<[string], [number, number]>(
				`SELECT ${entryIdOfKeySql('rowid')}, ${BM25_SQL} FROM entries_fts WHERE entries_fts MATCH ?`,
			)
			.raw()
			.all(criteria.match);
		scores = new Map(rows);
	}
	const kept = facts.filter(
		(fact) =>
			!fact.anotherSource &&
			(scores === null || scores.has(fact.id)) &&
			any(criteria.provinces, fact.provinces) &&
			any(criteria.orgIds, fact.orgIds) &&
			any(criteria.countries, fact.countries) &&
			any(criteria.types, [fact.type]) &&
			any(criteria.bodyIds, fact.bodyIds) &&
			any(criteria.fields, fact.fields) &&
			(criteria.from === undefined || fact.sortDate >= criteria.from) &&
			(criteria.to === undefined || fact.sortDate <= criteria.to),
	);
	const newest = (a: Fact, b: Fact) => (a.sortDate < b.sortDate ? 1 : a.sortDate > b.sortDate ? -1 : b.id - a.id);
	kept.sort(
		criteria.order === 'relevance' && scores !== null
			? (a, b) => scores!.get(a.id)! - scores!.get(b.id)! || newest(a, b)
			: newest,
	);
	return { ordered: kept.map((fact) => fact.id) };
}

function randomCriteria(
	random: ReturnType<typeof generator>,
	orgIds: number[],
	bodyIds: number[] = db.prepare<[], number>('SELECT id FROM bodies').pluck().all(),
): SearchCriteria {
	const some = <T>(items: readonly T[]): T[] => Array.from({ length: 1 + random.int(3) }, () => random.skewed(items));
	const date = () => `20${15 + random.int(10)}-${String(1 + random.int(12)).padStart(2, '0')}-15`;
	const criteria: { -readonly [K in keyof SearchCriteria]: SearchCriteria[K] } = {
		order: random.chance(0.5) ? 'newest' : 'relevance',
	};
	if (random.chance(0.6)) {
		// A last word may be a prefix, as /search reads it: spelled out as its terms, it must find the same entries.
		criteria.match = random.chance(0.3)
			? ftsMatchExpression(`${random.pick(WORDS)} ${random.pick(PREFIXES)}`, { prefixLast: true })!
			: match(random.chance(0.1) ? '湖南' : random.pick(WORDS));
	}
	if (random.chance(0.35)) criteria.provinces = random.chance(0.6) ? [random.skewed(PROVINCES)] : some(PROVINCES);
	if (random.chance(0.3)) criteria.orgIds = random.chance(0.6) ? [random.skewed(orgIds)] : some(orgIds);
	if (random.chance(0.2)) criteria.countries = random.chance(0.6) ? [random.skewed(COUNTRIES)] : some(COUNTRIES);
	if (random.chance(0.25)) criteria.types = random.chance(0.6) ? [random.skewed(ACTIVITY_TYPES)] : some(ACTIVITY_TYPES);
	if (random.chance(0.2)) criteria.bodyIds = random.chance(0.6) ? [random.skewed(bodyIds)] : some(bodyIds);
	if (random.chance(0.2)) criteria.fields = random.chance(0.6) ? [random.skewed(FIELDS)] : some(FIELDS);
	if (random.chance(0.2)) criteria.from = date();
	if (random.chance(0.2)) criteria.to = date();
	return criteria;
}

describe('find', () => {
	// Default thresholds, then tiny ones so that a small corpus reaches the broad-match and probe plans too.
	const tunings: [string, SearchTuning][] = [
		['default planner thresholds', {}],
		['tiny planner thresholds', { broadMatch: 3, tinyDriver: 8, probeCost: 0.5 }],
	];

	it.each(tunings)('matches a brute-force oracle for random criteria, pages and orders (%s)', (_, tuning) => {
		const facts = seedCorpus(7, 60);
		// Random facts repeat (a skewed org, place and type on near days): some entries tell one event.
		expect(facts.filter((fact) => fact.anotherSource).length).toBeGreaterThan(0);
		const orgIds = db.prepare<[], number>('SELECT id FROM orgs').pluck().all();
		const search = createEntrySearch(db, tuning);
		const random = generator(99);
		const plans = new Set<string>();
		let stopped = 0;
		for (let i = 0; i < 400; i++) {
			const criteria = randomCriteria(random, orgIds);
			const { ordered } = oracle(facts, criteria);
			const page = { limit: 1 + random.int(8), offset: random.chance(0.5) ? 0 : random.int(12) };
			const found = search.find(criteria, page);
			const label = JSON.stringify({ criteria, page });
			expect({ label, ...found }).toEqual({
				label,
				ids: ordered.slice(page.offset, page.offset + page.limit),
				total: ordered.length,
			});
			// Counted up to a cap (as /search counts): the same page, the exact total below the cap, "more" past it.
			const countUpTo = 1 + random.int(40);
			const capped = search.find(criteria, { ...page, countUpTo });
			const cap = Math.max(countUpTo, page.offset + page.limit + 1);
			// Exact when the total was known anyway (facet counts, the planner's count); never "more" below the cap.
			const counted = capped.more === true && ordered.length >= cap && criteria.match !== undefined;
			if (counted) stopped++;
			expect({ label, countUpTo, ...capped }).toEqual({
				label,
				countUpTo,
				ids: ordered.slice(page.offset, page.offset + page.limit),
				...(counted ? { total: cap - 1, more: true } : { total: ordered.length }),
			});
			if (criteria.order === 'newest') {
				expect(search.idsForFacets(criteria, 5)).toEqual(ordered.slice(0, 5));
				const explained = search.explain(criteria, page);
				if (explained !== null) plans.add(planKind(explained.sql));
			}
		}
		// Every way of walking the data was checked against the oracle.
		const expected = [
			'entries walk',
			'type walk',
			'province walk',
			'org walk',
			'country walk',
			'partner walk',
			'field walk',
			'key lists',
		];
		const textPlans = tuning.broadMatch ? ['hit set', 'FTS probe'] : ['match drives'];
		// Counting stopped at the cap for many text searches.
		expect(stopped).toBeGreaterThan(20);
		expect([...plans].sort()).toEqual(expect.arrayContaining([...expected, ...textPlans].sort()));
	});

	it('counts exact totals beyond the page, from facet counts or by counting', () => {
		const facts = seedCorpus(11, 40);
		const search = createEntrySearch(db);
		const events = facts.filter((fact) => !fact.anotherSource);
		const beijing = events.filter((fact) => fact.provinces.includes('Beijing')).length;
		expect(search.find({ provinces: ['Beijing'], order: 'newest' }, { limit: 1 }).total).toBe(beijing);
		expect(search.find({ provinces: ['Beijing'], order: 'newest' }, { limit: 0 })).toEqual({ ids: [], total: beijing });
		expect(search.find({ order: 'newest' }, { limit: 2, offset: 10_000 })).toEqual({ ids: [], total: events.length });
		const common = search.find({ match: match('common'), order: 'relevance' }, { limit: 3, offset: 100_000 });
		expect(common.ids).toEqual([]);
		expect(common.total).toBe(oracle(facts, { match: match('common'), order: 'newest' }).ordered.length);
	});

	it('pages through relevance ties at the page boundary in newest-first order', () => {
		// Identical texts score the same; their dates decide.
		const dates = ['2019-01-05', '2021-03-01', '2018-07-07', '2021-03-01', '2020-02-02'];
		dates.forEach((date, i) => save(`tie-${i}`, { entries: [{ text: 'Identical words about training.', date }] }));
		save('better', { entries: [{ text: 'Training training training.', title: 'Training', date: '2010-01-01' }] });
		const facts = seedFactsOnly();
		const search = createEntrySearch(db);
		const criteria: SearchCriteria = { match: match('training'), order: 'relevance' };
		const { ordered } = oracle(facts, criteria);
		expect(ordered).toHaveLength(6);
		for (let offset = 0; offset < 6; offset++) {
			for (const limit of [1, 2, 3]) {
				expect(search.find(criteria, { limit, offset })).toEqual({
					ids: ordered.slice(offset, offset + limit),
					total: 6,
				});
			}
		}
	});

	it('finds Chinese text by a two-character query, in the text and in org names', () => {
		const { entryIds } = save('zh', {
			entries: [
				{ text: '湖南省民政厅召开座谈会。' },
				{ text: '湖北的活动。' },
				{ text: 'An English entry.', orgs: [{ name: '中国扶贫基金会' }] },
			],
		});
		const search = createEntrySearch(db);
		expect(search.find({ match: match('湖南'), order: 'newest' }, { limit: 10 }).ids).toEqual([entryIds[0]]);
		expect(search.find({ match: match('民政厅'), order: 'relevance' }, { limit: 10 }).ids).toEqual([entryIds[0]]);
		expect(search.find({ match: match('扶贫'), order: 'newest' }, { limit: 10 }).ids).toEqual([entryIds[2]]);
	});

	it('finds every entry of a prefix after a batch that wrote one of its terms rolled back', () => {
		save('zebra', { entries: [{ text: 'A zebra crossing.' }] });
		// Saves inside an outer transaction are savepoints (run-ingest batches them): the batch is undone.
		const batch = db.transaction(() => {
			save('fish-1', { entries: [{ text: 'Zebrafish study.' }] });
			throw new Error('the batch fails');
		});
		expect(() => batch()).toThrow('the batch fails');
		save('fish-2', { entries: [{ text: 'Zebrafish again.' }] });
		const search = createEntrySearch(db);
		const zebra = ftsMatchExpression('zebra', { prefixLast: true })!;
		expect(search.find({ match: zebra, order: 'newest' }, { limit: 5 }).total).toBe(2);
		expect(db.prepare("SELECT term FROM fts_terms WHERE term LIKE 'zebra%' ORDER BY 1").pluck().all()).toEqual([
			'zebra',
			'zebrafish',
		]);
	});

	it('treats FTS5 syntax typed by a user as plain words', () => {
		const { entryIds } = save('syntax', { entries: [{ text: 'Oxfam near Kunming; title of the NGO.' }] });
		const search = createEntrySearch(db);
		for (const input of [
			'NEAR(oxfam kunming)',
			'title: oxfam',
			'oxfam OR "unclosed',
			'-oxfam ^kunming*',
			'oxfam AND',
		]) {
			const expression = ftsMatchExpression(input, { prefixLast: true });
			expect(() => search.find({ match: expression, order: 'relevance' }, { limit: 5 })).not.toThrow();
		}
		expect(
			search.find({ match: ftsMatchExpression('title: oxfam', { prefixLast: true }), order: 'newest' }, { limit: 5 })
				.ids,
		).toEqual(entryIds);
		// "near" is a word of the text; "beijing" is not, and every word must be there.
		expect(search.find({ match: match('NEAR(oxfam kunming)'), order: 'newest' }, { limit: 5 }).ids).toEqual(entryIds);
		expect(search.find({ match: match('NEAR(oxfam beijing)'), order: 'newest' }, { limit: 5 }).ids).toEqual([]);
	});

	it('matches nothing for an empty list or a reversed date range, and validates its input', () => {
		seedCorpus(3, 5);
		const search = createEntrySearch(db);
		expect(search.find({ provinces: [], order: 'newest' }, { limit: 5 })).toEqual({ ids: [], total: 0 });
		expect(search.find({ from: '2020-01-01', to: '2019-01-01', order: 'newest' }, { limit: 5 })).toEqual({
			ids: [],
			total: 0,
		});
		expect(search.explain({ orgIds: [], order: 'newest' }, { limit: 5 })).toBeNull();
		expect(() => search.find({ order: 'newest' }, { limit: -1 })).toThrow(RangeError);
		expect(() => search.find({ order: 'newest' }, { limit: 1, offset: 0.5 })).toThrow(RangeError);
		expect(() => search.find({ from: '2020-1-1', order: 'newest' }, { limit: 1 })).toThrow(RangeError);
		expect(() => search.find({ match: ' ', order: 'newest' }, { limit: 1 })).toThrow(RangeError);
		expect(() => search.find({ orgIds: [1.5], order: 'newest' }, { limit: 1 })).toThrow(RangeError);
		expect(search.find({ match: null, order: 'relevance' }, { limit: 100 }).total).toBe(
			db.prepare('SELECT count(*) FROM entries WHERE event_id IS NULL').pluck().get(),
		);
	});

	it('keeps the hit set of a broad match between calls and refills it after a write', () => {
		seedCorpus(5, 20);
		const search = createEntrySearch(db, { broadMatch: 2 });
		const criteria: SearchCriteria = { match: match('common'), order: 'newest' };
		const before = search.find(criteria, { limit: 3 });
		expect(search.idsForFacets(criteria, 3)).toEqual(before.ids);
		const { entryIds } = save('late', { entries: [{ text: 'A common word, dated last.', date: '2030-01-01' }] });
		expect(search.find(criteria, { limit: 1 })).toEqual({ ids: entryIds, total: before.total + 1 });
		store.removeDocument('late');
		expect(search.find(criteria, { limit: 3 })).toEqual(before);
		search.clearHitSet();
		expect(search.find(criteria, { limit: 3 })).toEqual(before);
	});

	it('shares one hit set per connection between searches', () => {
		const facts = seedCorpus(19, 20);
		const [first, second] = [createEntrySearch(db, { broadMatch: 2 }), createEntrySearch(db, { broadMatch: 2 })];
		for (const [search, word] of [
			[first, 'common'],
			[second, 'frequent'],
			[first, 'frequent'],
			[first, 'common'],
			[second, 'common'],
		] as const) {
			const criteria: SearchCriteria = { match: match(word), order: 'newest' };
			const { ordered } = oracle(facts, criteria);
			expect(search.find(criteria, { limit: 3, offset: 1 })).toEqual({
				ids: ordered.slice(1, 4),
				total: ordered.length,
			});
		}
	});

	it('works on a read-only connection', () => {
		const facts = seedCorpus(13, 20);
		const readonly = openDatabase(db.name, { readonly: true });
		try {
			const search = createEntrySearch(readonly, { broadMatch: 2 });
			const criteria: SearchCriteria = { match: match('common'), provinces: ['Beijing'], order: 'newest' };
			const { ordered } = oracle(facts, criteria);
			expect(search.find(criteria, { limit: 4 })).toEqual({ ids: ordered.slice(0, 4), total: ordered.length });
		} finally {
			readonly.close();
		}
	});
});

describe('facetsOf', () => {
	it('counts provinces, organizations and types as their definition gives, through writes that change them', () => {
		const random = generator(5);
		const oracle = (facts: Fact[], ids: number[], facet: 'province' | 'org' | 'type', limit: number) => {
			const counts = new Map<string, number>();
			const byId = new Map(facts.map((fact) => [fact.id, fact]));
			for (const id of new Set(ids)) {
				const fact = byId.get(id);
				if (!fact) continue;
				const keys = facet === 'type' ? [fact.type] : facet === 'org' ? fact.orgIds.map(String) : fact.provinces;
				for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
			}
			const sorted = [...counts].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
			return limit < 0 ? sorted : sorted.slice(0, limit);
		};
		let facts = seedCorpus(11, 30);
		// The fact table (read again only 10 s after its last read) in the first round, then the facts read per id.
		const search = createEntrySearch(db);
		for (let round = 0; round < 3; round++) {
			const table = loadFactTable(db);
			for (let i = 0; i < 40; i++) {
				const ids = Array.from({ length: random.int(60) }, () => 1 + random.int(facts.length + 5));
				const facet = random.pick(['province', 'org', 'type'] as const);
				const limit = random.chance(0.3) ? -1 : 1 + random.int(5);
				const expected = oracle(facts, ids, facet, limit);
				expect(search.facetsOf(ids, facet, limit)).toEqual(expected);
				expect(table.count([...new Set(ids)], facet, limit)).toEqual(expected);
			}
			// New versions of some documents: other places, organizations and types for the same entries.
			facts = seedCorpus(100 + round, 10);
		}
	});

	it('counts values among the given entries, once per entry, ignoring unknown ids', () => {
		const a = save('a', {
			kind: 'article',
			entries: [
				{
					date: '2019-02-15',
					provinces: ['Yunnan', 'Gansu'],
					type: 'visit',
					orgs: [
						{ name: 'Oxfam', country: 'Hong Kong' },
						{ name: 'Oxfam HK', country: 'Hong Kong' },
					],
				},
				{ text: 'Second.', date: '2019-03-01', provinces: ['Yunnan'], type: 'visit', orgs: [{ name: 'Oxfam' }] },
			],
		});
		const search = createEntrySearch(db);
		const ids = [...a.entryIds, a.entryIds[0]!, 999_999];
		const oxfam = String(db.prepare('SELECT id FROM orgs WHERE key = ?').pluck().get('oxfam'));
		const hk = String(db.prepare('SELECT id FROM orgs WHERE key = ?').pluck().get('oxfam hk'));
		const counts = (facet: IdFacet) => search.facetsOf(ids, facet);
		expect(counts('province')).toEqual([
			{ key: 'Yunnan', n: 2 },
			{ key: 'Gansu', n: 1 },
		]);
		expect(counts('org')).toEqual(
			[
				{ key: oxfam, n: 2 },
				{ key: hk, n: 1 },
			].sort((x, y) => y.n - x.n || (x.key < y.key ? -1 : 1)),
		);
		expect(counts('country')).toEqual([{ key: 'Hong Kong', n: 1 }]);
		expect(counts('type')).toEqual([{ key: 'visit', n: 2 }]);
		expect(counts('month')).toEqual([
			{ key: '2019-02', n: 1 },
			{ key: '2019-03', n: 1 },
		]);
		expect(counts('year')).toEqual([{ key: '2019', n: 2 }]);
		expect(counts('kind')).toEqual([{ key: 'article', n: 2 }]);
		expect(search.facetsOf([], 'province')).toEqual([]);
	});
});

describe('query plans', () => {
	function plan(criteria: SearchCriteria, tuning: SearchTuning = {}): string {
		const explained = createEntrySearch(db, tuning).explain(criteria, { limit: 10 })!;
		const rows = db.prepare(`EXPLAIN QUERY PLAN ${explained.sql}`).all(explained.params) as { detail: string }[];
		// Walks without a text match skip other sources of an event with one seek per row in a small index; any other
		// way of checking that (a scan, a lookup in entries) stays in the plan and fails the expectations below.
		return rows
			.map((row) => row.detail)
			.join('\n')
			.replace(/\nCORRELATED SCALAR SUBQUERY \d+\nSEARCH m USING INDEX entries_merged \(id=\? AND rowid=\?\)/g, '');
	}

	beforeEach(() => {
		seedCorpus(17, 40);
	});

	it('walk the province and org primary keys newest first, with no sort', () => {
		const province = plan({ provinces: ['Beijing'], order: 'newest' });
		expect(province).toBe('SEARCH d USING PRIMARY KEY (province=?)');
		const org = plan({ orgIds: [1], order: 'newest' });
		expect(org).toBe('SEARCH d USING PRIMARY KEY (org_id=?)');
		const dated = plan({ provinces: ['Beijing'], from: '2019-01-01', to: '2019-12-31', order: 'newest' });
		expect(dated).toBe('SEARCH d USING PRIMARY KEY (province=? AND sort_date>? AND sort_date<?)');
		expect(plan({ provinces: ['Beijing'], orgIds: [1], order: 'newest' })).not.toMatch(/TEMP B-TREE/);
	});

	it('read a match in key order, newest first, with no sort and no entry rows, broad or narrow', () => {
		// idxNum 192: FTS5 hands rows in descending rowid order itself.
		const inKeyOrder = 'SCAN entries_fts VIRTUAL TABLE INDEX 192:M4';
		expect(plan({ match: match('common'), order: 'newest' }, { broadMatch: 2 })).toBe(inKeyOrder);
		expect(plan({ match: match('rare'), order: 'newest' })).toBe(inKeyOrder);
		// A date range is a range of keys.
		const dated = plan(
			{ match: match('common'), from: '2000-01-01', to: '2030-12-31', order: 'newest' },
			{ broadMatch: 2 },
		);
		expect(dated).toMatch(/^SCAN entries_fts VIRTUAL TABLE INDEX 192:M4/);
		expect(dated).not.toMatch(/TEMP B-TREE|SEARCH e /);
	});

	it('walk a small province against the hit set of a broad match, with no sort', () => {
		const withProvince = plan(
			{ match: match('common'), provinces: ['Tibet'], order: 'newest' },
			{ broadMatch: 2, probeCost: 1e6 },
		);
		expect(withProvince).toMatch(/^SEARCH d USING PRIMARY KEY \(province=\?\)\n/);
		expect(withProvince).not.toMatch(/TEMP B-TREE/);
	});
});

/** Facts of whatever is stored, for tests that build their own corpus. */
function seedFactsOnly(): Fact[] {
	return db
		.prepare<[], { id: number; sort_date: string; type: ActivityType; event_id: number | null }>(
			'SELECT id, sort_date, type, event_id FROM entries',
		)
		.all()
		.map((row) => ({
			id: row.id,
			sortDate: row.sort_date,
			type: row.type,
			provinces: [],
			orgIds: [],
			countries: [],
			bodyIds: [],
			fields: [],
			anotherSource: row.event_id !== null,
		}));
}

/** A name for the way a page query walks the data. */
function planKind(sql: string): string {
	if (sql.includes('entries_fts.rowid = ')) return 'FTS probe';
	if (/FROM entries_fts/.test(sql)) return 'match drives';
	if (sql.includes('(SELECT DISTINCT entry_id')) return 'key lists';
	if (sql.includes('INDEXED BY entries_type_sort_date')) return 'type walk';
	if (sql.includes('entry_search_hits')) return 'hit set';
	if (sql.includes('FROM entry_provinces d')) return 'province walk';
	if (sql.includes('FROM entry_orgs d WHERE d.org_id')) return 'org walk';
	if (sql.includes('FROM entry_orgs d WHERE d.country')) return 'country walk';
	if (sql.includes('FROM entry_bodies d')) return 'partner walk';
	if (sql.includes('FROM entry_fields d')) return 'field walk';
	return 'entries walk';
}
