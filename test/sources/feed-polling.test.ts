import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { readFeedHealth } from '../../src/sources/feed-store.js';
import { MAX_BACKOFF_MS, backoffDelay, type SourceService } from '../../src/sources/source-service.js';
import { createSourceServiceFor } from '../../src/sources/sources-config.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const fixture = (name: string) => readFileSync(join(projectRoot(), 'test', 'fixtures', 'feeds', name), 'utf8');
const RSS = fixture('rss.xml');
const ATOM = fixture('atom.xml');
const HOUR = 3_600_000;

describe('feed polling against a local web server', () => {
	let server: FixtureServer;
	let dir: string;
	let app: App;
	let clock: Date;
	let sources: SourceService;

	beforeEach(async () => {
		server = await startFixtureServer();
		server.routes.set('/rss.xml', { type: 'application/rss+xml', body: RSS });
		server.routes.set('/atom.xml', { type: 'application/atom+xml; charset=utf-8', body: ATOM });
		dir = makeTempDir('ngo-bot-feeds-');
		app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
		clock = new Date('2026-01-01T00:00:00Z');
		sources = createSourceServiceFor(
			app,
			{ FETCH_ALLOW_PRIVATE: '127.0.0.1', FEED_POLL_MINUTES: 60, FETCH_TIMEOUT_SECONDS: 5 },
			() => clock,
		);
	});

	afterEach(async () => {
		await app.indexes.whenReady();
		app.close();
		await server.close();
		removeTempDir(dir);
	});

	const countDocuments = () => (app.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;

	it('ingests every item of a new RSS feed, keyed by its link, with the feed date', async () => {
		const { created, poll } = await sources.addFeed(server.url('/rss.xml'), '42');
		expect(created).toBe(true);
		expect(poll).toMatchObject({ error: null, newItems: 2, changedItems: 0, repeatedItems: 0, failedItems: [] });
		expect(poll.feed).toMatchObject({ title: 'NGO news (RSS)', addedBy: '42', itemCount: 2, failureCount: 0 });
		expect(poll.newEntryIds.length).toBeGreaterThanOrEqual(2);
		const keys = app.db.prepare('SELECT source_key, url FROM documents ORDER BY source_key').all();
		expect(keys).toEqual([
			{ source_key: 'https://news.example/2020/alder', url: 'https://news.example/2020/alder' },
			{ source_key: 'https://news.example/2020/birch', url: 'https://news.example/2020/birch' },
		]);
		const alder = app.reader.getEntries(poll.newEntryIds).find((entry) => entry.text.includes('Alder'));
		expect(alder).toMatchObject({ date: '2020-05-01', provinces: ['Hunan'] });
	});

	it('skips repeated items and ingests a changed item again, replacing its document', async () => {
		const first = await sources.addFeed(server.url('/rss.xml'), null);
		clock = new Date(clock.getTime() + HOUR);
		const [repeat] = await sources.pollFeeds();
		expect(repeat).toMatchObject({ error: null, newItems: 0, changedItems: 0, repeatedItems: 2, newEntryIds: [] });

		server.routes.set('/rss.xml', {
			type: 'application/rss+xml',
			body: RSS.replace('village doctors in Kunming', 'rural nurses in Kunming').replace(
				'</channel>',
				`<item><title>Hebei donation</title><link>https://news.example/2020/damson</link>
				<description>On May 4, 2020, the Damson Charity (Canada) donated books to schools in Shijiazhuang, Hebei.</description>
				</item></channel>`,
			),
		});
		clock = new Date(clock.getTime() + HOUR);
		const [changed] = await sources.pollFeeds();
		expect(changed).toMatchObject({ error: null, newItems: 1, changedItems: 1, repeatedItems: 1 });
		expect(countDocuments()).toBe(3);
		const birch = app.db
			.prepare('SELECT e.text FROM entries e JOIN documents d ON d.id = e.document_id WHERE d.source_key = ?')
			.all('https://news.example/2020/birch') as { text: string }[];
		expect(birch.map((row) => row.text).join(' ')).toContain('rural nurses');
		expect(birch.map((row) => row.text).join(' ')).not.toContain('village doctors');
		expect(first.poll.newEntryIds.every((id) => !changed!.newEntryIds.includes(id))).toBe(true);
	});

	it('reads Atom feeds and deduplicates an item two feeds share', async () => {
		const atom = await sources.addFeed(server.url('/atom.xml'), null);
		expect(atom.poll).toMatchObject({ error: null, newItems: 1 });
		expect(atom.poll.feed.title).toBe('NGO news (Atom)');
		server.routes.set('/mirror.xml', { type: 'text/xml', body: ATOM.replace('NGO news (Atom)', 'Mirror') });
		const mirror = await sources.addFeed(server.url('/mirror.xml'), null);
		// Same link, same content: the document is unchanged, no new entries.
		expect(mirror.poll).toMatchObject({ error: null, newItems: 1, newEntryIds: [] });
		expect(countDocuments()).toBe(1);
	});

	it('polls only due feeds, backs off a failing feed and shows its error, then recovers', async () => {
		await sources.addFeed(server.url('/rss.xml'), null);
		expect(await sources.pollFeeds()).toEqual([]); // just polled: not due for an hour

		server.routes.set('/rss.xml', { status: 503, body: 'down' });
		clock = new Date(clock.getTime() + HOUR);
		const [failed] = await sources.pollFeeds();
		expect(failed?.error).toMatch(/answered 503/);
		expect(failed?.feed).toMatchObject({
			failureCount: 1,
			nextPollAt: new Date(clock.getTime() + 2 * HOUR).toISOString(),
		});
		expect(sources.listFeeds()[0]?.lastError).toMatch(/answered 503/);
		expect(readFeedHealth(app.db)).toMatchObject({ feeds: 1, failing: [{ failures: 1, error: failed?.error }] });

		clock = new Date(clock.getTime() + HOUR);
		expect(await sources.pollFeeds()).toEqual([]); // backing off
		clock = new Date(clock.getTime() + HOUR);
		const [second] = await sources.pollFeeds();
		expect(second?.feed).toMatchObject({
			failureCount: 2,
			nextPollAt: new Date(clock.getTime() + 4 * HOUR).toISOString(),
		});

		server.routes.set('/rss.xml', { type: 'application/rss+xml', body: RSS });
		const [recovered] = await sources.pollFeeds({ all: true });
		expect(recovered).toMatchObject({ error: null, repeatedItems: 2 });
		expect(recovered?.feed).toMatchObject({ failureCount: 0, lastError: null });
		expect(readFeedHealth(app.db)).toEqual({ feeds: 1, failing: [] });
	});

	it('fetches each item’s page for a full-page feed, and tries a page that failed again at the next poll', async () => {
		const item = (slug: string, teaser: string) =>
			`<item><title>${slug}</title><link>${server.url(`/news/${slug}`)}</link><description>${teaser}</description></item>`;
		server.routes.set('/teasers.xml', {
			type: 'application/rss+xml',
			body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>
				${item('hazel', 'The Hazel Trust opened an office…')}${item('rowan', 'The Rowan Society met…')}</channel></rss>`,
		});
		server.routes.set('/news/hazel', {
			type: 'text/html',
			body: '<html><body><h1>Hazel Trust opens an office</h1><p>On May 3, 2020, the Hunan PSB issued a registration certificate to the Hazel Trust (Canada), which will fund village libraries.</p></body></html>',
		});
		const { created, poll } = await sources.addFeed(server.url('/teasers.xml'), null, { fullPage: true });
		expect(created).toBe(true);
		expect(poll.feed.fullPage).toBe(true);
		// The Rowan page is not there yet: reported, not replaced by its teaser, not marked seen.
		expect(poll.failedItems).toEqual([expect.objectContaining({ label: server.url('/news/rowan') })]);
		expect(app.db.prepare("SELECT count(*) FROM entries WHERE text LIKE '%village libraries%'").pluck().get()).toBe(1);
		expect(app.db.prepare("SELECT count(*) FROM entries WHERE text LIKE '%opened an office…%'").pluck().get()).toBe(0);

		server.routes.set('/news/rowan', {
			type: 'text/html',
			body: '<html><body><h1>Rowan Society meets officials</h1><p>On May 5, 2020, the Gansu PSB met the Rowan Society (Ireland) to discuss its school meals project.</p></body></html>',
		});
		clock = new Date(clock.getTime() + HOUR);
		const [second] = await sources.pollFeeds();
		expect(second).toMatchObject({ newItems: 1, repeatedItems: 1, failedItems: [] });
		expect(app.db.prepare("SELECT count(*) FROM entries WHERE text LIKE '%school meals%'").pluck().get()).toBe(1);
	});

	it('refuses to add what is not a feed, and stores nothing', async () => {
		server.routes.set('/page.html', { type: 'text/html', body: '<html><body><p>Just a page</p></body></html>' });
		await expect(sources.addFeed(server.url('/page.html'), null)).rejects.toThrow(/is not an RSS or Atom feed/);
		await expect(sources.addFeed('http://10.0.0.1/feed', null)).rejects.toThrow(/10\.0\.0\.1 is a private address/);
		expect(sources.listFeeds()).toEqual([]);
	});

	it('removes a feed by number or URL, keeping its documents', async () => {
		const { poll } = await sources.addFeed(server.url('/rss.xml'), null);
		expect(sources.removeFeed('#999')).toBeNull();
		expect(sources.removeFeed(`${poll.feed.id}`)?.url).toBe(server.url('/rss.xml'));
		expect(sources.listFeeds()).toEqual([]);
		expect(countDocuments()).toBe(2);
		await sources.addFeed(server.url('/atom.xml'), null);
		expect(sources.removeFeed(server.url('/atom.xml'))).not.toBeNull();
	});
});

describe('backoffDelay', () => {
	it('doubles per failure up to a day', () => {
		expect([0, 1, 2, 3].map((n) => backoffDelay(n, HOUR))).toEqual([HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR]);
		expect(backoffDelay(10, HOUR)).toBe(MAX_BACKOFF_MS);
		expect(backoffDelay(1_000, 60_000)).toBe(MAX_BACKOFF_MS);
	});
});
