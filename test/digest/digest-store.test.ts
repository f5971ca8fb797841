import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestStore, type DigestStore } from '../../src/store/digest-store.js';
import { createEntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import type Database from 'better-sqlite3';

const KEY = { guildId: '1180000000000000100', channelId: '1180000000000000102', week: '2019-W10' };
const claim = {
	...KEY,
	nonce: 'dabc',
	parts: [{ content: 'a' }, { content: 'b' }],
	entryCount: 2,
	claimedAt: '2019-03-11T01:00:00.000Z',
};
const lease = (owner: string, at: string) => ({ owner, at, until: new Date(Date.parse(at) + 60_000).toISOString() });

describe('digest store', () => {
	let dir: string;
	let db: Database.Database;
	let store: DigestStore;

	beforeAll(() => {
		dir = makeTempDir('ngo-bot-digest-store-');
		db = openDatabase(join(dir, 'ngo.sqlite'));
		store = createDigestStore(db, createEntryReader(db));
	});
	afterAll(() => {
		db.close();
		removeTempDir(dir);
	});

	it('reads a week of new entries through the ingested_at index, not a scan', () => {
		const plan = db
			.prepare(
				'EXPLAIN QUERY PLAN SELECT id FROM entries WHERE ingested_at >= ? AND ingested_at < ? ORDER BY ingested_at, id',
			)
			.all('a', 'b') as { detail: string }[];
		expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX entries_ingested_at/);
	});

	it('claims a week once; a second claimer finds it and may not deliver while the lease runs', () => {
		const first = store.claim(claim, lease('a', '2019-03-11T01:00:00.000Z'));
		expect(first).toMatchObject({ acquired: true, resumed: false });
		const second = store.claim({ ...claim, parts: [] }, lease('b', '2019-03-11T01:00:30.000Z'));
		expect(second).toMatchObject({ acquired: false, resumed: true });
		expect(second.record.parts).toEqual(claim.parts);
		expect(store.resume(KEY, lease('b', '2019-03-11T01:01:00.000Z'))).toMatchObject({ acquired: true });
	});

	it('records each part once, in order, and marks the post with the last part', () => {
		store.recordPart(KEY, 0, '111', false, '2019-03-11T01:02:00.000Z');
		// The same part delivered again by another process (same nonce, same message) is not added twice.
		store.recordPart(KEY, 0, '111', false, '2019-03-11T01:02:00.000Z');
		expect(store.post(KEY.guildId, KEY.channelId, KEY.week)).toMatchObject({ state: 'posting', messageIds: ['111'] });
		store.recordPart(KEY, 1, '222', true, '2019-03-11T01:02:01.000Z');
		expect(store.post(KEY.guildId, KEY.channelId, KEY.week)).toMatchObject({
			state: 'posted',
			messageIds: ['111', '222'],
			finishedAt: '2019-03-11T01:02:01.000Z',
		});
		expect(store.postingClaims()).toEqual([]);
		expect(store.resume(KEY, lease('c', '2019-03-12T00:00:00.000Z'))).toMatchObject({ acquired: false });
	});

	describe('drafts under review', () => {
		const at = (minutes: number) => new Date(Date.parse('2019-03-08T00:00:00.000Z') + minutes * 60_000).toISOString();
		const newDraft = (id: string) =>
			store.createDraft({
				id,
				guildId: KEY.guildId,
				requestKey: `key-${id}`,
				digest: { total: 3 },
				createdBy: 'mod-a',
				createdAt: at(0),
				expiresAt: at(24 * 60),
			});

		it('reopens the open draft of the same digest in the same server, until it expires', () => {
			const draft = newDraft('d1');
			expect(draft).toMatchObject({ revision: 1, state: 'open', dropped: [], intro: null, digest: { total: 3 } });
			expect(store.openDraft(KEY.guildId, 'key-d1', at(5))?.id).toBe('d1');
			expect(store.openDraft('1180000000000000999', 'key-d1', at(5))).toBeNull();
			expect(store.openDraft(KEY.guildId, 'key-d1', at(24 * 60))).toBeNull();
		});

		it('takes a change made on the revision seen, and refuses one made on an older view', () => {
			const change = { id: 'd1', dropped: [4], intro: 'Hello', userId: 'mod-b', at: at(10) };
			expect(store.reviseDraft({ ...change, revision: 1 })).toBe(true);
			expect(store.reviseDraft({ ...change, dropped: [4, 5], revision: 1 })).toBe(false);
			expect(store.draft('d1')).toMatchObject({ revision: 2, dropped: [4], intro: 'Hello', updatedBy: 'mod-b' });
		});

		it('is claimed for posting once, at its revision; a claim left by a stopped process can be taken later', () => {
			const claimAt = (minutes: number, revision = 2) => ({
				id: 'd1',
				revision,
				userId: 'mod-a',
				at: at(minutes),
				staleBefore: at(minutes - 2),
			});
			expect(store.claimDraft(claimAt(11, 1))).toBe(false);
			expect(store.claimDraft(claimAt(11))).toBe(true);
			expect(store.claimDraft(claimAt(12))).toBe(false);
			// Changes wait for the post: none while it is being posted.
			expect(store.reviseDraft({ id: 'd1', revision: 2, dropped: [], intro: null, userId: 'mod-b', at: at(12) })).toBe(
				false,
			);
			expect(store.claimDraft(claimAt(14))).toBe(true);
			const done = { id: 'd1', from: 'posting' as const, state: 'posted' as const, userId: 'mod-a', at: at(15) };
			expect(store.endDraft({ ...done, postedTo: '1180000000000000101' })).toBe(true);
			expect(store.claimDraft(claimAt(30))).toBe(false);
			expect(store.draft('d1')).toMatchObject({ state: 'posted', postedTo: '1180000000000000101' });
			expect(store.openDraft(KEY.guildId, 'key-d1', at(31))).toBeNull();
		});
	});
});
