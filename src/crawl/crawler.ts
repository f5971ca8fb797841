import type Database from 'better-sqlite3';
import { UserFacingError, isUserFacingError } from '../domain/errors.js';
import type { IngestReport, MemorySource } from '../ingest/run-ingest.js';
import { type FetchPolicy, type FetchedText, parseFetchUrl, safeFetch } from '../sources/safe-fetch.js';
import { type CrawlRecord, createCrawlStore, type QueuedPage } from '../store/crawl-store.js';
import type { SaveResult } from '../store/document-store.js';
import { readListing } from './listing-links.js';
import { type CrawlPatterns, CRAWL_PRESETS, presetFor } from './presets.js';
import { readRobots, type RobotsRules, robotsUrlOf } from './robots.js';

/** What to crawl and within which limits. */
export interface CrawlRequest {
	/** A listing or archive page: its items are ingested, its pagination followed. */
	readonly seed: string;
	/** Regular expressions (on path + query) overriding the site's preset or the page structure. */
	readonly itemPattern?: string;
	readonly nextPattern?: string;
	/** Pages fetched at most in this run (listings and items; robots.txt not counted). */
	readonly maxPages: number;
	/** Bytes fetched at most in this run. */
	readonly maxBytes: number;
	/** Least time between two requests to one host; a longer Crawl-delay in robots.txt wins. */
	readonly delayMs: number;
}

export interface CrawlDeps {
	readonly db: Database.Database;
	/** Stores fetched item pages; each source's onSaved runs inside the transaction that commits it. */
	readonly ingest: (sources: readonly MemorySource[]) => Promise<IngestReport>;
	readonly fetch: FetchPolicy;
	readonly now: () => Date;
	readonly sleep: (ms: number) => Promise<void>;
	readonly onProgress?: (progress: CrawlProgress) => void;
	readonly signal?: AbortSignal;
}

export interface CrawlProgress {
	readonly crawl: CrawlRecord;
	/** Pages handled in this run. */
	readonly done: number;
	/** The page being fetched ('' when idle). */
	readonly current: string;
	/** Time left for the pages queued now, at this run's pace; null before the pace is known. */
	readonly etaMs: number | null;
}

export interface CrawlSummary {
	readonly crawl: CrawlRecord;
	/** This run continued a crawl stopped or killed before. */
	readonly resumed: boolean;
	/** Hosts whose robots.txt could not be read: nothing was fetched from them. */
	readonly unreachableRobots: readonly string[];
}

/** Tries of a page failing for a reason that may pass (a time-out, a 5xx), before it is marked failed. */
const MAX_ATTEMPTS = 3;
/** First wait before a failed page is tried again; doubled per failure. */
const RETRY_BASE_MS = 5_000;
/** A crawl whose only pages wait longer than this to be retried stops; the next run resumes them. */
const MAX_IDLE_MS = 60_000;

/**
 * Crawls a listing: each page at most once per run, in discovery order, one request at a time per host, spaced by
 * the delay, within robots.txt and the run's page and byte limits. Item pages are ingested (a changed page
 * replaces its document; an unchanged one answers 304). Every step is recorded in SQLite with the document it
 * stored, so a run killed anywhere resumes where it stopped and never stores a page twice.
 */
export async function runCrawl(request: CrawlRequest, deps: CrawlDeps): Promise<CrawlSummary> {
	const seed = parseFetchUrl(request.seed).href;
	const store = createCrawlStore(deps.db);
	const resumedCrawl = store.resume(seed, deps.now());
	const crawl = resumedCrawl ?? store.start(seed, describePatterns(seed, request), deps.now());
	const patterns = patternsOf(crawl.patterns);
	const hosts = new Map<string, { rules: RobotsRules; lastAt: number }>();
	const unreachable = new Set<string>();
	const started = Date.now();
	let done = 0;
	let bytes = 0;

	const progress = (current: string) => {
		const record = store.get(crawl.id)!;
		const elapsed = Date.now() - started;
		const etaMs = done > 0 ? Math.round((elapsed / done) * record.queued) : null;
		deps.onProgress?.({ crawl: record, done, current, etaMs });
	};

	/** Waits until the delay has passed since the host's last answer (so requests never overlap or crowd). */
	const politely = async (host: string, delayMs: number) => {
		const state = hosts.get(host);
		const wait = state ? state.lastAt + delayMs - Date.now() : 0;
		if (wait > 0) await deps.sleep(wait);
	};
	const answered = (host: string) => {
		const state = hosts.get(host);
		if (state) state.lastAt = Date.now();
	};

	const robotsOf = async (url: string): Promise<RobotsRules> => {
		const host = new URL(url).host;
		const known = hosts.get(host);
		if (known) return known.rules;
		let fetched: FetchedText | null = null;
		try {
			fetched = await safeFetch(robotsUrlOf(url), 'robots', deps.fetch, { signal: deps.signal });
		} catch (error) {
			if (!isUserFacingError(error)) throw error;
		}
		const rules = readRobots(robotsUrlOf(url), fetched);
		hosts.set(host, { rules, lastAt: Date.now() });
		if (rules.state === 'unreachable') unreachable.add(host);
		return rules;
	};

	for (;;) {
		if (deps.signal?.aborted) return finish('stopped', 'interrupted');
		if (done >= request.maxPages) return finish('stopped', `the page limit (${request.maxPages}) was reached`);
		if (bytes >= request.maxBytes) return finish('stopped', `the byte limit (${request.maxBytes} bytes) was reached`);
		const page = store.next(crawl.id, deps.now());
		if (page === null) {
			const retry = store.soonestRetry(crawl.id);
			if (retry === null) return finish('done', null);
			const wait = Date.parse(retry) - deps.now().getTime();
			if (wait > MAX_IDLE_MS) return finish('stopped', 'pages wait to be retried; run the crawl again later');
			await deps.sleep(Math.max(wait, 0));
			continue;
		}
		progress(page.url);
		const rules = await robotsOf(page.url);
		if (!rules.allows(page.url)) {
			store.transaction(() => store.settle(crawl.id, page.url, 'robots', deps.now(), { robots: 1 }));
			continue;
		}
		const host = new URL(page.url).host;
		await politely(host, Math.max(request.delayMs, rules.crawlDelayMs ?? 0));
		done++;
		let fetched: FetchedText;
		try {
			const validators = store.validators(page.url) ?? undefined;
			fetched = await safeFetch(page.url, 'document', deps.fetch, { signal: deps.signal, validators });
			answered(host);
		} catch (error) {
			answered(host);
			if (!isUserFacingError(error)) {
				if (deps.signal?.aborted) return finish('stopped', 'interrupted');
				throw error;
			}
			failPage(page, error);
			continue;
		}
		bytes += fetched.bytes;
		if (page.kind === 'listing') readListingPage(page, fetched);
		else await ingestItem(page, fetched);
	}

	function finish(state: 'done' | 'stopped', reason: string | null): CrawlSummary {
		const record = store.finish(crawl.id, state, deps.now(), reason);
		deps.onProgress?.({ crawl: record, done, current: '', etaMs: 0 });
		return { crawl: record, resumed: resumedCrawl !== null, unreachableRobots: [...unreachable] };
	}

	function failPage(page: QueuedPage, error: UserFacingError): void {
		const permanent = error.code === 'not-found' || error.code === 'unsupported-file' || error.code === 'too-large';
		if (permanent || page.attempts + 1 >= MAX_ATTEMPTS) {
			store.transaction(() => store.settle(crawl.id, page.url, 'failed', deps.now(), { failed: 1 }, error.message));
		} else {
			const at = new Date(deps.now().getTime() + RETRY_BASE_MS * 2 ** page.attempts);
			store.retryLater(crawl.id, page.url, error.message, at);
		}
	}

	/**
	 * A listing's items are queued (each checked with a conditional request, so a changed item is found), and its
	 * next page while the listing still brings items not stored yet: a re-crawl stops where the known pages begin.
	 * A listing answering 304 is unchanged: the items it held last time are checked again, and nothing further.
	 */
	function readListingPage(page: QueuedPage, fetched: FetchedText): void {
		const now = deps.now();
		if (fetched.notModified) {
			const known = store.listing(page.url);
			store.transaction(() => {
				store.enqueue(
					crawl.id,
					known.items.map((url) => ({ url, kind: 'item' as const })),
				);
				store.settle(crawl.id, page.url, 'not_modified', now, { fetched: 1, notModified: 1 });
			});
			return;
		}
		const links = readListing(fetched.text, fetched.finalUrl, patterns);
		const fresh = links.items.some((url) => !store.isStored(url));
		store.transaction(() => {
			store.rememberListing(page.url, links.items, links.next);
			store.enqueue(crawl.id, [
				...links.items.map((url) => ({ url, kind: 'item' as const })),
				...(links.next && fresh ? [{ url: links.next, kind: 'listing' as const }] : []),
			]);
			store.saveValidators(page.url, fetched.validators, now);
			const error = links.items.length === 0 ? NO_ITEMS : null;
			store.settle(crawl.id, page.url, 'done', now, { fetched: 1, bytes: fetched.bytes }, error);
		});
	}

	async function ingestItem(page: QueuedPage, fetched: FetchedText): Promise<void> {
		const now = deps.now();
		if (fetched.notModified) {
			store.transaction(() => store.settle(crawl.id, page.url, 'not_modified', now, { fetched: 1, notModified: 1 }));
			return;
		}
		let saved = false;
		const source: MemorySource = {
			key: page.url,
			label: page.url,
			text: fetched.text,
			format: fetched.format ?? 'html',
			url: fetched.finalUrl,
			onSaved: (result: SaveResult) => {
				saved = true;
				store.saveValidators(page.url, fetched.validators, now);
				store.settle(crawl.id, page.url, 'done', now, { fetched: 1, entries: result.added, bytes: fetched.bytes });
			},
		};
		const report = await deps.ingest([source]);
		if (!saved) {
			const message = report.documents[0]?.message ?? `${page.url} could not be stored.`;
			store.transaction(() =>
				store.settle(crawl.id, page.url, 'failed', now, { fetched: 1, failed: 1, bytes: fetched.bytes }, message),
			);
		}
	}
}

const NO_ITEMS =
	'No item links were found on this listing page. Give --item-pattern (a regular expression on the item paths).';

/** How a new crawl reads links: the user's patterns, else the seed's site preset, else the page structure. */
function describePatterns(seed: string, request: CrawlRequest): string {
	if (request.itemPattern || request.nextPattern) {
		for (const pattern of [request.itemPattern, request.nextPattern]) if (pattern) compilePattern(pattern);
		return JSON.stringify({ item: request.itemPattern ?? null, next: request.nextPattern ?? null });
	}
	const preset = presetFor(seed);
	return JSON.stringify(preset ? { preset: preset.name } : {});
}

function patternsOf(json: string): CrawlPatterns {
	const stored = JSON.parse(json) as { preset?: string; item?: string | null; next?: string | null };
	if (stored.preset) return CRAWL_PRESETS.find((preset) => preset.name === stored.preset) ?? {};
	return {
		...(stored.item ? { item: compilePattern(stored.item) } : {}),
		...(stored.next ? { next: compilePattern(stored.next) } : {}),
	};
}

/** A user's pattern as a regular expression, or a clear error. */
export function compilePattern(source: string): RegExp {
	try {
		return new RegExp(source);
	} catch (error) {
		throw new UserFacingError(
			`"${source}" is not a valid regular expression (${(error as Error).message}). ` +
				'Give one that matches the path of the pages, e.g. ^/news/[^/]+/$',
			'bad-input',
		);
	}
}
