/**
 * Migration 4: digest schedules and posts. Owned by the feature that uses these tables; listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const DIGESTS_SCHEMA_SQL = `
-- "New this week" reads entries by the time they were stored.
CREATE INDEX entries_ingested_at ON entries (ingested_at);

-- One weekly schedule per guild channel; filters is a JSON object (province, type, org, country, groupBy, basis).
CREATE TABLE digest_schedules (
	guild_id TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
	time_zone TEXT NOT NULL,
	filters TEXT NOT NULL DEFAULT '{}',
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_error TEXT,
	last_error_at TEXT,
	PRIMARY KEY (guild_id, channel_id)
) STRICT;

-- The idempotency record of a scheduled post: claimed ('posting') before the first request, with the parts to send
-- and the nonce they are sent with; each part's message id is added as it lands; 'posted' when all have.
-- Still 'posting' after a crash: resumed with the same nonce, never claimed again.
-- 'failed' when Discord refused for good (missing channel or permission): the week is not tried again.
CREATE TABLE digest_posts (
	guild_id TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	week TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('posting', 'posted', 'failed')),
	nonce TEXT NOT NULL,
	parts TEXT NOT NULL,
	message_ids TEXT NOT NULL DEFAULT '[]',
	entry_count INTEGER NOT NULL,
	claimed_at TEXT NOT NULL,
	finished_at TEXT,
	error TEXT,
	-- The process delivering the parts, until when: another process resumes a 'posting' claim only after that.
	lease_owner TEXT,
	lease_until TEXT,
	PRIMARY KEY (guild_id, channel_id, week)
) STRICT;
CREATE INDEX digest_posts_posting ON digest_posts (state) WHERE state = 'posting';
`;
