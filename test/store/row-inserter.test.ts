import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRowInserter, ROWS_PER_STATEMENT } from '../../src/store/row-inserter.js';

let db: Database.Database;

beforeEach(() => {
	db = new Database(':memory:');
	db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY, day TEXT NOT NULL);
		CREATE TABLE child (parent_id INTEGER NOT NULL, key TEXT NOT NULL, ordinal INTEGER NOT NULL, note TEXT,
			day TEXT NOT NULL, PRIMARY KEY (parent_id, key)) STRICT, WITHOUT ROWID;
		INSERT INTO parent (id, day) VALUES (7, '2020-01-02');`);
});

afterEach(() => {
	db.close();
});

describe('createRowInserter', () => {
	it('inserts the rows in order, the first of two equal keys winning, with values taken from another table', () => {
		const insert = createRowInserter<[number]>(
			db,
			3,
			(values) => `INSERT INTO child (parent_id, key, ordinal, note, day)
			SELECT p.id, v.column1, v.column2, v.column3, p.day FROM (VALUES ${values}) v CROSS JOIN parent p
			WHERE p.id = ? ON CONFLICT DO NOTHING`,
		);
		// More rows than one statement takes, with a repeated key in a later chunk.
		const rows = Array.from({ length: ROWS_PER_STATEMENT * 2 + 5 }, (_, i) => [
			`k${i % 50}`,
			i,
			i % 3 ? null : `n${i}`,
		]);
		insert(rows, 7);
		const stored = db.prepare('SELECT key, ordinal, note, day FROM child ORDER BY ordinal').all();
		expect(stored).toEqual(
			rows.slice(0, 50).map(([key, ordinal, note]) => ({ key, ordinal, note, day: '2020-01-02' })),
		);
		// No rows, no statement; a parent that does not exist, no rows.
		insert([], 7);
		insert([['x', 1, null]], 8);
		expect(db.prepare('SELECT count(*) FROM child').pluck().get()).toBe(50);
	});

	it('refuses a row of the wrong width, inserting nothing of its chunk', () => {
		db.exec('CREATE TABLE plain (a INTEGER, b TEXT)');
		const insert = createRowInserter(db, 2, (values) => `INSERT INTO plain (a, b) VALUES ${values}`);
		expect(() => insert([[1, 'a'], [2]])).toThrow(RangeError);
		expect(db.prepare('SELECT count(*) FROM plain').pluck().get()).toBe(0);
		insert([
			[1, 'a'],
			[2, 'b'],
		]);
		expect(db.prepare('SELECT a, b FROM plain ORDER BY a').raw().all()).toEqual([
			[1, 'a'],
			[2, 'b'],
		]);
	});
});
