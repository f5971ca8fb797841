import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

/**
 * The baseline the search figures are compared with: plain SQLite FTS5 over the raw entry texts, ranked by bm25,
 * top 10 rowids. It lives in a database file of its own so that it adds nothing to the figures of ngo-bot's.
 */

export const BASELINE_SQL = 'SELECT rowid FROM bench_fts WHERE bench_fts MATCH ? ORDER BY bm25(bench_fts) LIMIT 10';

/** Creates `bench_fts(text)` in `path` from the entries of the ngo-bot database at `sourcePath`, then optimizes it. */
export function buildBaseline(path: string, sourcePath: string): { buildMs: number; rows: number } {
	const started = performance.now();
	const source = new Database(sourcePath, { readonly: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.exec(`CREATE VIRTUAL TABLE bench_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')`);
	const insert = db.prepare<[number, string]>('INSERT INTO bench_fts (rowid, text) VALUES (?, ?)');
	let rows = 0;
	db.transaction(() => {
		for (const row of source
			.prepare<[], [number, string]>('SELECT id, text FROM entries ORDER BY id')
			.raw()
			.iterate()) {
			insert.run(row[0], row[1]);
			rows++;
		}
	})();
	db.exec(`INSERT INTO bench_fts (bench_fts) VALUES ('optimize')`);
	db.close();
	source.close();
	return { buildMs: performance.now() - started, rows };
}

export interface Baseline {
	/** Top-10 rowids for a MATCH expression. */
	search(match: string): number[];
	/** Every row a MATCH expression matches (the share of the corpus a search class is named by). */
	count(match: string): number;
	close(): void;
}

/** Opens the baseline read-only, with the page cache ngo-bot's own connection has (a fair comparison). */
export function openBaseline(path: string, cacheSize: number): Baseline {
	const db = new Database(path, { readonly: true });
	db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
	const select = db.prepare<[string], number>(BASELINE_SQL).pluck();
	const count = db.prepare<[string], number>('SELECT count(*) FROM bench_fts WHERE bench_fts MATCH ?').pluck();
	return { search: (match) => select.all(match), count: (match) => count.get(match) ?? 0, close: () => db.close() };
}
