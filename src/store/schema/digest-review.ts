/**
 * Migration 12: digest review. Drafts a moderator reviews before posting (kept in the database so a restart or
 * another moderator sees the same draft), and where digests go: a new thread or forum post named after the week,
 * with one role to mention. Listed in ../migrations.ts. Until released this SQL may change; once released, add a
 * new migration instead.
 */
export const DIGEST_REVIEW_SCHEMA_SQL = `
-- A previewed digest under review. digest is the built WeeklyDigest (JSON) as first previewed: what is posted is
-- rendered from it, the dropped entry ids (JSON array) and the intro line, exactly as the review pages show it.
-- revision grows with every change: a post names the revision its moderator saw, and a changed draft is not posted.
-- request_key (the week and filters) lets a second /digest preview of the same digest in the server reopen it.
CREATE TABLE digest_drafts (
	id TEXT PRIMARY KEY,
	guild_id TEXT NOT NULL,
	request_key TEXT NOT NULL,
	digest TEXT NOT NULL,
	dropped TEXT NOT NULL DEFAULT '[]',
	intro TEXT,
	revision INTEGER NOT NULL DEFAULT 1,
	state TEXT NOT NULL CHECK (state IN ('open', 'posting', 'posted', 'discarded')),
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	posted_to TEXT
) STRICT;
CREATE INDEX digest_drafts_open ON digest_drafts (guild_id, request_key) WHERE state = 'open';

-- A schedule may post into a new thread named after the week (forum channels always get a post of that name), and
-- mention one role; nothing else is ever pinged.
ALTER TABLE digest_schedules ADD COLUMN new_thread INTEGER NOT NULL DEFAULT 0 CHECK (new_thread IN (0, 1));
ALTER TABLE digest_schedules ADD COLUMN role_id TEXT;

-- The thread a claimed week is posted in, once created (a resumed post continues there), and its name.
ALTER TABLE digest_posts ADD COLUMN thread_name TEXT;
ALTER TABLE digest_posts ADD COLUMN new_thread INTEGER NOT NULL DEFAULT 0 CHECK (new_thread IN (0, 1));
ALTER TABLE digest_posts ADD COLUMN thread_id TEXT;
`;
