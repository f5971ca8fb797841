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
	/** Distinct (body, role) pairs the entry names (body_counts); absent: none. */
	readonly bodies?: readonly (readonly [bodyId: number, role: string])[];
	/** Distinct fields of work of the entry (field_counts); absent: none. */
	readonly fields?: readonly string[];
}

/** One facet_counts row and the change to apply to it. */
export interface FacetDelta {
	readonly scope: FacetScope;
	readonly scopeKey: string;
	readonly facet: FacetName;
	readonly facetKey: string;
	n: number;
}

/** One body_counts (role '' = any role, org 0 = any) or field_counts (org 0 = the corpus) row and its change. */
export interface BodyDelta {
	readonly bodyId: number;
	readonly role: string;
	readonly orgId: number;
	n: number;
}
export interface FieldDelta {
	readonly orgId: number;
	readonly field: string;
	n: number;
}

/**
 * Pending facet_counts changes, so a document's or a batch's saves touch each row once: by scope
 * (`scope|scope key`, unambiguous as scope names hold no '|'), then by facet value (`facet|facet key`, likewise).
 * Two levels because an entry adds every scope it belongs to times every value it has (~70 rows for two provinces
 * and two orgs): each part's key is built and hashed once per entry instead of once per row. `bodies` and `fields`
 * hold the changes of body_counts and field_counts, kept by the same rule (an entry standing for its event counts).
 * `terms` holds the terms of the full-text rows written, which the store adds to fts_terms with the counts: once per
 * document or batch instead of once per entry (a 30k-entry ingest wrote 1.7 million terms entry by entry, 0.14
 * million batch by batch).
 */
export interface FacetDeltas {
	readonly counts: Map<string, Map<string, FacetDelta>>;
	bodies?: Map<string, BodyDelta>;
	fields?: Map<string, FieldDelta>;
	terms?: Set<string>;
}

/** No changes yet. */
export function emptyFacetDeltas(): FacetDeltas {
	return { counts: new Map() };
}

/** Every pending facet_counts change. */
export function* facetCountDeltas(deltas: FacetDeltas): Generator<FacetDelta> {
	for (const row of deltas.counts.values()) yield* row.values();
}

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

	const valueKeys = values.map(([facet, facetKey]) => `${facet}|${facetKey}`);
	for (const [scope, scopeKey] of scopes) {
		const scopeId = `${scope}|${scopeKey}`;
		let row = deltas.counts.get(scopeId);
		if (row === undefined) deltas.counts.set(scopeId, (row = new Map()));
		for (let i = 0; i < values.length; i++) {
			const delta = row.get(valueKeys[i]!);
			if (delta !== undefined) delta.n += sign;
			else row.set(valueKeys[i]!, { scope, scopeKey, facet: values[i]![0], facetKey: values[i]![1], n: sign });
		}
	}
	addPartnerCounts(deltas, facts, sign);
}

/** body_counts and field_counts of one entry: per body and role (and in any role), per org it names and overall. */
function addPartnerCounts(deltas: FacetDeltas, facts: EntryFacetFacts, sign: 1 | -1): void {
	const bodies = facts.bodies ?? [];
	const fields = facts.fields ?? [];
	if (bodies.length === 0 && fields.length === 0) return;
	const orgIds = [0, ...facts.orgIds];
	const bodyDeltas = (deltas.bodies ??= new Map());
	const addBody = (bodyId: number, role: string, orgId: number) => {
		const key = `${bodyId}|${orgId}|${role}`;
		const delta = bodyDeltas.get(key);
		if (delta === undefined) bodyDeltas.set(key, { bodyId, role, orgId, n: sign });
		else delta.n += sign;
	};
	for (const bodyId of new Set(bodies.map(([id]) => id))) addBody(bodyId, '', 0);
	for (const [bodyId, role] of bodies) for (const orgId of orgIds) addBody(bodyId, role, orgId);
	const fieldDeltas = (deltas.fields ??= new Map());
	for (const field of fields) {
		for (const orgId of orgIds) {
			const key = `${orgId}|${field}`;
			const delta = fieldDeltas.get(key);
			if (delta === undefined) fieldDeltas.set(key, { orgId, field, n: sign });
			else delta.n += sign;
		}
	}
}

/** Adds the changes of `from` to `into` (both pending: nothing is written). */
export function mergeFacetDeltas(into: FacetDeltas, from: FacetDeltas): void {
	for (const [scopeId, fromRow] of from.counts) {
		const row = into.counts.get(scopeId);
		if (row === undefined) {
			into.counts.set(scopeId, fromRow);
			continue;
		}
		for (const [key, delta] of fromRow) {
			const known = row.get(key);
			if (known === undefined) row.set(key, delta);
			else known.n += delta.n;
		}
	}
	for (const [key, delta] of from.bodies ?? []) {
		const bodies = (into.bodies ??= new Map());
		const known = bodies.get(key);
		if (known === undefined) bodies.set(key, delta);
		else known.n += delta.n;
	}
	for (const [key, delta] of from.fields ?? []) {
		const fields = (into.fields ??= new Map());
		const known = fields.get(key);
		if (known === undefined) fields.set(key, delta);
		else known.n += delta.n;
	}
	if (from.terms !== undefined) {
		const terms = (into.terms ??= new Set());
		for (const term of from.terms) terms.add(term);
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

	const bodyIncrements = db.prepare<[string]>(
		`INSERT INTO body_counts (body_id, role, org_id, n)
		SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
		ON CONFLICT DO UPDATE SET n = n + excluded.n`,
	);
	const bodyDeleteAtZero = db.prepare<[number, string, number, number]>(
		'DELETE FROM body_counts WHERE body_id = ? AND role = ? AND org_id = ? AND n = ?',
	);
	const bodyDecrement = db.prepare<[number, number, string, number]>(
		'UPDATE body_counts SET n = n - ? WHERE body_id = ? AND role = ? AND org_id = ?',
	);
	const fieldIncrements = db.prepare<[string]>(
		`INSERT INTO field_counts (org_id, field, n)
		SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
		ON CONFLICT DO UPDATE SET n = n + excluded.n`,
	);
	const fieldDeleteAtZero = db.prepare<[number, string, number]>(
		'DELETE FROM field_counts WHERE org_id = ? AND field = ? AND n = ?',
	);
	const fieldDecrement = db.prepare<[number, number, string]>(
		'UPDATE field_counts SET n = n - ? WHERE org_id = ? AND field = ?',
	);

	return {
		/** Writes the non-zero deltas. */
		apply(deltas: FacetDeltas): void {
			const increments: [string, string, string, string, number][] = [];
			for (const { scope, scopeKey, facet, facetKey, n } of facetCountDeltas(deltas)) {
				if (n > 0) increments.push([scope, scopeKey, facet, facetKey, n]);
				else if (n < 0 && deleteIfReachesZero.run(scope, scopeKey, facet, facetKey, -n).changes === 0) {
					decrement.run(-n, scope, scopeKey, facet, facetKey);
				}
			}
			if (increments.length > 0) {
				// Sorted by primary key so consecutive b-tree seeks land on the same, already cached pages.
				increments.sort(compareRows);
				incrementAll.run(JSON.stringify(increments));
			}
			const bodyRows: [number, string, number, number][] = [];
			for (const { bodyId, role, orgId, n } of deltas.bodies?.values() ?? []) {
				if (n > 0) bodyRows.push([bodyId, role, orgId, n]);
				else if (n < 0 && bodyDeleteAtZero.run(bodyId, role, orgId, -n).changes === 0) {
					bodyDecrement.run(-n, bodyId, role, orgId);
				}
			}
			if (bodyRows.length > 0) bodyIncrements.run(JSON.stringify(bodyRows));
			const fieldRows: [number, string, number][] = [];
			for (const { orgId, field, n } of deltas.fields?.values() ?? []) {
				if (n > 0) fieldRows.push([orgId, field, n]);
				else if (n < 0 && fieldDeleteAtZero.run(orgId, field, -n).changes === 0) {
					fieldDecrement.run(-n, orgId, field);
				}
			}
			if (fieldRows.length > 0) fieldIncrements.run(JSON.stringify(fieldRows));
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
