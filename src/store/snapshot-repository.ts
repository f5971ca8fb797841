import type Database from 'better-sqlite3';

/** A serialized search index as stored in `search_snapshots` (created by migration 2). */
export interface StoredSnapshot {
	/** Corpus revision the index reflects. */
	revision: number;
	/** `optionsHash` of the options the index was built with. */
	optionsHash: string;
	/** ISO 8601 time of the write. */
	builtAt: string;
	/** The index as JSON (stored as UTF-8 BLOB). */
	data: string;
}

export interface SnapshotRepository {
	/** The snapshot named `name`, or null when none was saved. */
	read(name: string): StoredSnapshot | null;
	/** Saves (or replaces) the snapshot named `name`, stamped with the current time. */
	write(name: string, snapshot: { revision: number; optionsHash: string; data: string }): void;
}

interface SnapshotRow {
	revision: number;
	options_hash: string;
	built_at: string;
	data: Buffer | string;
}

const SELECT_SQL = 'SELECT revision, options_hash, built_at, data FROM search_snapshots WHERE name = ?';
const UPSERT_SQL = `
	INSERT INTO search_snapshots (name, revision, options_hash, built_at, data) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, options_hash = excluded.options_hash,
		built_at = excluded.built_at, data = excluded.data`;

/** Reads and writes search index snapshots; statements are prepared on first use. */
export function createSnapshotRepository(
	db: Database.Database,
	now: () => Date = () => new Date(),
): SnapshotRepository {
	// Prepared lazily: on a database whose migration has not created the table yet, the error then surfaces in
	// read/write, where the index lifecycle logs it and keeps working from memory, instead of at startup.
	let select: Database.Statement<[string], SnapshotRow> | undefined;
	let upsert: Database.Statement<[string, number, string, string, Buffer]> | undefined;

	return {
		read(name) {
			select ??= db.prepare<[string], SnapshotRow>(SELECT_SQL);
			const row = select.get(name);
			if (row === undefined) return null;
			return {
				revision: Number(row.revision),
				optionsHash: row.options_hash,
				builtAt: row.built_at,
				data: typeof row.data === 'string' ? row.data : row.data.toString('utf8'),
			};
		},
		write(name, snapshot) {
			upsert ??= db.prepare<[string, number, string, string, Buffer]>(UPSERT_SQL);
			const data = Buffer.from(snapshot.data, 'utf8');
			upsert.run(name, snapshot.revision, snapshot.optionsHash, now().toISOString(), data);
		},
	};
}
