/**
 * Migration 6: watchlists and deliveries. Owned by the feature that uses these tables; listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const WATCHES_SCHEMA_SQL = `
-- One row per finished ingest (CLI, bot, feed poller, any process) that stored new entries: entries with
-- after_entry_id < id <= last_entry_id are that ingest's news. Runs tile the id space, so an entry belongs to
-- exactly one run. Written by run-ingest at the end of a run, in the same transaction as its last documents.
CREATE TABLE ingest_runs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	finished_at TEXT NOT NULL,
	after_entry_id INTEGER NOT NULL CHECK (after_entry_id >= 0),
	last_entry_id INTEGER NOT NULL,
	CHECK (last_entry_id > after_entry_id)
) STRICT;

-- Where notifications go: a user's DMs (channel_id NULL) or a channel the user picked. cursor_run_id is the
-- last ingest run handled for this target; it moves in the same transaction that records a sent message,
-- so a restart never re-sends. paused_at/paused_reason: Discord refused (DMs blocked, channel permissions).
CREATE TABLE watch_targets (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id TEXT NOT NULL,
	channel_id TEXT,
	guild_id TEXT,
	cursor_run_id INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
	paused_at TEXT,
	paused_reason TEXT,
	-- The user has not been told about the pause yet (shown, then cleared, at their next /watch).
	pause_unreported INTEGER NOT NULL DEFAULT 0 CHECK (pause_unreported IN (0, 1)),
	CHECK ((paused_at IS NULL) = (paused_reason IS NULL))
) STRICT;
CREATE UNIQUE INDEX watch_targets_destination ON watch_targets (user_id, coalesce(channel_id, ''));

-- kind ngo: key is an org alias key (domain/names orgKey); province: the canonical province name;
-- query: the words as typed (matched through the full-text index). label is what the user sees.
CREATE TABLE watches (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	target_id INTEGER NOT NULL REFERENCES watch_targets (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('ngo', 'province', 'query')),
	key TEXT NOT NULL CHECK (key <> ''),
	label TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (target_id, kind, key)
) STRICT;
CREATE INDEX watches_user_id ON watches (user_id);

-- Sent notifications (one per target and ingest run): the audit trail, and what a retry after a crash checks.
CREATE TABLE watch_deliveries (
	target_id INTEGER NOT NULL REFERENCES watch_targets (id) ON DELETE CASCADE,
	run_id INTEGER NOT NULL REFERENCES ingest_runs (id),
	message_id TEXT NOT NULL,
	entry_count INTEGER NOT NULL CHECK (entry_count > 0),
	sent_at TEXT NOT NULL,
	PRIMARY KEY (target_id, run_id)
) STRICT, WITHOUT ROWID;
`;
