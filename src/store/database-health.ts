import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, userVersion } from './migrations.js';

/** What the database says about itself: file, schema, integrity, corpus and the newest digest post. */
export interface DatabaseHealth {
	readonly path: string;
	/** The main file plus its write-ahead log, in bytes (null for an in-memory database). */
	readonly sizeBytes: number | null;
	readonly walBytes: number | null;
	readonly journalMode: string;
	readonly schemaVersion: number;
	/** The schema this ngo-bot writes; an older file is migrated on open, a newer one is refused. */
	readonly expectedSchemaVersion: number;
	/** 'ok', or the first problems `PRAGMA quick_check` found. */
	readonly integrity: string;
	readonly corpusRevision: number;
	readonly documents: number;
	readonly entries: number;
	readonly lastIngestAt: string | null;
	/** Corpus revision each saved search-index snapshot reflects (start-up rebuilds a snapshot that lags). */
	readonly snapshotRevisions: Readonly<Record<string, number>>;
	/** Null when digests are not set up (no table, or no schedule yet). */
	readonly digest: DigestHealth | null;
	/** Null when no feed is followed. */
	readonly feeds: FeedsHealth | null;
	/** The newest crawl (ingest --follow, /ingest follow:true); null before the first. */
	readonly lastCrawl: CrawlHealth | null;
	/** Reads that failed (a damaged file); the figures they would have given are 0 or null. */
	readonly readErrors: readonly string[];
}

export interface DigestHealth {
	readonly schedules: number;
	/** The newest digest post that completed, or null before the first. */
	readonly lastPosted: { guildId: string; channelId: string; week: string; at: string } | null;
	readonly failedPosts: number;
	/** Posts claimed but not finished (a shard stopped mid-post; finished on its next run). */
	readonly unfinishedPosts: number;
}

export interface FeedsHealth {
	readonly count: number;
	/** Feeds whose last poll failed, with the error (they back off; `/feeds list` shows when they retry). */
	readonly failing: readonly { readonly url: string; readonly failures: number; readonly error: string }[];
}

export interface CrawlHealth {
	readonly id: number;
	readonly seed: string;
	readonly state: 'running' | 'done' | 'stopped';
	readonly stopReason: string | null;
	readonly updatedAt: string;
	readonly pagesFetched: number;
	readonly notModified: number;
	readonly robotsSkipped: number;
	readonly failed: number;
	readonly entriesAdded: number;
	/** Pages still queued (a stopped crawl resumes with them). */
	readonly queued: number;
}

const meta = (db: Database.Database, key: string): string | null =>
	(db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;

function hasTable(db: Database.Database, name: string): boolean {
	return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function fileSize(path: string): number | null {
	try {
		return statSync(path).size;
	} catch {
		return null;
	}
}

/**
 * Reads the database's health. `PRAGMA quick_check` reads every page (about a second for 200 MB), so callers that
 * share the connection with interactions pass `integrity` from an earlier check instead of running it each time.
 */
export function readDatabaseHealth(db: Database.Database, options: { integrity?: string } = {}): DatabaseHealth {
	const path = db.name;
	const memory = db.memory || path === '' || path === ':memory:';
	const readErrors: string[] = [];
	// A damaged file fails some reads and not others: report what can be read, and what could not.
	const attempt = <T>(what: string, read: () => T, fallback: T): T => {
		try {
			return read();
		} catch (error) {
			readErrors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
			return fallback;
		}
	};
	const integrity = options.integrity ?? checkIntegrity(db);
	const count = (table: string) =>
		attempt(table, () => Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0), 0);
	const snapshotRevisions = attempt(
		'search_snapshots',
		() =>
			hasTable(db, 'search_snapshots')
				? Object.fromEntries(
						db
							.prepare<[], { name: string; revision: number }>(
								'SELECT name, revision FROM search_snapshots ORDER BY name',
							)
							.all()
							.map((row) => [row.name, Number(row.revision)]),
					)
				: {},
		{},
	);
	return {
		path,
		sizeBytes: memory ? null : fileSize(path),
		walBytes: memory ? null : (fileSize(`${path}-wal`) ?? 0),
		journalMode: attempt('journal_mode', () => String(db.pragma('journal_mode', { simple: true })), 'unknown'),
		schemaVersion: attempt('user_version', () => userVersion(db), 0),
		expectedSchemaVersion: LATEST_SCHEMA_VERSION,
		integrity,
		corpusRevision: attempt('corpus revision', () => Number(meta(db, 'corpus_revision') ?? 0), 0),
		documents: count('documents'),
		entries: count('entries'),
		lastIngestAt: attempt('last ingest', () => meta(db, 'last_ingest_at'), null),
		snapshotRevisions,
		digest: attempt('digests', () => readDigestHealth(db), null),
		feeds: attempt('feeds', () => readFeedsHealth(db), null),
		lastCrawl: attempt('crawls', () => readCrawlHealth(db), null),
		readErrors,
	};
}

/** `PRAGMA quick_check`: 'ok', or up to three problems joined (the full list is for `sqlite3 … "PRAGMA integrity_check"`). */
export function checkIntegrity(db: Database.Database): string {
	try {
		const rows = db.pragma('quick_check(3)', { simple: false }) as { quick_check: string }[];
		const problems = rows.map((row) => row.quick_check);
		return problems.length === 1 && problems[0] === 'ok' ? 'ok' : problems.join('; ');
	} catch (error) {
		// SQLite stops the check itself on some damage ("database disk image is malformed").
		return error instanceof Error ? error.message : String(error);
	}
}

function readDigestHealth(db: Database.Database): DigestHealth | null {
	if (!hasTable(db, 'digest_schedules') || !hasTable(db, 'digest_posts')) return null;
	const schedules = Number(db.prepare('SELECT count(*) FROM digest_schedules').pluck().get() ?? 0);
	const posts = db
		.prepare(
			`SELECT count(*) FILTER (WHERE state = 'failed') AS failed, count(*) FILTER (WHERE state = 'posting') AS unfinished
			FROM digest_posts`,
		)
		.get() as { failed: number; unfinished: number };
	if (schedules === 0 && posts.failed === 0 && posts.unfinished === 0) {
		const any = db.prepare('SELECT 1 FROM digest_posts LIMIT 1').get();
		if (any === undefined) return null;
	}
	const last = db
		.prepare(
			`SELECT guild_id AS guildId, channel_id AS channelId, week, finished_at AS at FROM digest_posts
			WHERE state = 'posted' ORDER BY finished_at DESC LIMIT 1`,
		)
		.get() as DigestHealth['lastPosted'] | undefined;
	return {
		schedules,
		lastPosted: last ?? null,
		failedPosts: Number(posts.failed),
		unfinishedPosts: Number(posts.unfinished),
	};
}

function readCrawlHealth(db: Database.Database): CrawlHealth | null {
	if (!hasTable(db, 'crawls')) return null;
	const row = db
		.prepare(
			`SELECT id, seed, state, stop_reason AS stopReason, updated_at AS updatedAt, pages_fetched AS pagesFetched,
				not_modified AS notModified, robots_skipped AS robotsSkipped, failed, entries_added AS entriesAdded,
				(SELECT count(*) FROM crawl_pages p WHERE p.crawl_id = c.id AND p.state = 'queued') AS queued
			FROM crawls c ORDER BY id DESC LIMIT 1`,
		)
		.get() as CrawlHealth | undefined;
	return row ?? null;
}

function readFeedsHealth(db: Database.Database): FeedsHealth | null {
	if (!hasTable(db, 'feeds')) return null;
	const count = Number(db.prepare('SELECT count(*) FROM feeds').pluck().get() ?? 0);
	if (count === 0) return null;
	const failing = db
		.prepare<[], { url: string; failures: number; error: string }>(
			'SELECT url, failure_count AS failures, last_error AS error FROM feeds WHERE last_error IS NOT NULL ORDER BY id LIMIT 10',
		)
		.all();
	return { count, failing };
}
