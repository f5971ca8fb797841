import type Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors.js';
import type { DocumentReport, IngestReport, MemorySource } from '../ingest/run-ingest.js';
import { type CrawlProgress, type CrawlSummary, runCrawl } from '../crawl/crawler.js';
import { type CrawlRecord, createCrawlStore } from '../store/crawl-store.js';
import { type FeedRecord, createFeedStore } from './feed-store.js';
import { feedItemDocument, parseFeed, type FeedItem } from './parse-feed.js';
import { type FetchPolicy, assertFetchSize, parseFetchUrl, safeFetch } from './safe-fetch.js';

/** What one ingested URL or upload gave. */
export interface SourceIngestResult {
	readonly label: string;
	readonly url: string;
	readonly report: DocumentReport;
	/** Ids of the entries this ingest created. */
	readonly newEntryIds: readonly number[];
}

/** What one poll of one feed did. */
export interface FeedPollResult {
	readonly feed: FeedRecord;
	/** The fetch or parse error; the feed then backs off. */
	readonly error: string | null;
	readonly newItems: number;
	readonly changedItems: number;
	readonly repeatedItems: number;
	/** Items fetched fine whose text could not be split into entries (reported once, until they change). */
	readonly failedItems: readonly { readonly label: string; readonly message: string }[];
	readonly newEntryIds: readonly number[];
}

/** An uploaded file, as Discord describes it. */
export interface UploadRef {
	readonly url: string;
	readonly name: string;
	readonly size: number;
}

/** Adding documents and feeds without a shell: /ingest, /feeds, and the CLI's `ingest <url>` and `feeds`. */
export interface SourceService {
	/** Fetches a public http(s) URL and ingests it; the URL is the document's key, so a re-fetch updates it. */
	ingestUrl(url: string): Promise<SourceIngestResult>;
	/** Downloads an uploaded .txt, .md or .html file (through the same safe fetch) and ingests it. */
	ingestUpload(file: UploadRef): Promise<SourceIngestResult>;
	/** Checks the feed (fetch + parse), stores it and ingests its items at once. */
	addFeed(
		url: string,
		addedBy: string | null,
		options?: { readonly fullPage?: boolean },
	): Promise<{ readonly created: boolean; readonly poll: FeedPollResult }>;
	/** Removes a feed by URL or id; the documents it brought stay. Null when there is no such feed. */
	removeFeed(urlOrId: string): FeedRecord | null;
	listFeeds(): readonly FeedRecord[];
	/** Polls the feeds that are due (all of them with `all`), one after the other. */
	pollFeeds(options?: { readonly all?: boolean; readonly signal?: AbortSignal }): Promise<readonly FeedPollResult[]>;
	/**
	 * Crawls a listing (ingest --follow, /ingest follow:true): its items ingested, its pagination followed, politely
	 * and resumably (crawl/crawler.ts). `maxPages` lowers the configured page limit for this run.
	 */
	crawl(
		url: string,
		options?: {
			readonly maxPages?: number;
			readonly onProgress?: (progress: CrawlProgress) => void;
			readonly signal?: AbortSignal;
		},
	): Promise<CrawlSummary>;
	/** The newest crawl, for /health. */
	lastCrawl(): CrawlRecord | null;
	/** Milliseconds between polls of a healthy feed. */
	readonly pollIntervalMs: number;
}

export interface SourceServiceOptions {
	readonly db: Database.Database;
	readonly ingestSources: (
		sources: readonly MemorySource[],
	) => Promise<IngestReport & { readonly newEntryIds: readonly number[] }>;
	readonly fetch: FetchPolicy;
	readonly pollIntervalMs: number;
	/** Crawl politeness and limits (CRAWL_* settings), with the crawler's User-Agent. */
	readonly crawl: {
		readonly delayMs: number;
		readonly maxPages: number;
		readonly maxBytes: number;
		readonly userAgent: string;
	};
	readonly now: () => Date;
	/** Waits between a crawl's requests (injected by tests). */
	readonly sleep?: (ms: number) => Promise<void>;
}

/** Longest a failing feed waits before the next try. */
export const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;
const UPLOAD_NAME = /\.(txt|md|markdown|html?)$/i;

/** Delay before the next poll after `failures` failures in a row: the interval, doubled per failure, at most a day. */
export function backoffDelay(failures: number, intervalMs: number): number {
	if (failures <= 0) return intervalMs;
	return Math.min(intervalMs * 2 ** Math.min(failures, 30), Math.max(MAX_BACKOFF_MS, intervalMs));
}

export function createSourceService(options: SourceServiceOptions): SourceService {
	const feeds = createFeedStore(options.db);
	const crawls = createCrawlStore(options.db);
	// One ingest at a time: the poller and commands share one connection and its write transaction.
	let queue: Promise<unknown> = Promise.resolve();
	const serial = <T>(work: () => Promise<T>): Promise<T> => {
		const run = queue.then(work, work);
		queue = run.catch(() => {});
		return run;
	};

	async function ingestOne(source: MemorySource): Promise<SourceIngestResult> {
		const result = await serial(() => options.ingestSources([source]));
		const report = result.documents[0];
		if (!report) throw new Error(`ingest reported nothing for ${source.label}`);
		if (report.status === 'failed') throw new UserFacingError(report.message ?? `${source.label} failed.`, 'bad-input');
		return { label: source.label, url: source.url ?? source.key, report, newEntryIds: result.newEntryIds };
	}

	async function pollOne(feed: FeedRecord, signal?: AbortSignal): Promise<FeedPollResult> {
		const now = options.now();
		let items: readonly FeedItem[];
		let title: string | null;
		try {
			const fetched = await safeFetch(feed.url, 'feed', options.fetch, { signal });
			const parsed = parseFeed(fetched.text, feed.url);
			items = parsed.items;
			title = parsed.title;
		} catch (error) {
			if (!(error instanceof UserFacingError)) throw error;
			const next = new Date(now.getTime() + backoffDelay(feed.failureCount + 1, options.pollIntervalMs));
			feeds.recordFailure(feed.id, { now, next, error: error.message });
			return emptyPoll(feeds.get(feed.id) ?? feed, error.message);
		}
		const seen = feeds.seen(feed.id);
		const fresh = items.filter((item) => seen.get(item.key) !== item.contentHash);
		const failedItems: { label: string; message: string }[] = [];
		const prepared: { item: FeedItem; source: MemorySource }[] = [];
		for (const item of fresh) {
			// A link is the item's identity across feeds; without one, the feed and the guid together.
			const key = item.link ?? `${feed.url}#${item.key}`;
			const label = item.link ?? `${item.title ?? item.key} (${feed.url})`;
			let source: MemorySource = {
				key,
				label,
				text: feedItemDocument(item),
				format: 'html',
				url: item.link ?? feed.url,
				title: item.title,
				published: item.published,
			};
			if (feed.fullPage && item.link) {
				// The item is a teaser: its page is the document. A page that cannot be fetched now is tried at the next
				// poll (the item is not marked seen), never replaced by its teaser.
				try {
					const page = await safeFetch(item.link, 'document', options.fetch, { signal });
					source = { ...source, text: page.text, format: page.format ?? 'html' };
				} catch (error) {
					if (!(error instanceof UserFacingError)) throw error;
					failedItems.push({ label, message: error.message });
					continue;
				}
			}
			prepared.push({ item, source });
		}
		const sources = prepared.map(({ source }) => source);
		const result = sources.length > 0 ? await serial(() => options.ingestSources(sources)) : null;
		prepared.forEach(({ item, source }, index) => {
			const report = result?.documents[index];
			if (report?.status === 'failed') failedItems.push({ label: source.label, message: report.message ?? '' });
			feeds.recordItem({
				feedId: feed.id,
				itemKey: item.key,
				link: item.link,
				documentKey: source.key,
				contentHash: item.contentHash,
				now,
			});
		});
		feeds.recordSuccess(feed.id, { now, next: new Date(now.getTime() + options.pollIntervalMs), title });
		const changed = fresh.filter((item) => seen.has(item.key)).length;
		return {
			feed: feeds.get(feed.id) ?? feed,
			error: null,
			newItems: fresh.length - changed,
			changedItems: changed,
			repeatedItems: items.length - fresh.length,
			failedItems,
			newEntryIds: result?.newEntryIds ?? [],
		};
	}

	return {
		pollIntervalMs: options.pollIntervalMs,
		crawl(url, crawlOptions = {}) {
			const limits = options.crawl;
			return runCrawl(
				{
					seed: url,
					maxPages: Math.min(crawlOptions.maxPages ?? limits.maxPages, limits.maxPages),
					maxBytes: limits.maxBytes,
					delayMs: limits.delayMs,
				},
				{
					db: options.db,
					// Each page through the same queue as every other ingest: one writer at a time.
					ingest: (sources) => serial(() => options.ingestSources(sources)),
					fetch: { ...options.fetch, userAgent: limits.userAgent },
					now: options.now,
					sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
					onProgress: crawlOptions.onProgress,
					signal: crawlOptions.signal,
				},
			);
		},
		lastCrawl() {
			return crawls.latest();
		},
		async ingestUrl(raw) {
			const fetched = await safeFetch(raw, 'document', options.fetch);
			return ingestOne({
				key: fetched.url,
				label: fetched.url,
				text: fetched.text,
				format: fetched.format ?? 'html',
				url: fetched.url,
			});
		},
		async ingestUpload(file) {
			if (!UPLOAD_NAME.test(file.name)) {
				throw new UserFacingError(
					`${file.name} is not a .txt, .md or .html file. Convert it to one of those and upload it again.`,
					'unsupported-file',
				);
			}
			// Discord states the size: an oversized upload is refused without downloading it.
			assertFetchSize(file.size, file.name, options.fetch.maxBytes);
			const fetched = await safeFetch(file.url, 'document', options.fetch, { fileName: file.name });
			// Upload URLs carry expiring signatures: the file name is the stable identity of an upload.
			return ingestOne({
				key: `upload:${file.name}`,
				label: file.name,
				text: fetched.text,
				format: fetched.format ?? 'text',
				url: null,
			});
		},
		async addFeed(raw, addedBy, addOptions = {}) {
			const url = parseFetchUrl(raw).href;
			const existing = feeds.findByUrl(url);
			if (existing) {
				if (addOptions.fullPage !== undefined) feeds.setFullPage(existing.id, addOptions.fullPage);
				return { created: false, poll: await pollOne(feeds.get(existing.id) ?? existing) };
			}
			// Checked before it is stored: a mistyped address or a web page is refused with the reason.
			const fetched = await safeFetch(url, 'feed', options.fetch);
			const parsed = parseFeed(fetched.text, url);
			const { feed, created } = feeds.add(url, {
				title: parsed.title,
				addedBy,
				now: options.now(),
				fullPage: addOptions.fullPage,
			});
			return { created, poll: await pollOne(feed) };
		},
		removeFeed(urlOrId) {
			const text = urlOrId.trim().replace(/^#/, '');
			const feed = /^\d+$/.test(text) ? feeds.get(Number(text)) : findByUrlIn(feeds, text);
			if (!feed) return null;
			feeds.remove(feed.id);
			return feed;
		},
		listFeeds() {
			return feeds.list();
		},
		async pollFeeds(pollOptions = {}) {
			const targets = pollOptions.all ? feeds.list() : feeds.due(options.now());
			const results: FeedPollResult[] = [];
			for (const feed of targets) {
				if (pollOptions.signal?.aborted) break;
				results.push(await pollOne(feed, pollOptions.signal));
			}
			return results;
		},
	};
}

function findByUrlIn(feeds: ReturnType<typeof createFeedStore>, text: string): FeedRecord | null {
	try {
		return feeds.findByUrl(parseFetchUrl(text).href);
	} catch {
		// Not a URL at all: no feed has it.
		return null;
	}
}

function emptyPoll(feed: FeedRecord, error: string): FeedPollResult {
	return { feed, error, newItems: 0, changedItems: 0, repeatedItems: 0, failedItems: [], newEntryIds: [] };
}
