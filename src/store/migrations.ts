import type Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors.js';
import { ftsColumns } from './entry-search.js';
import { createFullTextRows } from './full-text-rows.js';
import { CRAWLS_SCHEMA_SQL } from './schema/crawls.js';
import { DIGEST_REVIEW_SCHEMA_SQL } from './schema/digest-review.js';
import { DIGESTS_SCHEMA_SQL } from './schema/digests.js';
import { EVIDENCE_SCHEMA_SQL } from './schema/evidence.js';
import { EVIDENCE_BY_ENTRY_SCHEMA_SQL } from './schema/evidence-by-entry.js';
import { EVENTS_SCHEMA_SQL } from './schema/events.js';
import { OPERATIONS_SCHEMA_SQL } from './schema/operations.js';
import { BACKFILL_PARTNER_COUNTS_SQL, PARTNER_COUNTS_SCHEMA_SQL } from './schema/partner-counts.js';
import { PARTNERS_SCHEMA_SQL } from './schema/partners.js';
import { SOURCES_SCHEMA_SQL } from './schema/sources.js';
import { VALUE_CHECKS_SCHEMA_SQL } from './schema/value-checks.js';
import { WATCHES_SCHEMA_SQL } from './schema/watches.js';

export interface Migration {
	readonly version: number;
	readonly name: string;
	/**
	 * SQL, or a function for steps SQL cannot do (a backfill through our tokenizer), run inside the migration's
	 * transaction. Never edit a released migration: add a new one.
	 */
	readonly up: string | ((db: Database.Database) => void);
}

/** `PRAGMA application_id` of ngo-bot databases ("NGOB"), so another program's SQLite file is recognized. */
export const APPLICATION_ID = 0x4e474f42;

// Value lists are spelled out rather than built from ACTIVITY_TYPES / DOCUMENT_KINDS: a migration must mean the
// same thing forever. A test checks the latest schema accepts every current value, forcing a new migration.
export const migrations: readonly Migration[] = [
	{
		version: 1,
		name: 'initial schema',
		up: `
PRAGMA application_id = ${APPLICATION_ID};

CREATE TABLE documents (
	id INTEGER PRIMARY KEY,
	source_key TEXT NOT NULL UNIQUE,
	path TEXT,
	url TEXT,
	title TEXT,
	published TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	kind TEXT NOT NULL CHECK (kind IN ('digest', 'article', 'listing')),
	coverage_from TEXT CHECK (coverage_from IS NULL OR coverage_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	coverage_to TEXT CHECK (coverage_to IS NULL OR coverage_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	content_hash TEXT NOT NULL,
	extractor_version INTEGER NOT NULL,
	entry_count INTEGER NOT NULL CHECK (entry_count >= 0),
	first_ingested_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK ((coverage_from IS NULL) = (coverage_to IS NULL))
) STRICT;

-- AUTOINCREMENT: entry ids are cited by users and must never be handed out again after a delete.
CREATE TABLE entries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text_hash TEXT NOT NULL,
	date TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	sort_date TEXT NOT NULL CHECK (sort_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	title TEXT,
	type TEXT NOT NULL CHECK (type IN ('registration', 'deregistration', 'temporary_activity', 'meeting', 'visit',
		'training', 'publicity', 'donation', 'event', 'policy', 'project', 'other')),
	summary TEXT NOT NULL,
	text TEXT NOT NULL,
	ingested_at TEXT NOT NULL,
	UNIQUE (document_id, position)
) STRICT;
-- The UNIQUE (document_id, position) index also serves document lookups, cascades and export order.
-- Index entries end with the rowid, so these also give "ORDER BY sort_date DESC, id DESC" without a sort.
CREATE INDEX entries_sort_date ON entries (sort_date);
CREATE INDEX entries_type_sort_date ON entries (type, sort_date);

-- AUTOINCREMENT: orgs left without entries are deleted, and their ids may sit in old bot messages.
CREATE TABLE orgs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	key TEXT NOT NULL UNIQUE,
	country TEXT,
	entry_count INTEGER NOT NULL DEFAULT 0 CHECK (entry_count >= 0)
) STRICT;

CREATE TABLE org_aliases (
	alias_key TEXT PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
	alias TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX org_aliases_org_id ON org_aliases (org_id);

-- ordinal keeps the order of the mentions in the entry; name and country are as written in this entry.
-- sort_date copies entries.sort_date (kept equal by the insert statements and the trigger below) so that
-- "entries of this org, newest first" is a walk down the primary key that stops at LIMIT, with no sort.
CREATE TABLE entry_orgs (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES orgs (id),
	sort_date TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	name TEXT NOT NULL,
	country TEXT,
	PRIMARY KEY (org_id, sort_date, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_orgs_entry_id ON entry_orgs (entry_id);

CREATE TABLE entry_provinces (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	province TEXT NOT NULL,
	sort_date TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	PRIMARY KEY (province, sort_date, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_provinces_entry_id ON entry_provinces (entry_id);

CREATE TRIGGER entries_sort_date_copies AFTER UPDATE OF sort_date ON entries BEGIN
	UPDATE entry_orgs SET sort_date = NEW.sort_date WHERE entry_id = NEW.id;
	UPDATE entry_provinces SET sort_date = NEW.sort_date WHERE entry_id = NEW.id;
END;

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('corpus_revision', '0');
`,
	},
	{
		version: 2,
		name: 'full-text index, facet counts, search snapshots',
		up: (db) => {
			db.exec(MIGRATION_2_SQL);
			backfillFullText(db);
			db.exec(BACKFILL_FACETS_SQL);
		},
	},
	{
		version: 3,
		name: 'undated entries sort as undated, not by their ingest day',
		up: (db) => {
			// The sort_date copies in entry_provinces and entry_orgs follow through the entries_sort_date_copies trigger.
			db.exec(`UPDATE entries SET sort_date = coalesce(
				(SELECT coverage_to FROM documents d WHERE d.id = entries.document_id),
				(SELECT published FROM documents d WHERE d.id = entries.document_id),
				'0000-01-01')
			WHERE date IS NULL`);
			// Month and year counts depend on sort dates: count them again.
			db.exec('DELETE FROM facet_counts');
			db.exec(BACKFILL_FACETS_SQL);
		},
	},
	{ version: 4, name: 'digest schedules and posts', up: DIGESTS_SCHEMA_SQL },
	{ version: 5, name: 'feeds and fetched sources', up: SOURCES_SCHEMA_SQL },
	{ version: 6, name: 'watchlists and deliveries', up: WATCHES_SCHEMA_SQL },
	{ version: 7, name: 'operations: health and error counts', up: OPERATIONS_SCHEMA_SQL },
	{ version: 8, name: 'entry evidence: the words each fact came from', up: EVIDENCE_SCHEMA_SQL },
	{ version: 9, name: 'Chinese bodies with their roles, and fields of work', up: PARTNERS_SCHEMA_SQL },
	{ version: 10, name: 'one event told by several sources', up: EVENTS_SCHEMA_SQL },
	{ version: 11, name: 'archive crawls, and feeds that fetch full pages', up: CRAWLS_SCHEMA_SQL },
	{ version: 12, name: 'digest review: drafts, threads and a role to mention', up: DIGEST_REVIEW_SCHEMA_SQL },
	{
		version: 13,
		name: 'counts of bodies and fields of work',
		up: `${PARTNER_COUNTS_SCHEMA_SQL}\n${BACKFILL_PARTNER_COUNTS_SQL}`,
	},
	{ version: 14, name: 'full-text rows keyed newest first, and the terms they hold', up: rekeyFullText },
	// /search respells typos against fts_terms: the entry name index is gone, its snapshot (~100 MB at 1M) with it.
	{ version: 15, name: 'no entry name index', up: "DELETE FROM search_snapshots WHERE name = 'entries'" },
	{ version: 16, name: 'value checks without a temporary table per row', up: VALUE_CHECKS_SCHEMA_SQL },
	{ version: 17, name: 'evidence in one row per entry', up: EVIDENCE_BY_ENTRY_SCHEMA_SQL },
];

// Contentless (the text already lives in entries) with delete support; rowid = entries.id. Columns hold
// indexableText() output, so unicode61 only splits on spaces; the bm25 weights in entry-search follow this order.
const MIGRATION_2_SQL = `
CREATE VIRTUAL TABLE entries_fts USING fts5(orgs, title, provinces, text, content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2');

-- Materialized co-occurrence counts: for every entry, each scope it belongs to x each facet value it has, +1.
-- Kept by the document store in the same transaction as the entries; rows never hold 0.
CREATE TABLE facet_counts (
	scope TEXT NOT NULL CHECK (scope IN ('all', 'province', 'org', 'type', 'country')),
	scope_key TEXT NOT NULL,
	facet TEXT NOT NULL CHECK (facet IN ('total', 'province', 'org', 'type', 'country', 'month', 'year', 'kind')),
	facet_key TEXT NOT NULL,
	n INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (scope, scope_key, facet, facet_key)
) STRICT, WITHOUT ROWID;

-- Serialized search indexes (MiniSearch) with the corpus revision and options they were built from.
CREATE TABLE search_snapshots (
	name TEXT PRIMARY KEY,
	revision INTEGER NOT NULL,
	options_hash TEXT NOT NULL,
	built_at TEXT NOT NULL,
	data BLOB NOT NULL
) STRICT;

-- "Entries of orgs from this country, newest first" and its first/last dates, like the other primary keys.
CREATE INDEX entry_orgs_country ON entry_orgs (country, sort_date, entry_id) WHERE country IS NOT NULL;
`;

/**
 * Fills entries_fts for entries stored before migration 2, in id batches (a connection runs one query at a time).
 * It tokenizes with today's indexableText: a later change to the tokenizer needs a migration that rebuilds the index.
 */
function backfillFullText(db: Database.Database): void {
	// Entries of v1 kept no per-mention aliases: the org's known aliases stand in for them.
	const batch = db.prepare<[number], BackfillRow>(`
		SELECT e.id, e.title, e.text,
			(SELECT json_group_array(p.province ORDER BY p.ordinal) FROM entry_provinces p WHERE p.entry_id = e.id)
				AS provinces,
			(SELECT json_group_array(o.name ORDER BY o.ordinal) FROM entry_orgs o WHERE o.entry_id = e.id) AS names,
			(SELECT json_group_array(a.alias ORDER BY o.ordinal, a.alias_key) FROM entry_orgs o
				JOIN org_aliases a ON a.org_id = o.org_id WHERE o.entry_id = e.id) AS aliases
		FROM entries e WHERE e.id > ? ORDER BY e.id LIMIT 500`);
	const insert = db.prepare<[number, string, string, string, string]>(
		'INSERT INTO entries_fts (rowid, orgs, title, provinces, text) VALUES (?, ?, ?, ?, ?)',
	);
	let after = 0;
	for (let rows = batch.all(after); rows.length > 0; rows = batch.all(after)) {
		for (const row of rows) {
			const names = [...new Set([...parseStrings(row.names), ...parseStrings(row.aliases)])];
			const fts = ftsColumns({
				orgNames: names,
				title: row.title,
				provinces: parseStrings(row.provinces),
				text: row.text,
			});
			insert.run(row.id, fts.orgs, fts.title, fts.provinces, fts.text);
		}
		after = rows.at(-1)!.id;
	}
	// One merged b-tree per term after a bulk load: smaller and faster to query than the many small segments.
	db.exec("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')");
}

/**
 * Migration 13: entries_fts again, its rowids now keys in newest-first order (full-text-key), with fts_terms, every
 * term indexed (a prefix's terms are read from it). A contentless table cannot give its rows back, so every entry
 * standing for its event is indexed again from the store, with the words of its event's other sources.
 */
function rekeyFullText(db: Database.Database): void {
	// The same definition as migration 2's, to the whitespace (schemas are compared as text).
	db.exec(`DROP TABLE entries_fts;
CREATE VIRTUAL TABLE entries_fts USING fts5(orgs, title, provinces, text, content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2');
CREATE TABLE fts_terms (term TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;`);
	const rows = createFullTextRows(db);
	const batch = db.prepare<[number], { id: number; sources: string }>(`
		SELECT e.id, (SELECT json_group_array(s.id ORDER BY s.id) FROM entries s WHERE s.event_id = e.id) AS sources
		FROM entries e WHERE e.id > ? AND e.event_id IS NULL ORDER BY e.id LIMIT 500`);
	let after = 0;
	for (let found = batch.all(after); found.length > 0; found = batch.all(after)) {
		for (const { id, sources } of found)
			rows.putEvent(
				id,
				(JSON.parse(sources) as number[]).filter((s) => s !== id),
			);
		after = found.at(-1)!.id;
	}
	db.exec("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')");
}

interface BackfillRow {
	id: number;
	title: string | null;
	text: string;
	provinces: string;
	names: string;
	aliases: string;
}

function parseStrings(json: string): string[] {
	return JSON.parse(json) as string[];
}

// Same definition as facets.ts addEntryFacets (scopes x facets of each entry), computed in one statement.
const BACKFILL_FACETS_SQL = `
WITH
entry_countries (entry_id, country) AS (
	SELECT DISTINCT entry_id, country FROM entry_orgs WHERE country IS NOT NULL
),
scopes (entry_id, scope, scope_key) AS (
	SELECT id, 'all', '' FROM entries
	UNION ALL SELECT entry_id, 'province', province FROM entry_provinces
	UNION ALL SELECT entry_id, 'org', CAST(org_id AS TEXT) FROM entry_orgs
	UNION ALL SELECT id, 'type', type FROM entries
	UNION ALL SELECT entry_id, 'country', country FROM entry_countries
),
facets (entry_id, facet, facet_key) AS (
	SELECT id, 'total', '' FROM entries
	UNION ALL SELECT entry_id, 'province', province FROM entry_provinces
	UNION ALL SELECT entry_id, 'org', CAST(org_id AS TEXT) FROM entry_orgs
	UNION ALL SELECT id, 'type', type FROM entries
	UNION ALL SELECT entry_id, 'country', country FROM entry_countries
	UNION ALL SELECT id, 'month', substr(sort_date, 1, 7) FROM entries
	UNION ALL SELECT id, 'year', substr(sort_date, 1, 4) FROM entries
	UNION ALL SELECT e.id, 'kind', d.kind FROM entries e JOIN documents d ON d.id = e.document_id
)
INSERT INTO facet_counts (scope, scope_key, facet, facet_key, n)
SELECT s.scope, s.scope_key, f.facet, f.facet_key, count(*)
FROM scopes s JOIN facets f ON f.entry_id = s.entry_id
GROUP BY s.scope, s.scope_key, f.facet, f.facet_key;
`;

/** Schema version this code writes and reads. */
export const LATEST_SCHEMA_VERSION: number = migrations.at(-1)?.version ?? 0;

export interface MigrateResult {
	readonly from: number;
	readonly to: number;
	readonly applied: readonly string[];
}

/** Brings the schema to the latest version, one transaction per migration; throws if the database is newer. */
export function migrate(db: Database.Database): MigrateResult {
	const from = userVersion(db);
	if (from > LATEST_SCHEMA_VERSION) throw newerDatabaseError(from);
	const applied: string[] = [];
	for (const migration of migrations) {
		if (migration.version <= from) continue;
		const ran = db
			.transaction(() => {
				// Re-read under the write lock: another process (bot and CLI starting together) may have migrated.
				if (userVersion(db) >= migration.version) return false;
				if (typeof migration.up === 'string') db.exec(migration.up);
				else migration.up(db);
				db.pragma(`user_version = ${migration.version}`);
				return true;
			})
			.immediate();
		if (ran) applied.push(`${migration.version} ${migration.name}`);
	}
	return { from, to: userVersion(db), applied };
}

/** `PRAGMA user_version`: the schema version recorded in the database. */
export function userVersion(db: Database.Database): number {
	return Number(db.pragma('user_version', { simple: true }));
}

/** Error for a database written by a newer ngo-bot; `where` names the file when the caller knows it. */
export function newerDatabaseError(version: number, where = 'The database'): UserFacingError {
	return new UserFacingError(
		`${where} was written by a newer ngo-bot (schema version ${version}; this one knows up to ${LATEST_SCHEMA_VERSION}). ` +
			'Upgrade ngo-bot, or point DATABASE_PATH or --db at another file.',
		'database',
	);
}
