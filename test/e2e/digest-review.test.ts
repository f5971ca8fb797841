import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { createLogger } from '../../src/log.js';
import {
	type ApiMessage,
	DEFAULT_EVERYONE_PERMISSIONS,
	FAKE_IDS,
	type FakeCommandOption,
	type FakeDiscord,
	type InteractionContext,
	PERMISSIONS,
	type RecordedRequest,
	defaultGuilds,
	startFakeDiscord,
} from '../helpers/fake-discord.js';
import { startBotAgainst } from '../helpers/bot-against-fake.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const TOKEN = `digest-review-token-${'r'.repeat(60)}`;
const MANAGE_GUILD = 1n << 5n;
const MODERATOR: InteractionContext = { memberPermissions: DEFAULT_EVERYONE_PERMISSIONS | MANAGE_GUILD };
const SECOND_MODERATOR: InteractionContext = {
	user: { id: '1180000000000000301', username: 'second-moderator' },
	memberPermissions: DEFAULT_EVERYONE_PERMISSIONS | MANAGE_GUILD,
};
const FORUM = '1180000000000000104';
const READERS_ROLE = '1180000000000000400';
const BOT_ROLE = '1180000000000000401';
const INGESTED_AT = new Date('2019-03-05T10:00:00Z'); // Tuesday of 2019-W10 in Shanghai
const FRIDAY = new Date('2019-03-08T00:00:00Z');
const MONDAY_SLOT = new Date('2019-03-11T01:00:00Z'); // Monday 09:00 in Shanghai, the slot of 2019-W10's digest
const WEEK_NAME = 'Weekly digest · 2019-W10 · Mar 4 – Mar 10, 2019';
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

/** Thirty long Hunan items: a digest of several messages. */
function writeFixtures(dir: string): string {
	const trees = 'Alder Birch Cedar Damson Elm Fir Gingko Hazel Ilex Juniper Kapok Larch Maple Nutmeg Oak'.split(' ');
	const items = [...trees, ...trees].map(
		(tree, i) =>
			`March ${(i % 9) + 1}, 2019:\n\nThe Hunan PSB Foreign NGO Management Office met the ${tree} ${i < 15 ? 'Education' : 'Health'} Foundation (Japan) to discuss its temporary activity filing, its Changsha partner, its staff and its plans for rural schools and clinics in the coming year.`,
	);
	const path = join(dir, 'fixtures.txt');
	writeFileSync(path, ['Ministry of Public Security WeChat Posts—March 1-9, 2019', ...items].join('\n\n'));
	return path;
}

type Component = {
	type: number;
	custom_id: string;
	label?: string;
	disabled?: boolean;
	options?: { label: string; value: string }[];
};
type Data = {
	content?: string;
	flags?: number;
	embeds?: { title?: string; description?: string; footer?: { text: string } }[];
	components?: { components: Component[] }[];
	allowed_mentions?: { parse?: string[]; roles?: string[]; users?: string[] };
	custom_id?: string;
	title?: string;
};
type Callback = { type: number; data: Data };

describe('digest review against a local Discord', () => {
	let fake: FakeDiscord;
	let bot: RunningBot;
	let dir: string;
	let databasePath: string;
	let clock = FRIDAY;
	let logText = '';

	async function boot(): Promise<RunningBot> {
		const logs = new PassThrough();
		logs.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
		return startBotAgainst(fake, {
			databasePath,
			env: { LOG_LEVEL: 'debug', DIGEST_CHECK_SECONDS: '0.05', LIMIT_USER_BURST: '1000' },
			log: createLogger('debug', logs),
			now: () => clock,
		});
	}

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-digest-review-');
		databasePath = join(dir, 'ngo.sqlite');
		const seed = createApp({ databasePath, now: () => INGESTED_AT });
		await seed.ingest([writeFixtures(dir)]);
		seed.close();
		const [guild] = defaultGuilds();
		fake = await startFakeDiscord({
			token: TOKEN,
			ackDeadlineMs: 2_000,
			guilds: [
				{
					...guild!,
					roles: [
						{ id: READERS_ROLE, name: 'digest-readers', mentionable: true },
						// The bot may start threads (Discord's default for @everyone; the fake's default leaves it out).
						{ id: BOT_ROLE, name: 'ngo-bot', managed: true, permissions: PERMISSIONS.CREATE_PUBLIC_THREADS },
					],
					botRoleIds: [BOT_ROLE],
					channels: [...guild!.channels, { id: FORUM, name: 'weekly-digests', type: 15, position: 3 }],
				},
			],
		});
		bot = await boot();
	});

	afterAll(async () => {
		await bot?.stop('test over');
		await fake?.close();
		if (dir) removeTempDir(dir);
	});

	/** The first response to an interaction. */
	async function ask(send: () => { id: string }): Promise<Callback & { request: RecordedRequest }> {
		const since = fake.requests.length;
		const { id } = send();
		const request = await fake.waitForRest('POST', CALLBACK, { since, predicate: (r) => r.interactionId === id });
		return { ...(request.json as Callback), request };
	}
	/** The final answer (after a deferral: the edit). */
	async function answerOf(send: () => { id: string }): Promise<Data> {
		const since = fake.requests.length;
		const first = await ask(send);
		if (first.type !== 5 && first.type !== 6) return first.data;
		const edit = await fake.waitForRest('PATCH', ORIGINAL, {
			since,
			predicate: (r) => r.interactionId === first.request.interactionId,
		});
		return edit.json as Data;
	}
	const sub = (name: string, options: FakeCommandOption[] = []): FakeCommandOption[] => [{ name, type: 1, options }];
	const controls = (data: Data) => data.components?.flatMap((row) => row.components) ?? [];
	const control = (data: Data, label: string) => controls(data).find((c) => c.label === label)!;
	const dropMenu = (data: Data) => controls(data).find((c) => c.type === 3)!;
	/** The stored message a draft view is (ephemeral, updated in place by its buttons). */
	const messageOf = (callback: { request: RecordedRequest }): ApiMessage =>
		fake.messages.find(
			(m) => (m.interaction_metadata as { id?: string } | undefined)?.id === callback.request.interactionId,
		)!;
	const pageCount = (data: Data) => Number(/message \d+ of (\d+)/.exec(data.content ?? '')?.[1]);
	/** Every page of a draft view, walked with Next ▶ from the first. */
	async function walk(first: Data, message: ApiMessage, by: InteractionContext): Promise<Data[]> {
		const pages = [first];
		while (!control(pages.at(-1)!, 'Next ▶').disabled) {
			const next = await ask(() => fake.button(control(pages.at(-1)!, 'Next ▶').custom_id, message, by));
			expect(next.type).toBe(7);
			pages.push(next.data);
		}
		return pages;
	}
	const preview = (by: InteractionContext, options: FakeCommandOption[] = [{ name: 'week', value: '2019-W10' }]) =>
		ask(() => fake.chatInput('digest', sub('preview', options), by));
	const stripType = (embeds: unknown[]) => embeds.map((e) => ({ ...(e as object), type: undefined }));

	let draft: Callback & { request: RecordedRequest };
	let reviewed: Data[] = [];
	/** Messages of the week's whole digest. */
	let weekParts = 0;

	it('pages through every message of the draft', async () => {
		draft = await preview(MODERATOR);
		expect(draft.data.flags).toBe(64);
		const total = pageCount(draft.data);
		weekParts = total;
		expect(total).toBeGreaterThanOrEqual(3);
		expect(control(draft.data, '◀ Previous').disabled).toBe(true);
		const pages = await walk(draft.data, messageOf(draft), MODERATOR);
		expect(pages).toHaveLength(total);
		pages.forEach((page, i) => {
			expect(page.content).toContain(`message ${i + 1} of ${total}`);
			expect(page.embeds?.[0]?.footer?.text).toBe(`Part ${i + 1} of ${total} · cite entries by id`);
		});
		expect(pages[0]?.embeds?.[0]?.title).toBe(WEEK_NAME);
		// Every entry of the week is on exactly one page, and each page's drop menu offers its own entries.
		const listed = pages.flatMap((page) => [...(page.embeds?.[0]?.description ?? '').matchAll(/`#(\d+)`/g)]);
		expect(listed).toHaveLength(30);
		for (const page of pages) {
			const ids = [...(page.embeds?.[0]?.description ?? '').matchAll(/`#(\d+)`/g)].map((m) => m[1]);
			expect(dropMenu(page).options?.map((o) => o.value)).toEqual(ids);
		}
	});

	it('drops entries picked in the menu, and says so in the digest', async () => {
		const message = messageOf(draft);
		// Back to the first message (the view was left on the last).
		const first = await ask(() =>
			fake.button(control(draft.data, `Message 1 of ${weekParts}`).custom_id, message, MODERATOR),
		);
		const [a, b] = dropMenu(first.data).options!.map((o) => o.value);
		const dropped = await ask(() => fake.select(dropMenu(first.data).custom_id, [a!, b!], message, MODERATOR));
		expect(dropped.type).toBe(7);
		expect(dropped.data.content).toContain('2 entries dropped');
		const description = dropped.data.embeds?.[0]?.description ?? '';
		expect(description).not.toMatch(new RegExp(`\`#(${a}|${b})\``));
		expect(description).toMatch(
			/^\*\*30 entries new in 1 province group, \+30 on the week before \(0\)\.\*\*\n\*2 of them were left out by the moderators\.\*/,
		);
		expect(control(dropped.data, 'Undo drops')).toBeDefined();
		draft = { ...dropped, request: draft.request };
	});

	it('adds an intro line through a form; it is escaped and pings no one', async () => {
		const message = messageOf(draft);
		const opened = await ask(() => fake.button(control(draft.data, 'Add intro…').custom_id, message, MODERATOR));
		expect(opened.type).toBe(9);
		expect(opened.data.title).toBe('Intro line of the digest');
		const pingsBefore = fake.pings.length;
		const withIntro = await ask(() =>
			fake.submitModal(
				opened.data.custom_id!,
				{ intro: 'Read this first, @everyone: **big** week' },
				{ message, by: MODERATOR },
			),
		);
		expect(withIntro.type).toBe(7);
		expect(withIntro.data.content).toContain('2 entries dropped, with an intro line');
		expect(withIntro.data.embeds?.[0]?.description?.split('\n')[0]).toBe(
			'Read this first, @\u200beveryone: \\*\\*big\\*\\* week',
		);
		expect(fake.pings.slice(pingsBefore)).toEqual([]);
		draft = { ...withIntro, request: draft.request };
	});

	it('survives a restart, and another moderator previewing the same digest gets the same draft', async () => {
		await bot.stop('restart');
		bot = await boot();
		const second = await preview(SECOND_MODERATOR);
		expect(second.data.content).toContain('2 entries dropped, with an intro line');
		expect(second.data.embeds).toEqual(draft.data.embeds);
		// The first moderator's view still works after the restart.
		const again = await ask(() =>
			fake.button(control(draft.data, `Message 1 of ${pageCount(draft.data)}`).custom_id, messageOf(draft), MODERATOR),
		);
		expect(again.data.embeds).toEqual(draft.data.embeds);

		// The second moderator drops one more entry: the first moderator's view is now stale.
		const secondMessage = messageOf(second);
		const last = dropMenu(second.data).options!.at(-1)!.value;
		const changed = await ask(() =>
			fake.select(dropMenu(second.data).custom_id, [last], secondMessage, SECOND_MODERATOR),
		);
		expect(changed.data.content).toContain('3 entries dropped');
		const before = fake.channelMessages(FAKE_IDS.generalChannel).length;
		const stale = await answerOf(() =>
			fake.button(control(draft.data, 'Post here').custom_id, messageOf(draft), MODERATOR),
		);
		expect(stale.content).toMatch(/^❌ This draft changed since you saw it/);
		expect(fake.channelMessages(FAKE_IDS.generalChannel)).toHaveLength(before);

		// Seen again, it can be posted.
		const fresh = await ask(() =>
			fake.button(control(draft.data, `Message 1 of ${pageCount(draft.data)}`).custom_id, messageOf(draft), MODERATOR),
		);
		expect(fresh.data.content).toContain('3 entries dropped');
		reviewed = await walk(fresh.data, messageOf(draft), MODERATOR);
		draft = { ...fresh, request: draft.request };
	});

	it('posts exactly the reviewed draft, once', async () => {
		const before = fake.channelMessages(FAKE_IDS.generalChannel).length;
		const done = await answerOf(() =>
			fake.button(control(draft.data, 'Post here').custom_id, messageOf(draft), MODERATOR),
		);
		expect(done.content).toBe(`✅ Digest posted in <#${FAKE_IDS.generalChannel}>.`);
		const posted = fake.channelMessages(FAKE_IDS.generalChannel).slice(before);
		expect(stripType(posted.map((m) => m.embeds[0]))).toEqual(stripType(reviewed.map((page) => page.embeds![0]!)));
		expect(posted.map((m) => m.content)).toEqual(posted.map(() => ''));
		const listed = posted.flatMap((m) => [
			...String((m.embeds[0] as { description?: string }).description).matchAll(/`#(\d+)`/g),
		]);
		expect(listed).toHaveLength(27);
		// The draft is done: another moderator's older view cannot post it again.
		const twice = await answerOf(() =>
			fake.button(control(draft.data, 'Post here').custom_id, messageOf(draft), SECOND_MODERATOR),
		);
		expect(twice.content).toMatch(/^❌ This draft was posted already/);
		expect(fake.channelMessages(FAKE_IDS.generalChannel).slice(before)).toHaveLength(posted.length);
	});

	it('posts a draft as a forum post named after the week, or in a new thread named after it', async () => {
		const forumDraft = await preview(MODERATOR, [
			{ name: 'week', value: '2019-W10' },
			{ name: 'type', value: 'meeting' },
		]);
		const select = controls(forumDraft.data).find((c) => c.type === 8)!;
		const toForum = await answerOf(() =>
			fake.sendInteraction(
				{
					type: 3,
					data: { custom_id: select.custom_id, component_type: 8, values: [FORUM] },
					message: messageOf(forumDraft),
				},
				{ ...MODERATOR, channelId: FAKE_IDS.generalChannel },
			),
		);
		const [post] = fake.threads(FORUM);
		expect(post).toMatchObject({ name: WEEK_NAME, parent_id: FORUM });
		expect(toForum.content).toBe(`✅ Digest posted in <#${post!.id}>, a thread named after the week in <#${FORUM}>.`);
		const inPost = fake.channelMessages(post!.id);
		expect(inPost.length).toBe(pageCount(forumDraft.data));
		expect(inPost[0]?.id).toBe(post!.id);

		const threadDraft = await preview(MODERATOR, [
			{ name: 'week', value: '2019-W10' },
			{ name: 'province', value: 'Hunan' },
		]);
		const inThread = await answerOf(() =>
			fake.button(control(threadDraft.data, 'Post in a new thread here').custom_id, messageOf(threadDraft), MODERATOR),
		);
		const [thread] = fake.threads(FAKE_IDS.generalChannel);
		expect(thread).toMatchObject({ name: WEEK_NAME, type: 11 });
		expect(inThread.content).toContain(`<#${thread!.id}>`);
		expect(fake.channelMessages(thread!.id)).toHaveLength(pageCount(threadDraft.data));
	});

	it('schedules refuse @everyone as the role to mention', async () => {
		const refused = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [
					{ name: 'channel', type: 7, value: FAKE_IDS.digestChannel },
					{ name: 'weekday', value: 1 },
					{ name: 'hour', value: 9 },
					{ name: 'role', type: 8, value: FAKE_IDS.guild },
				]),
				MODERATOR,
			),
		);
		expect(refused.content).toMatch(/^❌ A digest never pings everyone: pick a role, not @.?everyone\.$/u);
	});

	it('a schedule posts in a new thread named after the week, pinging its one role and no one else', async () => {
		const scheduled = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [
					{ name: 'channel', type: 7, value: FAKE_IDS.digestChannel },
					{ name: 'weekday', value: 1 },
					{ name: 'hour', value: 9 },
					{ name: 'thread', value: true },
					{ name: 'role', type: 8, value: READERS_ROLE },
				]),
				MODERATOR,
			),
		);
		expect(scheduled.content).toMatch(
			new RegExp(`in a new thread named after the week, mentioning <@&${READERS_ROLE}> \\(no one else is pinged\\)`),
		);
		const forum = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [
					{ name: 'channel', type: 7, value: FORUM },
					{ name: 'weekday', value: 1 },
					{ name: 'hour', value: 9 },
				]),
				MODERATOR,
			),
		);
		expect(forum.content).toContain('as a forum post named after the week');
		const status = await answerOf(() => fake.chatInput('digest', sub('status'), MODERATOR));
		expect(status.embeds?.[0]?.description).toContain(`(in a new thread each week, mentioning <@&${READERS_ROLE}>)`);

		const pingsBefore = fake.pings.length;
		const forumPosts = fake.threads(FORUM).length;
		clock = new Date(MONDAY_SLOT.getTime() + 60_000);
		const newThread = async (parent: string, before: number) => {
			while (fake.threads(parent).length <= before) await new Promise((r) => setTimeout(r, 20));
			return fake.threads(parent)[before]!;
		};
		const thread = await newThread(FAKE_IDS.digestChannel, 0);
		const post = await newThread(FORUM, forumPosts);
		expect([thread.name, post.name]).toEqual([WEEK_NAME, WEEK_NAME]);
		const settled = async (channelId: string, total: number) => {
			while (fake.channelMessages(channelId).length < total) await new Promise((r) => setTimeout(r, 20));
			return fake.channelMessages(channelId);
		};
		const inThread = await settled(thread.id, weekParts);
		expect(inThread).toHaveLength(weekParts);
		expect(inThread[0]?.content).toBe(`<@&${READERS_ROLE}>`);
		expect(inThread.slice(1).map((m) => m.content)).toEqual(inThread.slice(1).map(() => ''));
		expect(fake.channelMessages(FAKE_IDS.digestChannel)).toEqual([]);
		expect(await settled(post.id, weekParts)).toHaveLength(weekParts);
		expect(fake.pings.slice(pingsBefore)).toEqual([
			expect.objectContaining({ channelId: thread.id, users: [], roles: [READERS_ROLE], everyone: false }),
		]);
	});

	it('broke no Discord rule', () => {
		expect(fake.violations).toEqual([]);
		expect(logText).not.toMatch(/"level":50/);
	});
});
