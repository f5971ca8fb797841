import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { createDigestStore } from '../../src/store/digest-store.js';
import { createEntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { FAKE_IDS, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const TOKEN = `digest-crash-token-${'x'.repeat(60)}`;
const CHILD = join(projectRoot(), 'test', 'helpers', 'digest-post-child.mjs');
const SLOT_PASSED = '2019-03-11T01:05:00.000Z'; // 5 minutes after Monday 09:00 in Shanghai
const POSTS = new RegExp(`^/channels/${FAKE_IDS.digestChannel}/messages$`);

describe('a digest post killed half-way', () => {
	let fake: FakeDiscord;
	let dir: string;
	let databasePath: string;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-digest-crash-');
		databasePath = join(dir, 'ngo.sqlite');
		const seed = createApp({ databasePath, now: () => new Date('2019-03-05T10:00:00Z') });
		await seed.ingest([join(projectRoot(), 'data', 'sample')]);
		seed.close();
		const db = openDatabase(databasePath);
		createDigestStore(db, createEntryReader(db)).saveSchedule({
			guildId: FAKE_IDS.guild,
			channelId: FAKE_IDS.digestChannel,
			weekday: 1,
			hour: 9,
			timeZone: 'Asia/Shanghai',
			filters: {},
			createdBy: FAKE_IDS.owner,
			createdAt: '2019-03-01T00:00:00.000Z',
		});
		db.close();
		fake = await startFakeDiscord({ token: TOKEN });
	});

	afterAll(async () => {
		await fake?.close();
		if (dir) removeTempDir(dir);
	});

	function runChild(
		now: string,
		lease: string,
	): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
		const child = spawn(process.execPath, [CHILD, databasePath, fake.apiBase, TOKEN, now, lease], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		const done = new Promise<{ code: number | null; out: string }>((resolve) =>
			child.on('exit', (code) => resolve({ code, out })),
		);
		return { child, done };
	}

	function claim(): { state: string; parts: string; message_ids: string } {
		const db = new Database(databasePath, { readonly: true });
		try {
			return db.prepare('SELECT state, parts, message_ids FROM digest_posts').get() as {
				state: string;
				parts: string;
				message_ids: string;
			};
		} finally {
			db.close();
		}
	}

	it('leaves a consistent claim, and a fresh process finishes it with every part exactly once', async () => {
		// Part 1 lands; part 2's request is held by Discord, and the process is killed while waiting.
		const first = runChild(SLOT_PASSED, '120');
		const firstPart = await fake.waitForRest('POST', POSTS, { predicate: (r) => r.status === 200 });
		const hang = fake.failNext('POST', POSTS, { hang: true });
		while (hang.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		first.child.kill('SIGKILL');
		const killed = await first.done;
		expect(killed.code).toBeNull();

		const db = new Database(databasePath);
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		db.close();
		const left = claim();
		const parts = (JSON.parse(left.parts) as unknown[]).length;
		expect(parts).toBeGreaterThanOrEqual(2);
		expect(left.state).toBe('posting');
		expect(JSON.parse(left.message_ids)).toEqual([(firstPart.response as { id: string }).id]);

		// Worst case: Discord accepted part 1 but the process died before recording it.
		const write = new Database(databasePath);
		write.prepare("UPDATE digest_posts SET message_ids = '[]'").run();
		write.close();

		// While the dead process's lease runs, another process does not touch the claim.
		const early = await runChild(SLOT_PASSED, '120').done;
		expect(early.code).toBe(0);
		expect(early.out).toContain('"outcome":"busy"');
		expect(fake.channelMessages(FAKE_IDS.digestChannel)).toHaveLength(1);

		// After it: resumed with the same nonces, so part 1 is not posted again and the rest lands once.
		const later = await runChild('2019-03-11T01:08:00.000Z', '120').done;
		expect(later.out).toContain('"outcome":"posted"');
		const posted = fake.channelMessages(FAKE_IDS.digestChannel);
		expect(posted).toHaveLength(parts);
		expect(new Set(posted.map((m) => m.id)).size).toBe(parts);
		posted.forEach((message, i) =>
			expect(message.embeds[0]?.footer).toMatchObject({ text: `Part ${i + 1} of ${parts} · cite entries by id` }),
		);
		expect(claim()).toMatchObject({ state: 'posted', message_ids: JSON.stringify(posted.map((m) => m.id)) });

		// And a later pass in the same week posts nothing.
		await runChild('2019-03-11T02:00:00.000Z', '120').done;
		expect(fake.channelMessages(FAKE_IDS.digestChannel)).toHaveLength(parts);
	});
});
