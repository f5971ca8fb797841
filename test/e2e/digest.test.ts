import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import {
	DEFAULT_EVERYONE_PERMISSIONS,
	FAKE_IDS,
	type FakeCommandOption,
	type FakeDiscord,
	PERMISSIONS,
	type RecordedRequest,
	startFakeDiscord,
} from '../helpers/fake-discord.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { startBotAgainst } from '../helpers/bot-against-fake.js';

const TOKEN = `digest-e2e-token-${'x'.repeat(60)}`;
const MANAGE_GUILD = 1n << 5n;
const MODERATOR = { memberPermissions: DEFAULT_EVERYONE_PERMISSIONS | MANAGE_GUILD };
const INGESTED_AT = new Date('2019-03-05T10:00:00Z'); // Tuesday of 2019-W10 in Shanghai
const FRIDAY = new Date('2019-03-08T00:00:00Z');
const MONDAY_SLOT = new Date('2019-03-11T01:00:00Z'); // Monday 09:00 in Shanghai

type Callback = {
	type: number;
	data: {
		content?: string;
		flags?: number;
		embeds?: { title?: string; description?: string }[];
		components?: { components: { custom_id: string; label?: string; type: number }[] }[];
	};
};

describe('/digest against a local Discord', () => {
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
			env: { LOG_LEVEL: 'debug', DIGEST_CHECK_SECONDS: '0.05' },
			log: createLogger('debug', logs),
			now: () => clock,
		});
	}

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-digest-e2e-');
		databasePath = join(dir, 'ngo.sqlite');
		const seed = createApp({ databasePath, now: () => INGESTED_AT });
		await seed.ingest([join(projectRoot(), 'data', 'sample')]);
		seed.close();
		fake = await startFakeDiscord({ token: TOKEN, ackDeadlineMs: 2_000 });
		bot = await boot();
	});

	afterAll(async () => {
		await bot?.stop('test over');
		await fake?.close();
		if (dir) removeTempDir(dir);
	});

	async function ask(send: () => { id: string }): Promise<Callback> {
		const since = fake.requests.length;
		const { id } = send();
		const request = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (r) => r.interactionId === id,
		});
		return request.json as Callback;
	}
	/** The content or first embed of the interaction's final answer (after a deferral: the edit). */
	async function answerOf(send: () => { id: string }): Promise<Callback['data']> {
		const since = fake.requests.length;
		const { id } = send();
		const first = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (r) => r.interactionId === id,
		});
		const body = first.json as Callback;
		if (body.type === 4 || body.type === 7) return body.data;
		const edit = await fake.waitForRest('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, {
			since,
			predicate: (r) => r.interactionId === id,
		});
		return edit.json as Callback['data'];
	}
	const sub = (name: string, options: FakeCommandOption[] = []): FakeCommandOption[] => [{ name, type: 1, options }];
	const channel = (id: string): FakeCommandOption => ({ name: 'channel', type: 7, value: id });
	/** Waits for `n` more scheduler passes (their debug lines), so "nothing else was posted" is checked after them. */
	async function passes(n: number): Promise<void> {
		const count = () => logText.split('digest pass done').length - 1;
		const target = count() + n;
		while (count() < target) await new Promise((resolve) => setTimeout(resolve, 10));
	}
	function postRow(channelId: string): { state: string; message_ids: string } | undefined {
		const db = new Database(databasePath, { readonly: true });
		try {
			return db
				.prepare('SELECT state, message_ids FROM digest_posts WHERE channel_id = ? ORDER BY claimed_at DESC LIMIT 1')
				.get(channelId) as { state: string; message_ids: string } | undefined;
		} finally {
			db.close();
		}
	}

	it('refuses members without Manage Server, and is registered for them to be hidden by default', async () => {
		const callback = await ask(() => fake.chatInput('digest', sub('status')));
		expect(callback.data.flags).toBe(64);
		expect(callback.data.content).toMatch(/^❌ Only members with the Manage Server permission can use \/digest/);
		const { registrationOf } = await import('../../src/discord/slash-command.js');
		const json = registrationOf((await import('../../commands/digest.js')).digest);
		expect(json.default_member_permissions).toBe(String(MANAGE_GUILD));
	});

	it('previews a week as a hidden draft, then "Post here" posts exactly that in the channel', async () => {
		const draft = await ask(() =>
			fake.chatInput('digest', sub('preview', [{ name: 'week', value: '2019-W10' }]), MODERATOR),
		);
		expect(draft.type).toBe(4);
		expect(draft.data.flags).toBe(64);
		const embed = draft.data.embeds?.[0];
		expect(embed?.title).toBe('Weekly digest · 2019-W10 · Mar 4 – Mar 10, 2019');
		expect(embed?.description).toMatch(
			/^\*\*\d+ entries new in \d+ province groups, \+\d+ on the week before \(0\)\.\*\*/,
		);
		const controls = draft.data.components?.flatMap((row) => row.components) ?? [];
		const parts = Number(/message 1 of (\d+)/.exec(draft.data.content ?? '')?.[1]);
		expect(controls.map((c) => c.label ?? c.type)).toEqual([
			'◀ Previous',
			`Message 1 of ${parts}`,
			'Next ▶',
			3,
			'Post here',
			'Post in a new thread here',
			'Add intro…',
			'Discard',
			8,
		]);

		const here = controls.find((c) => c.label === 'Post here')!;
		const done = await answerOf(() => fake.button(here.custom_id, fake.messages.at(-1)!, MODERATOR));
		expect(done.content).toBe(`✅ Digest posted in <#${FAKE_IDS.generalChannel}>.`);
		// The draft says how many messages it is; all of them are posted, the first as previewed.
		const posted = fake.channelMessages(FAKE_IDS.generalChannel);
		expect(posted).toHaveLength(parts);
		expect(posted[0]?.embeds[0]).toMatchObject({ title: embed?.title, description: embed?.description });
	});

	it('a double click on "Post here" posts the digest once and tells the second click why', async () => {
		const draft = await ask(() =>
			fake.chatInput('digest', sub('preview', [{ name: 'week', value: '2019-W10' }]), MODERATOR),
		);
		const parts = Number(/message 1 of (\d+)/.exec(draft.data.content ?? '')?.[1]);
		const here = draft.data.components!.flatMap((row) => row.components).find((c) => c.label === 'Post here')!;
		const message = fake.messages.at(-1)!;
		const before = fake.channelMessages(FAKE_IDS.generalChannel).length;
		const [first, second] = await Promise.all([
			answerOf(() => fake.button(here.custom_id, message, MODERATOR)),
			answerOf(() => fake.button(here.custom_id, message, MODERATOR)),
		]);
		const answers = [first.content, second.content].sort();
		expect(answers[0]).toBe(`✅ Digest posted in <#${FAKE_IDS.generalChannel}>.`);
		expect(answers[1]).toMatch(/^❌ This draft (is being posted already|was posted already)/);
		expect(fake.channelMessages(FAKE_IDS.generalChannel).length - before).toBe(parts);
	});

	it('"Post to…" posts the draft to the picked channel; a non-moderator cannot use the buttons', async () => {
		const draft = await ask(() =>
			fake.chatInput(
				'digest',
				sub('preview', [
					{ name: 'week', value: '2019-W10' },
					{ name: 'province', value: 'Sichuan' },
				]),
				MODERATOR,
			),
		);
		const select = draft.data.components?.flatMap((row) => row.components).find((c) => c.type === 8);
		const message = fake.messages.at(-1)!;
		const pick = (context: object) =>
			fake.sendInteraction(
				{
					type: 3,
					data: { custom_id: select!.custom_id, component_type: 8, values: [FAKE_IDS.digestChannel] },
					message,
				},
				{ channelId: FAKE_IDS.generalChannel, ...context },
			);
		const refused = await ask(() => pick({}));
		expect(refused.data.content).toMatch(/Manage Server/);
		const done = await answerOf(() => pick(MODERATOR));
		expect(done.content).toBe(`✅ Digest posted in <#${FAKE_IDS.digestChannel}>.`);
		const posted = fake.channelMessages(FAKE_IDS.digestChannel);
		expect(posted).toHaveLength(1);
		expect(posted[0]?.embeds[0]?.description).toMatch(/Only province Sichuan\./);
	});

	it('says what was wrong with bad input', async () => {
		const week = await answerOf(() =>
			fake.chatInput('digest', sub('preview', [{ name: 'week', value: 'W9' }]), MODERATOR),
		);
		expect(week.content).toMatch(/^❌ "W9" is not a week\. Write an ISO week like 2019-W09/);
		const zone = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [
					channel(FAKE_IDS.digestChannel),
					{ name: 'weekday', value: 1 },
					{ name: 'hour', value: 9 },
					{ name: 'timezone', value: 'Mars/Olympus' },
				]),
				MODERATOR,
			),
		);
		expect(zone.content).toMatch(/^❌ Unknown time zone "Mars\/Olympus"/);
		// A modified client can send values Discord's own client would not offer.
		const weekday = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [channel(FAKE_IDS.digestChannel), { name: 'weekday', value: 0 }, { name: 'hour', value: 24 }]),
				MODERATOR,
			),
		);
		expect(weekday.content).toBe('❌ weekday must be a number from 1 to 7, Monday to Sunday.');
		const readOnly = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [
					channel(FAKE_IDS.announcementsChannel),
					{ name: 'weekday', value: 1 },
					{ name: 'hour', value: 9 },
				]),
				MODERATOR,
			),
		);
		expect(readOnly.content).toMatch(/^❌ I cannot send messages in/);
	});

	it('schedules a weekly post: one post when the slot comes, none on later passes, none after a restart', async () => {
		const before = fake.channelMessages(FAKE_IDS.digestChannel).length;
		const scheduled = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [channel(FAKE_IDS.digestChannel), { name: 'weekday', value: 1 }, { name: 'hour', value: 9 }]),
				MODERATOR,
			),
		);
		expect(scheduled.content).toMatch(/Weekly digest scheduled in <#\d+>: Mondays at 09:00 \(Asia\/Shanghai\)/);
		expect(scheduled.content).toContain(`<t:${MONDAY_SLOT.getTime() / 1000}:F>`);
		await passes(2);
		expect(fake.channelMessages(FAKE_IDS.digestChannel)).toHaveLength(before);

		// A 429 on the first attempt: discord.js waits and retries the same request (same nonce): one message.
		const limited = fake.failNext('POST', new RegExp(`^/channels/${FAKE_IDS.digestChannel}/messages$`), {
			status: 429,
			retryAfter: 0.05,
		});
		clock = new Date(MONDAY_SLOT.getTime() + 60_000);
		const post = await fake.waitForRest('POST', new RegExp(`^/channels/${FAKE_IDS.digestChannel}/messages$`), {
			predicate: (r: RecordedRequest) => r.status === 200,
		});
		expect(limited.hits).toHaveLength(1);
		expect((post.json as { nonce?: string }).nonce).toMatch(/^d[0-9a-f]{20}-0$/);
		await passes(3);
		// The sample week is long: each part once, in order.
		const posted = fake.channelMessages(FAKE_IDS.digestChannel).slice(before);
		expect(posted.length).toBeGreaterThanOrEqual(1);
		expect(posted[0]?.embeds[0]?.title).toBe('Weekly digest · 2019-W10 · Mar 4 – Mar 10, 2019');
		posted.forEach((message, i) =>
			expect(message.embeds[0]?.footer).toMatchObject({
				text: posted.length > 1 ? `Part ${i + 1} of ${posted.length} · cite entries by id` : 'Cite entries by id',
			}),
		);
		expect(postRow(FAKE_IDS.digestChannel)).toMatchObject({
			state: 'posted',
			message_ids: JSON.stringify(posted.map((m) => m.id)),
		});

		await bot.stop('restart');
		clock = new Date(MONDAY_SLOT.getTime() + 3_600_000);
		bot = await boot();
		await passes(3);
		expect(fake.channelMessages(FAKE_IDS.digestChannel).slice(before)).toHaveLength(posted.length);

		const status = await answerOf(() => fake.chatInput('digest', sub('status'), MODERATOR));
		const text = JSON.stringify(status);
		expect(text).toMatch(/Last: week 2019-W11, posted \(\d+ messages?\)/);
		expect(text).toContain(`Next run: <t:${MONDAY_SLOT.getTime() / 1000 + 7 * 86_400}:F>`);
	});

	it('records a missing permission, tells the moderator by DM and shows it in status', async () => {
		const general = fake.guilds[0]!.channels.find((c) => c.id === FAKE_IDS.generalChannel)!;
		const scheduled = await answerOf(() =>
			fake.chatInput(
				'digest',
				sub('schedule', [channel(FAKE_IDS.generalChannel), { name: 'weekday', value: 2 }, { name: 'hour', value: 8 }]),
				MODERATOR,
			),
		);
		expect(scheduled.content).toMatch(/Tuesdays at 08:00/);
		// Someone takes the bot's right to post there after the schedule was made.
		general.permission_overwrites = [
			{ id: FAKE_IDS.guild, type: 0, allow: '0', deny: PERMISSIONS.SEND_MESSAGES.toString() },
		];
		const before = fake.channelMessages(FAKE_IDS.generalChannel).length;
		const dm = fake.waitForRest('POST', /^\/channels\/\d+\/messages$/, {
			predicate: (r) => /could not be posted/.test(JSON.stringify(r.json)),
		});
		clock = new Date('2019-03-12T00:30:00Z'); // Tuesday 08:30 in Shanghai
		const notice = await dm;
		expect((notice.json as { content: string }).content).toMatch(
			/weekly digest for week 2019-W11 could not be posted in <#\d+>: the bot lacks permission/,
		);
		await passes(2);
		expect(fake.channelMessages(FAKE_IDS.generalChannel)).toHaveLength(before);
		expect(postRow(FAKE_IDS.generalChannel)?.state).toBe('failed');
		const status = JSON.stringify(await answerOf(() => fake.chatInput('digest', sub('status'), MODERATOR)));
		expect(status).toMatch(/Last: week 2019-W11, failed/);
		expect(status).toMatch(/Last error .*Missing Permissions/);
		general.permission_overwrites = [];
	});
});
