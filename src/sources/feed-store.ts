import type Database from 'better-sqlite3';

/** A feed as `/feeds list` and `status` show it. */
export interface FeedRecord {
	readonly id: number;
	readonly url: string;
	readonly title: string | null;
	readonly addedBy: string | null;
	readonly addedAt: string;
	readonly lastPolledAt: string | null;
	readonly lastSuccessAt: string | null;
	readonly lastError: string | null;
	readonly failureCount: number;
	readonly nextPollAt: string;
	readonly itemCount: number;
	/** Each item's linked page is fetched and ingested instead of the item's own text (a teaser). */
	readonly fullPage: boolean;
}

export interface SeenItem {
	readonly itemKey: string;
	readonly contentHash: string;
}

interface FeedRow {
	id: number;
	url: string;
	title: string | null;
	added_by: string | null;
	added_at: string;
	last_polled_at: string | null;
	last_success_at: string | null;
	last_error: string | null;
	failure_count: number;
	next_poll_at: string;
	item_count: number;
	full_page: number;
}

const SELECT_FEEDS = `SELECT f.*, (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id) AS item_count FROM feeds f`;

export type FeedStore = ReturnType<typeof createFeedStore>;

/** Feeds and the items seen in them (migration 5). */
export function createFeedStore(db: Database.Database) {
	const insertFeed = db.prepare<{
		url: string;
		title: string | null;
		addedBy: string | null;
		now: string;
		fullPage: number;
	}>(
		`INSERT INTO feeds (url, title, added_by, added_at, next_poll_at, full_page)
		VALUES (@url, @title, @addedBy, @now, @now, @fullPage) ON CONFLICT (url) DO NOTHING`,
	);
	const setFullPage = db.prepare<[number, number]>('UPDATE feeds SET full_page = ? WHERE id = ?');
	const byUrl = db.prepare<[string], FeedRow>(`${SELECT_FEEDS} WHERE f.url = ?`);
	const byId = db.prepare<[number], FeedRow>(`${SELECT_FEEDS} WHERE f.id = ?`);
	const all = db.prepare<[], FeedRow>(`${SELECT_FEEDS} ORDER BY f.id`);
	const due = db.prepare<[string], FeedRow>(`${SELECT_FEEDS} WHERE f.next_poll_at <= ? ORDER BY f.next_poll_at, f.id`);
	const deleteFeed = db.prepare<[number]>('DELETE FROM feeds WHERE id = ?');
	const success = db.prepare<{ id: number; now: string; next: string; title: string | null }>(
		`UPDATE feeds SET last_polled_at = @now, last_success_at = @now, last_error = NULL, failure_count = 0,
			next_poll_at = @next, title = coalesce(@title, title) WHERE id = @id`,
	);
	const failure = db.prepare<{ id: number; now: string; next: string; error: string }>(
		`UPDATE feeds SET last_polled_at = @now, last_error = @error, failure_count = failure_count + 1,
			next_poll_at = @next WHERE id = @id`,
	);
	const seenItems = db.prepare<[number], { item_key: string; content_hash: string }>(
		'SELECT item_key, content_hash FROM feed_items WHERE feed_id = ?',
	);
	const upsertItem = db.prepare<{
		feedId: number;
		itemKey: string;
		link: string | null;
		documentKey: string;
		contentHash: string;
		now: string;
	}>(
		`INSERT INTO feed_items (feed_id, item_key, link, document_key, content_hash, first_seen_at, updated_at)
		VALUES (@feedId, @itemKey, @link, @documentKey, @contentHash, @now, @now)
		ON CONFLICT (feed_id, item_key) DO UPDATE SET link = excluded.link, document_key = excluded.document_key,
			content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
	);

	return {
		/** Adds a feed, due at once; returns it and whether it was new. */
		add(url: string, options: { title?: string | null; addedBy?: string | null; now: Date; fullPage?: boolean }) {
			const changes = insertFeed.run({
				url,
				title: options.title ?? null,
				addedBy: options.addedBy ?? null,
				now: options.now.toISOString(),
				fullPage: options.fullPage ? 1 : 0,
			}).changes;
			return { feed: toRecord(byUrl.get(url)!), created: changes > 0 };
		},
		/** Whether a feed's items are fetched as full pages (a feed added again may change it). */
		setFullPage(id: number, fullPage: boolean): void {
			setFullPage.run(fullPage ? 1 : 0, id);
		},
		get(id: number): FeedRecord | null {
			const row = byId.get(id);
			return row ? toRecord(row) : null;
		},
		findByUrl(url: string): FeedRecord | null {
			const row = byUrl.get(url);
			return row ? toRecord(row) : null;
		},
		list(): FeedRecord[] {
			return all.all().map(toRecord);
		},
		due(now: Date): FeedRecord[] {
			return due.all(now.toISOString()).map(toRecord);
		},
		/** Removes a feed and its seen items; the documents already ingested stay. */
		remove(id: number): boolean {
			return deleteFeed.run(id).changes > 0;
		},
		recordSuccess(id: number, options: { now: Date; next: Date; title: string | null }): void {
			success.run({ id, now: options.now.toISOString(), next: options.next.toISOString(), title: options.title });
		},
		recordFailure(id: number, options: { now: Date; next: Date; error: string }): void {
			failure.run({ id, now: options.now.toISOString(), next: options.next.toISOString(), error: options.error });
		},
		seen(feedId: number): Map<string, string> {
			return new Map(seenItems.all(feedId).map((row) => [row.item_key, row.content_hash]));
		},
		recordItem(item: {
			feedId: number;
			itemKey: string;
			link: string | null;
			documentKey: string;
			contentHash: string;
			now: Date;
		}): void {
			upsertItem.run({ ...item, now: item.now.toISOString() });
		},
	};
}

function toRecord(row: FeedRow): FeedRecord {
	return {
		id: row.id,
		url: row.url,
		title: row.title,
		addedBy: row.added_by,
		addedAt: row.added_at,
		lastPolledAt: row.last_polled_at,
		lastSuccessAt: row.last_success_at,
		lastError: row.last_error,
		failureCount: row.failure_count,
		nextPollAt: row.next_poll_at,
		itemCount: row.item_count,
		fullPage: row.full_page === 1,
	};
}

/** Feed health for a status page: how many feeds, how many failing, and the failing ones' errors. */
export interface FeedHealth {
	readonly feeds: number;
	readonly failing: readonly { readonly url: string; readonly failures: number; readonly error: string }[];
}

/** Reads feed health, or null before migration 5 (a status page must not fail on an older database). */
export function readFeedHealth(db: Database.Database): FeedHealth | null {
	const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'feeds'").get();
	if (table === undefined) return null;
	const feeds = Number(db.prepare('SELECT count(*) FROM feeds').pluck().get());
	const failing = db
		.prepare<[], { url: string; failures: number; error: string }>(
			`SELECT url, failure_count AS failures, last_error AS error FROM feeds WHERE last_error IS NOT NULL ORDER BY id`,
		)
		.all();
	return { feeds, failing };
}
