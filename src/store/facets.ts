import type Database from 'better-sqlite3';
import type { IsoDate } from '../domain/entry.js';

/** What a count is about: the whole corpus, or the entries of one province, org, activity type or org country. */
export const FACET_SCOPES = ['all', 'province', 'org', 'type', 'country'] as const;
export type FacetScope = (typeof FACET_SCOPES)[number];

/** What is counted inside a scope. */
export const FACET_NAMES = ['total', 'province', 'org', 'type', 'country', 'month', 'year', 'kind'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** A facet value and how many entries of the scope have it. Org keys are org ids as decimal text. */
export interface FacetCount {
	readonly key: string;
	readonly n: number;
}

/** First and last sort date of a scope's entries (null when the scope has none). */
export interface DateSpan {
	readonly first: IsoDate | null;
	readonly last: IsoDate | null;
}

/** The facts of one stored entry that facet_counts counts. Lists hold distinct values. */
export interface EntryFacetFacts {
	readonly sortDate: IsoDate;
	readonly type: string;
	/** Kind of the entry's document. */
	readonly kind: string;
	readonly provinces: readonly string[];
	readonly orgIds: readonly number[];
	/** Countries of origin stated for the entry's orgs in this entry. */
	readonly countries: readonly string[];
}

/** One facet_counts row and the change to apply to it. */
export interface FacetDelta {
	readonly scope: FacetScope;
	readonly scopeKey: string;
	readonly facet: FacetName;
	readonly facetKey: string;
	n: number;
}

/** Pending facet_counts changes keyed by row, so a document's saves touch each row once. */
export type FacetDeltas = Map<string, FacetDelta>;

/**
 * Adds `sign` (+1 stored, -1 removed) for every (scope of the entry) x (facet value of the entry).
 * The migration's backfill SQL computes the same definition; keep the two in step.
 */
export function addEntryFacets(deltas: FacetDeltas, facts: EntryFacetFacts, sign: 1 | -1): void {
	const orgKeys = facts.orgIds.map(String);
	const scopes: [FacetScope, string][] = [
		['all', ''],
		['type', facts.type],
	];
	for (const province of facts.provinces) scopes.push(['province', province]);
	for (const org of orgKeys) scopes.push(['org', org]);
	for (const country of facts.countries) scopes.push(['country', country]);

	const values: [FacetName, string][] = [
		['total', ''],
		['type', facts.type],
		['month', facts.sortDate.slice(0, 7)],
		['year', facts.sortDate.slice(0, 4)],
		['kind', facts.kind],
	];
	for (const province of facts.provinces) values.push(['province', province]);
	for (const org of orgKeys) values.push(['org', org]);
	for (const country of facts.countries) values.push(['country', country]);

	// Keys are built from parts computed once per entry. The scope key is length-prefixed and scope and facet names
	// hold no '|', so two different rows never share a key, whatever characters a name holds.
	const suffixes = values.map(([facet, facetKey]) => `${facet}|${facetKey}`);
	for (const [scope, scopeKey] of scopes) {
		const prefix = `${scope}|${scopeKey.length}|${scopeKey}`;
		values.forEach(([facet, facetKey], i) => {
			const key = prefix + suffixes[i]!;
			const delta = deltas.get(key);
			if (delta === undefined) deltas.set(key, { scope, scopeKey, facet, facetKey, n: sign });
			else delta.n += sign;
		});
	}
}

export type FacetWriter = ReturnType<typeof createFacetWriter>;

/** Applies facet deltas inside the caller's transaction; statements are prepared once. */
export function createFacetWriter(db: Database.Database) {
	// All increments of a save in one statement: one native call instead of hundreds, rows in key order.
	const incrementAll = db.prepare<[string]>(
		`INSERT INTO facet_counts (scope, scope_key, facet, facet_key, n)
		SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?) WHERE true
		ON CONFLICT DO UPDATE SET n = n + excluded.n`,
	);
	// A row reaching 0 is deleted; otherwise decremented. A count going below 0 violates CHECK (n > 0) and aborts
	// the save: the counts were already wrong, and silently clamping would hide it.
	const deleteIfReachesZero = db.prepare<[string, string, string, string, number]>(
		'DELETE FROM facet_counts WHERE scope = ? AND scope_key = ? AND facet = ? AND facet_key = ? AND n = ?',
	);
	const decrement = db.prepare<[number, string, string, string, string]>(
		'UPDATE facet_counts SET n = n - ? WHERE scope = ? AND scope_key = ? AND facet = ? AND facet_key = ?',
	);

	return {
		/** Writes the non-zero deltas. */
		apply(deltas: FacetDeltas): void {
			const increments: [string, string, string, string, number][] = [];
			for (const { scope, scopeKey, facet, facetKey, n } of deltas.values()) {
				if (n > 0) increments.push([scope, scopeKey, facet, facetKey, n]);
				else if (n < 0 && deleteIfReachesZero.run(scope, scopeKey, facet, facetKey, -n).changes === 0) {
					decrement.run(-n, scope, scopeKey, facet, facetKey);
				}
			}
			if (increments.length === 0) return;
			// Sorted by primary key so consecutive b-tree seeks land on the same, already cached pages.
			increments.sort(compareRows);
			incrementAll.run(JSON.stringify(increments));
		},
	};
}

function compareRows(a: readonly (string | number)[], b: readonly (string | number)[]): number {
	for (let i = 0; i < 4; i++) {
		if (a[i]! < b[i]!) return -1;
		if (a[i]! > b[i]!) return 1;
	}
	return 0;
}

/** First/last sort date per scope; each is a min() or max() over an index on (key, sort_date), O(log n). */
// Undated entries (sort date 0000-01-01) sort first in ascending order: spans skip them with a range bound
// that still walks the index from its end.
const DATED = "> '0000-12-31'";
export const SPAN_SQL: Readonly<Record<FacetScope, string>> = {
	all: `SELECT (SELECT min(sort_date) FROM entries WHERE sort_date ${DATED}) AS first,
		(SELECT max(sort_date) FROM entries WHERE sort_date ${DATED}) AS last`,
	province: `SELECT (SELECT min(sort_date) FROM entry_provinces WHERE province = @key AND sort_date ${DATED}) AS first,
		(SELECT max(sort_date) FROM entry_provinces WHERE province = @key AND sort_date ${DATED}) AS last`,
	org: `SELECT (SELECT min(sort_date) FROM entry_orgs WHERE org_id = CAST(@key AS INTEGER) AND sort_date ${DATED}) AS first,
		(SELECT max(sort_date) FROM entry_orgs WHERE org_id = CAST(@key AS INTEGER) AND sort_date ${DATED}) AS last`,
	type: `SELECT (SELECT min(sort_date) FROM entries WHERE type = @key AND sort_date ${DATED}) AS first,
		(SELECT max(sort_date) FROM entries WHERE type = @key AND sort_date ${DATED}) AS last`,
	country: `SELECT (SELECT min(sort_date) FROM entry_orgs WHERE country = @key AND sort_date ${DATED}) AS first,
		(SELECT max(sort_date) FROM entry_orgs WHERE country = @key AND sort_date ${DATED}) AS last`,
};

export type FacetReader = ReturnType<typeof createFacetReader>;

/** Creates the reader of materialized facet counts: every call is an index lookup, never an aggregation. */
export function createFacetReader(db: Database.Database) {
	const top = db.prepare<[string, string, string, number], FacetCount>(
		`SELECT facet_key AS key, n FROM facet_counts WHERE scope = ? AND scope_key = ? AND facet = ?
		ORDER BY n DESC, facet_key LIMIT ?`,
	);
	const all = db.prepare<[string, string, string], FacetCount>(
		'SELECT facet_key AS key, n FROM facet_counts WHERE scope = ? AND scope_key = ? AND facet = ? ORDER BY facet_key',
	);
	const total = db
		.prepare<[string, string], number>(
			`SELECT n FROM facet_counts WHERE scope = ? AND scope_key = ? AND facet = 'total' AND facet_key = ''`,
		)
		.pluck();
	const spans = Object.fromEntries(
		FACET_SCOPES.map((scope) => [scope, db.prepare<[{ key: string }], DateSpan>(SPAN_SQL[scope])]),
	) as Record<FacetScope, Database.Statement<[{ key: string }], DateSpan>>;

	return {
		/** The `limit` most frequent values of `facet` among the scope's entries (n descending, then key). */
		top(scope: FacetScope, scopeKey: string | number, facet: FacetName, limit: number): FacetCount[] {
			if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid limit ${limit}`);
			return top.all(scope, String(scopeKey), facet, limit);
		},

		/** Every value of `facet` in the scope in key order: month and year series come out chronological. */
		all(scope: FacetScope, scopeKey: string | number, facet: FacetName): FacetCount[] {
			return all.all(scope, String(scopeKey), facet);
		},

		/** Number of entries in the scope (0 when unknown). */
		total(scope: FacetScope, scopeKey: string | number = ''): number {
			return total.get(scope, String(scopeKey)) ?? 0;
		},

		/** Earliest and latest sort date of the scope's entries. */
		span(scope: FacetScope, scopeKey: string | number = ''): DateSpan {
			return spans[scope].get({ key: String(scopeKey) })!;
		},
	};
}
