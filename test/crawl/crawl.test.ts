import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CrawlRequest, runCrawl } from '../../src/crawl/crawler.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { runIngestSources } from '../../src/ingest/run-ingest.js';
import { parseAllowList } from '../../src/sources/address-policy.js';
import { openDatabase } from '../../src/store/open-database.js';
import { type SiteItem, chinafileListing, itemPage } from '../helpers/crawl-site.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { cliEnv, describeResult, runCli } from '../helpers/run-cli.js';
import { killCliAfterCommits } from '../helpers/kill-mid-ingest.js';
import { useTempDir } from '../helpers/temp-dir.js';

const PROVINCES = ['Yunnan', 'Hunan', 'Gansu', 'Sichuan', 'Fujian', 'Hubei', 'Jiangxi', 'Shaanxi', 'Guizhou'];
const NAMES = ['Cedar', 'Birch', 'Alder', 'Maple', 'Willow', 'Juniper', 'Hazel', 'Rowan', 'Linden'];

/** Nine registrations, three to a listing page; the last item of the second page is disallowed by robots.txt. */
const ITEMS: SiteItem[] = NAMES.map((name, i) => ({
	slug:
		i === 5
			? `private-draft-${name.toLowerCase()}`
			: `${name.toLowerCase()}-foundation-registers-in-${PROVINCES[i]!.toLowerCase()}`,
	title: `${name} Water Foundation registers in ${PROVINCES[i]}`,
	date: `2021-03-0${i + 1}`,
	paragraphs: [
		`On March ${i + 1}, 2021, the ${PROVINCES[i]} PSB Foreign NGO Management Office issued a registration certificate to the ${name} Water Foundation (Japan).`,
		`The office will support rural schools in ${PROVINCES[i]} with clean water projects.`,
	],
}));
const PER_PAGE = 3;
const PAGES = 3;
const ROBOTS = 'User-agent: *\nDisallow: /ngo/latest/private-\nCrawl-delay: 0.2\n';

/** A route answering with an ETag, and 304 to a request that already has this version. */
function cached(type: string, body: () => string) {
	return {
		handler(request: IncomingMessage, response: ServerResponse) {
			const text = body();
			const etag = `"${createHash('sha1').update(text).digest('hex').slice(0, 16)}"`;
			if (request.headers['if-none-match'] === etag) response.writeHead(304, { etag }).end();
			else response.writeHead(200, { 'content-type': type, etag }).end(text);
		},
	};
}

const tempDir = useTempDir();
let site: FixtureServer;
let db: Database.Database;
/** Item bodies by slug, so a test can change one. */
let bodies: Map<string, string>;

beforeEach(async () => {
	site = await startFixtureServer();
	bodies = new Map(ITEMS.map((item) => [item.slug, itemPage(item)]));
	site.routes.set('/robots.txt', { type: 'text/plain', body: ROBOTS });
	for (let page = 0; page < PAGES; page++) {
		const path = page === 0 ? '/ngo/latest' : `/ngo/latest?page=${page}`;
		const items = ITEMS.slice(page * PER_PAGE, (page + 1) * PER_PAGE);
		site.routes.set(
			path,
			cached('text/html', () => chinafileListing(items, page, PAGES)),
		);
	}
	for (const item of ITEMS)
		site.routes.set(
			`/ngo/latest/${item.slug}`,
			cached('text/html', () => bodies.get(item.slug)!),
		);
	db = openDatabase(join(tempDir(), 'ngo.sqlite'));
});

afterEach(async () => {
	db.close();
	await site.close();
});

const reference = loadReference();

function crawl(overrides: Partial<CrawlRequest> = {}) {
	return runCrawl(
		{ seed: site.url('/ngo/latest'), maxPages: 100, maxBytes: 10_000_000, delayMs: 50, ...overrides },
		{
			db,
			ingest: (sources) => runIngestSources(sources, { db, reference, now: () => new Date() }),
			fetch: {
				allow: parseAllowList('127.0.0.1'),
				maxBytes: 1_000_000,
				timeoutMs: 10_000,
				userAgent: 'ngo-bot/0.1 (test)',
			},
			now: () => new Date(),
			sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		},
	);
}

const itemHits = () => site.hits.filter((path) => /^\/ngo\/latest\/./.test(path));
const documents = () =>
	db
		.prepare<[], { source_key: string; content_hash: string }>(
			'SELECT source_key, content_hash FROM documents ORDER BY source_key',
		)
		.all();
const allowed = ITEMS.filter((item) => !item.slug.startsWith('private-'));

describe('ingest --follow', () => {
	it('ingests every item once and follows the pagination to its end', async () => {
		const summary = await crawl();
		expect(summary.crawl).toMatchObject({ state: 'done', pagesFetched: PAGES + allowed.length, failed: 0, queued: 0 });
		expect(itemHits().sort()).toEqual(allowed.map((item) => `/ngo/latest/${item.slug}`).sort());
		expect(
			documents()
				.map((d) => d.source_key)
				.sort(),
		).toEqual(allowed.map((item) => site.url(`/ngo/latest/${item.slug}`)).sort());
		expect(summary.crawl.entriesAdded).toBe(db.prepare('SELECT count(*) FROM entries').pluck().get());
		expect(site.hits.filter((path) => path.startsWith('/ngo/latest?page=') || path === '/ngo/latest')).toHaveLength(
			PAGES,
		);
	});

	it('honours robots.txt and its Crawl-delay, one request at a time, with its own User-Agent', async () => {
		const summary = await crawl({ delayMs: 50 });
		expect(summary.crawl.robotsSkipped).toBe(1);
		expect(site.hits.some((path) => path.includes('private-'))).toBe(false);
		const times = site.requests.map((request) => request.at);
		const gaps = times.slice(1).map((at, i) => at - times[i]!);
		// Crawl-delay: 0.2 beats the 50 ms asked for; a little slack for timer rounding.
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(190);
		expect(site.requests.every((request) => request.headers['user-agent'] === 'ngo-bot/0.1 (test)')).toBe(true);
	});

	it('answers a second crawl with 304s and re-ingests nothing; a changed item page replaces its document', async () => {
		await crawl();
		const before = documents();
		site.requests.length = 0;
		const second = await crawl();
		expect(second.crawl.entriesAdded).toBe(0);
		expect(second.crawl.notModified).toBe(second.crawl.pagesFetched);
		expect(documents()).toEqual(before);
		expect(site.requests.filter((r) => r.path !== '/robots.txt').every((r) => r.headers['if-none-match'])).toBe(true);

		// The first item's page is corrected: only it changes.
		const changed = ITEMS[0]!;
		bodies.set(
			changed.slug,
			itemPage({ ...changed, paragraphs: [...changed.paragraphs, 'It also opened a library.'] }),
		);
		const third = await crawl();
		expect(third.crawl.notModified).toBe(third.crawl.pagesFetched - 1);
		const after = documents();
		const key = site.url(`/ngo/latest/${changed.slug}`);
		expect(after.filter((d) => d.source_key !== key)).toEqual(before.filter((d) => d.source_key !== key));
		expect(after.find((d) => d.source_key === key)!.content_hash).not.toBe(
			before.find((d) => d.source_key === key)!.content_hash,
		);
		expect(db.prepare("SELECT count(*) FROM entries WHERE text LIKE '%library%'").pluck().get()).toBe(1);
	});

	it('stops at the page limit and resumes where it stopped', async () => {
		const first = await crawl({ maxPages: 4 });
		expect(first.crawl).toMatchObject({ state: 'stopped', pagesFetched: 4 });
		expect(first.crawl.stopReason).toMatch(/page limit \(4\)/);
		const second = await crawl({ maxPages: 100 });
		expect(second.resumed).toBe(true);
		expect(second.crawl).toMatchObject({ id: first.crawl.id, state: 'done', pagesFetched: PAGES + allowed.length });
		expect(itemHits()).toHaveLength(allowed.length);
	});

	it('does not double a teaser: a listing ingested first and the pages it teases make one entry each', async () => {
		for (let page = 0; page < PAGES; page++) {
			const path = page === 0 ? '/ngo/latest' : `/ngo/latest?page=${page}`;
			await runIngestSources(
				[
					{
						key: `${site.url(path)}#listing`,
						label: path,
						text: chinafileListing(ITEMS.slice(page * PER_PAGE, (page + 1) * PER_PAGE), page, PAGES),
						format: 'html',
						url: site.url(path),
					},
				],
				{ db, reference, now: () => new Date() },
			);
		}
		const teasers = db.prepare<[], number>('SELECT count(*) FROM entries').pluck().get()!;
		expect(teasers).toBeGreaterThanOrEqual(allowed.length);
		await crawl();
		const counted = db.prepare<[], number>('SELECT count(*) FROM entries WHERE event_id IS NULL').pluck().get()!;
		expect(counted).toBe(teasers);
	});

	it('refuses a pattern that is not a regular expression, saying what to give', async () => {
		await expect(crawl({ itemPattern: '([' })).rejects.toThrow(/not a valid regular expression.*\^\/news/);
	});
});

describe('ingest --follow from the command line', () => {
	const env = () => cliEnv({ FETCH_ALLOW_PRIVATE: '127.0.0.1', CRAWL_DELAY_SECONDS: '0.05' });

	it('a crawl killed midway resumes and ends with the same database as one never interrupted', async () => {
		// Without robots.txt delays, so the kill comes while item pages are being stored.
		site.routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /ngo/latest/private-\n' });
		const killedDb = join(tempDir(), 'killed.sqlite');
		const cleanDb = join(tempDir(), 'clean.sqlite');
		const args = (path: string) => ['ingest', '--follow', site.url('/ngo/latest'), '--db', path];
		const killed = await killCliAfterCommits(args(killedDb), { dbPath: killedDb, env: env(), timeoutMs: 30_000 });
		expect(killed.signal, killed.output).toBe('SIGKILL');
		const resumed = await runCli(args(killedDb), { env: env(), timeoutMs: 60_000 });
		expect(resumed.code, describeResult(resumed)).toBe(0);
		expect(resumed.stdout).toMatch(/^Resumed crawl #1 of .*Crawl complete\./);
		const clean = await runCli(args(cleanDb), { env: env(), timeoutMs: 60_000 });
		expect(clean.code, describeResult(clean)).toBe(0);

		const contents = (path: string) => {
			const other = openDatabase(path, { readonly: true });
			try {
				return {
					documents: other
						.prepare('SELECT source_key, content_hash, entry_count FROM documents ORDER BY source_key')
						.all(),
					entries: other
						.prepare(
							'SELECT d.source_key, e.position, e.text FROM entries e JOIN documents d ON d.id = e.document_id ORDER BY 1, 2',
						)
						.all(),
				};
			} finally {
				other.close();
			}
		};
		expect(contents(killedDb)).toEqual(contents(cleanDb));
		expect(contents(cleanDb).documents).toHaveLength(allowed.length);
	});

	it('says what is wrong with bad options, and stores nothing', async () => {
		const dbPath = join(tempDir(), 'bad.sqlite');
		const notUrl = await runCli(['ingest', '--follow', 'data/sample', '--db', dbPath], { env: env() });
		expect(notUrl.code).toBe(2);
		expect(notUrl.stderr).toMatch(/--follow takes a web address/);
		const badPages = await runCli(['ingest', '--follow', site.url('/ngo/latest'), '--max-pages', '0', '--db', dbPath], {
			env: env(),
		});
		expect(badPages.code).toBe(2);
		expect(badPages.stderr).toMatch(/--max-pages takes a number of pages from 1/);
	});
});
