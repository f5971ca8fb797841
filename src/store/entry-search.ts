import type Database from 'better-sqlite3';
import type { ActivityType, FieldOfWork, IsoDate } from '../domain/entry.js';
import { indexableText } from '../domain/search-text.js';
import { standsForItsEvent } from './event-sql.js';
import { entryIdOfKeySql, fullTextKeyRange, fullTextKeySql } from './full-text-key.js';
import type { FacetCount, FacetName } from './facets.js';
import { type FactTable, loadFactTable } from './fact-table.js';

/** What an entry contributes to entries_fts. */
export interface FtsSource {
	/** Org names as written in the entry, then the aliases given with them. */
	readonly orgNames: readonly string[];
	readonly title: string | null;
	/** Canonical English province names. */
	readonly provinces: readonly string[];
	readonly text: string;
}

/** The entries_fts column values of an entry: our tokenizer's output, so FTS5 indexes exactly what queries are cut into. */
export function ftsColumns(source: FtsSource): { orgs: string; title: string; provinces: string; text: string } {
	return {
		orgs: indexableText(source.orgNames.join('\n')),
		title: indexableText(source.title ?? ''),
		provinces: indexableText(source.provinces.join('\n')),
		text: indexableText(source.text),
	};
}

/** bm25 weights of the entries_fts columns (orgs, title, provinces, text): a hit in an org name counts most. */
export const BM25_SQL = 'bm25(entries_fts, 4.0, 2.0, 1.5, 1.0)';

export type SearchOrder = 'newest' | 'relevance';

/**
 * What to find. Every given filter must hold (AND); inside a list any value may match (OR). An absent filter
 * does not filter, but an empty list matches nothing (a name that resolved to no org must not widen a search).
 */
export interface SearchCriteria {
	/** An FTS5 expression built by ftsMatchExpression (never raw user input); null or absent: no text filter. */
	readonly match?: string | null;
	readonly provinces?: readonly string[];
	readonly orgIds?: readonly number[];
	/** Countries of origin stated for an entry's orgs. */
	readonly countries?: readonly string[];
	readonly types?: readonly ActivityType[];
	/** Chinese bodies (any role) the entry names, by body id. */
	readonly bodyIds?: readonly number[];
	readonly fields?: readonly FieldOfWork[];
	/** Inclusive bounds on the sort date. */
	readonly from?: IsoDate;
	readonly to?: IsoDate;
	/** Newest: sort date then id, descending. Relevance: bm25, then newest; without `match` it is newest. */
	readonly order: SearchOrder;
}

export interface SearchPage {
	readonly limit: number;
	readonly offset?: number;
	/**
	 * Count the matches of a text search only up to this many (at least the page's end plus one): past it the total
	 * is a lower bound and `more` says so. Counting every match of a broad word reads its whole doclist (7 ms for
	 * 83,000 hits at 100k entries, 30 ms with a province), a chat answer's cost should follow the page it shows.
	 * Absent: the exact total (exports, stats and /ask count every match).
	 */
	readonly countUpTo?: number;
}

export interface SearchResult {
	readonly ids: number[];
	/** Number of matching entries: exact, or when `more` the count at which counting stopped. */
	readonly total: number;
	/** More than `total` entries match (counting stopped at SearchPage.countUpTo). */
	readonly more?: boolean;
}

/** The entry id of an entries_fts row (its rowid is a key: full-text-key). */
const FTS_ID = entryIdOfKeySql('entries_fts.rowid');
/** A date range on entries_fts rows: a range of their keys. */
const KEY_RANGE = 'entries_fts.rowid BETWEEN @lowKey AND @highKey';

/** Facets facetsOf can count among a set of entries. */
export type IdFacet = Exclude<FacetName, 'total'> | 'field';

/** Planner thresholds; the defaults suit 10k-1M entries. Tests lower them to reach every plan on a small corpus. */
export interface SearchTuning {
	/** FTS hits counted while planning; at this many the match is broad (default 2,000). */
	readonly broadMatch?: number;
	/** Largest driver (rows) checked against the match with one FTS5 probe per row (default 20). */
	readonly tinyDriver?: number;
	/** Cost of one FTS5 probe relative to reading one index row (default 150, measured at 100k entries). */
	readonly probeCost?: number;
	/** Count facets from a fact table of every entry (default true); false: read each sample's facts from SQLite. */
	readonly factTable?: boolean;
}

/** How find() will run a criteria: exported so tests and benchmarks can look at the SQL and its query plan. */
export interface SearchPlan {
	readonly sql: string;
	readonly params: Record<string, unknown>;
	/** Whether the SQL reads the FTS hits from the temp table find() fills first (its plan is still valid without). */
	readonly usesHitSet: boolean;
}

type Filter = 'province' | 'org' | 'country' | 'type' | 'partner' | 'field';
type DriverName = 'entries' | 'match' | 'hits' | `${Filter}1` | `${Filter}N`;
/** How the text match is applied: it drives (join + sort), a temp set of its rowids, or an FTS probe per row. */
type MatchMode = 'drive' | 'set' | 'probe' | null;

interface Normalized {
	readonly match: string | null;
	readonly lists: Partial<Record<Filter, readonly (string | number)[]>>;
	readonly from: string | null;
	readonly to: string | null;
}

interface Shape {
	readonly match: boolean;
	/** '1' for a single value (equality, ordered index walks), 'N' for several (json_each), absent: no filter. */
	readonly lists: Partial<Record<Filter, '1' | 'N'>>;
	readonly from: boolean;
	readonly to: boolean;
}

interface Plan {
	readonly driver: DriverName;
	readonly matchMode: MatchMode;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The temp table holding the rowids of a broad match (per connection). It is kept after a call, so the find()
 * and idsForFacets() of one search fill it once, and refilled when the match or the database changed.
 */
const HITS_TABLE = 'temp.entry_search_hits';
// FTS hits are counted up to broadMatch when planning; beyond it the match is broad and its exact size is
// learned while filling the hit set (or counting).
/** Entries whose facts facetsOf keeps in memory (a few MB): a search answer counts facets over 1,000. */
const FACTS_KEPT = 20_000;
/** Terms a prefix is spelled out into at most (an OR of more doclists costs more than FTS5's own prefix merge). */
const MAX_PREFIX_TERMS = 32;
const DEFAULT_TUNING: Required<SearchTuning> = { broadMatch: 2_000, tinyDriver: 20, probeCost: 150, factTable: true };
/**
 * The fact table is read again when the data changed, but not within this long of its last read: while another
 * process ingests (a commit every 2 s) answers read their sample's facts from SQLite instead of reloading
 * (about 30 ms at 100k entries) at every commit.
 */
const FACT_TABLE_RELOAD_MS = 10_000;
// A broad match whose size is unknown is assumed to hit this share of the corpus.
const BROAD_MATCH_SHARE = 0.25;
// Relative costs per row, measured at 100k entries: decoding an FTS hit, copying it into the hit set, an entries
// row lookup, sorting. (An FTS5 MATCH probe for a single rowid, tuning.probeCost, reloads the term's doclist.)
const COST = { decode: 0.15, fill: 0.35, lookup: 2, sort: 1 } as const;

/** Per filter: table, key column, parameter names; the facet_counts scope has the filter's name. */
const FILTERS: Record<Filter, { table: string; column: string; one: string; many: string }> = {
	province: { table: 'entry_provinces', column: 'province', one: '@province', many: '@provinces' },
	org: { table: 'entry_orgs', column: 'org_id', one: '@org', many: '@orgs' },
	country: { table: 'entry_orgs', column: 'country', one: '@country', many: '@countries' },
	type: { table: 'entries', column: 'type', one: '@type', many: '@types' },
	// No facet counts: their sizes come from the bodies' entry counts and a count on entry_fields.
	partner: { table: 'entry_bodies', column: 'body_id', one: '@partner', many: '@partners' },
	field: { table: 'entry_fields', column: 'field', one: '@field', many: '@fields' },
};
/** Filters facet_counts has scopes for (exact totals, sizes for planning). */
const FACETED: ReadonlySet<Filter> = new Set(['province', 'org', 'country', 'type']);
const FILTER_NAMES = Object.keys(FILTERS) as Filter[];

export type EntrySearch = ReturnType<typeof createEntrySearch>;

/**
 * Creates the entry search: filtered, full-text and faceted lookups returning entry ids. SQL is generated per
 * criteria shape (which filters, single or several values) and plan, prepared once per shape and cached;
 * every value is bound. The plan (which table is walked first, how the text match applies) is chosen from
 * facet counts and a capped FTS count, so walks stay short. Works on read-only connections.
 */
export function createEntrySearch(db: Database.Database, tuning: SearchTuning = {}) {
	const { broadMatch, tinyDriver, probeCost, factTable } = { ...DEFAULT_TUNING, ...tuning };
	// Temp tables live in the connection's own temp database: writable even when the main database is read-only.
	db.exec(`CREATE TEMP TABLE IF NOT EXISTS entry_search_hits (id INTEGER PRIMARY KEY)`);
	const fillHits = db.prepare<[{ match: string }]>(
		`INSERT INTO ${HITS_TABLE} (id) SELECT ${FTS_ID} FROM entries_fts WHERE entries_fts MATCH @match`,
	);
	const clearHits = db.prepare(`DELETE FROM ${HITS_TABLE}`);
	// data_version moves when another connection commits, total_changes() when this one writes.
	const databaseVersion = db
		.prepare<[], string>(`SELECT (SELECT data_version FROM pragma_data_version()) || '.' || total_changes()`)
		.pluck();
	// Entries' facts change only with a document saved or removed (each bumps corpus_revision) or another connection's
	// commit: unlike total_changes(), filling the temp hit set leaves this version alone.
	const corpusVersion = db
		.prepare<[], string>(
			`SELECT (SELECT data_version FROM pragma_data_version()) || '.' ||
				coalesce((SELECT value FROM meta WHERE key = 'corpus_revision'), '')`,
		)
		.pluck();
	const state = hitSets.get(db) ?? { match: null, version: '', size: 0 };
	hitSets.set(db, state);

	const statements = new Map<string, Database.Statement>();
	function statement(key: string, build: () => string): Database.Statement {
		let stmt = statements.get(key);
		if (stmt === undefined) {
			stmt = db.prepare(build());
			statements.set(key, stmt);
		}
		return stmt;
	}

	const scopeSize = db
		.prepare<[string, string], number>(
			`SELECT coalesce(sum(n), 0) FROM facet_counts
			WHERE scope = ? AND scope_key IN (SELECT value FROM json_each(?)) AND facet = 'total' AND facet_key = ''`,
		)
		.pluck();
	const bodiesSize = db
		.prepare<[string], number>(
			'SELECT coalesce(sum(entry_count), 0) FROM bodies WHERE id IN (SELECT value FROM json_each(?))',
		)
		.pluck();
	const fieldsSize = db
		.prepare<[string], number>('SELECT count(*) FROM entry_fields WHERE field IN (SELECT value FROM json_each(?))')
		.pluck();
	const allSize = db
		.prepare<[], number>(
			`SELECT coalesce(sum(n), 0) FROM facet_counts WHERE scope = 'all' AND scope_key = '' AND facet = 'total'`,
		)
		.pluck();
	const monthsSize = db
		.prepare<[string, string], number>(
			`SELECT coalesce(sum(n), 0) FROM facet_counts
			WHERE scope = 'all' AND scope_key = '' AND facet = 'month' AND facet_key BETWEEN ? AND ?`,
		)
		.pluck();
	const pairCount = db
		.prepare<[string, string, string, string], number>(
			'SELECT n FROM facet_counts WHERE scope = ? AND scope_key = ? AND facet = ? AND facet_key = ?',
		)
		.pluck();
	const cappedMatchCount = db
		.prepare<[string, number], number>(
			'SELECT count(*) FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?)',
		)
		.pluck();
	const matchCount = db.prepare<[string], number>('SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?').pluck();
	const prefixTerms = db
		.prepare<[{ prefix: string }], string>(
			`SELECT term FROM fts_terms WHERE term >= @prefix AND term < @prefix || char(1114111) LIMIT ${MAX_PREFIX_TERMS + 1}`,
		)
		.pluck();

	// Candidates arrive as one JSON array: a few hundred b-tree probes in one statement, not a call each.
	const indexedWords = db
		.prepare<[string], string>(
			'SELECT term FROM fts_terms WHERE term IN (SELECT value FROM json_each(?)) ORDER BY term',
		)
		.pluck();
	const indexedPrefixes = db
		.prepare<[string], string>(
			`SELECT j.value FROM json_each(?) j WHERE EXISTS
			(SELECT 1 FROM fts_terms WHERE term >= j.value AND term < j.value || char(1114111)) ORDER BY j.value`,
		)
		.pluck();

	/**
	 * The match with each one-word prefix ("regist"*) spelled out as its terms ("registered" OR "registration"), which
	 * match the same rows: FTS5 merges every doclist of a prefix before the first hit, but reads an OR of terms
	 * in step, so a newest-first page of a prefix stays a page's work. fts_terms holds every term indexed (and maybe
	 * some no longer). A prefix with more terms than MAX_PREFIX_TERMS is left to FTS5.
	 */
	function expandPrefixes(match: string): string {
		return match
			.split(' AND ')
			.map((part) => {
				const prefix = /^"([^" ]+)"\*$/.exec(part)?.[1];
				if (prefix === undefined) return part;
				const terms = prefixTerms.all({ prefix });
				if (terms.length === 0 || terms.length > MAX_PREFIX_TERMS) return part;
				const phrases = terms.map((term) => `"${term.replaceAll('"', '""')}"`);
				return phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`;
			})
			.join(' AND ');
	}

	/** Sizes of each filter's entry set (exact for single values, an upper bound for lists and dates). */
	function estimate(criteria: Normalized) {
		const corpus = Math.max(allSize.get() ?? 0, 1);
		const sizes: Partial<Record<Filter | 'date', number>> = {};
		for (const name of FILTER_NAMES) {
			const values = criteria.lists[name];
			if (values === undefined) continue;
			const keys = JSON.stringify(values.map(String));
			sizes[name] =
				(name === 'partner'
					? bodiesSize.get(keys)
					: name === 'field'
						? fieldsSize.get(keys)
						: scopeSize.get(name, keys)) ?? 0;
		}
		if (criteria.from !== null || criteria.to !== null) {
			sizes.date = monthsSize.get(criteria.from?.slice(0, 7) ?? '0000-00', criteria.to?.slice(0, 7) ?? '9999-99') ?? 0;
		}
		let matchHits: number | null = null;
		if (criteria.match !== null) {
			const capped = cappedMatchCount.get(criteria.match, broadMatch) ?? 0;
			matchHits = capped < broadMatch ? capped : null;
		}
		return { corpus, sizes, matchHits };
	}

	type Estimate = ReturnType<typeof estimate>;

	/**
	 * The cheapest plan. An ordered driver (an index already in newest order) stops after about
	 * (limit + offset) / selectivity rows; an unordered one reads all its rows and sorts them; every other
	 * filter is a probe per row read. `wanted` null plans a count; `hitSetFilled` means the set costs nothing more.
	 */
	function choosePlan(shape: Shape, est: Estimate, wanted: number | null, hitSetFilled: boolean): Plan {
		const { corpus, sizes } = est;
		const hits = est.matchHits ?? Math.max(broadMatch, corpus * BROAD_MATCH_SHARE);
		const share = (n: number) => Math.min(n, corpus) / corpus;
		let result = corpus;
		for (const size of Object.values(sizes)) result *= share(size);
		if (shape.match) result *= share(hits);
		const dateShare = sizes.date === undefined ? 1 : share(sizes.date);
		const filters = FILTER_NAMES.filter((name) => shape.lists[name] !== undefined);

		const drivers: { driver: DriverName; rows: number; ordered: boolean }[] = [
			{ driver: 'entries', rows: sizes.date ?? corpus, ordered: true },
		];
		for (const name of filters) {
			const arity = shape.lists[name]!;
			drivers.push({ driver: `${name}${arity}`, rows: (sizes[name] ?? 0) * dateShare, ordered: arity === '1' });
		}

		let best: Plan = { driver: 'entries', matchMode: shape.match ? 'set' : null };
		let bestCost = Infinity;
		const consider = (plan: Plan, cost: number) => {
			if (cost < bestCost) {
				best = plan;
				bestCost = cost;
			}
		};
		const modes: MatchMode[] = shape.match ? ['set', 'probe'] : [null];
		for (const { driver, rows, ordered } of drivers) {
			const probes = filters.length - (driver === 'entries' ? 0 : 1);
			for (const matchMode of modes) {
				if (matchMode === 'probe' && rows > tinyDriver) continue;
				const perRow = 1 + probes + (matchMode === 'probe' ? probeCost : 0);
				const fill = matchMode === 'set' && !hitSetFilled ? hits * COST.fill : 0;
				const read = ordered && wanted !== null ? Math.min(rows, (wanted * rows) / Math.max(result, 1)) : rows;
				const sort = ordered || wanted === null ? 0 : COST.sort;
				consider({ driver, matchMode }, read * (perRow + sort) + fill);
			}
		}
		if (shape.match) {
			// The match drives, in key order (newest first): a page stops after about wanted / selectivity hits; an
			// entries lookup only for a type filter (dates are a key range).
			const lookup = shape.lists.type === undefined ? 0 : COST.lookup;
			const read = wanted === null ? hits : Math.min(hits, (wanted * hits) / Math.max(result, 1));
			consider({ driver: 'match', matchMode: 'drive' }, read * (COST.decode + lookup + filters.length));
			// The hit set holds ids: its rows are looked up in entries and sorted.
			const setLookup = wanted === null && shape.lists.type === undefined && !shape.from && !shape.to ? 0 : COST.lookup;
			const sort = wanted === null ? 0 : COST.sort;
			if (hitSetFilled) consider({ driver: 'hits', matchMode: 'set' }, hits * (1 + filters.length + setLookup + sort));
		}
		return best;
	}

	/** Exact total from facet_counts when the criteria is at most two single values and nothing else. */
	function countedTotal(shape: Shape, criteria: Normalized): number | null {
		if (shape.match || shape.from || shape.to) return null;
		const used = FILTER_NAMES.filter((name) => shape.lists[name] !== undefined);
		if (used.some((name) => shape.lists[name] === 'N' || !FACETED.has(name)) || used.length > 2) return null;
		if (used.length === 0) return allSize.get() ?? 0;
		const [first, second] = used as [Filter, Filter | undefined];
		const firstKey = String(criteria.lists[first]![0]);
		if (second === undefined) return pairCount.get(first, firstKey, 'total', '') ?? 0;
		return pairCount.get(first, firstKey, second, String(criteria.lists[second]![0])) ?? 0;
	}

	function params(criteria: Normalized, page: { limit: number; offset: number }): Record<string, unknown> {
		const bound: Record<string, unknown> = { limit: page.limit, offset: page.offset, wanted: page.limit + page.offset };
		if (criteria.match !== null) bound.match = criteria.match;
		if (criteria.from !== null) bound.from = criteria.from;
		if (criteria.to !== null) bound.to = criteria.to;
		if (criteria.from !== null || criteria.to !== null) {
			const keys = fullTextKeyRange(criteria.from, criteria.to);
			bound.lowKey = keys.low;
			bound.highKey = keys.high;
		}
		for (const name of FILTER_NAMES) {
			const values = criteria.lists[name];
			if (values === undefined) continue;
			bound[FILTERS[name].one.slice(1)] = values[0];
			bound[FILTERS[name].many.slice(1)] = JSON.stringify(values);
		}
		return bound;
	}

	function pageStatement(shape: Shape, plan: Plan): Database.Statement {
		const key = `page ${plan.driver} ${plan.matchMode} ${shapeKey(shape)}`;
		return statement(key, () => pageSql(shape, plan)).pluck();
	}

	function countStatement(shape: Shape, plan: Plan): Database.Statement {
		const key = `count ${plan.driver} ${plan.matchMode} ${shapeKey(shape)}`;
		return statement(key, () => `SELECT count(*) FROM (${selectSql(shape, plan, false)})`).pluck();
	}

	/** Counts up to @cap matches: an ordered walk (the match's keys, an index) that stops there. */
	function cappedCountStatement(shape: Shape, plan: Plan): Database.Statement {
		const key = `capped ${plan.driver} ${plan.matchMode} ${shapeKey(shape)}`;
		return statement(key, () => `SELECT count(*) FROM (${selectSql(shape, plan, true)} LIMIT @cap)`).pluck();
	}

	/** Runs one find() inside a read transaction, so ids, total and the hit set come from one snapshot. */
	const snapshot = db.transaction(
		(given: Normalized, run: (hits: HitSet, criteria: Normalized) => SearchResult): SearchResult => {
			const criteria: Normalized = given.match === null ? given : { ...given, match: expandPrefixes(given.match) };
			const version = databaseVersion.get()!;
			const current = state.match === criteria.match && state.version === version;
			const hits: HitSet = {
				filled: current,
				size: current ? state.size : 0,
				fill(match: string) {
					if (this.filled) return;
					// Forget the old set first: should the fill fail, no stale set is left marked as current.
					state.match = null;
					clearHits.run();
					this.size = fillHits.run({ match }).changes;
					this.filled = true;
					Object.assign(state, { match, version: databaseVersion.get()!, size: this.size });
				},
			};
			return run(hits, criteria);
		},
	);

	function newest(shape: Shape, given: Normalized, page: Bounds, withTotal: boolean): SearchResult {
		return snapshot(given, (hitSet, criteria) => {
			const bound = params(criteria, page);
			if (!withTotal && page.limit > 0 && matchOnly(shape)) {
				// The match alone, without dates: its own newest-first walk is the cheapest plan whatever its size
				// (choosePlan would pick it), so the capped count that sizes the match for planning is not needed.
				// Measured at 100k: half of a province-filtered sample's time was that count.
				return { ids: pageStatement(shape, MATCH_DRIVES).all(bound) as number[], total: -1 };
			}
			const est = estimate(criteria);
			let ids: number[] = [];
			if (page.limit > 0) {
				// A hit set still current from the previous call (find, then idsForFacets) costs nothing more.
				const known: Estimate = hitSet.filled ? { ...est, matchHits: hitSet.size } : est;
				const plan = choosePlan(shape, known, page.limit + page.offset, hitSet.filled);
				if (plan.matchMode === 'set') hitSet.fill(criteria.match!);
				ids = pageStatement(shape, plan).all(bound) as number[];
			}
			if (!withTotal) return { ids, total: -1 };
			// A short first page is the whole result: its length is the total.
			if (page.offset === 0 && ids.length < page.limit) return { ids, total: ids.length };
			return { ids, ...total(shape, criteria, est, hitSet, bound, page.countUpTo) };
		});
	}

	function total(
		shape: Shape,
		criteria: Normalized,
		est: Estimate,
		hitSet: HitSet,
		bound: Record<string, unknown>,
		countUpTo: number | null,
	): { total: number; more?: boolean } {
		const counted = countedTotal(shape, criteria);
		if (counted !== null) return { total: counted };
		const onlyMatch = matchOnly(shape);
		if (onlyMatch) {
			if (est.matchHits !== null) return { total: est.matchHits };
			if (hitSet.filled) return { total: hitSet.size };
		}
		if (shape.match && countUpTo !== null) {
			// Planning already counted this many hits of the match alone.
			if (onlyMatch && countUpTo <= broadMatch) return { total: countUpTo - 1, more: true };
			// A walk in newest order that stops at the cap: a page's work, not the match's.
			const plan = choosePlan(shape, est, countUpTo, hitSet.filled);
			if (plan.matchMode === 'set') hitSet.fill(criteria.match!);
			const n = cappedCountStatement(shape, plan).get({ ...bound, cap: countUpTo }) as number;
			return n < countUpTo ? { total: n } : { total: countUpTo - 1, more: true };
		}
		if (onlyMatch) return { total: matchCount.get(criteria.match!) ?? 0 };
		const known: Estimate = hitSet.filled ? { ...est, matchHits: hitSet.size } : est;
		const plan = choosePlan(shape, known, null, hitSet.filled);
		if (plan.matchMode === 'set') hitSet.fill(criteria.match!);
		return { total: countStatement(shape, plan).get(bound) as number };
	}

	/**
	 * Relevance: the plain FTS5 ranked query for the first limit + offset + 1 hits (bm25 of every hit, which
	 * any ranked query computes, and a bounded sort), then the newest-first tie-break on those rows only. When
	 * a score tie straddles the page end, the tie-safe query ranks all hits with their dates instead.
	 */
	function relevance(shape: Shape, criteria: Normalized, page: Bounds): SearchResult {
		return snapshot(criteria, (hitSet, counted) => {
			// Ranked with the match as given (bm25 scores a prefix as one phrase), counted with its prefixes expanded.
			const bound = params(criteria, page);
			const wanted = page.limit + page.offset;
			const top = statement(`top ${shapeKey(shape)}`, () => rankedSql(shape, true))
				.raw()
				.all(bound) as [id: number, score: number, key: number][];
			let ids: number[];
			if (top.length > wanted && top[wanted]![1] === top[wanted - 1]![1]) {
				ids = statement(`ties ${shapeKey(shape)}`, () => tieSafeSql(shape))
					.pluck()
					.all(bound) as number[];
			} else {
				// Keys order rows by sort date then id: the newest-first tie-break without reading the entries.
				const ranked = top.slice(0, wanted);
				ranked.sort(([, scoreA, keyA], [, scoreB, keyB]) => scoreA - scoreB || keyB - keyA);
				ids = ranked.slice(page.offset).map(([id]) => id);
			}
			if (top.length <= wanted) return { ids, total: top.length };
			const countedBound = params(counted, page);
			return { ids, ...total(shape, counted, estimate(counted), hitSet, countedBound, page.countUpTo) };
		});
	}

	// The provinces, organizations and type of entries a search answer counts (over its newest 1,000 matches), kept
	// for the state of the data they were read in: searches sample the newest entries, so the same ones come back.
	const selectTypes = db
		.prepare<[string], [number, string]>(
			'SELECT e.id, e.type FROM json_each(?) j CROSS JOIN entries e ON e.id = j.value',
		)
		.raw();
	const selectProvinces = db
		.prepare<[string], [number, string]>(
			'SELECT p.entry_id, p.province FROM json_each(?) j CROSS JOIN entry_provinces p ON p.entry_id = j.value',
		)
		.raw();
	const selectOrgs = db
		.prepare<[string], [number, number]>(
			'SELECT o.entry_id, o.org_id FROM json_each(?) j CROSS JOIN entry_orgs o ON o.entry_id = j.value',
		)
		.raw();
	const facts = new Map<number, { type: string; province: readonly string[]; org: readonly string[] }>();
	let factsVersion = '';
	const table = { facts: null as FactTable | null, version: '', readAt: -Infinity };

	/** The fact table of the data as it is now, or null when it changed again too soon after the last read. */
	function currentTable(version: string): FactTable | null {
		if (!factTable) return null;
		if (table.version === version) return table.facts;
		const now = Date.now();
		if (now - table.readAt < FACT_TABLE_RELOAD_MS) return null;
		// Read in one snapshot, so the three facts agree.
		Object.assign(table, { facts: db.transaction(() => loadFactTable(db))(), version, readAt: now });
		return table.facts;
	}

	/** Counts of a facet's values among entries: from the fact table, else from kept facts (read for the ids not kept). */
	function countFacts(ids: readonly number[], facet: 'province' | 'org' | 'type', limit: number): FacetCount[] {
		const version = corpusVersion.get()!;
		const current = currentTable(version);
		if (current !== null) return current.count(ids, facet, limit);
		if (version !== factsVersion) {
			facts.clear();
			factsVersion = version;
		}
		const missing = ids.filter((id) => !facts.has(id));
		if (missing.length > 0) {
			// Three plain index walks: cheaper than one query gathering each entry's lists.
			const json = JSON.stringify(missing);
			const read = new Map<number, { type: string; province: string[]; org: string[] }>();
			for (const [id, type] of selectTypes.all(json)) read.set(id, { type, province: [], org: [] });
			for (const [id, province] of selectProvinces.all(json)) read.get(id)?.province.push(province);
			for (const [id, org] of selectOrgs.all(json)) read.get(id)?.org.push(String(org));
			for (const [id, fact] of read) facts.set(id, fact);
		}
		const counts = new Map<string, number>();
		for (const id of ids) {
			const fact = facts.get(id);
			if (fact === undefined) continue;
			for (const key of facet === 'type' ? [fact.type] : fact[facet]) counts.set(key, (counts.get(key) ?? 0) + 1);
		}
		// Counted first, then the oldest read go (a Map iterates in insertion order) until FACTS_KEPT are left.
		for (const id of facts.keys()) {
			if (facts.size <= FACTS_KEPT) break;
			facts.delete(id);
		}
		// As the SQL orders them: n descending, then the key in binary order.
		const sorted = [...counts]
			.map(([key, n]) => ({ key, n }))
			.sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		return limit < 0 ? sorted : sorted.slice(0, limit);
	}

	const facetStatements = Object.fromEntries(
		(Object.keys(FACETS_OF_SQL) as IdFacet[]).map((facet) => [
			facet,
			db.prepare<[string, number], FacetCount>(FACETS_OF_SQL[facet]),
		]),
	) as Record<IdFacet, Database.Statement<[string, number], FacetCount>>;

	return {
		/** A page of matching entry ids in the requested order, and the exact number of matches. */
		find(criteria: SearchCriteria, page: SearchPage): SearchResult {
			const bounds = pageBounds(page);
			const normalized = normalize(criteria);
			if (normalized === null) return { ids: [], total: 0 };
			const shape = shapeOf(normalized);
			if (criteria.order === 'relevance' && shape.match && bounds.limit > 0) {
				return relevance(shape, normalized, bounds);
			}
			return newest(shape, normalized, bounds, true);
		},

		/** The newest `limit` matching ids, without a total: the sample an overview of a broad search counts facets on. */
		idsForFacets(criteria: SearchCriteria, limit: number): number[] {
			const bounds = pageBounds({ limit });
			const normalized = normalize(criteria);
			if (normalized === null || bounds.limit === 0) return [];
			return newest(shapeOf(normalized), normalized, bounds, false).ids;
		},

		/** Counts of a facet's values among the given entries (n descending, then key); unknown ids are ignored. */
		facetsOf(ids: readonly number[], facet: IdFacet, limit = -1): FacetCount[] {
			const unique = [...new Set(ids.filter(Number.isSafeInteger))];
			if (unique.length === 0) return [];
			const kept = facet === 'province' || facet === 'org' || facet === 'type';
			if (kept && unique.length <= FACTS_KEPT) return countFacts(unique, facet, limit);
			// LIMIT -1 is SQLite's "no limit"; answers show the top few groups, exports and stats all of them.
			return facetStatements[facet].all(JSON.stringify(unique), limit);
		},

		/**
		 * The statement find() would run for a page in newest order (relevance: the ranked query), for
		 * query-plan tests and benchmarks. Null when the criteria cannot match anything.
		 */
		explain(criteria: SearchCriteria, page: SearchPage): SearchPlan | null {
			const bounds = pageBounds(page);
			const normalized = normalize(criteria);
			if (normalized === null) return null;
			const shape = shapeOf(normalized);
			const bound = params(normalized, bounds);
			if (criteria.order === 'relevance' && shape.match) {
				return { sql: rankedSql(shape, true), params: bound, usesHitSet: false };
			}
			const plan = choosePlan(shape, estimate(normalized), bounds.limit + bounds.offset, false);
			return { sql: pageSql(shape, plan), params: bound, usesHitSet: plan.matchMode === 'set' };
		},

		/**
		 * Which of `words` the full-text index has seen (as whole terms, or with `asPrefix` as the start of one),
		 * in alphabetical order: fts_terms keeps every term ever indexed, so a word found may match nothing now.
		 */
		indexedSpellings(words: readonly string[], asPrefix: boolean): string[] {
			if (words.length === 0) return [];
			return (asPrefix ? indexedPrefixes : indexedWords).all(JSON.stringify(words));
		},

		/** Empties the hit set kept between calls (it is otherwise refilled only when the match or the data change). */
		clearHitSet(): void {
			clearHits.run();
			state.match = null;
		},
	};
}

/** Which match the temp table of a connection holds, as of which database version (shared by its searches). */
const hitSets = new WeakMap<Database.Database, { match: string | null; version: string; size: number }>();

interface HitSet {
	filled: boolean;
	size: number;
	fill(match: string): void;
}

// GROUP BY 1, not the alias: json_each has a column of its own named key.
const FACETS_OF_SQL: Record<IdFacet, string> = {
	province: `SELECT p.province AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entry_provinces p
		ON p.entry_id = j.value GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	org: `SELECT CAST(o.org_id AS TEXT) AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entry_orgs o
		ON o.entry_id = j.value GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	// Two orgs of one country in an entry count the entry once.
	country: `SELECT c.country AS key, count(DISTINCT c.entry_id) AS n FROM json_each(?) j CROSS JOIN entry_orgs c
		ON c.entry_id = j.value WHERE c.country IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	type: `SELECT e.type AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e ON e.id = j.value
		GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	month: `SELECT substr(e.sort_date, 1, 7) AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e
		ON e.id = j.value GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	year: `SELECT substr(e.sort_date, 1, 4) AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e
		ON e.id = j.value GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	kind: `SELECT d.kind AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e ON e.id = j.value
		JOIN documents d ON d.id = e.document_id GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
	field: `SELECT f.field AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entry_fields f ON f.entry_id = j.value
		GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`,
};

interface Bounds {
	readonly limit: number;
	readonly offset: number;
	/** Null: count every match. */
	readonly countUpTo: number | null;
}

function pageBounds(page: SearchPage): Bounds {
	const offset = page.offset ?? 0;
	if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError(`Invalid page limit ${page.limit}`);
	if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`Invalid page offset ${offset}`);
	const given = page.countUpTo;
	if (given !== undefined && (!Number.isSafeInteger(given) || given < 1))
		throw new RangeError(`Invalid count cap ${given}`);
	// The cap never cuts the page itself: the total is at least where the page ends.
	const countUpTo = given === undefined ? null : Math.max(given, offset + page.limit + 1);
	return { limit: page.limit, offset, countUpTo };
}

/** Deduplicated, validated criteria; null when nothing can match (an empty list, from after to). */
function normalize(criteria: SearchCriteria): Normalized | null {
	const match = criteria.match ?? null;
	if (match !== null && match.trim() === '') throw new RangeError('An empty match expression: pass null instead');
	for (const bound of [criteria.from, criteria.to]) {
		if (bound !== undefined && !ISO_DATE.test(bound)) throw new RangeError(`Invalid date ${bound}`);
	}
	const from = criteria.from ?? null;
	const to = criteria.to ?? null;
	if (from !== null && to !== null && from > to) return null;
	for (const id of criteria.orgIds ?? []) {
		if (!Number.isSafeInteger(id)) throw new RangeError(`Invalid org id ${id}`);
	}
	const given: Record<Filter, readonly (string | number)[] | undefined> = {
		province: criteria.provinces,
		org: criteria.orgIds,
		country: criteria.countries,
		type: criteria.types,
		partner: criteria.bodyIds,
		field: criteria.fields,
	};
	const lists: Partial<Record<Filter, readonly (string | number)[]>> = {};
	for (const name of FILTER_NAMES) {
		const values = given[name];
		if (values === undefined) continue;
		if (values.length === 0) return null;
		lists[name] = [...new Set(values)];
	}
	return { match, lists, from, to };
}

function shapeOf(criteria: Normalized): Shape {
	const lists: Partial<Record<Filter, '1' | 'N'>> = {};
	for (const name of FILTER_NAMES) {
		const values = criteria.lists[name];
		if (values !== undefined) lists[name] = values.length === 1 ? '1' : 'N';
	}
	return { match: criteria.match !== null, lists, from: criteria.from !== null, to: criteria.to !== null };
}

/** A text match and nothing else: no filter, no date range. */
function matchOnly(shape: Shape): boolean {
	return shape.match && !shape.from && !shape.to && FILTER_NAMES.every((name) => shape.lists[name] === undefined);
}

/** The match's own newest-first walk (full-text rowids are keys in that order). */
const MATCH_DRIVES: Plan = { driver: 'match', matchMode: 'drive' };

function shapeKey(shape: Shape): string {
	const lists = FILTER_NAMES.map((name) => `${name}:${shape.lists[name] ?? '-'}`).join(',');
	return `${lists},match:${shape.match},from:${shape.from},to:${shape.to}`;
}

interface DriverSql {
	/** FROM clause. */
	readonly from: string;
	readonly where: string[];
	/** Expressions of the entry id and its sort date (null: not at hand) in the driver's rows. */
	readonly id: string;
	readonly sortDate: string | null;
	/** Whether `e` (the entries row) is already joined. */
	readonly entries: boolean;
	readonly distinct: boolean;
	/** Filters the driver already applies (itself, and the date range when pushed into its index). */
	readonly covers: ReadonlySet<Filter | 'match' | 'date'>;
}

function dateConditions(shape: Shape, column: string): string[] {
	const conditions: string[] = [];
	if (shape.from) conditions.push(`${column} >= @from`);
	if (shape.to) conditions.push(`${column} <= @to`);
	return conditions;
}

/** The table walked first. `ordered`: its rows feed ORDER BY sort date (a page), else only count(*). */
function driverSql(shape: Shape, driver: DriverName, ordered: boolean): DriverSql {
	const needsEntries = ordered || shape.lists.type !== undefined || shape.from || shape.to;
	if (driver === 'match') {
		// Rowids are keys in newest-first order (full-text-key): a page is read in order from the doclists and a date
		// range is a rowid range, so no entry row is read unless the type is filtered.
		const withType = shape.lists.type !== undefined;
		return {
			from: withType ? `entries_fts CROSS JOIN entries e ON e.id = ${FTS_ID}` : 'entries_fts',
			where: ['entries_fts MATCH @match', ...(shape.from || shape.to ? [KEY_RANGE] : [])],
			id: withType ? 'e.id' : FTS_ID,
			sortDate: withType ? 'e.sort_date' : null,
			entries: withType,
			distinct: false,
			covers: new Set(['match', 'date']),
		};
	}
	if (driver === 'entries') {
		// INDEXED BY pins the newest-first walk; otherwise the planner may prefer a rowid lookup plus a sort.
		return {
			from: 'entries e INDEXED BY entries_sort_date',
			where: dateConditions(shape, 'e.sort_date'),
			id: 'e.id',
			sortDate: 'e.sort_date',
			entries: true,
			distinct: false,
			covers: new Set(['date']),
		};
	}
	if (driver === 'hits') {
		const [from, id, where] = [`${HITS_TABLE} h`, 'h.id', [] as string[]];
		// CROSS JOIN keeps the hits as the outer loop: one entries lookup per hit, then a sort.
		return {
			from: needsEntries ? `${from} CROSS JOIN entries e ON e.id = ${id}` : from,
			where: [...where, ...dateConditions(shape, 'e.sort_date')],
			id: needsEntries ? 'e.id' : id,
			sortDate: needsEntries ? 'e.sort_date' : null,
			entries: needsEntries,
			distinct: false,
			covers: new Set(['match', 'date']),
		};
	}
	const filter = driver.slice(0, -1) as Filter;
	const many = driver.endsWith('N');
	const { table, column, one, many: list } = FILTERS[filter];
	const covers = new Set<Filter | 'date'>([filter, 'date']);
	const keyCondition = many ? `${column} IN (SELECT value FROM json_each(${list}))` : `${column} = ${one}`;
	if (filter === 'type') {
		return {
			from: 'entries e INDEXED BY entries_type_sort_date',
			where: [`e.${keyCondition}`, ...dateConditions(shape, 'e.sort_date')],
			id: 'e.id',
			sortDate: 'e.sort_date',
			entries: true,
			distinct: false,
			covers,
		};
	}
	if (!many) {
		// The primary key (key, sort_date, entry_id) is the newest-first order: a walk that stops at LIMIT.
		// entry_orgs_country is in that order too, but an entry with two orgs of the country appears twice, and
		// one naming a body in two roles has two entry_bodies rows.
		return {
			from: `${table} d`,
			where: [`d.${keyCondition}`, ...dateConditions(shape, 'd.sort_date')],
			id: 'd.entry_id',
			sortDate: 'd.sort_date',
			entries: false,
			distinct: filter === 'country' || filter === 'partner',
			covers,
		};
	}
	// Several keys: index ranges per key, merged, deduplicated (an entry naming two of the provinces) and sorted.
	const inner = [keyCondition, ...dateConditions(shape, 'sort_date')].join(' AND ');
	return {
		from: `(SELECT DISTINCT entry_id AS id, sort_date AS sd FROM ${table} WHERE ${inner}) d`,
		where: [],
		id: 'd.id',
		sortDate: 'd.sd',
		entries: false,
		distinct: false,
		covers,
	};
}

/** An EXISTS condition checking one filter for the row whose id (and sort date, when known) is given. */
function probe(filter: Filter, many: boolean, id: string, sortDate: string | null): string {
	const { table, column, one, many: list } = FILTERS[filter];
	if (many) {
		return `EXISTS (SELECT 1 FROM ${table} x WHERE x.entry_id = ${id} AND x.${column} IN (SELECT value FROM json_each(${list})))`;
	}
	// With the sort date the probe is a seek on the full primary key (or entry_orgs_country) of the fact table.
	if (sortDate !== null) {
		return `EXISTS (SELECT 1 FROM ${table} x WHERE x.${column} = ${one} AND x.sort_date = ${sortDate} AND x.entry_id = ${id})`;
	}
	return `EXISTS (SELECT 1 FROM ${table} x WHERE x.entry_id = ${id} AND x.${column} = ${one})`;
}

function typeCondition(shape: Shape): string {
	const { one, many } = FILTERS.type;
	return shape.lists.type === 'N' ? `e.type IN (SELECT value FROM json_each(${many}))` : `e.type = ${one}`;
}

/** SELECT … FROM … WHERE of the ids matching every filter of the shape, walked as the plan says. */
function selectSql(shape: Shape, plan: Plan, ordered: boolean): string {
	const driver = driverSql(shape, plan.driver, ordered);
	let from = driver.from;
	const where = [...driver.where];
	const needsType = shape.lists.type !== undefined && !driver.covers.has('type');
	if (needsType && !driver.entries) from += ` CROSS JOIN entries e ON e.id = ${driver.id}`;
	const sortDate = driver.sortDate ?? (needsType ? 'e.sort_date' : null);
	if (!driver.covers.has('date')) where.push(...dateConditions(shape, sortDate ?? 'e.sort_date'));
	for (const name of FILTER_NAMES) {
		const arity = shape.lists[name];
		if (arity === undefined || driver.covers.has(name)) continue;
		where.push(name === 'type' ? typeCondition(shape) : probe(name, arity === 'N', driver.id, sortDate));
	}
	// Another source of an event is not an answer of its own (its event's entry is). The full-text index holds
	// only events, so a text match leaves such sources out; without one, the walk skips them.
	if (!shape.match) where.push(standsForItsEvent(driver.id));
	if (shape.match && !driver.covers.has('match')) {
		if (plan.matchMode === 'probe') {
			const key =
				sortDate !== null
					? fullTextKeySql(sortDate, driver.id)
					: `(SELECT ${fullTextKeySql('k.sort_date', 'k.id')} FROM entries k WHERE k.id = ${driver.id})`;
			where.push(`EXISTS (SELECT 1 FROM entries_fts WHERE entries_fts MATCH @match AND entries_fts.rowid = ${key})`);
		} else {
			where.push(`EXISTS (SELECT 1 FROM ${HITS_TABLE} h WHERE h.id = ${driver.id})`);
		}
	}
	const select = `SELECT ${driver.distinct ? 'DISTINCT ' : ''}${driver.id} AS id`;
	return `${select} FROM ${from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

function pageSql(shape: Shape, plan: Plan): string {
	const driver = driverSql(shape, plan.driver, true);
	const order =
		plan.driver === 'match'
			? 'ORDER BY entries_fts.rowid DESC'
			: `ORDER BY ${driver.sortDate!} DESC, ${driver.id} DESC`;
	return `${selectSql(shape, plan, true)} ${order} LIMIT @limit OFFSET @offset`;
}

/** FTS hits passing the other filters with their bm25 score; `top` keeps the best limit + offset + 1. */
function rankedSql(shape: Shape, top: boolean): string {
	const where = ['entries_fts MATCH @match'];
	let from = 'entries_fts';
	const needsEntries = shape.lists.type !== undefined;
	if (needsEntries) from += ` CROSS JOIN entries e ON e.id = ${FTS_ID}`;
	if (shape.from || shape.to) where.push(KEY_RANGE);
	for (const name of FILTER_NAMES) {
		const arity = shape.lists[name];
		if (arity === undefined) continue;
		const sortDate = needsEntries ? 'e.sort_date' : null;
		where.push(name === 'type' ? typeCondition(shape) : probe(name, arity === 'N', FTS_ID, sortDate));
	}
	const sql = `SELECT ${FTS_ID} AS id, ${BM25_SQL} AS score, entries_fts.rowid AS key FROM ${from} WHERE ${where.join(' AND ')}`;
	return top ? `${sql} ORDER BY score LIMIT @wanted + 1` : sql;
}

/**
 * Ranks every hit, materialized once; the score of the page's last row bounds the rows that need their
 * entry for the newest-first tie-break.
 */
function tieSafeSql(shape: Shape): string {
	return `WITH ranked AS MATERIALIZED (${rankedSql(shape, false)}),
	cut AS (SELECT score FROM ranked ORDER BY score LIMIT 1 OFFSET @wanted - 1)
	SELECT r.id FROM ranked r WHERE r.score <= (SELECT score FROM cut)
	ORDER BY r.score, r.key DESC LIMIT @limit OFFSET @offset`;
}
