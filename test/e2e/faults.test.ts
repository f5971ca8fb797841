import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { REST_RETRIES } from '../../src/discord/client.js';
import { encodePageState } from '../../src/discord/page-state.js';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import { FAKE_IDS, type FakeDiscord, type RecordedRequest, startFakeDiscord } from '../helpers/fake-discord.js';
import { startBotAgainst } from '../helpers/bot-against-fake.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const TOKEN = `faults-token-${'z'.repeat(60)}`;
/** Per attempt, in this suite (production: REST_TIMEOUT_MS); the number of retries is production's. */
const TEST_REST_TIMEOUT_MS = 300;
const ATTEMPTS = REST_RETRIES + 1;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const FOLLOW_UP = /^\/webhooks\/\d+\/[^/]+$/;

type Body = { type?: number; data?: { content?: string; flags?: number; embeds?: { title?: string }[] } };
const bodyOf = (request: RecordedRequest) => request.json as Body;

describe('faults the bot survives (local Discord)', () => {
	let fake: FakeDiscord;
	let bot: RunningBot;
	let dir: string;
	let clock = Date.parse('2026-11-22T08:00:00Z');
	const logs = new PassThrough();
	let logText = '';
	logs.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
	const logLines = () =>
		logText
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as Record<string, unknown>);

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-faults-');
		const databasePath = join(dir, 'ngo.sqlite');
		const seed = createApp({ databasePath });
		await seed.ingest([join(projectRoot(), 'data', 'sample')]);
		await seed.indexes.whenReady();
		// A corrupt persisted index (a torn write, a bad disk block) at the same corpus revision.
		const corrupted = seed.db.prepare('UPDATE search_snapshots SET data = CAST(\'{"not": "an index\' AS BLOB)').run();
		expect(corrupted.changes).toBeGreaterThan(0);
		seed.close();

		fake = await startFakeDiscord({ token: TOKEN, ackDeadlineMs: 2_000 });
		bot = await startBotAgainst(fake, {
			databasePath,
			env: { LOG_LEVEL: 'debug' },
			// The same secrets start-up gives its own logger.
			log: createLogger('debug', logs, [TOKEN]),
			now: () => new Date(clock),
			rest: { timeout: TEST_REST_TIMEOUT_MS },
		});
	});

	afterAll(async () => {
		await bot?.stop('test over');
		await fake?.close();
		if (dir) removeTempDir(dir);
	});

	/** Sends an interaction and returns the bot's first settled callback for it. */
	async function ask(send: () => { id: string }, timeoutMs = 5_000): Promise<RecordedRequest> {
		const since = fake.requests.length;
		const { id } = send();
		return fake.waitForRest('POST', CALLBACK, {
			since,
			timeoutMs,
			predicate: (request) => request.interactionId === id && request.status === 204,
		});
	}
	const callbacksOf = (id: string) => fake.requests.filter((r) => r.interactionId === id && CALLBACK.test(r.path));

	it('rebuilt the corrupt persisted name indexes from SQLite at start-up, said so, and answers from them', async () => {
		expect(logText).toMatch(/search index \w+: the snapshot is corrupt .*; rebuilding from the database/);
		const answer = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asia' }])));
		expect(answer.data?.embeds?.[0]?.title).toBe('Animals Asia Foundation');
		// Typo-tolerant lookups come from the rebuilt MiniSearch index, not from SQLite.
		const typo = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asai' }])));
		expect(JSON.stringify(typo.data)).toMatch(/Animals Asia Foundation/);
		// And the rebuilt index was saved again: the next start loads it.
		const saved = bot.app.db.prepare<[], { data: Buffer }>('SELECT data FROM search_snapshots').all();
		for (const row of saved) expect(() => JSON.parse(row.data.toString('utf8')) as unknown).not.toThrow();
	});

	it('resumes after the socket drops without a close frame and answers an interaction sent while away', async () => {
		const identifies = fake.identifies.length;
		const starts = fake.sessionStarts.length;
		fake.dropGateway();
		const answer = bodyOf(await ask(() => fake.chatInput('province', [{ name: 'name', value: 'Harbin' }])));
		expect(answer.data?.embeds?.[0]?.title).toBe('Heilongjiang 黑龙江');
		const resumed = await fake.waitForResumed({ since: starts, timeoutMs: 5_000 });
		expect(resumed.replayed).toBeGreaterThanOrEqual(1);
		expect(fake.identifies.length).toBe(identifies);
	});

	it('retries a reply answered 500 once and delivers it exactly once', async () => {
		const since = fake.requests.length;
		const { id } = fake.chatInput('about', []);
		const fault = fake.failNext('POST', new RegExp(`^/interactions/${id}/`), { status: 500 });
		await fake.waitForRest('POST', CALLBACK, { since, predicate: (r) => r.interactionId === id && r.status === 204 });
		expect(fault.hits).toHaveLength(1);
		expect(callbacksOf(id).map((r) => r.status)).toEqual([500, 204]);
	});

	it('gives up on a reply that keeps failing 503 after a bounded number of attempts, logs it, keeps serving', async () => {
		const { id } = fake.chatInput('about', []);
		const fault = fake.failNext('POST', new RegExp(`^/interactions/${id}/`), { status: 503 }, { times: 50 });
		await expect
			.poll(() => logLines().some((l) => l.msg === 'could not report a failure to the user' && l.interactionId === id))
			.toBe(true);
		// The answer, then the failure notice: each tried 1 + REST_RETRIES times, and nothing after.
		expect(fault.hits).toHaveLength(2 * ATTEMPTS);
		expect(logLines().some((l) => l.msg === 'interaction handler failed' && l.interactionId === id)).toBe(true);
		const next = bodyOf(await ask(() => fake.chatInput('help', [])));
		expect(next.type).toBe(4);
		expect(fault.hits).toHaveLength(2 * ATTEMPTS);
		fault.cancel();
	});

	it('retries a follow-up answered 502 and sends it exactly once', async () => {
		const expired = encodePageState({
			action: 'page',
			kind: 'province',
			ownerId: FAKE_IDS.user,
			expiresAt: Math.floor(Date.now() / 1000) - 1,
			page: 2,
			hidden: false,
			args: ['Hunan'],
		})!;
		const message = fake.messages.at(-1)!;
		const since = fake.requests.length;
		const fault = fake.failNext('POST', FOLLOW_UP, { status: 502 });
		const { id } = fake.button(expired, message);
		const followUp = await fake.waitForRest('POST', FOLLOW_UP, {
			since,
			predicate: (r) => r.interactionId === id && r.status === 200,
		});
		expect((followUp.json as Body['data'])?.content).toMatch(/These buttons have expired/);
		expect(fault.hits).toHaveLength(1);
		const followUps = fake.requests.filter((r) => r.interactionId === id && FOLLOW_UP.test(r.path));
		expect(followUps.map((r) => r.status)).toEqual([502, 200]);
	});

	it('bounds a hung reply: other users are answered meanwhile, and the hung one stops after its attempts', async () => {
		const { id } = fake.chatInput('about', []);
		const hang = fake.failNext('POST', new RegExp(`^/interactions/${id}/`), { hang: true }, { times: 50 });
		await expect.poll(() => hang.hits.length).toBeGreaterThanOrEqual(1);
		// Interaction callbacks do not queue behind each other: another user's command is answered while it hangs.
		const other = await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'AIFO' }], { user: OTHER_USER }));
		expect(bodyOf(other).data?.embeds?.[0]?.title).toBe('Associazione Italiana Amici di Raoul Follereau');
		expect(callbacksOf(id).every((r) => r.status === undefined)).toBe(true);
		await expect
			.poll(
				() => logLines().some((l) => l.msg === 'could not report a failure to the user' && l.interactionId === id),
				{
					timeout: 10_000,
				},
			)
			.toBe(true);
		// Each attempt is aborted after the timeout; no request is left behind once the handler gave up.
		expect(hang.hits).toHaveLength(2 * ATTEMPTS);
		const after = bodyOf(await ask(() => fake.chatInput('help', [])));
		expect(after.type).toBe(4);
		expect(hang.hits).toHaveLength(2 * ATTEMPTS);
		hang.cancel();
	});

	it('logs an answer that came after the interaction deadline as a warning with its id, and keeps serving', async () => {
		const { id } = fake.chatInput('about', []);
		// The fake's clock moves past the 3-second ack deadline before the bot answers.
		fake.advanceClock(fake.ackDeadlineMs + 1_000);
		await expect
			.poll(() =>
				logLines().find(
					(l) => l.msg === 'answered after the interaction deadline; the answer was dropped' && l.interactionId === id,
				),
			)
			.toMatchObject({ level: 40, command: 'about' });
		// One attempt (Discord said 10062 Unknown interaction), no second try at reporting the failure.
		expect(callbacksOf(id).map((r) => r.status)).toEqual([404]);
		expect(logLines().some((l) => l.msg === 'interaction handler failed' && l.interactionId === id)).toBe(false);
		const next = bodyOf(await ask(() => fake.chatInput('province', [{ name: 'name', value: '湖南' }])));
		expect(next.data?.embeds?.[0]?.title).toBe('Hunan 湖南');
	});

	it("never refuses a person's pace: twenty searches two seconds apart, then four at once (injected clock)", async () => {
		const user = { id: '1180000000000000377', username: 'researcher' };
		const search = () => fake.chatInput('search', [{ name: 'query', value: 'training' }], { user });
		for (let i = 0; i < 20; i++) {
			expect(bodyOf(await ask(search)).data?.embeds?.[0]?.title).toBe('Search: training');
			clock += 2_000;
		}
		const together = await Promise.all([ask(search), ask(search), ask(search), ask(search)]);
		expect(together.map((request) => bodyOf(request).data?.embeds?.[0]?.title)).toEqual(
			Array(4).fill('Search: training'),
		);
	});

	it('slows a script firing ten searches a second with a private message saying when to retry', async () => {
		const user = { id: '1180000000000000378', username: 'scraper' };
		const search = () => fake.chatInput('search', [{ name: 'query', value: 'training' }], { user });
		const answers: Body[] = [];
		for (let i = 0; i < 30; i++) {
			answers.push(bodyOf(await ask(search)));
			clock += 100;
		}
		const refused = answers.filter((answer) => answer.data?.content?.startsWith('⏳'));
		// A burst of ten, then one more per two seconds: the rest of the three seconds' thirty are refused.
		expect(answers.length - refused.length).toBe(11);
		expect(refused[0]?.data?.flags).toBe(64);
		const wait =
			/^⏳ You are sending commands faster than ngo-bot answers them, so it is slowing you down: \/search can run again <t:(\d+):R>\./.exec(
				answers.at(-1)?.data?.content ?? '',
			);
		expect(wait).not.toBeNull();
		// Within the two seconds a unit takes to refill, counted from the injected clock.
		const retryAt = Number(wait![1]) * 1000;
		expect(retryAt).toBeGreaterThan(clock - 100);
		expect(retryAt).toBeLessThanOrEqual(clock + 2_000);
		// Another user is not held up by it, and the script may go on once the time given has come.
		const other = bodyOf(
			await ask(() => fake.chatInput('search', [{ name: 'query', value: 'training' }], { user: OTHER_USER })),
		);
		expect(other.data?.embeds?.[0]?.title).toBe('Search: training');
		clock = retryAt;
		expect(bodyOf(await ask(search)).data?.embeds?.[0]?.title).toBe('Search: training');
		// Bad input costs nothing: fixing a typo right away works.
		clock += 2_000;
		const typo = bodyOf(await ask(() => fake.chatInput('search', [{ name: 'from', value: '2019-13-45' }], { user })));
		expect(typo.data?.content).toMatch(/^❌ Check the options: from must be a date/);
		expect(bodyOf(await ask(search)).data?.embeds?.[0]?.title).toBe('Search: training');
	});

	it('never shows or logs the token: typed into options, in error messages, at debug level', async () => {
		const typed = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: TOKEN.slice(0, 100) }])));
		expect(JSON.stringify(typed)).toMatch(/redacted/);
		await ask(() => fake.chatInput('search', [{ name: 'query', value: `mental ${TOKEN}` }], { user: OTHER_USER }));
		bot.client.emit('error', new Error(`websocket said: Authorization: Bot ${TOKEN}`));
		const autocomplete = fake.autocomplete('ngo', [{ name: 'name', value: TOKEN, focused: true }]);
		await fake.waitForRest('POST', CALLBACK, { predicate: (r) => r.interactionId === autocomplete.id });
		await expect.poll(() => logText).toMatch(/"msg":"client error"/);
		expect(logText).toMatch(/Authorization: Bot \[redacted\]/);

		expect(logText).not.toContain(TOKEN);
		for (const request of fake.requests) {
			expect(JSON.stringify({ body: request.json, path: request.path })).not.toContain(TOKEN);
		}
	});

	it('sent nothing Discord would refuse and always set allowed_mentions', () => {
		expect(fake.violations.filter((v) => v.code !== 10062)).toEqual([]);
		expect(fake.warnings).toEqual([]);
	});
});

const OTHER_USER = { id: '1180000000000000299', username: 'someone-else' };
