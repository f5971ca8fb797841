import type Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors.js';

export interface Migration {
	readonly version: number;
	readonly name: string;
	/** SQL run inside the migration's transaction. Never edit a released migration: add a new one. */
	readonly up: string;
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
];

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
				db.exec(migration.up);
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
