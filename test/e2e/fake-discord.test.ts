/**
 * The fake Discord against a real, unmodified discord.js Client (no bot code of ours): login, interactions, limits,
 * deadlines, injected faults, gateway resume and multipart uploads. Each test gets its own fake and client.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	ActionRowBuilder,
	AttachmentBuilder,
	ButtonBuilder,
	ButtonStyle,
	Client,
	DiscordAPIError,
	EmbedBuilder,
	Events,
	GatewayIntentBits,
	MessageFlags,
	type ChatInputCommandInteraction,
	type ClientOptions,
	type Interaction,
	type TextChannel,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	FAKE_IDS,
	startFakeDiscord,
	type FakeDiscord,
	type FakeDiscordOptions,
	type MultipartBody,
	type RecordedRequest,
} from '../helpers/fake-discord.js';

// The Client reads these; a sharding manager's values would change what it connects to.
delete process.env.SHARDS;
delete process.env.SHARD_COUNT;
delete process.env.SHARDING_MANAGER;

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/;

let fake: FakeDiscord | undefined;
let clients: Client[] = [];
let handlerErrors: unknown[] = [];

afterEach(async () => {
	// Clients first (each was ready: destroy() before READY would never resolve), then the fake, whatever happens.
	const destroyed = await Promise.allSettled(
		clients.map((client) => withTimeout(client.destroy(), 3000, 'client.destroy()')),
	);
	clients = [];
	await fake?.close();
	fake = undefined;
	const errors = [...handlerErrors, ...destroyed.flatMap((d) => (d.status === 'rejected' ? [d.reason] : []))];
	handlerErrors = [];
	expect(errors).toEqual([]);
});

async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
	fake = await startFakeDiscord({ ackDeadlineMs: 1000, ...options });
	return fake;
}

/** A discord.js Client logged in to the fake and ready (all fixture guilds received). */
async function loginClient(
	target: FakeDiscord,
	options: Partial<ClientOptions> = {},
	tracked: Client[] = clients,
): Promise<Client> {
	const client = new Client({
		intents: [GatewayIntentBits.Guilds],
		allowedMentions: { parse: [] },
		waitGuildTimeout: 2000,
		...options,
		rest: { timeout: 5000, retries: 1, ...options.rest, api: target.apiBase },
		// Without this the @discordjs/ws identify throttle spaces IDENTIFYs 5 s apart on reconnects.
		ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }), ...options.ws },
	});
	client.on(Events.Error, (error) => handlerErrors.push(error));
	tracked.push(client);
	const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(5000) });
	await client.login(target.token);
	await ready;
	return client;
}

/** Registers an interaction handler whose failures fail the test (in afterEach). */
function onInteraction(client: Client, handler: (interaction: Interaction) => Promise<void>): void {
	client.on(Events.InteractionCreate, (interaction) => {
		handler(interaction).catch((error: unknown) => handlerErrors.push(error));
	});
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Catches what a promise rejects with, failing when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected a rejection');
}

/** Posts an interaction callback the way discord.js does, but with any body. */
async function rawCallback(target: FakeDiscord, interaction: { id: string; token: string }, body: unknown) {
	const response = await fetch(`${target.apiBase}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe('fake Discord with a real discord.js Client', () => {
	it('logs in to ready with the fixture guild and application', async () => {
		const target = await startFake();
		const started = performance.now();
		const client = await loginClient(target);
		expect(performance.now() - started).toBeLessThan(3000);

		expect(client.application?.id).toBe(target.applicationId);
		expect(client.user?.id).toBe(target.botUser.id);
		const guild = client.guilds.cache.get(FAKE_IDS.guild);
		expect(guild?.name).toBe('NGO Watch Test Server');
		expect(guild?.channels.cache.has(FAKE_IDS.digestChannel)).toBe(true);
		expect(guild?.members.me?.id).toBe(target.botUser.id);

		const identify = await target.waitForIdentify();
		expect(identify).toMatchObject({ token: target.token, shard: [0, 1], intents: GatewayIntentBits.Guilds });
		const ready = await target.waitForReady();
		expect(ready.shard).toEqual([0, 1]);
		expect(target.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /gateway/bot 200']);
		expect(target.connections[0]?.url).toBe('/gateway?v=10&encoding=json');
	});

	it('round-trips a chat-input interaction answered with an embed', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			const question = interaction.options.getString('question', true);
			await interaction.reply({
				embeds: [new EmbedBuilder().setTitle(`Answer: ${question}`).setDescription('青海 — water projects')],
				flags: MessageFlags.Ephemeral,
			});
		});

		const mark = target.requests.length;
		const sent = target.chatInput('ask', [{ name: 'question', value: 'water' }]);
		const callback = await target.waitForRest('POST', CALLBACK, { since: mark });

		expect(callback.interactionId).toBe(sent.id);
		expect(callback.status).toBe(204);
		expect(callback.headers.authorization).toBeUndefined();
		expect(callback.query).toEqual({ with_response: 'false' });
		expect(callback.json).toMatchObject({
			type: 4,
			data: {
				embeds: [{ title: 'Answer: water', description: '青海 — water projects' }],
				flags: MessageFlags.Ephemeral,
				allowed_mentions: { parse: [] },
			},
		});
		expect(target.interactionResponses(sent.id)).toEqual([callback]);
		expect(target.violations).toEqual([]);
		expect(target.warnings).toEqual([]);
	});

	it('answers in a DM and with with_response=true', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const seen = deferred<{ inGuild: boolean; content: string | undefined; responseId: string | null }>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			const response = await interaction.reply({ content: 'in a DM', withResponse: true });
			seen.resolve({
				inGuild: interaction.inGuild(),
				content: response.resource?.message?.content,
				responseId: response.interaction.responseMessageId,
			});
		});

		const sent = target.chatInput('ask', [], { guildId: null });
		const { inGuild, content, responseId } = await withTimeout(seen.promise, 5000, 'DM reply');
		expect(inGuild).toBe(false);
		expect(content).toBe('in a DM');
		const [callback] = target.interactionResponses(sent.id);
		expect(callback).toMatchObject({ status: 200, query: { with_response: 'true' } });
		expect(responseId).toBe(target.messages.at(-1)?.id);
	});

	it('serves defer, editReply, fetchReply, followUp and a button update', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const replies = deferred<{ edited: string; fetched: string; followUpId: string }>();
		onInteraction(client, async (interaction) => {
			if (interaction.isChatInputCommand()) {
				await interaction.deferReply();
				const edited = await interaction.editReply({ content: 'done' });
				const fetched = await interaction.fetchReply();
				const followUp = await interaction.followUp({
					content: 'more?',
					components: [
						new ActionRowBuilder<ButtonBuilder>().addComponents(
							new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
						),
					],
				});
				replies.resolve({ edited: edited.content, fetched: fetched.content, followUpId: followUp.id });
			} else if (interaction.isButton()) {
				await interaction.update({ content: `clicked ${interaction.customId}`, components: [] });
			}
		});

		const sent = target.chatInput('ask');
		const { edited, fetched, followUpId } = await withTimeout(replies.promise, 5000, 'replies');
		expect(edited).toBe('done');
		expect(fetched).toBe('done');
		const steps = target.interactionResponses(sent.id).map((r) => `${r.method} ${r.path} ${r.status}`);
		const prefix = `/webhooks/${target.applicationId}/${sent.token}`;
		expect(steps).toEqual([
			`POST /interactions/${sent.id}/${sent.token}/callback 204`,
			`PATCH ${prefix}/messages/@original 200`,
			`GET ${prefix}/messages/@original 200`,
			`POST ${prefix} 200`,
		]);
		// The '@' of @original arrives encoded; the recorded path is decoded.
		expect(target.interactionResponses(sent.id)[1]?.url).toContain('/messages/%40original');

		const mark = target.requests.length;
		const click = target.button('more', followUpId, { id: FAKE_IDS.owner, username: 'owner' });
		const update = await target.waitForRest('POST', CALLBACK, { since: mark });
		expect(update.interactionId).toBe(click.id);
		expect(update.json).toMatchObject({ type: 7, data: { content: 'clicked more', components: [] } });
		const clickPayload = target.frames.find(
			(f) => f.t === 'INTERACTION_CREATE' && (f.d as { id: string }).id === click.id,
		);
		expect(clickPayload?.d).toMatchObject({
			type: 3,
			guild_id: FAKE_IDS.guild,
			channel_id: FAKE_IDS.generalChannel,
			member: { user: { id: FAKE_IDS.owner } },
			message: { id: followUpId },
		});
		expect(target.messages.find((m) => m.id === followUpId)?.content).toBe('clicked more');
		expect(target.violations).toEqual([]);
	});

	it('round-trips autocomplete and checks its limits', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const tooMany = deferred<unknown>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isAutocomplete()) return;
			const typed = interaction.options.getFocused();
			if (typed === 'many') {
				const choices = Array.from({ length: 26 }, (_, i) => ({ name: `org ${i}`, value: `org-${i}` }));
				tooMany.resolve(await rejection(interaction.respond(choices)));
				return;
			}
			await interaction.respond([{ name: `Greenpeace (${typed})`, value: 'greenpeace' }]);
		});

		const mark = target.requests.length;
		const sent = target.autocomplete('ask', [{ name: 'org', value: 'gre', focused: true }]);
		const callback = await target.waitForRest('POST', CALLBACK, { since: mark });
		expect(callback.interactionId).toBe(sent.id);
		expect(callback.status).toBe(204);
		expect(callback.json).toEqual({ type: 8, data: { choices: [{ name: 'Greenpeace (gre)', value: 'greenpeace' }] } });

		target.autocomplete('ask', [{ name: 'org', value: 'many', focused: true }]);
		const error = await withTimeout(tooMany.promise, 5000, 'autocomplete rejection');
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(50035);
		expect(target.violations.at(-1)?.fields).toEqual([
			{ path: 'data.choices', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' },
		]);
	});

	it('rejects a 2001-character reply with 50035 and records it, leaving the interaction open', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const outcome = deferred<{ error: unknown; retried: boolean }>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			const error = await rejection(interaction.reply({ content: 'x'.repeat(2001) }));
			// A rejected reply does not acknowledge: a valid one still lands.
			await interaction.reply({ content: 'x'.repeat(2000) });
			outcome.resolve({ error, retried: true });
		});

		const sent = target.chatInput('ask');
		const { error } = await withTimeout(outcome.promise, 5000, 'reply outcome');
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect(error).toMatchObject({ code: 50035, status: 400 });
		expect((error as DiscordAPIError).message).toContain('data.content[BASE_TYPE_MAX_LENGTH]');
		expect(target.violations).toHaveLength(1);
		expect(target.violations[0]).toMatchObject({
			interactionId: sent.id,
			status: 400,
			code: 50035,
			message: 'Invalid Form Body',
			fields: [{ path: 'data.content', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
		});
		expect(target.interactionResponses(sent.id).map((r) => r.status)).toEqual([400, 204]);
	});

	it('answers a reply after the ack deadline with 10062', async () => {
		const target = await startFake({ ackDeadlineMs: 300 });
		const client = await loginClient(target);
		const outcome = deferred<unknown>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await sleep(target.ackDeadlineMs + 150);
			outcome.resolve(await rejection(interaction.reply({ content: 'too late' })));
		});

		const sent = target.chatInput('ask');
		const error = await withTimeout(outcome.promise, 5000, 'late reply');
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect(error).toMatchObject({ code: 10062, status: 404, message: 'Unknown interaction' });
		expect(target.violations).toMatchObject([{ interactionId: sent.id, code: 10062 }]);
	});

	it('answers edits after the token lifetime with 50027 without costing the bot token', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const replied = deferred<ChatInputCommandInteraction>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await interaction.reply({ content: 'first' });
			replied.resolve(interaction);
		});

		target.chatInput('ask');
		const interaction = await withTimeout(replied.promise, 5000, 'reply');
		target.advanceClock(target.tokenLifetimeMs + 1);
		const error = await rejection(interaction.editReply({ content: 'second' }));
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect(error).toMatchObject({ code: 50027, status: 401 });
		expect(await rejection(interaction.followUp({ content: 'third' }))).toMatchObject({ code: 50027 });

		// Interaction webhooks are token-authenticated (auth: false), so the 401 did not clear the bot token.
		const channel = client.channels.cache.get(FAKE_IDS.generalChannel) as TextChannel;
		await channel.send({ content: 'still logged in' });
		expect(target.channelMessages(FAKE_IDS.generalChannel).map((m) => m.content)).toEqual(['still logged in']);
	});

	it('retries a 429 on the callback after retry-after and the reply lands exactly once', async () => {
		const target = await startFake({ ackDeadlineMs: 3000 });
		const client = await loginClient(target);
		const done = deferred<string>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await interaction.reply({ content: 'after the rate limit' });
			done.resolve('replied');
		});

		const fault = target.failNext('POST', CALLBACK, { status: 429, retryAfter: 0.2 });
		const sent = target.chatInput('ask');
		await withTimeout(done.promise, 5000, 'reply');

		const responses = target.interactionResponses(sent.id);
		expect(responses.map((r) => r.status)).toEqual([429, 204]);
		const [limited, accepted] = responses as [RecordedRequest, RecordedRequest];
		expect(fault.hits).toEqual([limited]);
		expect(fault.remaining).toBe(0);
		expect(limited.responseHeaders).toMatchObject({
			'retry-after': '0.2',
			'x-ratelimit-remaining': '0',
			'x-ratelimit-reset-after': '0.2',
			'x-ratelimit-scope': 'user',
		});
		expect(limited.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.2, global: false });
		expect(accepted.at - (limited.respondedAt ?? 0)).toBeGreaterThanOrEqual(190);
		expect(target.messages.filter((m) => m.content === 'after the rate limit')).toHaveLength(1);
		expect(target.violations).toEqual([]);
	});

	it('lets discord.js retry a 5xx and a hung request', async () => {
		const target = await startFake();
		const client = await loginClient(target, { rest: { timeout: 1000, retries: 1 } });
		const channel = client.channels.cache.get(FAKE_IDS.digestChannel) as TextChannel;

		target.failNext('POST', CHANNEL_MESSAGES, { status: 500 });
		await channel.send({ content: 'after a 500' });
		target.failNext('POST', CHANNEL_MESSAGES, { hang: true });
		await channel.send({ content: 'after a hang' });

		const posts = target.requests.filter((r) => r.method === 'POST');
		expect(posts.map((r) => r.status ?? (r.hung ? 'hung' : 'pending'))).toEqual([500, 200, 'hung', 200]);
		expect(target.channelMessages(FAKE_IDS.digestChannel).map((m) => m.content)).toEqual([
			'after a 500',
			'after a hang',
		]);
	});

	it('resumes after close 4000, replays missed dispatches, then handles a new interaction', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const handled = deferred<string>();
		onInteraction(client, async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await interaction.reply({ content: 'after resume' });
			handled.resolve(interaction.id);
		});
		const sessionId = (await target.waitForReady()).sessionId;

		const framesMark = target.frames.length;
		const resumed = once(client, Events.ShardResume, { signal: AbortSignal.timeout(5000) });
		await target.closeGateway(4000);
		// Sent while the client is away: kept in the session and replayed on RESUME.
		const guild = target.guilds[0];
		target.dispatch('GUILD_UPDATE', { ...guild, name: 'Renamed while away' });

		const resume = await target.waitForFrame((f) => f.direction === 'in' && f.op === 6, { since: framesMark });
		expect(resume.d).toMatchObject({ token: target.token, session_id: sessionId });
		const start = await target.waitForResumed();
		expect(start).toMatchObject({ sessionId, replayed: 1 });
		await resumed;
		expect(target.identifies).toHaveLength(1);
		expect(client.guilds.cache.get(FAKE_IDS.guild)?.name).toBe('Renamed while away');
		expect(target.connections.map((c) => c.closeCode)).toEqual([4000, undefined]);

		const sent = target.chatInput('ask');
		expect(await withTimeout(handled.promise, 5000, 'interaction after resume')).toBe(sent.id);
		expect(target.interactionResponses(sent.id).map((r) => r.status)).toEqual([204]);
	});

	it('re-identifies after close 1000', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const readyAgain = once(client, Events.ShardReady, { signal: AbortSignal.timeout(5000) });
		await target.closeGateway(1000);
		const identify = await target.waitForIdentify({ since: 1 });
		expect(identify.connectionId).toBe(2);
		const second = await target.waitForReady({ since: 1 });
		expect(second.sessionId).not.toBe(target.sessionStarts[0]?.sessionId);
		await readyAgain;
	});

	it('parses a multipart channel post with a file attachment', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const channel = client.channels.cache.get(FAKE_IDS.digestChannel) as TextChannel;
		const bytes = Buffer.concat([Buffer.from('# 周报 digest\n', 'utf8'), Buffer.from([0, 255, 1, 254])]);

		const mark = target.requests.length;
		const sent = await channel.send({
			content: 'Weekly digest',
			files: [new AttachmentBuilder(bytes, { name: '周报 2024-W18.md', description: 'This week' })],
		});
		const post = await target.waitForRest('POST', CHANNEL_MESSAGES, { since: mark });

		expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(post.headers.authorization).toBe(`Bot ${target.token}`);
		const body = post.body as MultipartBody;
		expect(body.payload_json).toMatchObject({
			content: 'Weekly digest',
			attachments: [{ id: '0', description: 'This week' }],
			allowed_mentions: { parse: [] },
		});
		expect(post.json).toBe(body.payload_json);
		expect(body.files).toHaveLength(1);
		expect(body.files[0]).toMatchObject({ field: 'files[0]', name: '周报 2024-W18.md', size: bytes.length });
		expect(body.files[0]?.bytes.equals(bytes)).toBe(true);
		expect(sent.attachments.first()).toMatchObject({ name: '周报 2024-W18.md', size: bytes.length });
		expect(target.channelMessages(FAKE_IDS.digestChannel)).toHaveLength(1);

		// The fixture's #announcements denies SEND_MESSAGES to @everyone, and the bot holds no other role.
		const readOnly = client.channels.cache.get(FAKE_IDS.announcementsChannel) as TextChannel;
		expect(await rejection(readOnly.send({ content: 'nope' }))).toMatchObject({ code: 50013, status: 403 });
	});

	it('registers commands and uses their ids in interactions', async () => {
		const target = await startFake();
		const client = await loginClient(target);
		const commandIds = deferred<string>();
		onInteraction(client, async (interaction) => {
			if (interaction.isChatInputCommand()) commandIds.resolve(interaction.commandId);
		});
		const registered = await client.application?.commands.set([
			{ name: 'ask', description: 'Ask about NGO activity', options: [] },
		]);
		const id = registered?.first()?.id;
		expect(id).toMatch(/^\d{17,19}$/);
		expect(target.commands()).toMatchObject([{ id, name: 'ask', application_id: target.applicationId }]);
		target.chatInput('ask');
		expect(await withTimeout(commandIds.promise, 5000, 'command id')).toBe(id);

		const error = await rejection(
			client.application!.commands.set([{ name: 'Ask Me', description: 'd'.repeat(101) }], FAKE_IDS.guild),
		);
		expect(error).toMatchObject({ code: 50035 });
		expect(target.violations.at(-1)?.fields.map((f) => f.path)).toEqual(['0.name', '0.description']);
	});
});

describe('fake Discord rules, checked with raw requests', () => {
	const embed = (fields: Record<string, unknown>) => ({ type: 4, data: { embeds: [fields], allowed_mentions: {} } });
	const message = (data: Record<string, unknown>) => ({ type: 4, data: { allowed_mentions: {}, ...data } });
	const button = (overrides: Record<string, unknown> = {}) => ({
		type: 2,
		style: 1,
		custom_id: 'b',
		label: 'B',
		...overrides,
	});
	const row = (count: number, overrides: Record<string, unknown> = {}) => ({
		type: 1,
		components: Array.from({ length: count }, (_, i) => button({ custom_id: `b${i}`, ...overrides })),
	});
	const cases: Array<[string, unknown, number, number, string?]> = [
		['content over 2000', message({ content: 'a'.repeat(2001) }), 400, 50035, 'data.content'],
		['2000 CJK characters', message({ content: '中'.repeat(2000) }), 204, 0],
		['11 embeds', message({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }), 400, 50035, 'data.embeds'],
		['title over 256', embed({ title: 't'.repeat(257) }), 400, 50035, 'data.embeds.0.title'],
		['description over 4096', embed({ description: 'd'.repeat(4097) }), 400, 50035, 'data.embeds.0.description'],
		[
			'26 fields',
			embed({ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }),
			400,
			50035,
			'data.embeds.0.fields',
		],
		['field name over 256', embed({ fields: [{ name: 'n'.repeat(257), value: 'v' }] }), 400, 50035],
		['field value over 1024', embed({ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }), 400, 50035],
		['empty field name', embed({ fields: [{ name: '', value: 'v' }] }), 400, 50035, 'data.embeds.0.fields.0.name'],
		['empty field value', embed({ fields: [{ name: 'n', value: '' }] }), 400, 50035, 'data.embeds.0.fields.0.value'],
		['footer over 2048', embed({ footer: { text: 'f'.repeat(2049) } }), 400, 50035, 'data.embeds.0.footer.text'],
		['author name over 256', embed({ author: { name: 'a'.repeat(257) } }), 400, 50035, 'data.embeds.0.author.name'],
		[
			'embeds over 6000 in total',
			message({ embeds: [{ description: 'd'.repeat(3001) }, { description: 'd'.repeat(3000) }] }),
			400,
			50035,
			'data.embeds',
		],
		['6 action rows', message({ content: 'c', components: Array.from({ length: 6 }, () => row(1)) }), 400, 50035],
		['6 buttons in a row', message({ content: 'c', components: [row(6)] }), 400, 50035, 'data.components.0.components'],
		[
			'custom_id over 100',
			message({ content: 'c', components: [row(1, { custom_id: 'c'.repeat(101) })] }),
			400,
			50035,
			'data.components.0.components.0.custom_id',
		],
		[
			'label over 80',
			message({ content: 'c', components: [row(1, { label: 'l'.repeat(81) })] }),
			400,
			50035,
			'data.components.0.components.0.label',
		],
		['unknown callback type', { type: 42, data: {} }, 400, 50035, 'type'],
		['autocomplete result for a command', { type: 8, data: { choices: [] } }, 400, 50035, 'type'],
		['empty message', message({ content: '  ', embeds: [] }), 400, 50006],
		['defer', { type: 5, data: { flags: 64 } }, 204, 0],
	];

	describe('message, embed, component and callback-type limits', () => {
		// One fake and one idle client for the whole table: each case sends its own interaction.
		let shared: FakeDiscord;
		const sharedClients: Client[] = [];
		beforeAll(async () => {
			shared = await startFakeDiscord({ ackDeadlineMs: 2000 });
			await loginClient(shared, {}, sharedClients);
		});
		afterAll(async () => {
			await Promise.all(sharedClients.map((client) => withTimeout(client.destroy(), 3000, 'client.destroy()')));
			await shared.close();
		});

		it.each(cases)('%s', async (_name, body, status, code, field) => {
			const before = shared.violations.length;
			const sent = shared.chatInput('ask');
			const answer = await rawCallback(shared, sent, body);
			expect(answer.status).toBe(status);
			const violations = shared.violations.slice(before);
			if (status === 204) {
				expect(violations).toEqual([]);
				return;
			}
			expect(answer.json).toMatchObject({ code });
			expect(violations).toMatchObject([{ interactionId: sent.id, code, status }]);
			if (field !== undefined) expect(violations[0]?.fields.map((f) => f.path)).toContain(field);
			// Rejected: the interaction is still unanswered and can be acknowledged.
			expect((await rawCallback(shared, sent, { type: 5 })).status).toBe(204);
		});
	});

	it('checks autocomplete choices', async () => {
		const target = await startFake();
		await loginClient(target);
		const choose = async (choices: unknown[]) => {
			const sent = target.autocomplete('ask', [{ name: 'org', value: 'x', focused: true }]);
			return rawCallback(target, sent, { type: 8, data: { choices } });
		};
		expect((await choose([{ name: 'n', value: 'v'.repeat(100) }])).status).toBe(204);
		for (const choices of [
			Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: i })),
			[{ name: 'n'.repeat(101), value: 'v' }],
			[{ name: 'n', value: 'v'.repeat(101) }],
			[{ name: '', value: 'v' }],
		]) {
			expect(await choose(choices)).toMatchObject({ status: 400, json: { code: 50035 } });
		}
		expect(target.violations.map((v) => v.fields[0]?.path)).toEqual([
			'data.choices',
			'data.choices.0.name',
			'data.choices.0.value',
			'data.choices.0.name',
		]);
	});

	it('enforces one initial response, the ack deadline, auth, allowed_mentions and unknown routes', async () => {
		const target = await startFake();
		await loginClient(target);

		const twice = target.chatInput('ask');
		expect((await rawCallback(target, twice, { type: 5 })).status).toBe(204);
		expect(await rawCallback(target, twice, { type: 5 })).toEqual({
			status: 400,
			json: { code: 40060, message: 'Interaction has already been acknowledged.' },
		});

		const late = target.chatInput('ask');
		target.advanceClock(target.ackDeadlineMs + 1);
		expect(await rawCallback(target, late, { type: 5 })).toEqual({
			status: 404,
			json: { code: 10062, message: 'Unknown interaction' },
		});

		const loud = target.chatInput('ask');
		expect((await rawCallback(target, loud, { type: 4, data: { content: '@everyone hi' } })).status).toBe(204);
		expect(target.warnings).toMatchObject([{ kind: 'missing_allowed_mentions', interactionId: loud.id }]);

		const anonymous = await fetch(`${target.apiBase}/v10/users/@me`);
		expect(anonymous.status).toBe(401);
		expect(await anonymous.json()).toEqual({ message: '401: Unauthorized', code: 0 });
		const authorized = await fetch(`${target.apiBase}/v10/users/@me`, {
			headers: { authorization: `Bot ${target.token}` },
		});
		expect(await authorized.json()).toMatchObject({ id: target.botUser.id, bot: true });

		const unknown = await fetch(`${target.apiBase}/v10/guilds/${FAKE_IDS.guild}/bans`, {
			headers: { authorization: `Bot ${target.token}` },
		});
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
		expect(target.requests.at(-1)).toMatchObject({
			method: 'GET',
			path: `/guilds/${FAKE_IDS.guild}/bans`,
			status: 404,
		});
		expect(target.violations.map((v) => v.code)).toEqual([40060, 10062, 0]);
	});
});

describe('fake Discord direct messages', () => {
	async function api(target: FakeDiscord, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
		const response = await fetch(`${target.apiBase}/v10${path}`, {
			method: 'POST',
			headers: { authorization: `Bot ${target.token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, json: await response.json() };
	}

	it('opens one DM channel per user, posts there, and refuses users who block DMs with 50007', async () => {
		const target = await startFake();
		const opened = await api(target, '/users/@me/channels', { recipient_id: FAKE_IDS.user });
		expect(opened).toMatchObject({ status: 200, json: { type: 1 } });
		const channelId = (opened.json as { id: string }).id;
		expect((await api(target, '/users/@me/channels', { recipient_id: FAKE_IDS.user })).json).toMatchObject({
			id: channelId,
		});

		const body = { content: 'hello', allowed_mentions: { parse: [] } };
		expect((await api(target, `/channels/${channelId}/messages`, body)).status).toBe(200);
		expect(target.directMessages(FAKE_IDS.user).map((m) => m.content)).toEqual(['hello']);
		expect(target.directMessages(FAKE_IDS.owner)).toEqual([]);

		target.blockDirectMessages(FAKE_IDS.user);
		// Opening the channel still works, as at Discord; posting does not.
		expect((await api(target, '/users/@me/channels', { recipient_id: FAKE_IDS.user })).status).toBe(200);
		expect(await api(target, `/channels/${channelId}/messages`, body)).toEqual({
			status: 403,
			json: { code: 50007, message: 'Cannot send messages to this user' },
		});
		expect(target.violations.map((v) => v.code)).toEqual([50007]);

		target.blockDirectMessages(FAKE_IDS.user, false);
		expect((await api(target, `/channels/${channelId}/messages`, body)).status).toBe(200);
		expect(target.directMessages(FAKE_IDS.user)).toHaveLength(2);
	});

	it('rejects a DM channel for something that is not a user id', async () => {
		const target = await startFake();
		expect((await api(target, '/users/@me/channels', { recipient_id: 'everyone' })).status).toBe(400);
	});
});
