/**
 * Migration 5: feeds and fetched sources. Owned by the feature that uses these tables; listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const SOURCES_SCHEMA_SQL = `
-- RSS/Atom feeds polled on a schedule. Times are ISO 8601 UTC strings, so they compare as text.
CREATE TABLE feeds (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	url TEXT NOT NULL UNIQUE,
	title TEXT,
	added_by TEXT,
	added_at TEXT NOT NULL,
	last_polled_at TEXT,
	last_success_at TEXT,
	-- The last failure's message, cleared by the next success; failure_count drives the exponential backoff.
	last_error TEXT,
	failure_count INTEGER NOT NULL DEFAULT 0 CHECK (failure_count >= 0),
	next_poll_at TEXT NOT NULL
) STRICT;
CREATE INDEX feeds_next_poll_at ON feeds (next_poll_at);

-- Items seen per feed: a repeated item (same key, same hash) is skipped, a changed one is ingested again.
-- document_key is documents.source_key (the item's link, else feed URL + guid); a row is written only after
-- the document is committed, so a crash in between re-ingests an unchanged document (a no-op) next time.
CREATE TABLE feed_items (
	feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
	item_key TEXT NOT NULL,
	link TEXT,
	document_key TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	first_seen_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (feed_id, item_key)
) STRICT, WITHOUT ROWID;
`;
