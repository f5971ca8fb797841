import type Database from 'better-sqlite3';
import type { ActivityType, IsoDate } from '../domain/entry.js';
import { indexableText } from '../domain/search-text.js';
import type { FacetCount, FacetName } from './facets.js';

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
	/** Inclusive bounds on the sort date. */
	readonly from?: IsoDate;
	readonly to?: IsoDate;
	/** Newest: sort date then id, descending. Relevance: bm25, then newest; without `match` it is newest. */
	readonly order: SearchOrder;
}

export interface SearchPage {
	readonly limit: number;
	readonly offset?: number;
}

export interface SearchResult {
	readonly ids: number[];
	/** Exact number of matching entries. */
	readonly total: number;
}

/** Facets facetsOf can count among a set of entries. */
export type IdFacet = Exclude<FacetName, 'total'>;

type Filter = 'province' | 'org' | 'country' | 'type';
type DriverName = 'entries' | 'match' | `${Filter}1` | `${Filter}N`;

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Above this many FTS hits the exact count is not needed for planning: the match is then too broad to drive.
const MATCH_ESTIMATE_CAP = 5_000;

/** Per filter: table, key column, parameter names and the facet_counts scope that estimates its size. */
const FILTERS: Record<Filter, { table: string; column: string; one: string; many: string }> = {
	province: { table: 'entry_provinces', column: 'province', one: '@province', many: '@provinces' },
	org: { table: 'entry_orgs', column: 'org_id', one: '@org', many: '@orgs' },
	country: { table: 'entry_orgs', column: 'country', one: '@country', many: '@countries' },
	type: { table: 'entries', column: 'type', one: '@type', many: '@types' },
};
const FILTER_NAMES = Object.keys(FILTERS) as Filter[];

export type EntrySearch = ReturnType<typeof createEntrySearch>;

/**
 * Creates the entry search: filtered, full-text and faceted lookups returning entry ids. SQL is generated per
 * criteria shape (which filters, single or several values) and driver, prepared once per shape and cached;
 * every value is bound. The driver (the table walked first) is chosen from facet counts, so the walk is short.
 */
export function createEntrySearch(db: Database.Database) {
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
	const matchSize = db
		.prepare<[string, number], number>(
			'SELECT count(*) FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?)',
		)
		.pluck();

	/** Estimated matching entries per filter and for the whole criteria (filters taken as independent). */
	function estimate(criteria: Normalized) {
		const corpus = Math.max(allSize.get() ?? 0, 1);
		const sizes: Partial<Record<Filter | 'match' | 'date', number>> = {};
		for (const name of FILTER_NAMES) {
			const values = criteria.lists[name];
			if (values !== undefined) sizes[name] = scopeSize.get(name, JSON.stringify(values.map(String))) ?? 0;
		}
		if (criteria.match !== null) sizes.match = matchSize.get(criteria.match, MATCH_ESTIMATE_CAP) ?? 0;
		if (criteria.from !== null || criteria.to !== null) {
			sizes.date = monthsSize.get(criteria.from?.slice(0, 7) ?? '0000-00', criteria.to?.slice(0, 7) ?? '9999-99') ?? 0;
		}
		let result = corpus;
		for (const size of Object.values(sizes)) result *= Math.min(size, corpus) / corpus;
		return { corpus, sizes, result };
	}

	/**
	 * Picks the cheapest driver. An ordered driver (an index already in newest order) stops after about
	 * (limit + offset) / selectivity rows; an unordered one reads all its rows and sorts them. Every other filter
	 * is a probe per row, and a text match that does not drive is first collected into a set of rowids.
	 */
	function chooseDriver(shape: Shape, criteria: Normalized, wanted: number | null): DriverName {
		const { corpus, sizes, result } = estimate(criteria);
		const dateShare = sizes.date === undefined ? 1 : Math.min(sizes.date, corpus) / corpus;
		const filterCount = FILTER_NAMES.filter((name) => shape.lists[name] !== undefined).length + (shape.match ? 1 : 0);
		const candidates: { driver: DriverName; rows: number; ordered: boolean }[] = [
			{ driver: 'entries', rows: sizes.date ?? corpus, ordered: true },
		];
		for (const name of FILTER_NAMES) {
			const arity = shape.lists[name];
			if (arity === undefined) continue;
			candidates.push({ driver: `${name}${arity}`, rows: (sizes[name] ?? 0) * dateShare, ordered: arity === '1' });
		}
		if (shape.match) candidates.push({ driver: 'match', rows: sizes.match ?? 0, ordered: false });

		let best: DriverName = 'entries';
		let bestCost = Infinity;
		for (const { driver, rows, ordered } of candidates) {
			const drives = driver === 'entries' ? 0 : 1;
			const probes = filterCount - drives;
			const walked = ordered && wanted !== null ? Math.min(rows, (wanted * rows) / Math.max(result, 1)) : rows;
			const matchSet = shape.match && driver !== 'match' ? (sizes.match ?? 0) : 0;
			// Sorting costs about as much again as reading, hence the factor 2 for unordered drivers.
			const cost = walked * (1 + probes) * (ordered || wanted === null ? 1 : 2) + matchSet;
			if (cost < bestCost) {
				best = driver;
				bestCost = cost;
			}
		}
		return best;
	}

	/** Exact total from facet_counts when the criteria is at most two single values and nothing else. */
	function countedTotal(shape: Shape, criteria: Normalized): number | null {
		if (shape.match || shape.from || shape.to) return null;
		const used = FILTER_NAMES.filter((name) => shape.lists[name] !== undefined);
		if (used.some((name) => shape.lists[name] === 'N') || used.length > 2) return null;
		if (used.length === 0) return allSize.get() ?? 0;
		const [first, second] = used as [Filter, Filter | undefined];
		const firstKey = String(criteria.lists[first]![0]);
		if (second === undefined) return pairCount.get(first, firstKey, 'total', '') ?? 0;
		return pairCount.get(first, firstKey, second, String(criteria.lists[second]![0])) ?? 0;
	}

	function params(criteria: Normalized, page: { limit: number; offset: number }): Record<string, unknown> {
		const bound: Record<string, unknown> = {
			limit: page.limit,
			offset: page.offset,
			last: page.limit + page.offset - 1,
		};
		if (criteria.match !== null) bound.match = criteria.match;
		if (criteria.from !== null) bound.from = criteria.from;
		if (criteria.to !== null) bound.to = criteria.to;
		for (const name of FILTER_NAMES) {
			const values = criteria.lists[name];
			if (values === undefined) continue;
			bound[FILTERS[name].one.slice(1)] = values[0];
			bound[FILTERS[name].many.slice(1)] = JSON.stringify(values);
		}
		return bound;
	}

	function newestIds(shape: Shape, criteria: Normalized, page: { limit: number; offset: number }): number[] {
		const driver = chooseDriver(shape, criteria, page.limit + page.offset);
		const key = `newest ${driver} ${shapeKey(shape)}`;
		return statement(key, () => newestSql(shape, driver))
			.pluck()
			.all(params(criteria, page)) as number[];
	}

	function count(shape: Shape, criteria: Normalized): number {
		const counted = countedTotal(shape, criteria);
		if (counted !== null) return counted;
		const driver = chooseDriver(shape, criteria, null);
		const key = `count ${driver} ${shapeKey(shape)}`;
		return statement(key, () => `SELECT count(*) FROM (${selectSql(shape, driver)})`)
			.pluck()
			.get(params(criteria, { limit: 0, offset: 0 })) as number;
	}

	function relevance(shape: Shape, criteria: Normalized, page: { limit: number; offset: number }): SearchResult {
		const key = `relevance ${shapeKey(shape)}`;
		const rows = statement(key, () => relevanceSql(shape))
			.raw()
			.all(params(criteria, page)) as [number, number][];
		// An empty page (offset past the end) carries no total: count separately.
		return { ids: rows.map((row) => row[0]), total: rows[0]?.[1] ?? count(shape, criteria) };
	}

	const facetStatements = Object.fromEntries(
		(Object.keys(FACETS_OF_SQL) as IdFacet[]).map((facet) => [
			facet,
			db.prepare<[string], FacetCount>(FACETS_OF_SQL[facet]),
		]),
	) as Record<IdFacet, Database.Statement<[string], FacetCount>>;

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
			const ids = bounds.limit === 0 ? [] : newestIds(shape, normalized, bounds);
			// A short first page is the whole result: its length is the total.
			const total = bounds.offset === 0 && ids.length < bounds.limit ? ids.length : count(shape, normalized);
			return { ids, total };
		},

		/** The newest `limit` matching ids, without a total: the sample an overview of a broad search counts facets on. */
		idsForFacets(criteria: SearchCriteria, limit: number): number[] {
			const bounds = pageBounds({ limit });
			const normalized = normalize(criteria);
			if (normalized === null || bounds.limit === 0) return [];
			return newestIds(shapeOf(normalized), normalized, bounds);
		},

		/** Counts of a facet's values among the given entries (n descending, then key); unknown ids are ignored. */
		facetsOf(ids: readonly number[], facet: IdFacet): FacetCount[] {
			const unique = [...new Set(ids.filter(Number.isSafeInteger))];
			if (unique.length === 0) return [];
			return facetStatements[facet].all(JSON.stringify(unique));
		},

		/** SQL of the statement find() would run for `criteria` and `page` (for query-plan tests and benchmarks). */
		explain(criteria: SearchCriteria, page: SearchPage): { sql: string; params: Record<string, unknown> } | null {
			const bounds = pageBounds(page);
			const normalized = normalize(criteria);
			if (normalized === null) return null;
			const shape = shapeOf(normalized);
			const sql =
				criteria.order === 'relevance' && shape.match
					? relevanceSql(shape)
					: newestSql(shape, chooseDriver(shape, normalized, bounds.limit + bounds.offset));
			return { sql, params: params(normalized, bounds) };
		},
	};
}

const FACETS_OF_SQL: Record<IdFacet, string> = {
	province: `SELECT p.province AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entry_provinces p
		ON p.entry_id = j.value GROUP BY p.province ORDER BY n DESC, key`,
	org: `SELECT CAST(o.org_id AS TEXT) AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entry_orgs o
		ON o.entry_id = j.value GROUP BY o.org_id ORDER BY n DESC, key`,
	// Two orgs of one country in an entry count the entry once.
	country: `SELECT c.country AS key, count(DISTINCT c.entry_id) AS n FROM json_each(?) j CROSS JOIN entry_orgs c
		ON c.entry_id = j.value WHERE c.country IS NOT NULL GROUP BY c.country ORDER BY n DESC, key`,
	type: `SELECT e.type AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e ON e.id = j.value
		GROUP BY e.type ORDER BY n DESC, key`,
	month: `SELECT substr(e.sort_date, 1, 7) AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e
		ON e.id = j.value GROUP BY key ORDER BY n DESC, key`,
	year: `SELECT substr(e.sort_date, 1, 4) AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e
		ON e.id = j.value GROUP BY key ORDER BY n DESC, key`,
	kind: `SELECT d.kind AS key, count(*) AS n FROM json_each(?) j CROSS JOIN entries e ON e.id = j.value
		JOIN documents d ON d.id = e.document_id GROUP BY d.kind ORDER BY n DESC, key`,
};

function pageBounds(page: SearchPage): { limit: number; offset: number } {
	const offset = page.offset ?? 0;
	if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError(`Invalid page limit ${page.limit}`);
	if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`Invalid page offset ${offset}`);
	return { limit: page.limit, offset };
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

function shapeKey(shape: Shape): string {
	const lists = FILTER_NAMES.map((name) => `${name}:${shape.lists[name] ?? '-'}`).join(',');
	return `${lists},match:${shape.match},from:${shape.from},to:${shape.to}`;
}

interface DriverSql {
	/** FROM clause. */
	readonly from: string;
	readonly where: string[];
	/** Expressions of the entry id and its sort date in the driver's rows. */
	readonly id: string;
	readonly sortDate: string;
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

function driverSql(shape: Shape, driver: DriverName): DriverSql {
	if (driver === 'entries') {
		// INDEXED BY pins the newest-first walk; otherwise the planner may prefer a rowid IN lookup plus a sort.
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
	if (driver === 'match') {
		// CROSS JOIN keeps the FTS hits as the outer loop: one entries lookup per hit, then a sort.
		return {
			from: 'entries_fts CROSS JOIN entries e ON e.id = entries_fts.rowid',
			where: ['entries_fts MATCH @match', ...dateConditions(shape, 'e.sort_date')],
			id: 'e.id',
			sortDate: 'e.sort_date',
			entries: true,
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
	if (!many && filter !== 'country') {
		// The primary key (key, sort_date, entry_id) is the newest-first order: a walk that stops at LIMIT.
		return {
			from: `${table} d`,
			where: [`d.${keyCondition}`, ...dateConditions(shape, 'd.sort_date')],
			id: 'd.entry_id',
			sortDate: 'd.sort_date',
			entries: false,
			distinct: false,
			covers,
		};
	}
	if (!many) {
		// entry_orgs_country is in newest-first order too, but an entry with two orgs of the country appears twice.
		return {
			from: 'entry_orgs d',
			where: [`d.${keyCondition}`, ...dateConditions(shape, 'd.sort_date')],
			id: 'd.entry_id',
			sortDate: 'd.sort_date',
			entries: false,
			distinct: true,
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

/** EXISTS conditions checking one filter for the row whose id (and sort date, when known) is given. */
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

/** FROM + WHERE of the ids matching every filter of the shape, walked from `driver`. */
function selectSql(shape: Shape, driverName: DriverName): string {
	const driver = driverSql(shape, driverName);
	let from = driver.from;
	const where = [...driver.where];
	const needsEntries = shape.lists.type !== undefined && !driver.covers.has('type');
	if (needsEntries && !driver.entries) from += ` CROSS JOIN entries e ON e.id = ${driver.id}`;
	if (!driver.covers.has('date')) where.push(...dateConditions(shape, driver.sortDate));
	for (const name of FILTER_NAMES) {
		const arity = shape.lists[name];
		if (arity === undefined || driver.covers.has(name)) continue;
		if (name === 'type') {
			const { one, many } = FILTERS.type;
			where.push(arity === 'N' ? `e.type IN (SELECT value FROM json_each(${many}))` : `e.type = ${one}`);
		} else {
			where.push(probe(name, arity === 'N', driver.id, driver.sortDate));
		}
	}
	// A broad match that does not drive: its rowids are collected once into an ephemeral index, then probed.
	if (shape.match && !driver.covers.has('match')) {
		where.push(`${driver.id} IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @match)`);
	}
	const select = `SELECT ${driver.distinct ? 'DISTINCT ' : ''}${driver.id} AS id`;
	return `${select} FROM ${from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

function newestSql(shape: Shape, driverName: DriverName): string {
	const driver = driverSql(shape, driverName);
	return `${selectSql(shape, driverName)} ORDER BY ${driver.sortDate} DESC, ${driver.id} DESC LIMIT @limit OFFSET @offset`;
}

/**
 * Relevance: bm25 of every hit (what a plain FTS5 ranked query computes anyway), materialized once; the score of
 * the page's last row bounds the rows that need their entry (for the newest-first tie-break); the hit count is
 * the total, returned on every row.
 */
function relevanceSql(shape: Shape): string {
	const where = ['entries_fts MATCH @match'];
	let from = 'entries_fts';
	const needsEntries = shape.lists.type !== undefined || shape.from || shape.to;
	if (needsEntries) from += ' CROSS JOIN entries e ON e.id = entries_fts.rowid';
	where.push(...dateConditions(shape, 'e.sort_date'));
	for (const name of FILTER_NAMES) {
		const arity = shape.lists[name];
		if (arity === undefined) continue;
		if (name === 'type') {
			const { one, many } = FILTERS.type;
			where.push(arity === 'N' ? `e.type IN (SELECT value FROM json_each(${many}))` : `e.type = ${one}`);
		} else {
			where.push(probe(name, arity === 'N', 'entries_fts.rowid', needsEntries ? 'e.sort_date' : null));
		}
	}
	return `WITH ranked AS MATERIALIZED (
		SELECT entries_fts.rowid AS id, ${BM25_SQL} AS score FROM ${from} WHERE ${where.join(' AND ')}
	),
	cut AS (SELECT score FROM ranked ORDER BY score LIMIT 1 OFFSET @last)
	SELECT r.id, (SELECT count(*) FROM ranked) AS total
	FROM ranked r CROSS JOIN entries e ON e.id = r.id
	WHERE (SELECT score FROM cut) IS NULL OR r.score <= (SELECT score FROM cut)
	ORDER BY r.score, e.sort_date DESC, e.id DESC LIMIT @limit OFFSET @offset`;
}
