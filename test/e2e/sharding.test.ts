import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS, type FakeDiscord, type FakeGuildOptions, startFakeDiscord } from '../helpers/fake-discord.js';
import { REPO_ROOT, cliEnv, describeResult, runCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const TOKEN = `sharded-token-${'z'.repeat(60)}`;
const SHARD_MANAGER = fileURLToPath(new URL('../../dist/src/shard-manager.js', import.meta.url));
const MANAGE_GUILD = 1n << 5n;

/** (id >> 22) % 2 puts FAKE_IDS.guild on shard 1 of 2 and this one on shard 0. */
const GUILD_ON_SHARD_0 = '1180000000004194404';
const CHANNEL_ON_SHARD_0 = '1180000000004194405';

function guilds(): FakeGuildOptions[] {
	return [
		{
			id: FAKE_IDS.guild,
			name: 'Shard one server',
			ownerId: FAKE_IDS.owner,
			channels: [{ id: FAKE_IDS.generalChannel, name: 'general' }],
		},
		{
			id: GUILD_ON_SHARD_0,
			name: 'Shard zero server',
			ownerId: FAKE_IDS.owner,
			channels: [{ id: CHANNEL_ON_SHARD_0, name: 'general' }],
		},
	];
}

/**
 * A weekly digest in each server whose slot was an hour ago (UTC), created two days ago: due as soon as the shards
 * start (within DIGEST_GRACE_HOURS). Every shard's scheduler runs a pass at start; only the shard holding a server
 * may post its digest, and the store's claim makes a second post impossible anyway.
 */
function scheduleDigestsDueNow(databasePath: string): void {
	const slot = new Date(Date.now() - 60 * 60_000);
	const weekday = slot.getUTCDay() === 0 ? 7 : slot.getUTCDay();
	const db = new Database(databasePath);
	const insert = db.prepare(
		`INSERT INTO digest_schedules (guild_id, channel_id, weekday, hour, time_zone, filters, created_by, created_at)
		VALUES (?, ?, ?, ?, 'UTC', '{}', ?, ?)`,
	);
	const createdAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
	for (const [guild, channel] of [
		[FAKE_IDS.guild, FAKE_IDS.generalChannel],
		[GUILD_ON_SHARD_0, CHANNEL_ON_SHARD_0],
	]) {
		insert.run(guild, channel, weekday, slot.getUTCHours(), FAKE_IDS.owner, createdAt);
	}
	db.close();
}

describe('npm run start:sharded: two shard processes against a local Discord', () => {
	let fake: FakeDiscord;
	let dir: string;
	let manager: ChildProcess;
	let stderr = '';
	let exited: Promise<number | null>;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-sharding-');
		const databasePath = join(dir, 'ngo.sqlite');
		const ingest = await runCli(['ingest', join(REPO_ROOT, 'data', 'sample'), '--db', databasePath]);
		expect(ingest.code, describeResult(ingest)).toBe(0);
		scheduleDigestsDueNow(databasePath);
		fake = await startFakeDiscord({ token: TOKEN, guilds: guilds(), recommendedShards: 2 });
		manager = spawn(process.execPath, [SHARD_MANAGER], {
			cwd: REPO_ROOT,
			env: cliEnv({
				DISCORD_TOKEN: TOKEN,
				DISCORD_APPLICATION_ID: FAKE_IDS.application,
				DISCORD_API_BASE: fake.apiBase,
				DATABASE_PATH: databasePath,
				// auto: the count GET /gateway/bot recommends (2), asked through DISCORD_API_BASE.
				SHARD_COUNT: 'auto',
				SHARD_DELAY_SECONDS: '0',
				LOG_LEVEL: 'info',
			}),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		manager.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		exited = new Promise((resolve) => manager.on('close', (code) => resolve(code)));
		await untilLogged(/"msg":"all shards ready"/, 40_000);
		// Each shard's own log lines travel through its stderr pipe and may arrive after the manager's.
		await untilLogged(/"shards":\[0\][^\n]*"msg":"bot ready"/, 10_000);
		await untilLogged(/"shards":\[1\][^\n]*"msg":"bot ready"/, 10_000);
	}, 60_000);

	/** Resolves once the manager's stderr (its own and its shards' logs) matches; fails on exit or after `ms`. */
	async function untilLogged(pattern: RegExp, ms: number): Promise<void> {
		const started = Date.now();
		while (!pattern.test(stderr)) {
			if (manager.exitCode !== null) throw new Error(`the shard manager exited early:\n${stderr}`);
			if (Date.now() - started > ms) throw new Error(`no ${pattern} within ${ms} ms:\n${stderr}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	afterAll(async () => {
		if (manager && manager.exitCode === null) manager.kill('SIGKILL');
		await fake?.close();
		if (dir) removeTempDir(dir);
	});

	it('identifies once per shard, each session receiving only its own servers', () => {
		expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
			[0, 2],
			[1, 2],
		]);
		const readies = fake.frames.filter((frame) => frame.direction === 'out' && frame.t === 'READY');
		const guildsByShard = Object.fromEntries(
			readies.map((frame) => {
				const d = frame.d as { shard: [number, number]; guilds: { id: string }[] };
				return [d.shard[0], d.guilds.map((guild) => guild.id)];
			}),
		);
		expect(guildsByShard).toEqual({ 0: [GUILD_ON_SHARD_0], 1: [FAKE_IDS.guild] });
		// Each shard process logged its own ready line with its shard id.
		expect(stderr).toMatch(/"msg":"bot ready"/);
		expect(stderr).toMatch(/"shards":\[0\]/);
		expect(stderr).toMatch(/"shards":\[1\]/);
	});

	it("answers an interaction in each server from that server's shard", async () => {
		const connectionShard = new Map(fake.identifies.map((identify) => [identify.connectionId, identify.shard[0]]));
		for (const [guildId, channelId, shard] of [
			[FAKE_IDS.guild, FAKE_IDS.generalChannel, 1],
			[GUILD_ON_SHARD_0, CHANNEL_ON_SHARD_0, 0],
		] as const) {
			const { id } = fake.chatInput('province', [{ name: 'name', value: 'Harbin' }], { guildId, channelId });
			const reply = await fake.waitForRest('POST', /callback$/, {
				since: 0,
				predicate: (request) => request.interactionId === id,
				timeoutMs: 10_000,
			});
			expect((reply.json as { data: { embeds: { title: string }[] } }).data.embeds[0]?.title).toBe(
				'Heilongjiang 黑龙江',
			);
			const sent = fake.frames.find(
				(frame) => frame.t === 'INTERACTION_CREATE' && (frame.d as { id: string }).id === id,
			);
			expect(connectionShard.get(sent!.connectionId)).toBe(shard);
		}
		expect(fake.violations).toEqual([]);
	});

	it('/health asked in one server reports both shards and the counts of both processes', async () => {
		const { id } = fake.chatInput('health', [], {
			guildId: GUILD_ON_SHARD_0,
			channelId: CHANNEL_ON_SHARD_0,
			memberPermissions: MANAGE_GUILD,
		});
		const edit = await fake.waitForRest('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, {
			since: 0,
			predicate: (request) => request.interactionId === id,
			timeoutMs: 10_000,
		});
		const embed = (edit.json as { embeds: { title: string; fields: { name: string; value: string }[] }[] }).embeds[0]!;
		expect(embed.title).toBe('Health: 🟢 OK');
		const field = (name: string) => embed.fields.find((f) => f.name === name)?.value ?? '';
		expect(field('Shards')).toMatch(/^#0 ready · ping (\d+ ms|—) · 1 server\n#1 ready · ping (\d+ ms|—) · 1 server$/);
		// Three interactions so far across both processes: two /province and this /health.
		expect(field('Since start')).toMatch(/^3 interactions · 0 unexpected errors/);
		const deferral = fake.interactionResponses(id)[0]!;
		expect((deferral.json as { type: number; data?: { flags?: number } }).data?.flags).toBe(64);
	});

	it('/health is refused, privately, to members without Manage Server', async () => {
		const { id } = fake.chatInput('health', [], { guildId: FAKE_IDS.guild, channelId: FAKE_IDS.generalChannel });
		const reply = await fake.waitForRest('POST', /callback$/, {
			since: 0,
			predicate: (request) => request.interactionId === id,
			timeoutMs: 10_000,
		});
		expect(reply.json).toMatchObject({
			type: 4,
			data: { content: '❌ /health is for server managers \\(Manage Server permission\\), in a server.', flags: 64 },
		});
	});

	it("posts each server's due digest exactly once, from the shard that holds the server", async () => {
		for (const channel of [FAKE_IDS.generalChannel, CHANNEL_ON_SHARD_0]) {
			await fake.waitForRest('POST', new RegExp(`^/channels/${channel}/messages$`), { since: 0, timeoutMs: 15_000 });
		}
		const posts = fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
		const perChannel = (channel: string) => posts.filter((r) => r.path === `/channels/${channel}/messages`);
		expect(perChannel(FAKE_IDS.generalChannel).length).toBeGreaterThan(0);
		expect(perChannel(CHANNEL_ON_SHARD_0).length).toBeGreaterThan(0);
		// One digest per channel: all of its parts went out once (no part repeated under another nonce).
		for (const channel of [FAKE_IDS.generalChannel, CHANNEL_ON_SHARD_0]) {
			const nonces = perChannel(channel).map((r) => (r.json as { nonce?: string }).nonce);
			expect(new Set(nonces).size).toBe(nonces.length);
			expect(fake.channelMessages(channel)).toHaveLength(nonces.length);
		}
		// Posted by the shard holding the server, once: each shard's log lines carry its shard id.
		await untilLogged(/"msg":"digest posted"[\s\S]*"msg":"digest posted"/, 10_000);
		const posted = stderr
			.split('\n')
			.filter((line) => line.includes('"msg":"digest posted"'))
			.map((line) => JSON.parse(line) as { shard: number; guildId: string })
			.map(({ shard, guildId }) => ({ shard, guildId }))
			.sort((a, b) => a.shard - b.shard);
		expect(posted).toEqual([
			{ shard: 0, guildId: GUILD_ON_SHARD_0 },
			{ shard: 1, guildId: FAKE_IDS.guild },
		]);
		const db = new Database(join(dir, 'ngo.sqlite'), { readonly: true });
		const rows = db.prepare('SELECT guild_id, state FROM digest_posts ORDER BY guild_id').all();
		db.close();
		expect(rows).toEqual([
			{ guild_id: FAKE_IDS.guild, state: 'posted' },
			{ guild_id: GUILD_ON_SHARD_0, state: 'posted' },
		]);
	});

	it('stops every shard on SIGTERM and exits 0', async () => {
		manager.kill('SIGTERM');
		expect(await exited, stderr).toBe(0);
		expect(stderr.match(/"msg":"shutting down"/g)).toHaveLength(2);
		// Each shard exited by itself (its IPC channel closed), not killed after the timeout.
		expect(stderr).not.toMatch(/did not stop in time/);
		expect(stderr).not.toContain(TOKEN);
	});
});
