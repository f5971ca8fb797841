import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES, BODY_LEVELS, BODY_ROLES, DOCUMENT_KINDS, FIELDS_OF_WORK } from '../../src/domain/entry.js';
import { UserFacingError } from '../../src/domain/errors.js';
import { LATEST_SCHEMA_VERSION, migrate, migrations, userVersion } from '../../src/store/migrations.js';
import { openDatabase } from '../../src/store/open-database.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const opened: Database.Database[] = [];

/** Opens through openDatabase and closes after the test. */
function open(path: string, options?: { readonly?: boolean }): Database.Database {
	const db = openDatabase(path, options);
	opened.push(db);
	return db;
}

afterEach(() => {
	for (const db of opened.splice(0)) if (db.open) db.close();
});

function openError(path: string, options?: { readonly?: boolean }): UserFacingError {
	try {
		open(path, options);
	} catch (error) {
		expect(error).toBeInstanceOf(UserFacingError);
		expect((error as UserFacingError).code).toBe('database');
		return error as UserFacingError;
	}
	throw new Error(`openDatabase(${path}) did not throw`);
}

function tableNames(db: Database.Database): string[] {
	return db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
}

describe('migrations', () => {
	it('have strictly increasing versions starting at 1', () => {
		expect(migrations[0]?.version).toBe(1);
		for (let i = 1; i < migrations.length; i++) {
			expect(migrations[i]!.version).toBeGreaterThan(migrations[i - 1]!.version);
		}
		expect(LATEST_SCHEMA_VERSION).toBe(migrations.at(-1)!.version);
	});

	it('bring an empty database to the latest version with every table', () => {
		const db = open(join(tempDir(), 'ngo.sqlite'));
		expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
		expect(tableNames(db)).toEqual(
			expect.arrayContaining(['documents', 'entries', 'orgs', 'org_aliases', 'entry_orgs', 'entry_provinces', 'meta']),
		);
		expect(db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('corpus_revision')).toBe('0');
	});

	it('are a no-op when the database is reopened', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		open(path).close();
		const db = open(path);
		expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
		expect(db.prepare('SELECT total_changes()').pluck().get()).toBe(0);
	});

	it('accept every current document kind and activity type (a new value needs a new migration)', () => {
		const db = open(join(tempDir(), 'ngo.sqlite'));
		const insertDocument = db.prepare(
			`INSERT INTO documents (source_key, kind, content_hash, extractor_version, entry_count, first_ingested_at,
				updated_at) VALUES (?, ?, 'h', 1, 0, 'now', 'now')`,
		);
		const insertEntry = db.prepare(
			`INSERT INTO entries (document_id, position, text_hash, sort_date, type, summary, text, ingested_at)
			VALUES (1, ?, 'h', '2019-01-01', ?, 's', 't', 'now')`,
		);
		DOCUMENT_KINDS.forEach((kind, i) => insertDocument.run(`doc-${i}`, kind));
		ACTIVITY_TYPES.forEach((type, i) => insertEntry.run(i, type));
		expect(() => insertEntry.run(99, 'gossip')).toThrow(/CHECK constraint/);
	});

	it('keep an entry’s evidence as one non-empty JSON array that goes with the entry', () => {
		// The rules for each fact (known facts and fields, offsets exactly when the words are in the entry) are the
		// store's check of every entry before it writes: test/store/entry-evidence.test.ts.
		const db = open(join(tempDir(), 'ngo.sqlite'));
		db.exec(`INSERT INTO documents (source_key, kind, content_hash, extractor_version, entry_count, first_ingested_at,
				updated_at) VALUES ('doc', 'digest', 'h', 1, 1, 'now', 'now');
			INSERT INTO entries (document_id, position, text_hash, sort_date, type, summary, text, ingested_at)
			VALUES (1, 0, 'h', '2019-01-01', 'other', 's', 't', 'now')`);
		const insert = (evidence: string) =>
			db.prepare('INSERT INTO entry_evidence (entry_id, evidence) VALUES (1, ?)').run(evidence);
		for (const refused of ['', 'not json', '{"fact": "date"}', '[]', '"date"']) {
			expect(() => insert(refused), refused).toThrow(/CHECK constraint/);
		}
		insert('[["date", "2019-01-01", null, "date heading", true, "page", null, null, "1 January 2019"]]');
		expect(() => db.prepare('INSERT INTO entry_evidence (entry_id, evidence) VALUES (2, ?)').run('[[]]')).toThrow(
			/FOREIGN KEY/,
		);
		db.exec('DELETE FROM entries');
		expect(db.prepare('SELECT count(*) FROM entry_evidence').pluck().get()).toBe(0);
	});
});

describe('the bodies and fields schema', () => {
	it('accepts every current body role and level and field of work (a new value needs a new migration)', () => {
		const db = open(join(tempDir(), 'ngo.sqlite'));
		db.exec(`INSERT INTO documents (source_key, kind, content_hash, extractor_version, entry_count, first_ingested_at,
				updated_at) VALUES ('doc', 'digest', 'h', 1, 1, 'now', 'now');
			INSERT INTO entries (document_id, position, text_hash, sort_date, type, summary, text, ingested_at)
			VALUES (1, 0, 'h', '2019-01-01', 'other', 's', 't', 'now')`);
		const insertBody = db.prepare('INSERT INTO bodies (name, key, level) VALUES (?, ?, ?)');
		BODY_LEVELS.forEach((level, i) => insertBody.run(`Body ${i}`, `body ${i}`, level));
		expect(() => insertBody.run('Body x', 'body x', 'galactic')).toThrow(/CHECK constraint/);
		const insertLink = db.prepare(
			"INSERT INTO entry_bodies (entry_id, body_id, role, sort_date, ordinal, written) VALUES (1, 1, ?, '2019-01-01', 0, 'w')",
		);
		for (const role of BODY_ROLES) insertLink.run(role);
		expect(() => insertLink.run('overlord')).toThrow(/CHECK constraint/);
		const insertField = db.prepare(
			"INSERT INTO entry_fields (entry_id, field, sort_date, ordinal) VALUES (1, ?, '2019-01-01', 0)",
		);
		for (const field of FIELDS_OF_WORK) insertField.run(field);
		expect(() => insertField.run('astrology')).toThrow(/CHECK constraint/);
		// Links and fields go with their entry, and follow its sort date.
		db.exec("UPDATE entries SET sort_date = '2020-02-02'");
		expect(db.prepare('SELECT DISTINCT sort_date FROM entry_fields').pluck().all()).toEqual(['2020-02-02']);
		db.exec('DELETE FROM entries');
		expect(db.prepare('SELECT count(*) FROM entry_bodies').pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM entry_fields').pluck().get()).toBe(0);
	});
});

describe('openDatabase', () => {
	it('creates missing parent directories', () => {
		const path = join(tempDir(), 'a', 'b', 'ngo.sqlite');
		const db = open(path);
		expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
	});

	it('turns on WAL, foreign keys, a busy timeout, synchronous=NORMAL and temporary files in memory', () => {
		const db = open(join(tempDir(), 'ngo.sqlite'));
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
		expect(db.pragma('synchronous', { simple: true })).toBe(1);
		// 2 = MEMORY, on read-only connections too (their searches keep a temp hit set).
		expect(db.pragma('temp_store', { simple: true })).toBe(2);
		expect(open(join(tempDir(), 'ngo.sqlite'), { readonly: true }).pragma('temp_store', { simple: true })).toBe(2);
	});

	it('opens an in-memory database without WAL', () => {
		const db = open(':memory:');
		expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
		expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
	});

	it('refuses a database written by a newer ngo-bot, naming the versions', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		const db = open(path);
		db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
		db.close();
		const error = openError(path);
		expect(error.message).toContain(path);
		expect(error.message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`);
		expect(error.message).toMatch(/newer ngo-bot/);
		const raw = new Database(path);
		expect(() => migrate(raw)).toThrow(/newer ngo-bot/);
		raw.close();
	});

	it('refuses a file that is not a SQLite database, without changing it', () => {
		const path = join(tempDir(), 'notes.sqlite');
		const content = 'These are my notes, not a database. '.repeat(20);
		writeFileSync(path, content);
		const error = openError(path);
		expect(error.message).toBe(
			`${path} is not an ngo-bot database (file is not a database). Point DATABASE_PATH or --db at another file.`,
		);
		expect(readFileSync(path, 'utf8')).toBe(content);
	});

	it('refuses a SQLite database of another program', () => {
		const path = join(tempDir(), 'other.sqlite');
		const other = new Database(path);
		other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
		other.close();
		expect(openError(path).message).toMatch(/is not an ngo-bot database \(it already holds other tables\)/);
	});

	it('refuses a directory', () => {
		const path = join(tempDir(), 'a-directory');
		mkdirSync(path);
		expect(openError(path).message).toBe(
			`${path} is a directory, not an ngo-bot database file. Point DATABASE_PATH or --db at another file.`,
		);
	});

	it('refuses a path under a regular file', () => {
		const file = join(tempDir(), 'file');
		writeFileSync(file, 'x');
		expect(openError(join(file, 'ngo.sqlite')).message).toMatch(/Cannot (create the directory for|use) the database/);
	});

	it.skipIf(process.getuid?.() === 0)('refuses an unreadable file', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		open(path).close();
		chmodSync(path, 0o000);
		expect(openError(path).message).toMatch(/permission denied/);
	});

	it('opens read-only without migrating and refuses an outdated schema read-only', () => {
		const dir = tempDir();
		const current = join(dir, 'current.sqlite');
		open(current).close();
		const db = open(current, { readonly: true });
		expect(db.readonly).toBe(true);
		expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);

		const outdated = join(dir, 'outdated.sqlite');
		new Database(outdated).close();
		expect(openError(outdated, { readonly: true }).message).toMatch(/older schema \(version 0.*read-only/);
		expect(userVersion(open(outdated))).toBe(LATEST_SCHEMA_VERSION);
	});

	it('refuses a missing file read-only instead of creating it', () => {
		expect(openError(join(tempDir(), 'missing', 'ngo.sqlite'), { readonly: true }).message).toMatch(/does not exist/);
	});
});
