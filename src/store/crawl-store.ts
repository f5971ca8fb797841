import type Database from 'better-sqlite3';
import type { Validators } from '../sources/safe-fetch.js';

export type CrawlState = 'running' | 'done' | 'stopped';
export type PageKind = 'listing' | 'item';
export type PageState = 'queued' | 'done' | 'not_modified' | 'robots' | 'failed';

/** A crawl as `health` and the summaries show it. */
export interface CrawlRecord {
	readonly id: number;
	readonly seed: string;
	/** JSON of how links were read: {"preset": name} or {"item": source, "next": source}. */
	readonly patterns: string;
	readonly state: CrawlState;
	readonly startedAt: string;
	readonly updatedAt: string;
	readonly finishedAt: string | null;
	readonly stopReason: string | null;
	readonly pagesFetched: number;
	readonly notModified: number;
	readonly robotsSkipped: number;
	readonly failed: number;
	readonly entriesAdded: number;
	readonly bytes: number;
	/** Pages still queued. */
	readonly queued: number;
}

export interface QueuedPage {
	readonly url: string;
	readonly kind: PageKind;
	readonly attempts: number;
}

/** What a page's handling adds to its crawl's counters. */
export interface PageCounts {
	readonly fetched?: number;
	readonly notModified?: number;
	readonly robots?: number;
	readonly failed?: number;
	readonly entries?: number;
	readonly bytes?: number;
}

interface CrawlRow {
	id: number;
	seed: string;
	patterns: string;
	state: CrawlState;
	started_at: string;
	updated_at: string;
	finished_at: string | null;
	stop_reason: string | null;
	pages_fetched: number;
	not_modified: number;
	robots_skipped: number;
	failed: number;
	entries_added: number;
	bytes: number;
	queued: number;
}

const SELECT_CRAWLS = `SELECT c.*,
	(SELECT count(*) FROM crawl_pages p WHERE p.crawl_id = c.id AND p.state = 'queued') AS queued FROM crawls c`;

export type CrawlStore = ReturnType<typeof createCrawlStore>;

/** Crawls, their page queues, listing memories and page validators (migration 11). */
export function createCrawlStore(db: Database.Database) {
	const unfinished = db.prepare<[string], CrawlRow>(
		`${SELECT_CRAWLS} WHERE c.seed = ? AND c.state IN ('running', 'stopped') ORDER BY c.id DESC LIMIT 1`,
	);
	const byId = db.prepare<[number], CrawlRow>(`${SELECT_CRAWLS} WHERE c.id = ?`);
	const latest = db.prepare<[], CrawlRow>(`${SELECT_CRAWLS} ORDER BY c.id DESC LIMIT 1`);
	const insertCrawl = db.prepare<{ seed: string; patterns: string; now: string }>(
		`INSERT INTO crawls (seed, patterns, state, started_at, updated_at) VALUES (@seed, @patterns, 'running', @now, @now)`,
	);
	const setState = db.prepare<{ id: number; state: CrawlState; now: string; reason: string | null }>(
		`UPDATE crawls SET state = @state, updated_at = @now, stop_reason = @reason,
			finished_at = CASE WHEN @state = 'running' THEN NULL ELSE @now END WHERE id = @id`,
	);
	const count = db.prepare<Required<PageCounts> & { id: number; now: string }>(
		`UPDATE crawls SET pages_fetched = pages_fetched + @fetched, not_modified = not_modified + @notModified,
			robots_skipped = robots_skipped + @robots, failed = failed + @failed, entries_added = entries_added + @entries,
			bytes = bytes + @bytes, updated_at = @now WHERE id = @id`,
	);
	const enqueuePage = db.prepare<{ id: number; url: string; kind: PageKind }>(
		`INSERT INTO crawl_pages (crawl_id, url, kind, seq, state)
		VALUES (@id, @url, @kind, (SELECT coalesce(max(seq), 0) + 1 FROM crawl_pages WHERE crawl_id = @id), 'queued')
		ON CONFLICT DO NOTHING`,
	);
	const nextPage = db.prepare<[number, string], { url: string; kind: PageKind; attempts: number }>(
		`SELECT url, kind, attempts FROM crawl_pages INDEXED BY crawl_pages_queue
		WHERE crawl_id = ? AND state = 'queued' AND (next_try_at IS NULL OR next_try_at <= ?) ORDER BY seq LIMIT 1`,
	);
	const soonestRetry = db
		.prepare<[number], string | null>(
			`SELECT min(next_try_at) FROM crawl_pages WHERE crawl_id = ? AND state = 'queued' AND next_try_at IS NOT NULL`,
		)
		.pluck();
	const settle = db.prepare<{ id: number; url: string; state: PageState; error: string | null; entries: number }>(
		`UPDATE crawl_pages SET state = @state, error = @error, entries_added = @entries, attempts = attempts + 1,
			next_try_at = NULL WHERE crawl_id = @id AND url = @url`,
	);
	const retryLater = db.prepare<{ id: number; url: string; error: string; at: string }>(
		`UPDATE crawl_pages SET attempts = attempts + 1, error = @error, next_try_at = @at WHERE crawl_id = @id AND url = @url`,
	);
	const validatorsOf = db.prepare<[string], { etag: string | null; last_modified: string | null }>(
		'SELECT etag, last_modified FROM page_validators WHERE url = ?',
	);
	const saveValidators = db.prepare<{ url: string; etag: string | null; lastModified: string | null; now: string }>(
		`INSERT INTO page_validators (url, etag, last_modified, checked_at) VALUES (@url, @etag, @lastModified, @now)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			checked_at = excluded.checked_at`,
	);
	const dropValidators = db.prepare<[string]>('DELETE FROM page_validators WHERE url = ?');
	const deleteListing = db.prepare<[string]>('DELETE FROM listing_links WHERE listing = ?');
	const insertListingLink = db.prepare<[string, string, 'item' | 'next', number]>(
		'INSERT INTO listing_links (listing, url, kind, ordinal) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
	);
	const listingLinks = db.prepare<[string], { url: string; kind: 'item' | 'next' }>(
		'SELECT url, kind FROM listing_links WHERE listing = ? ORDER BY ordinal',
	);
	const storedDocument = db.prepare<[string], number>('SELECT 1 FROM documents WHERE source_key = ?').pluck();

	const toRecord = (row: CrawlRow): CrawlRecord => ({
		id: row.id,
		seed: row.seed,
		patterns: row.patterns,
		state: row.state,
		startedAt: row.started_at,
		updatedAt: row.updated_at,
		finishedAt: row.finished_at,
		stopReason: row.stop_reason,
		pagesFetched: row.pages_fetched,
		notModified: row.not_modified,
		robotsSkipped: row.robots_skipped,
		failed: row.failed,
		entriesAdded: row.entries_added,
		bytes: row.bytes,
		queued: row.queued,
	});

	return {
		/** The unfinished crawl of this seed (running when killed, or stopped at a limit), made running again. */
		resume(seed: string, now: Date): CrawlRecord | null {
			return db.transaction(() => {
				const row = unfinished.get(seed);
				if (row === undefined) return null;
				setState.run({ id: row.id, state: 'running', now: now.toISOString(), reason: null });
				return toRecord(byId.get(row.id)!);
			})();
		},

		/** A new crawl with its seed queued as the first listing page. */
		start(seed: string, patterns: string, now: Date): CrawlRecord {
			return db.transaction(() => {
				const id = Number(insertCrawl.run({ seed, patterns, now: now.toISOString() }).lastInsertRowid);
				enqueuePage.run({ id, url: seed, kind: 'listing' });
				return toRecord(byId.get(id)!);
			})();
		},

		get(id: number): CrawlRecord | null {
			const row = byId.get(id);
			return row === undefined ? null : toRecord(row);
		},

		/** The newest crawl, for health reports. */
		latest(): CrawlRecord | null {
			const row = latest.get();
			return row === undefined ? null : toRecord(row);
		},

		/** The first queued page due now, in discovery order. */
		next(id: number, now: Date): QueuedPage | null {
			return nextPage.get(id, now.toISOString()) ?? null;
		},

		/** When the soonest page waiting to be retried is due; null when none waits. */
		soonestRetry(id: number): string | null {
			return soonestRetry.get(id) ?? null;
		},

		/** Queues pages (each once per crawl), after those already queued. */
		enqueue(id: number, pages: readonly { url: string; kind: PageKind }[]): void {
			for (const page of pages) enqueuePage.run({ id, url: page.url, kind: page.kind });
		},

		/** A page's outcome and its crawl's counters. Run it inside the transaction that stored the page, if any. */
		settle(id: number, url: string, state: PageState, now: Date, counts: PageCounts, error: string | null = null) {
			settle.run({ id, url, state, error, entries: counts.entries ?? 0 });
			count.run({
				id,
				now: now.toISOString(),
				fetched: counts.fetched ?? 0,
				notModified: counts.notModified ?? 0,
				robots: counts.robots ?? 0,
				failed: counts.failed ?? 0,
				entries: counts.entries ?? 0,
				bytes: counts.bytes ?? 0,
			});
		},

		/** A page that failed for now: tried again at `at`. */
		retryLater(id: number, url: string, error: string, at: Date, bytes = 0, now = at): void {
			db.transaction(() => {
				retryLater.run({ id, url, error, at: at.toISOString() });
				count.run({ id, now: now.toISOString(), fetched: 0, notModified: 0, robots: 0, failed: 0, entries: 0, bytes });
			})();
		},

		finish(id: number, state: Exclude<CrawlState, 'running'>, now: Date, reason: string | null = null): CrawlRecord {
			setState.run({ id, state, now: now.toISOString(), reason });
			return toRecord(byId.get(id)!);
		},

		validators(url: string): Validators | null {
			const row = validatorsOf.get(url);
			return row === undefined ? null : { etag: row.etag, lastModified: row.last_modified };
		},

		/** Keeps what a page answered (or forgets it when the server gave no validators). */
		saveValidators(url: string, validators: Validators, now: Date): void {
			if (validators.etag === null && validators.lastModified === null) dropValidators.run(url);
			else saveValidators.run({ url, ...validators, now: now.toISOString() });
		},

		/** Replaces what a listing page links to. */
		rememberListing(listing: string, items: readonly string[], next: string | null): void {
			deleteListing.run(listing);
			items.forEach((url, i) => insertListingLink.run(listing, url, 'item', i));
			if (next) insertListingLink.run(listing, next, 'next', items.length);
		},

		/** What a listing page linked to when last read whole. */
		listing(listing: string): { items: string[]; next: string | null } {
			const rows = listingLinks.all(listing);
			return {
				items: rows.filter((row) => row.kind === 'item').map((row) => row.url),
				next: rows.find((row) => row.kind === 'next')?.url ?? null,
			};
		},

		/** Whether a document with this source key (a URL) is stored. */
		isStored(url: string): boolean {
			return storedDocument.get(url) !== undefined;
		},

		transaction<T>(work: () => T): T {
			return db.transaction(work)();
		},
	};
}
