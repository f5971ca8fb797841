import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { isUserFacingError } from '../../src/domain/errors.js';
import { projectRoot } from '../../src/project-root.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import { createWatchStore } from '../../src/store/watch-store.js';
import { MAX_WATCHES_PER_USER, matchWatches, watchNonce } from '../../src/watch/match-watches.js';
import { renderWatchNotice } from '../../src/watch/render-watch-notice.js';
import { type WatchService, createWatchService } from '../../src/watch/watch-service.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { hainanItem, hunanItem, writeDigest } from './write-digest.js';

const ALICE = '1180000000000000201';
const BOB = '1180000000000000202';
const NOW = new Date('2026-05-01T00:00:00Z');

function userError(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (isUserFacingError(error)) return error.message;
		throw error;
	}
	throw new Error('expected a UserFacingError');
}

const entryIds = (text: string | undefined) => [...(text ?? '').matchAll(/\*\*#(\d+)\*\*/g)].map((m) => Number(m[1]));

describe('watchlists over a real database', () => {
	let dir: string;
	let app: App;
	let watch: WatchService;
	const runCount = () => app.db.prepare('SELECT count(*) AS n FROM ingest_runs').pluck().get() as number;
	// Entries of the documents a test ingests (the sample corpus holds 25).
	const idsWhere = (sql: string) =>
		app.db.prepare(`SELECT id FROM entries WHERE id > 25 AND ${sql} ORDER BY id`).pluck().all() as number[];

	beforeEach(async () => {
		dir = makeTempDir('ngo-bot-watch-');
		app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
		await app.ingest([join(projectRoot(), 'data', 'sample')]);
		await app.indexes.whenReady();
		watch = createWatchService({
			store: createWatchStore(app.db),
			query: app.query,
			reader: app.reader,
			now: () => NOW,
		});
	});

	afterEach(() => {
		app.close();
		removeTempDir(dir);
	});

	it('records one ingest run per ingest that stored entries, none for an unchanged re-ingest', async () => {
		expect(runCount()).toBe(1);
		await app.ingest([join(projectRoot(), 'data', 'sample')]);
		expect(runCount()).toBe(1);
		await app.ingest([writeDigest(dir, 'a.txt', [hunanItem(1, 'Alder Education Foundation')])]);
		expect(runCount()).toBe(2);
		const runs = app.db.prepare('SELECT after_entry_id, last_entry_id FROM ingest_runs ORDER BY id').raw().all();
		// Runs tile the id space: each starts where the previous one ended.
		expect((runs[1] as number[])[0]).toBe((runs[0] as number[])[1]);
	});

	it('resolves names like the query commands do, and refuses unknown ones with suggestions', () => {
		const aifo = watch.add({ userId: ALICE, guildId: null, kind: 'ngo', value: 'AIFO', channel: null });
		expect(aifo.watch.label).toBe('Associazione Italiana Amici di Raoul Follereau');
		const hunan = watch.add({ userId: ALICE, guildId: null, kind: 'province', value: '湖南', channel: null });
		expect(hunan.watch).toMatchObject({ kind: 'province', key: 'Hunan', label: 'Hunan', channelId: null });
		expect(hunan.count).toBe(2);
		expect(
			userError(() => watch.add({ userId: ALICE, guildId: null, kind: 'province', value: 'Atlantis', channel: null })),
		).toMatch(/not a province-level division/);
		expect(
			userError(() => watch.add({ userId: ALICE, guildId: null, kind: 'ngo', value: 'Zzyzx Qwerty', channel: null })),
		).toMatch(/No organization matches .*watch its name as words/);
		expect(
			userError(() => watch.add({ userId: ALICE, guildId: null, kind: 'query', value: '  ', channel: null })),
		).toMatch(/Give the words/);
		// The same watch twice is one watch.
		const again = watch.add({ userId: ALICE, guildId: null, kind: 'province', value: 'Hunan Province', channel: null });
		expect(again).toMatchObject({ added: false, count: 2 });
	});

	it('caps the watches of a user, and checks a delivery channel', () => {
		for (let i = 0; i < MAX_WATCHES_PER_USER; i++) {
			watch.add({ userId: BOB, guildId: null, kind: 'query', value: `topic ${i}`, channel: null });
		}
		expect(
			userError(() => watch.add({ userId: BOB, guildId: null, kind: 'query', value: 'one more', channel: null })),
		).toMatch(/most allowed \(25\).*\/watch remove/);
		const channel = { id: '1180000000000000103', name: 'announcements', userCanSend: false, botCanSend: true };
		expect(userError(() => watch.add({ userId: ALICE, guildId: '1', kind: 'query', value: 'x', channel }))).toMatch(
			/You cannot send messages in #announcements/,
		);
		expect(
			userError(() =>
				watch.add({
					userId: ALICE,
					guildId: '1',
					kind: 'query',
					value: 'x',
					channel: { ...channel, userCanSend: true, botCanSend: false },
				}),
			),
		).toMatch(/I cannot post in #announcements/);
	});

	it('batches the new entries of one ingest per target, only matching ones, never twice', async () => {
		watch.add({ userId: ALICE, guildId: null, kind: 'province', value: 'Hunan', channel: null });
		watch.add({ userId: ALICE, guildId: null, kind: 'query', value: 'Birch', channel: null });
		expect(watch.pendingDeliveries()).toEqual([]);

		await app.ingest([
			writeDigest(dir, 'first.txt', [
				hunanItem(1, 'Alder Education Foundation'),
				hainanItem(2, 'Birch Reef Trust'),
				hainanItem(3, 'Cedar Reef Trust'),
				hunanItem(4, 'Damson Education Foundation'),
			]),
		]);
		const hunan = idsWhere(`text LIKE '%Hunan%'`);
		const birch = idsWhere(`text LIKE '%Birch%'`);
		const [first, ...others] = watch.pendingDeliveries();
		expect(others).toEqual([]);
		expect(first).toMatchObject({
			userId: ALICE,
			channelId: null,
			entryCount: 3,
			nonce: watchNonce(first!.targetId, 2),
		});
		expect(entryIds(first!.reply.embeds?.[0]?.description)).toEqual([...hunan, ...birch].sort((a, b) => a - b));
		expect(replyLimitViolations(first!.reply)).toEqual([]);

		watch.markSent(first!, '1180000000000009999');
		expect(watch.pendingDeliveries()).toEqual([]);

		// A second ingest: only its own new entries.
		await app.ingest([
			writeDigest(dir, 'second.txt', [hunanItem(5, 'Elm Education Foundation'), hainanItem(6, 'Fir Trust')]),
		]);
		const [second] = watch.pendingDeliveries();
		expect(entryIds(second!.reply.embeds?.[0]?.description)).toEqual(idsWhere(`text LIKE '%Elm Education%'`));
		watch.markSent(second!, '1180000000000009998');

		// An ingest matching nothing moves the cursor without a message.
		await app.ingest([writeDigest(dir, 'third.txt', [hainanItem(7, 'Gingko Trust')])]);
		expect(watch.pendingDeliveries()).toEqual([]);
		const cursor = app.db.prepare('SELECT cursor_run_id FROM watch_targets').pluck().get();
		expect(cursor).toBe(4);
	});

	it('matches an NGO watch by the organization, whatever province or other orgs the entry has', async () => {
		await app.ingest([writeDigest(dir, 'a.txt', [hunanItem(1, 'Alder Education Foundation')])]);
		const added = watch.add({
			userId: ALICE,
			guildId: null,
			kind: 'ngo',
			value: 'alder education foundation',
			channel: null,
		});
		expect(added.watch.label).toBe('Alder Education Foundation');
		await app.ingest([
			writeDigest(dir, 'b.txt', [
				hainanItem(2, 'Alder Education Foundation'),
				hainanItem(3, 'Birch Education Foundation'),
				hunanItem(4, 'Cedar Education Foundation'),
			]),
		]);
		const [delivery, ...others] = watch.pendingDeliveries();
		expect(others).toEqual([]);
		expect(entryIds(delivery!.reply.embeds?.[0]?.description)).toEqual(
			idsWhere(`text LIKE '%Hainan%' AND text LIKE '%Alder%'`),
		);
		expect(delivery!.entryCount).toBe(1);
	});

	it('does not notify again when another document retells an event already reported', async () => {
		await app.ingest([writeDigest(dir, 'a.txt', [hunanItem(1, 'Alder Education Foundation')])]);
		watch.add({ userId: ALICE, guildId: null, kind: 'province', value: 'Hunan', channel: null });
		// A second digest retells the registration two days later, beside a new one.
		await app.ingest([
			writeDigest(dir, 'b.txt', [
				hunanItem(3, 'Alder Education Foundation'),
				hunanItem(4, 'Cedar Education Foundation'),
			]),
		]);
		const [delivery, ...others] = watch.pendingDeliveries();
		expect(others).toEqual([]);
		expect(entryIds(delivery!.reply.embeds?.[0]?.description)).toEqual(idsWhere(`text LIKE '%Cedar%'`));
		expect(idsWhere(`text LIKE '%Alder%' AND event_id IS NOT NULL`)).toHaveLength(1);
	});

	it('reports only what is ingested after a watch is added', async () => {
		await app.ingest([writeDigest(dir, 'before.txt', [hunanItem(1, 'Alder Education Foundation')])]);
		watch.add({ userId: ALICE, guildId: null, kind: 'province', value: 'Hunan', channel: null });
		expect(watch.pendingDeliveries()).toEqual([]);
	});

	it('pauses a target that Discord refuses, tells its user once, then tries again', async () => {
		watch.add({ userId: ALICE, guildId: null, kind: 'province', value: 'Hunan', channel: null });
		await app.ingest([writeDigest(dir, 'a.txt', [hunanItem(1, 'Alder Education Foundation')])]);
		const [delivery] = watch.pendingDeliveries();
		watch.markFailed(delivery!, { pause: 'Discord does not let me send you direct messages' });
		expect(watch.pendingDeliveries()).toEqual([]);
		expect(watch.takePauseNotices(BOB)).toEqual([]);
		expect(watch.takePauseNotices(ALICE)).toEqual([
			{ channelId: null, pausedAt: NOW.toISOString(), reason: 'Discord does not let me send you direct messages' },
		]);
		expect(watch.takePauseNotices(ALICE)).toEqual([]);
		// Resumed: the same notification (same nonce) is due again.
		expect(watch.pendingDeliveries()).toEqual([delivery]);
	});

	it('removes only the user’s own watches', () => {
		const { watch: added } = watch.add({
			userId: ALICE,
			guildId: null,
			kind: 'province',
			value: 'Hunan',
			channel: null,
		});
		expect(userError(() => watch.remove(BOB, added.id))).toMatch(/You have no watch #\d+/);
		expect(watch.remove(ALICE, added.id)).toMatchObject({ id: added.id, label: 'Hunan' });
		expect(watch.list(ALICE)).toEqual([]);
		expect(app.db.prepare('SELECT count(*) FROM watch_targets').pluck().get()).toBe(0);
	});
});

describe('matching and the notification message', () => {
	const watches = [
		{ id: 1, kind: 'ngo' as const, key: 'aifo', label: 'AIFO' },
		{ id: 2, kind: 'province' as const, key: 'Hunan', label: 'Hunan' },
		{ id: 3, kind: 'query' as const, key: 'mental', label: 'mental' },
	];

	it('lists each entry once with every watch it matched', () => {
		const entries = [
			{ id: 10, provinces: ['Hunan'], orgKeys: ['aifo', 'associazione italiana amici di raoul follereau'] },
			{ id: 11, provinces: ['Henan'], orgKeys: [] },
			{ id: 12, provinces: [], orgKeys: [] },
		];
		const hits = matchWatches(watches, entries, new Map([[3, new Set([12])]]));
		expect(hits).toEqual([
			{ entryId: 10, watches: [watches[0], watches[1]] },
			{ entryId: 12, watches: [watches[2]] },
		]);
	});

	it('stays within Discord limits with hundreds of long, hostile entries', () => {
		const hits = Array.from({ length: 300 }, (_, i) => ({ entryId: i + 1, watches }));
		const entries = new Map(
			hits.map((hit) => [
				hit.entryId,
				{
					id: hit.entryId,
					date: '2020-05-01',
					provinces: ['Hunan'],
					type: 'registration',
					summary: '@everyone **bold** <@123456789012345678> '.repeat(40),
				} as never,
			]),
		);
		const reply = renderWatchNotice({ hits, entries, finishedAt: NOW.toISOString(), ownerId: null });
		expect(replyLimitViolations(reply)).toEqual([]);
		const description = reply.embeds?.[0]?.description ?? '';
		expect(description).toMatch(/…and \d+ more/);
		expect(description).not.toMatch(/@everyone|<@\d/);
	});
});
