import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrgDoc } from '../../src/index/index-docs.js';
import { createSearchIndexes, type SearchIndexSource, type SnapshotStore } from '../../src/index/search-indexes.js';
import { optionsHash } from '../../src/index/search-options.js';
import { createSnapshotRepository } from '../../src/store/snapshot-repository.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { gazetteerTerms, rankingOrgs, SNAPSHOTS_DDL } from './fixtures.js';

/** A mutable stand-in for the database: the entry reader provides the same listing. */
class FakeCorpus implements SearchIndexSource {
	orgs = new Map<number, OrgDoc>(rankingOrgs().map((org) => [org.id, org]));
	revision = 7;
	reads = 0;

	iterateOrgs(): Iterable<OrgDoc> {
		this.reads++;
		return [...this.orgs.values()];
	}

	lookup = {
		orgs: (ids: readonly number[]) => ids.flatMap((id) => this.orgs.get(id) ?? []),
	};
}

const neverFuzzy = gazetteerTerms();

/** What a user would see from the index for a few queries, to compare two instances. */
function answers(indexes: ReturnType<typeof createSearchIndexes>) {
	return {
		orgs: ['Animals Asia', 'AIFO', 'Animal Asia Foundaton', 'Hunan'].map((query) => indexes.searchOrgs(query)),
		suggestions: ['ani', 'asia f', ''].map((prefix) => indexes.suggestOrgs(prefix, 25)),
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
		});
	}

	function corrupt(name: string, data: Buffer): void {
		db.prepare('UPDATE search_snapshots SET data = ? WHERE name = ?').run(data, name);
	}

	it('rebuilds and saves on the first load, then loads the snapshot with identical results', async () => {
		const first = create();
		const status = await first.load();
		expect(status).toMatchObject({ orgs: 'ready', revision: 7, loadedFrom: 'rebuilt', stale: false });
		expect(status.details.orgs.documents).toBe(corpus.orgs.size);
		expect(logs.join('\n')).toMatch(/orgs: no snapshot; rebuilding/);
		expect(snapshots.read('orgs')).toMatchObject({ revision: 7, optionsHash: optionsHash('orgs') });

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
		corpus.orgs.set(41, { id: 41, name: 'Panda Census Trust', aliases: [], country: 'China', entryCount: 1 });
		const indexes = create();
		const status = await indexes.load();
		expect(status).toMatchObject({ loadedFrom: 'rebuilt', revision: 8 });
		expect(logs.join('\n')).toMatch(/orgs: the snapshot is at revision 7, the corpus at 8/);
		expect(indexes.searchOrgs('Panda Census Trust')?.[0]?.id).toBe(41);
		expect(snapshots.read('orgs')?.revision).toBe(8);
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
		corrupt('orgs', bytes ?? Buffer.from(snapshots.read('orgs')!.data.slice(0, 200)));
		logs = [];
		const indexes = create();
		const status = await indexes.load();
		expect(status).toMatchObject({ orgs: 'ready', loadedFrom: 'rebuilt' });
		expect(logs.filter((line) => /the snapshot is corrupt/.test(line))).toHaveLength(1);
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
				createdOrgIds: [40],
				deletedOrgIds: [24],
				changedOrgIds: [5],
			},
			corpus.lookup,
		);

		const check = (target: ReturnType<typeof createSearchIndexes>) => {
			expect(target.searchOrgs('Otter Trust')?.[0]?.id).toBe(40);
			expect(target.searchOrgs('Mercy Corps')?.map((hit) => hit.id)).not.toContain(24);
			expect(target.searchOrgs('AAT')?.[0]?.id).toBe(5);
		};
		check(indexes);
		expect(indexes.status()).toMatchObject({ revision: 9, stale: false });
		expect(indexes.status().details.orgs).toMatchObject({ dirty: true, documents: corpus.orgs.size });

		expect(indexes.persist()).toEqual(['orgs']);
		expect(indexes.persist()).toEqual([]);
		expect(snapshots.read('orgs')?.revision).toBe(9);

		corpus.reads = 0;
		const reloaded = create();
		expect((await reloaded.load()).loadedFrom).toBe('snapshot');
		expect(corpus.reads).toBe(0);
		check(reloaded);
	});

	it('treats ids the lookup no longer returns as removed, and stamps an unchanged index with the new revision', async () => {
		const indexes = create();
		await indexes.load();
		corpus.orgs.delete(2);
		indexes.applyChanges({ changedOrgIds: [2] }, corpus.lookup);
		expect(indexes.searchOrgs('AIFO')?.map((hit) => hit.id)).not.toContain(2);
		corpus.revision = 8;
		indexes.applyChanges({}, corpus.lookup);
		expect(indexes.status()).toMatchObject({ revision: 8, stale: false });
		expect(indexes.persist()).toEqual(['orgs']);
		expect(snapshots.read('orgs')?.revision).toBe(8);
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
		expect(status).toMatchObject({ orgs: 'ready', loadedFrom: 'rebuilt' });
		expect(status.details.orgs.dirty).toBe(true);
		expect(logs.join('\n')).toMatch(/cannot read the snapshot \(no such table: search_snapshots\)/);
		expect(logs.join('\n')).toMatch(/cannot save the snapshot \(database is locked\)/);
		expect(indexes.searchOrgs('Animals Asia')?.[0]?.id).toBe(1);
	});

	it('rejects load() and whenReady() when the source itself fails', async () => {
		const indexes = createSearchIndexes({
			snapshots,
			source: {
				iterateOrgs: () => {
					throw new Error('disk I/O error');
				},
			},
			revision: () => 1,
			neverFuzzy,
			log: (line) => logs.push(line),
		});
		await expect(indexes.load()).rejects.toThrow('disk I/O error');
		await expect(indexes.whenReady()).rejects.toThrow('disk I/O error');
		expect(indexes.status()).toMatchObject({ orgs: 'failed', revision: null });
		expect(indexes.searchOrgs('AIFO')).toBeNull();
		expect(indexes.suggestOrgs('ai')).toBeNull();
	});
});
