/**
 * Migration 11: archive crawls (ingest --follow, /ingest follow:true) and feeds that fetch each item's page.
 * Listed in ../migrations.ts. Until released this SQL may change; once released, add a new migration instead.
 */
export const CRAWLS_SCHEMA_SQL = `
-- One crawl of a listing and its pagination. A crawl stopped before the end (killed, a limit) is 'running' or
-- 'stopped' and is resumed by the next crawl of the same seed; times are ISO 8601 UTC strings.
CREATE TABLE crawls (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	seed TEXT NOT NULL,
	-- The preset or patterns links were read with (JSON), kept so a resumed crawl reads pages the same way.
	patterns TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('running', 'done', 'stopped')),
	started_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	finished_at TEXT,
	-- Why it stopped before the end: the page limit, the byte limit, robots.txt, an error.
	stop_reason TEXT,
	pages_fetched INTEGER NOT NULL DEFAULT 0,
	not_modified INTEGER NOT NULL DEFAULT 0,
	robots_skipped INTEGER NOT NULL DEFAULT 0,
	failed INTEGER NOT NULL DEFAULT 0,
	entries_added INTEGER NOT NULL DEFAULT 0,
	bytes INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX crawls_seed ON crawls (seed, state);

-- The pages of a crawl: the queue (state 'queued', in discovery order) and what became of each page. A page's
-- row is marked 'done' in the same transaction as its document's save, so a killed crawl re-fetches at most the
-- page it was on, and never stores a page twice.
CREATE TABLE crawl_pages (
	crawl_id INTEGER NOT NULL REFERENCES crawls (id) ON DELETE CASCADE,
	url TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('listing', 'item')),
	seq INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'not_modified', 'robots', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_try_at TEXT,
	error TEXT,
	entries_added INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (crawl_id, url)
) STRICT, WITHOUT ROWID;
CREATE INDEX crawl_pages_queue ON crawl_pages (crawl_id, state, seq);

-- The links a listing page held when last read whole: when it answers 304 next time, its items are checked again
-- from here (each conditionally), so a changed item page is found although its listing did not change.
CREATE TABLE listing_links (
	listing TEXT NOT NULL,
	url TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('item', 'next')),
	ordinal INTEGER NOT NULL,
	PRIMARY KEY (listing, url)
) STRICT, WITHOUT ROWID;

-- What each page answered last time, for conditional requests (If-None-Match / If-Modified-Since): an unchanged
-- page costs a 304. Shared by every crawl.
CREATE TABLE page_validators (
	url TEXT PRIMARY KEY,
	etag TEXT,
	last_modified TEXT,
	checked_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Feeds whose items are teasers: each item's linked page is fetched and ingested instead of the item's text.
ALTER TABLE feeds ADD COLUMN full_page INTEGER NOT NULL DEFAULT 0 CHECK (full_page IN (0, 1));
`;
