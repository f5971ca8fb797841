import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnapshotRepository } from '../../src/store/snapshot-repository.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { SNAPSHOTS_DDL } from './fixtures.js';

describe('createSnapshotRepository', () => {
	const tempDir = useTempDir();
	let db: Database.Database | undefined;
	afterEach(() => db?.close());

	function open(withTable = true): Database.Database {
		db = new Database(join(tempDir(), 'snapshots.db'));
		if (withTable) db.exec(SNAPSHOTS_DDL);
		return db;
	}

	it('reads null for a name never written', () => {
		expect(createSnapshotRepository(open()).read('orgs')).toBeNull();
	});

	it('writes UTF-8 BLOBs and reads them back as text, replacing the previous snapshot', () => {
		const database = open();
		const at = new Date('2024-05-06T07:08:09.000Z');
		const repository = createSnapshotRepository(database, () => at);
		const data = JSON.stringify({ name: '亚洲动物基金 — Médecins', n: 1 });
		repository.write('orgs', { revision: 3, optionsHash: 'abc', data: 'old' });
		repository.write('orgs', { revision: 4, optionsHash: 'def', data });
		expect(repository.read('orgs')).toEqual({ revision: 4, optionsHash: 'def', builtAt: at.toISOString(), data });
		const row = database
			.prepare<[], { type: string; bytes: number }>(
				"SELECT typeof(data) AS type, length(data) AS bytes FROM search_snapshots WHERE name = 'orgs'",
			)
			.get();
		expect(row).toEqual({ type: 'blob', bytes: Buffer.byteLength(data, 'utf8') });
		expect(database.prepare('SELECT count(*) AS n FROM search_snapshots').get()).toEqual({ n: 1 });
	});

	it('keeps snapshots apart by name', () => {
		const repository = createSnapshotRepository(open());
		repository.write('orgs', { revision: 1, optionsHash: 'a', data: 'orgs' });
		repository.write('entries', { revision: 2, optionsHash: 'b', data: 'entries' });
		expect(repository.read('orgs')?.data).toBe('orgs');
		expect(repository.read('entries')).toMatchObject({ revision: 2, data: 'entries' });
	});

	it('can be created before the table exists and fails only when used', () => {
		const repository = createSnapshotRepository(open(false));
		expect(() => repository.read('orgs')).toThrow(/no such table/);
	});
});
