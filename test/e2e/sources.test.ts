import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from '../helpers/fake-discord.js';
import { startBotAgainst } from '../helpers/bot-against-fake.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { type SiteItem, chinafileListing, itemPage } from '../helpers/crawl-site.js';

const TOKEN = `e2e-token-${'s'.repeat(60)}`;
const MANAGER = { memberPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel };
const MEMBER = { memberPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages };

const UPLOAD = [
	'Ministry of Public Security WeChat Posts—June 1-30, 2021',
	'June 3, 2021:',
	'The Gansu PSB Foreign NGO Management Office issued a registration certificate to the Elm Water Foundation (Japan).',
	'June 9, 2021:',
	'The Gansu PSB met the Fir Heritage Trust (United Kingdom) to discuss a temporary activity in Dunhuang.',
].join('\n\n');
const PAGE = `<!doctype html><html><head><title>Guizhou training</title></head><body><article><h1>Guizhou training with the
	Gingko Health Foundation</h1><p>On July 7, 2021, the Gingko Health Foundation (Germany) held a training for rural doctors in
	Guiyang, Guizhou. @everyone <@&123456789012345678> **bold**</p></article></body></html>`;

const CRAWLED: SiteItem[] = ['Oak', 'Pine', 'Yew', 'Ash'].map((name, i) => ({
	slug: `${name.toLowerCase()}-trust-registers-in-qinghai`,
	title: `${name} Trust registers in Qinghai`,
	date: `2021-08-1${i}`,
	paragraphs: [
		`On August 1${i}, 2021, the Qinghai PSB Foreign NGO Management Office issued a registration certificate to the ${name} Grassland Trust (Mongolia).`,
	],
}));

interface Reply {
	content?: string;
	flags?: number;
	embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
	allowed_mentions?: { parse: string[] };
}

describe('adding sources from Discord (/ingest, /feeds)', () => {
	let fake: FakeDiscord;
	let bot: RunningBot;
	let web: FixtureServer;
	let dir: string;
	const logs = new PassThrough();
	logs.resume();

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-e2e-sources-');
		web = await startFixtureServer();
		web.routes.set('/attachments/1/2/gansu.txt', { type: 'text/plain; charset=utf-8', body: UPLOAD });
		web.routes.set('/guizhou.html', { type: 'text/html; charset=utf-8', body: PAGE });
		web.routes.set('/photo.png', { type: 'image/png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });
		web.routes.set('/rss.xml', {
			type: 'application/rss+xml',
			body: readFileSync(join(projectRoot(), 'test', 'fixtures', 'feeds', 'rss.xml'), 'utf8'),
		});
		// A two-page listing of two registrations each, for /ingest follow:true.
		CRAWLED.forEach((item) => web.routes.set(`/ngo/latest/${item.slug}`, { type: 'text/html', body: itemPage(item) }));
		web.routes.set('/ngo/latest', { type: 'text/html', body: chinafileListing(CRAWLED.slice(0, 2), 0, 2) });
		web.routes.set('/ngo/latest?page=1', { type: 'text/html', body: chinafileListing(CRAWLED.slice(2), 1, 2) });
		fake = await startFakeDiscord({ token: TOKEN, ackDeadlineMs: 2_000 });
		bot = await startBotAgainst(fake, {
			databasePath: join(dir, 'ngo.sqlite'),
			env: { FETCH_ALLOW_PRIVATE: '127.0.0.1', FETCH_TIMEOUT_SECONDS: '10', CRAWL_DELAY_SECONDS: '0.05' },
			log: createLogger('debug', logs),
		});
	});

	afterAll(async () => {
		await bot?.stop('test over');
		await fake?.close();
		await web?.close();
		if (dir) removeTempDir(dir);
	});

	/** The final answer to an interaction: the callback, or the edit of a deferred reply. */
	async function answer(send: () => { id: string }): Promise<{ reply: Reply; deferred: boolean }> {
		const since = fake.requests.length;
		const { id } = send();
		const callback = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (request) => request.interactionId === id,
		});
		const body = callback.json as { type: number; data?: Reply };
		if (body.type !== 5) return { reply: body.data ?? {}, deferred: false };
		const edit: RecordedRequest = await fake.waitForRest('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, {
			since,
			predicate: (request) => request.interactionId === id,
		});
		return { reply: { ...(edit.json as Reply), flags: body.data?.flags }, deferred: true };
	}

	function ingestFile(file: { name: string; url: string; size: number; type: string }, context = MANAGER) {
		const attachmentId = '1190000000000000001';
		return fake.sendInteraction(
			{
				type: 2,
				data: {
					id: '1190000000000000100',
					name: 'ingest',
					type: 1,
					options: [{ name: 'file', type: 11, value: attachmentId }],
					resolved: {
						attachments: {
							[attachmentId]: {
								id: attachmentId,
								filename: file.name,
								size: file.size,
								url: file.url,
								proxy_url: file.url,
								content_type: file.type,
							},
						},
					},
				},
			},
			context,
		);
	}

	/** Everything shown, with markdown escapes removed (replies escape indexed and echoed text). */
	const text = (reply: Reply) =>
		unescape(
			[
				reply.content ?? '',
				...(reply.embeds ?? []).flatMap((e) => [
					e.title,
					e.description,
					...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
				]),
			].join('\n'),
		);
	const unescape = (shown: string) => shown.replace(/\\([^\sA-Za-z0-9])/g, '$1');

	it('ingests an uploaded .txt file and answers with the new entry ids, hidden by default', async () => {
		const { reply, deferred } = await answer(() =>
			ingestFile({
				name: 'gansu.txt',
				url: web.url('/attachments/1/2/gansu.txt'),
				size: UPLOAD.length,
				type: 'text/plain',
			}),
		);
		expect(deferred).toBe(true);
		expect(reply.flags).toBe(64);
		expect(reply.embeds?.[0]?.title).toBe('Document ingested');
		expect(text(reply)).toMatch(/\*\*Added:\*\* gansu\.txt/);
		expect(text(reply)).toMatch(/digest · 2 entries \(2 new, 0 kept, 0 removed\)/);
		expect(text(reply)).toMatch(/New entries: #1–2/);
		const elm = (await bot.app.query.ngo('Elm Water Foundation')) as unknown;
		expect(JSON.stringify(elm)).toContain('Gansu');
	});

	it('ingests a web page by URL, escaping its text and pinging no one; a second fetch changes nothing', async () => {
		const url = web.url('/guizhou.html');
		const first = await answer(() =>
			fake.chatInput(
				'ingest',
				[
					{ name: 'url', value: url },
					{ name: 'hide', value: false },
				],
				MANAGER,
			),
		);
		expect(first.reply.flags ?? 0).toBe(0);
		expect(first.reply.allowed_mentions).toMatchObject({ parse: [] });
		expect(text(first.reply)).toContain(`**Added:** ${url}`);
		expect(text(first.reply)).toMatch(/article · 1 entry \(1 new/);
		const stored = bot.app.db.prepare('SELECT source_key, url, title FROM documents WHERE url = ?').get(url);
		expect(stored).toEqual({ source_key: url, url, title: 'Guizhou training with the Gingko Health Foundation' });

		const again = await answer(() => fake.chatInput('ingest', [{ name: 'url', value: url }], MANAGER));
		expect(text(again.reply)).toContain('**Already up to date:**');
		expect(bot.app.db.prepare('SELECT count(*) AS n FROM documents WHERE url = ?').get(url)).toEqual({ n: 1 });
		expect(fake.violations).toEqual([]);
	});

	it.each([
		['http://127.0.0.2/page.html', '127.0.0.2 is a loopback address'],
		['http://[::1]:8080/', '::1 is a loopback address'],
		['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
		['http://10.0.0.8/', '10.0.0.8 is a private address'],
		['http://[::ffff:192.168.0.1]/', 'is a private address'],
	])('refuses %s (not in FETCH_ALLOW_PRIVATE)', async (url, message) => {
		const { reply } = await answer(() => fake.chatInput('ingest', [{ name: 'url', value: url }], MANAGER));
		expect(reply.content).toContain(`❌`);
		expect(text(reply)).toContain(message);
		expect(text(reply)).toContain('FETCH_ALLOW_PRIVATE');
	});

	it('reads an uploaded .html file that the CDN serves as text/plain as HTML', async () => {
		web.routes.set('/attachments/1/3/guangxi.html', {
			type: 'text/plain; charset=utf-8',
			body: PAGE.replace(/Guizhou/g, 'Guangxi')
				.replace('Guiyang', 'Nanning')
				.replace('Gingko', 'Juniper'),
		});
		const { reply } = await answer(() =>
			ingestFile({
				name: 'guangxi.html',
				url: web.url('/attachments/1/3/guangxi.html'),
				size: PAGE.length,
				type: 'text/plain',
			}),
		);
		expect(text(reply)).toMatch(/\*\*Added:\*\* guangxi\.html\narticle · 1 entry/);
		const stored = bot.app.db.prepare("SELECT title FROM documents WHERE source_key = 'upload:guangxi.html'").get();
		expect(stored).toEqual({ title: 'Guangxi training with the Juniper Health Foundation' });
	});

	it('refuses files it cannot read, with what to do', async () => {
		const png = await answer(() =>
			ingestFile({ name: 'photo.png', url: web.url('/photo.png'), size: 4, type: 'image/png' }),
		);
		expect(text(png.reply)).toMatch(/❌ .*photo\.png is not a \.txt, \.md or \.html file/);
		const disguised = await answer(() =>
			ingestFile({ name: 'photo.txt', url: web.url('/photo.png'), size: 4, type: 'text/plain' }),
		);
		expect(text(disguised.reply)).toMatch(/❌ .*is image\/png; ngo-bot reads web pages/);
		const hits = web.hits.length;
		const huge = await answer(() =>
			ingestFile({ name: 'huge.txt', url: web.url('/huge.txt'), size: 50 * 1_048_576, type: 'text/plain' }),
		);
		expect(text(huge.reply)).toMatch(/❌ huge\.txt is 50 MB, over the 10 MB limit for one fetched document/);
		expect(web.hits.length).toBe(hits);
		const neither = await answer(() => fake.chatInput('ingest', [], MANAGER));
		expect(text(neither.reply)).toMatch(/❌ .*Give either file:/);
	});

	it('refuses members without Manage Server, before fetching anything', async () => {
		const hits = web.hits.length;
		const { reply, deferred } = await answer(() =>
			fake.chatInput('ingest', [{ name: 'url', value: web.url('/guizhou.html') }], MEMBER),
		);
		expect(deferred).toBe(false);
		expect(reply.flags).toBe(64);
		expect(text(reply)).toMatch(/❌ .*\/ingest is for server managers \(Manage Server permission\)/);
		const feeds = await answer(() => fake.chatInput('feeds', [{ name: 'list', type: 1, options: [] }], MEMBER));
		expect(text(feeds.reply)).toMatch(/❌ .*\/feeds is for server managers/);
		expect(web.hits.length).toBe(hits);
	});

	it('crawls a listing with follow:true, showing progress in its acknowledgement, then a summary', async () => {
		const since = fake.requests.length;
		const { id } = fake.chatInput(
			'ingest',
			[
				{ name: 'url', value: web.url('/ngo/latest') },
				{ name: 'follow', value: true },
			],
			MANAGER,
		);
		const callback = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (request) => request.interactionId === id,
		});
		expect((callback.json as { type: number; data?: { flags?: number } }).type).toBe(5);
		// The summary follows the acknowledgement the progress was shown in.
		const summary = await fake.waitForRest('POST', /^\/webhooks\/\d+\/[^/]+$/, { since });
		const progress = fake.requests
			.slice(since)
			.filter((request) => request.method === 'PATCH' && /\/messages\/@original$/.test(request.path));
		expect(progress.length).toBeGreaterThanOrEqual(1);
		expect((progress[0]!.json as Reply).content).toMatch(/^Crawling… \d+ pages · /);
		const reply = summary.json as Reply;
		expect(reply.embeds?.[0]?.title).toBe('Crawl complete');
		expect(text(reply)).toMatch(
			/6 pages fetched \(0 unchanged, answered 304\), 0 skipped by robots\.txt, 0 failed; 4 entries added/,
		);
		expect(JSON.stringify(await bot.app.query.ngo('Yew Grassland Trust'))).toContain('Qinghai');
		expect(fake.violations).toEqual([]);
	});

	it('adds a feed (ingesting its items), lists it, and removes it', async () => {
		const url = web.url('/rss.xml');
		const added = await answer(() =>
			fake.chatInput('feeds', [{ name: 'add', type: 1, options: [{ name: 'url', value: url }] }], MANAGER),
		);
		expect(added.reply.embeds?.[0]?.title).toBe('Feed #1 added');
		expect(text(added.reply)).toMatch(/First poll: 2 new, 0 changed, 0 already seen → \d+ new entr/);

		web.routes.set('/rss.xml', { status: 500, body: 'broken' });
		// Adding a followed feed again polls it at once: the failure is recorded and shows in /feeds list.
		const again = await answer(() =>
			fake.chatInput('feeds', [{ name: 'add', type: 1, options: [{ name: 'url', value: url }] }], MANAGER),
		);
		expect(again.reply.embeds?.[0]?.title).toBe('Feed #1 was already followed');
		expect(text(again.reply)).toMatch(/First poll: failed: .*answered 500/);

		const list = await answer(() => fake.chatInput('feeds', [{ name: 'list', type: 1, options: [] }], MANAGER));
		expect(list.reply.embeds?.[0]?.title).toBe('1 feed · 1 failing');
		expect(text(list.reply)).toMatch(/⚠️ #1 NGO news \(RSS\)/);
		expect(text(list.reply)).toMatch(/Error \(1 failure in a row\): .*answered 500/);

		const since = fake.requests.length;
		const { id } = fake.autocomplete(
			'feeds',
			[{ name: 'remove', type: 1, options: [{ name: 'feed', value: 'rss', focused: true }] }],
			MANAGER,
		);
		const choices = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (request) => request.interactionId === id,
		});
		expect(choices.json).toEqual({
			type: 8,
			data: { choices: [{ name: `#1 NGO news (RSS) — ${url}`, value: '1' }] },
		});

		const removed = await answer(() =>
			fake.chatInput('feeds', [{ name: 'remove', type: 1, options: [{ name: 'feed', value: '1' }] }], MANAGER),
		);
		expect(removed.reply.embeds?.[0]?.title).toBe('Feed #1 removed');
		const empty = await answer(() => fake.chatInput('feeds', [{ name: 'list', type: 1, options: [] }], MANAGER));
		expect(empty.reply.embeds?.[0]?.title).toBe('No feeds');
		const missing = await answer(() =>
			fake.chatInput('feeds', [{ name: 'remove', type: 1, options: [{ name: 'feed', value: '1' }] }], MANAGER),
		);
		expect(text(missing.reply)).toMatch(/❌ .*No feed matches "1"/);
		expect(fake.violations).toEqual([]);
	});
});
