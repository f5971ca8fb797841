import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { createChannelPoster } from '../../src/discord/channel-poster.js';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { createWatchJob } from '../../src/discord/watch-job.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import { createWatchStore } from '../../src/store/watch-store.js';
import { createWatchService } from '../../src/watch/watch-service.js';
import {
	type ApiMessage,
	FAKE_IDS,
	type FakeDiscord,
	type RecordedRequest,
	startFakeDiscord,
} from '../helpers/fake-discord.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { type DigestItem, hainanItem, hunanItem, writeDigest } from '../watch/write-digest.js';
import { startBotAgainst } from '../helpers/bot-against-fake.js';

const TOKEN = `e2e-token-${'w'.repeat(60)}`;
const ALICE: { id: string; username: string } = { id: FAKE_IDS.user, username: 'alice' };
const BOB = { id: '1180000000000000298', username: 'bob' };
const EPHEMERAL = 64;

type Callback = { type: number; data: { content?: string; flags?: number; embeds?: { description?: string }[] } };
const bodyOf = (request: RecordedRequest) => request.json as Callback;
/** Entry ids listed in a notification (`**#12**` at the start of each item). */
const idsIn = (message: ApiMessage) =>
	[
		...String((message.embeds[0] as { description?: string } | undefined)?.description ?? '').matchAll(
			/\*\*#(\d+)\*\*/g,
		),
	].map((m) => Number(m[1]));

describe('watch notifications through a local Discord', () => {
	let fake: FakeDiscord;
	let bot: RunningBot;
	let dir: string;
	let databasePath: string;
	const logs = new PassThrough();
	let logText = '';
	logs.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
	let documents = 0;

	const start = async () => {
		return startBotAgainst(fake, {
			databasePath,
			env: { LOG_LEVEL: 'info', WATCH_INTERVAL_SECONDS: '0.05' },
			log: createLogger('info', logs),
		});
	};

	/** Ingests a new document the way another process (the CLI, the feed poller) would: its own connection. */
	async function ingest(
		items: readonly DigestItem[],
		again: readonly string[] = [],
	): Promise<{ path: string; ids: number[] }> {
		const path = writeDigest(dir, `doc-${++documents}.txt`, items);
		const other = createApp({ databasePath });
		try {
			const before = other.db.prepare('SELECT coalesce(max(id), 0) FROM entries').pluck().get() as number;
			await other.ingest([...again, path]);
			const ids = other.db.prepare('SELECT id FROM entries WHERE id > ? ORDER BY id').pluck().all(before) as number[];
			return { path, ids };
		} finally {
			other.close();
		}
	}

	/** Sends an interaction and returns the bot's first response to it. */
	async function ask(send: () => { id: string }): Promise<Callback> {
		const since = fake.requests.length;
		const { id } = send();
		const request = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (r) => r.interactionId === id,
		});
		return bodyOf(request);
	}

	const watchCommand = (sub: string, options: { name: string; value: string; type?: number }[], user = ALICE) =>
		ask(() => fake.chatInput('watch', [{ name: sub, type: 1, options }], { user }));

	const waitForDms = (userId: string, count: number) =>
		vi.waitFor(() => expect(fake.directMessages(userId)).toHaveLength(count), { timeout: 10_000, interval: 20 });

	/** Message posts to a user's DM channel, accepted or refused. */
	const dmPosts = (userId: string) => {
		const channelId = fake.requests.find(
			(r) => r.path === '/users/@me/channels' && JSON.stringify(r.json).includes(userId),
		)?.response as { id: string } | undefined;
		return fake.requests.filter(
			(r) => r.method === 'POST' && channelId && r.path === `/channels/${channelId.id}/messages`,
		);
	};

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-watch-e2e-');
		databasePath = join(dir, 'ngo.sqlite');
		const seed = createApp({ databasePath });
		await seed.ingest([join(projectRoot(), 'data', 'sample')]);
		seed.close();
		fake = await startFakeDiscord({ token: TOKEN });
		bot = await start();
	});

	afterAll(async () => {
		await bot?.stop('test over');
		await fake?.close();
		if (dir) removeTempDir(dir);
	});

	let first: number[] = [];

	it('adds watches privately, checks names and the delivery channel', async () => {
		const added = await watchCommand('add', [{ name: 'province', value: '湖南' }]);
		expect(added.type).toBe(4);
		expect(added.data.flags).toBe(EPHEMERAL);
		expect(added.data.content).toMatch(/Watching province Hunan .*your DMs, one message per ingest/);

		const inChannel = await watchCommand('add', [
			{ name: 'query', value: 'Birch' },
			{ name: 'channel', type: 7, value: FAKE_IDS.generalChannel },
		]);
		expect(inChannel.data.content).toContain(`<#${FAKE_IDS.generalChannel}>`);

		const readOnly = await watchCommand('add', [
			{ name: 'query', value: 'Birch' },
			{ name: 'channel', type: 7, value: FAKE_IDS.announcementsChannel },
		]);
		expect(readOnly.data.content).toMatch(/^❌ You cannot send messages in #announcements/);

		const unknown = await watchCommand('add', [{ name: 'province', value: 'Atlantis' }]);
		expect(unknown.data.content).toMatch(/^❌ .*Atlantis.* is not a province-level division/);
		const two = await watchCommand('add', [
			{ name: 'province', value: 'Hunan' },
			{ name: 'ngo', value: 'AIFO' },
		]);
		expect(two.data.content).toMatch(/^❌ Give exactly one of ngo:, province: or query:/);

		const list = await watchCommand('list', []);
		expect(list.data.embeds?.[0]?.description).toMatch(/province Hunan → your DMs\n.*words "Birch" → <#/);
		expect(fake.violations).toEqual([]);
	});

	it('sends one DM per ingest listing only the matching new entries', async () => {
		const { ids } = await ingest([
			hunanItem(1, 'Alder Education Foundation'),
			hainanItem(2, 'Birch Reef Trust'),
			hunanItem(3, 'Cedar Education Foundation'),
			hainanItem(4, 'Damson Reef Trust'),
		]);
		first = ids;
		await waitForDms(ALICE.id, 1);
		const [dm] = fake.directMessages(ALICE.id);
		expect(idsIn(dm!)).toEqual([ids[0], ids[2]]);
		// The words watch posts in its channel, apart from the DM.
		await vi.waitFor(() => expect(fake.channelMessages(FAKE_IDS.generalChannel)).toHaveLength(1), { timeout: 10_000 });
		expect(idsIn(fake.channelMessages(FAKE_IDS.generalChannel)[0]!)).toEqual([ids[1]]);
		const post = dmPosts(ALICE.id)[0]!;
		expect(post.json).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true });
	});

	it('sends a second DM with only the second ingest’s new entries', async () => {
		const { ids } = await ingest(
			[hunanItem(5, 'Elm Education Foundation'), hainanItem(6, 'Fir Trust')],
			[join(dir, 'doc-1.txt')],
		);
		await waitForDms(ALICE.id, 2);
		expect(idsIn(fake.directMessages(ALICE.id)[1]!)).toEqual([ids[0]]);
	});

	it('sends nothing again after a restart on the same database', async () => {
		await bot.stop('restart');
		bot = await start();
		// The next ingest's DM comes after any re-sent one would have (deliveries go in ingest order).
		const { ids } = await ingest([hunanItem(7, 'Fir Education Foundation')]);
		await waitForDms(ALICE.id, 3);
		const dms = fake.directMessages(ALICE.id);
		expect(idsIn(dms[2]!)).toEqual(ids);
		const listed = dms.flatMap(idsIn);
		expect(new Set(listed).size).toBe(listed.length);
		expect(dmPosts(ALICE.id)).toHaveLength(3);
		expect(first).toHaveLength(4);
	});

	it('pauses a user who blocks DMs after one refusal, one log line, and tells them at their next /watch', async () => {
		await watchCommand('add', [{ name: 'province', value: 'Hainan' }], BOB);
		fake.blockDirectMessages(BOB.id);
		const logStart = logText.length;

		const blocked = await ingest([hainanItem(8, 'Ginkgo Reef Trust'), hunanItem(9, 'Hazel Education Foundation')]);
		await waitForDms(ALICE.id, 4);
		await vi.waitFor(() => expect(dmPosts(BOB.id).map((r) => r.status)).toEqual([403]), { timeout: 10_000 });
		const later = await ingest([hainanItem(10, 'Ilex Reef Trust'), hunanItem(11, 'Juniper Education Foundation')]);
		await waitForDms(ALICE.id, 5);
		// Paused: no second attempt for the later ingest.
		expect(dmPosts(BOB.id).map((r) => r.status)).toEqual([403]);
		const lines = logText.slice(logStart).trim().split('\n');
		expect(lines.filter((line) => line.includes('watch notifications paused'))).toHaveLength(1);
		expect(lines.filter((line) => /"level":(50|"error")/.test(line))).toEqual([]);

		fake.blockDirectMessages(BOB.id, false);
		const list = await watchCommand('list', [], BOB);
		expect(list.data.content).toMatch(
			/⚠️ Watch notifications to your DMs were paused on <t:\d+:D>: Discord does not let me send you direct messages/,
		);
		// Told once.
		const again = await watchCommand('list', [], BOB);
		expect(again.data.content ?? '').not.toMatch(/paused/);
		// Resumed: one DM per missed ingest, in order.
		await waitForDms(BOB.id, 2);
		const [one, two] = fake.directMessages(BOB.id);
		expect(idsIn(one!)).toEqual([blocked.ids[0]]);
		expect(idsIn(two!)).toEqual([later.ids[0]]);
	});

	it('removes a watch by its number, with autocomplete of the user’s own watches', async () => {
		const since = fake.requests.length;
		const { id } = fake.autocomplete(
			'watch',
			[{ name: 'remove', type: 1, options: [{ name: 'watch', value: '', focused: true }] }],
			{
				user: BOB,
			},
		);
		const choices = bodyOf(
			await fake.waitForRest('POST', /callback$/, { since, predicate: (r) => r.interactionId === id }),
		) as unknown as { data: { choices: { name: string; value: string }[] } };
		expect(choices.data.choices).toHaveLength(1);
		const [choice] = choices.data.choices;
		expect(choice!.name).toMatch(/province Hainan → DMs/);
		const removed = await watchCommand('remove', [{ name: 'watch', value: choice!.value }], BOB);
		expect(removed.data.content).toMatch(/Stopped watching province Hainan/);
		const notMine = await watchCommand('remove', [{ name: 'watch', value: choice!.value }], ALICE);
		expect(notMine.data.content).toMatch(/^❌ You have no watch #\d+/);
		expect(fake.violations.filter((v) => v.code !== 50007)).toEqual([]);
	});

	it('does not post twice when it stops between Discord accepting a DM and recording it', async () => {
		await bot.stop('crash test');
		const { ids } = await ingest([hunanItem(12, 'Kapok Education Foundation')]);
		const app = createApp({ databasePath });
		try {
			const watch = createWatchService({
				store: createWatchStore(app.db),
				query: app.query,
				reader: app.reader,
				now: () => new Date(),
			});
			const poster = createChannelPoster(new REST({ api: fake.apiBase }).setToken(TOKEN));
			let crash = true;
			const crashing = {
				...poster,
				async dm(...args: Parameters<typeof poster.dm>) {
					const sent = await poster.dm(...args);
					// Discord has the message; the process dies before the delivery is recorded.
					if (crash) throw new Error('simulated crash after send');
					return sent;
				},
			};
			const job = createWatchJob({ watch, intervalMs: 60_000, poster: crashing });
			expect(await job.runOnce()).toBe(0);
			expect(fake.directMessages(ALICE.id)).toHaveLength(6);
			crash = false;
			expect(await job.runOnce()).toBe(1);
			// The retry carried the same nonce: Discord answered with the first message instead of posting again.
			expect(fake.directMessages(ALICE.id)).toHaveLength(6);
			expect(idsIn(fake.directMessages(ALICE.id)[5]!)).toEqual(ids);
			const [a, b] = dmPosts(ALICE.id)
				.slice(-2)
				.map((r) => (r.json as { nonce: string }).nonce);
			expect(a).toBe(b);
			expect(await job.runOnce()).toBe(0);
			await job.stop();
		} finally {
			app.close();
		}
	});
});
