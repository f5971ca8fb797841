import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryDoc, OrgDoc } from '../../src/index/index-docs.js';
import { createSearchIndexes, type SearchIndexSource, type SnapshotStore } from '../../src/index/search-indexes.js';
import { optionsHash } from '../../src/index/search-options.js';
import { createSnapshotRepository } from '../../src/store/snapshot-repository.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { gazetteerTerms, rankingEntries, rankingOrgs, SNAPSHOTS_DDL } from './fixtures.js';

/** A mutable stand-in for the database: the entry reader will provide the same two listings. */
class FakeCorpus implements SearchIndexSource {
	orgs = new Map<number, OrgDoc>(rankingOrgs().map((org) => [org.id, org]));
	entries = new Map<number, EntryDoc>(rankingEntries().map((entry) => [entry.id, entry]));
	revision = 7;
	reads = 0;

	iterateOrgs(): Iterable<OrgDoc> {
		this.reads++;
		return [...this.orgs.values()];
	}

	iterateCatalogEntries(): Iterable<EntryDoc> {
		this.reads++;
		return [...this.entries.values()];
	}

	lookup = {
		entries: (ids: readonly number[]) => ids.flatMap((id) => this.entries.get(id) ?? []),
		orgs: (ids: readonly number[]) => ids.flatMap((id) => this.orgs.get(id) ?? []),
	};
}

const neverFuzzy = gazetteerTerms();

/** What a user would see from both indexes for a few queries, to compare two instances. */
function answers(indexes: ReturnType<typeof createSearchIndexes>) {
	return {
		orgs: ['Animals Asia', 'AIFO', 'Animal Asia Foundaton', 'Hunan'].map((query) => indexes.searchOrgs(query)),
		suggestions: ['ani', 'asia f', ''].map((prefix) => indexes.suggestOrgs(prefix, 25)),
		entries: ['Hunan', 'Shanxi', '动物基金', 'Animls Asia bear'].map((query) =>
			indexes.searchEntryNames(query, { fuzzy: true }),
		),
	};
}

describe('createSearchIndexes', () => {
	const tempDir = useTempDir();
	let db: Database.Database;
	let snapshots: SnapshotStore;
	let corpus: FakeCorpus;
	let logs: string[];

	beforeEach(() => {
		db = new Database(join(tempDir(), 'ngo.db'));
		db.exec(SNAPSHOTS_DDL);
		snapshots = createSnapshotRepository(db);
		corpus = new FakeCorpus();
		logs = [];
	});
	afterEach(() => db.close());

	function create(store: SnapshotStore = snapshots) {
		return createSearchIndexes({
			snapshots: store,
			source: corpus,
			revision: () => corpus.revision,
			neverFuzzy,
			log: (line) => logs.push(line),
			buildChunkSize: 7,
		});
	}

	function corrupt(name: string, data: Buffer): void {
		db.prepare('UPDATE search_snapshots SET data = ? WHERE name = ?').run(data, name);
	}

	it('rebuilds and saves on the first load, then loads the snapshots with identical results', async () => {
		const first = create();
		const status = await first.load();
		expect(status).toMatchObject({ orgs: 'ready', entries: 'ready', revision: 7, loadedFrom: 'rebuilt', stale: false });
		expect(status.details.entries.documents).toBe(31);
		expect(logs.join('\n')).toMatch(/orgs: no snapshot; rebuilding/);
		expect(snapshots.read('orgs')).toMatchObject({ revision: 7, optionsHash: optionsHash('orgs') });
		expect(snapshots.read('entries')).toMatchObject({ revision: 7, optionsHash: optionsHash('entries') });

		logs = [];
		corpus.reads = 0;
		const second = create();
		expect((await second.load()).loadedFrom).toBe('snapshot');
		expect(corpus.reads).toBe(0);
		expect(logs).toEqual([]);
		expect(answers(second)).toEqual(answers(first));
		expect(answers(second).orgs[0]![0]!.id).toBe(1);
	});

	it('rebuilds when the corpus revision moved', async () => {
		await create().load();
		corpus.revision = 8;
		corpus.entries.set(200, { id: 200, title: 'Panda census', provinces: ['Shaanxi'], orgNames: [] });
		const indexes = create();
		const status = await indexes.load();
		expect(status).toMatchObject({ loadedFrom: 'rebuilt', revision: 8 });
		expect(logs.join('\n')).toMatch(/entries: the snapshot is at revision 7, the corpus at 8/);
		expect(indexes.searchEntryNames('panda', { fuzzy: false })?.map((hit) => hit.id)).toEqual([200]);
		expect(snapshots.read('entries')?.revision).toBe(8);
	});

	it('rebuilds when the options hash differs', async () => {
		await create().load();
		db.prepare("UPDATE search_snapshots SET options_hash = 'built-by-an-older-version'").run();
		const status = await create().load();
		expect(status.loadedFrom).toBe('rebuilt');
		expect(logs.join('\n')).toMatch(/orgs: the snapshot was built with other index options/);
		expect(snapshots.read('orgs')?.optionsHash).toBe(optionsHash('orgs'));
	});

	it.each([
		['garbage bytes', Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x13, 0x37])],
		['truncated JSON', null],
		['JSON of another shape', Buffer.from('{"hello":"world"}')],
		['JSON null', Buffer.from('null')],
	])('rebuilds from a corrupt snapshot (%s) with a log line, without throwing', async (_label, bytes) => {
		await create().load();
		for (const name of ['orgs', 'entries']) {
			const data = bytes ?? Buffer.from(snapshots.read(name)!.data.slice(0, 200));
			corrupt(name, data);
		}
		logs = [];
		const indexes = create();
		const status = await indexes.load();
		expect(status).toMatchObject({ orgs: 'ready', entries: 'ready', loadedFrom: 'rebuilt' });
		expect(logs.filter((line) => /the snapshot is corrupt/.test(line))).toHaveLength(2);
		expect(indexes.searchOrgs('AIFO')?.[0]?.id).toBe(2);
		// The rebuilt snapshot replaced the corrupt one.
		logs = [];
		expect((await create().load()).loadedFrom).toBe('snapshot');
		expect(logs).toEqual([]);
	});

	it('applies changes incrementally, then persist() saves them with the new revision', async () => {
		const indexes = create();
		await indexes.load();

		corpus.revision = 9;
		corpus.entries.set(300, { id: 300, title: 'Otter survey', provinces: ['Hunan'], orgNames: ['Otter Trust'] });
		corpus.entries.set(104, { ...corpus.entries.get(104)!, title: 'AIFO leprosy screening' });
		corpus.entries.delete(110);
		corpus.orgs.set(40, {
			id: 40,
			name: 'Otter Trust',
			aliases: ['水獭信托'],
			country: 'United Kingdom',
			entryCount: 1,
		});
		corpus.orgs.delete(24);
		corpus.orgs.set(5, { ...corpus.orgs.get(5)!, aliases: ['AAT'] });
		indexes.applyChanges(
			{
				insertedIds: [300],
				keptIds: [104],
				removedIds: [110],
				createdOrgIds: [40],
				deletedOrgIds: [24],
				changedOrgIds: [5],
			},
			corpus.lookup,
		);

		const check = (target: ReturnType<typeof createSearchIndexes>) => {
			expect(target.searchEntryNames('otter', { fuzzy: false })?.map((hit) => hit.id)).toEqual([300]);
			expect(target.searchEntryNames('leprosy screening', { fuzzy: false })?.map((hit) => hit.id)).toEqual([104]);
			expect(target.searchEntryNames('mental health', { fuzzy: false })).toEqual([]);
			expect(target.searchEntryNames('moon bear', { fuzzy: false })).toEqual([]);
			expect(target.searchOrgs('Otter Trust')?.[0]?.id).toBe(40);
			expect(target.searchOrgs('Mercy Corps')?.map((hit) => hit.id)).not.toContain(24);
			expect(target.searchOrgs('AAT')?.[0]?.id).toBe(5);
		};
		check(indexes);
		expect(indexes.status()).toMatchObject({ revision: 9, stale: false });
		expect(indexes.status().details.entries).toMatchObject({ dirty: true, documents: 31 });

		expect(indexes.persist()).toEqual(['orgs', 'entries']);
		expect(indexes.persist()).toEqual([]);
		expect(snapshots.read('orgs')?.revision).toBe(9);
		expect(snapshots.read('entries')?.revision).toBe(9);

		corpus.reads = 0;
		const reloaded = create();
		expect((await reloaded.load()).loadedFrom).toBe('snapshot');
		expect(corpus.reads).toBe(0);
		check(reloaded);
	});

	it('treats ids the lookup no longer returns as removed', async () => {
		const indexes = create();
		await indexes.load();
		corpus.entries.delete(101);
		indexes.applyChanges({ keptIds: [101] }, corpus.lookup);
		expect(indexes.searchEntryNames('Chengdu', { fuzzy: false })).toEqual([]);
	});

	it('does not block searches while the entry index loads, and replays changes made meanwhile', async () => {
		await create().load();
		const indexes = create();
		const loading = indexes.load();
		// Orgs load synchronously; the entry snapshot is parsed asynchronously.
		expect(indexes.entriesReady()).toBe(false);
		expect(indexes.searchEntryNames('Hunan', { fuzzy: true })).toBeNull();
		expect(indexes.status().entries).toBe('loading');
		// One turn later the entry snapshot has been read (at revision 7) and is being parsed.
		await new Promise((resolve) => setImmediate(resolve));
		expect(indexes.entriesReady()).toBe(false);

		corpus.revision = 8;
		corpus.entries.set(400, { id: 400, title: 'Crane count', provinces: ['Jiangxi'], orgNames: [] });
		indexes.applyChanges({ insertedIds: [400] }, corpus.lookup);

		const status = await loading;
		expect(status).toMatchObject({ entries: 'ready', revision: 8, loadedFrom: 'snapshot' });
		expect(indexes.entriesReady()).toBe(true);
		expect(indexes.searchEntryNames('crane', { fuzzy: false })?.map((hit) => hit.id)).toEqual([400]);
		await expect(indexes.whenReady()).resolves.toMatchObject({ entries: 'ready' });
		// The org index had nothing to change but is now known current at revision 8: its snapshot says so too.
		expect(indexes.persist()).toEqual(['orgs', 'entries']);
		expect(snapshots.read('orgs')?.revision).toBe(8);
	});

	it('does not block while rebuilding either: orgs become ready first', async () => {
		const indexes = create();
		const loading = indexes.load();
		expect(indexes.status().orgs).toBe('ready');
		expect(indexes.searchOrgs('AIFO')?.[0]?.id).toBe(2);
		expect(indexes.status().entries).toBe('loading');
		await new Promise((resolve) => setImmediate(resolve));
		expect(indexes.status().entries).toBe('building');
		expect(indexes.searchEntryNames('Hunan', { fuzzy: true })).toBeNull();
		expect(indexes.load()).toBe(loading);
		await loading;
		expect(indexes.entriesReady()).toBe(true);
	});

	it('reports staleness when the corpus moves without applyChanges', async () => {
		const indexes = create();
		await indexes.load();
		corpus.revision = 10;
		expect(indexes.status().stale).toBe(true);
	});

	it('keeps working from memory when snapshots cannot be read or written', async () => {
		const broken: SnapshotStore = {
			read: () => {
				throw new Error('no such table: search_snapshots');
			},
			write: () => {
				throw new Error('database is locked');
			},
		};
		const indexes = create(broken);
		const status = await indexes.load();
		expect(status).toMatchObject({ orgs: 'ready', entries: 'ready', loadedFrom: 'rebuilt' });
		expect(status.details.orgs.dirty).toBe(true);
		expect(logs.join('\n')).toMatch(/cannot read the snapshot \(no such table: search_snapshots\)/);
		expect(logs.join('\n')).toMatch(/cannot save the snapshot \(database is locked\)/);
		expect(indexes.searchOrgs('Animals Asia')?.[0]?.id).toBe(1);
	});

	it('rejects load() and whenReady() when the source itself fails', async () => {
		const indexes = createSearchIndexes({
			snapshots,
			source: {
				iterateOrgs: () => corpus.iterateOrgs(),
				iterateCatalogEntries: () => {
					throw new Error('disk I/O error');
				},
			},
			revision: () => 1,
			neverFuzzy,
			log: (line) => logs.push(line),
		});
		await expect(indexes.load()).rejects.toThrow('disk I/O error');
		await expect(indexes.whenReady()).rejects.toThrow('disk I/O error');
		expect(indexes.status()).toMatchObject({ orgs: 'ready', entries: 'failed' });
		expect(indexes.searchEntryNames('Hunan', { fuzzy: true })).toBeNull();
	});
});
