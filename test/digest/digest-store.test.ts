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
});
