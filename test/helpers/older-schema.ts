import Database from 'better-sqlite3';
import { migrations } from '../../src/store/migrations.js';
import { EVIDENCE_SCHEMA_SQL } from '../../src/store/schema/evidence.js';

/** A database file with the schema of `version` and no rows, migrated the way migrate() does it. */
export function openAtVersion(path: string, version: number): Database.Database {
	const db = new Database(path);
	db.pragma('foreign_keys = ON');
	for (const migration of migrations) {
		if (migration.version > version) break;
		db.transaction(() => {
			if (typeof migration.up === 'string') db.exec(migration.up);
			else migration.up(db);
			db.pragma(`user_version = ${migration.version}`);
		})();
	}
	return db;
}

/**
 * Puts entry_evidence back in its form before migration 17, one row per fact (migration 8's table), holding the
 * same evidence: tests that take a populated database back to an older version call it.
 */
export function evidenceAsRows(db: Database.Database): void {
	db.exec(`ALTER TABLE entry_evidence RENAME TO entry_evidence_17;
${EVIDENCE_SCHEMA_SQL}
INSERT INTO entry_evidence (entry_id, ordinal, fact, value, subject, role, counted, field, span_start, span_end, quote)
SELECT e.entry_id, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
	j.value ->> 6, j.value ->> 7, j.value ->> 8
FROM entry_evidence_17 e, json_each(e.evidence) j;
DROP TABLE entry_evidence_17;`);
}

/**
 * Rebuilds `tables` of `db` as `older` defines them (its CREATE TABLE, indexes and the triggers naming them), keeping
 * their rows: how a test takes a populated database back to an older schema.
 */
export function rebuildAs(db: Database.Database, older: Database.Database, tables: readonly string[]): void {
	const definitions = older.prepare<[string], { type: string; name: string; sql: string }>(
		"SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL AND type <> 'table'",
	);
	const triggers = older
		.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
		.all()
		.filter((trigger) => tables.some((table) => trigger.sql.includes(table)));
	for (const trigger of triggers) db.exec(`DROP TRIGGER IF EXISTS ${trigger.name}`);
	for (const table of tables) {
		const create = older
			.prepare<[string], string>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
			.pluck()
			.get(table)!;
		db.exec(`ALTER TABLE ${table} RENAME TO ${table}_newer; ${create};
			INSERT INTO ${table} SELECT * FROM ${table}_newer; DROP TABLE ${table}_newer;`);
		for (const index of definitions.all(table).filter((row) => row.type === 'index')) db.exec(index.sql);
	}
	for (const trigger of triggers) db.exec(trigger.sql);
}
