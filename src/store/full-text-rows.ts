import type Database from 'better-sqlite3';
import { ftsColumns } from './entry-search.js';
import { fullTextKeySql, fullTextTerms } from './full-text-key.js';

interface FtsSourceRow {
	title: string | null;
	text: string;
	provinces: string;
	names: string;
	aliases: string;
}

export type FullTextRows = ReturnType<typeof createFullTextRows>;

/** The text of an entries_fts row, column by column. */
export type FtsColumns = ReturnType<typeof ftsColumns>;

/**
 * Writes and deletes entries_fts rows under their keys, and keeps fts_terms (every term ever indexed, for prefix
 * lookups) a superset of the index's terms. A row's key follows the entry's sort date at the moment it is
 * written, so a row must be removed before its entry's sort date changes or the entry is deleted.
 */
export function createFullTextRows(db: Database.Database) {
	const insert = db.prepare<[string, string, string, string, number]>(
		`INSERT INTO entries_fts (rowid, orgs, title, provinces, text)
		SELECT ${fullTextKeySql('sort_date', 'id')}, ?, ?, ?, ? FROM entries WHERE id = ?`,
	);
	const remove = db.prepare<[number]>(
		`DELETE FROM entries_fts WHERE rowid = (SELECT ${fullTextKeySql('sort_date', 'id')} FROM entries WHERE id = ?)`,
	);
	const insertTerms = db.prepare<[string]>('INSERT OR IGNORE INTO fts_terms (term) SELECT value FROM json_each(?)');
	// What an entry puts in entries_fts, read back from the store (the org's known aliases stand in for the
	// spellings given with each mention, as in migration 2's backfill).
	const selectSource = db.prepare<[number], FtsSourceRow>(
		`SELECT e.title, e.text,
			(SELECT json_group_array(p.province ORDER BY p.ordinal) FROM entry_provinces p WHERE p.entry_id = e.id)
				AS provinces,
			(SELECT json_group_array(o.name ORDER BY o.ordinal) FROM entry_orgs o WHERE o.entry_id = e.id) AS names,
			(SELECT json_group_array(a.alias ORDER BY o.ordinal, a.alias_key) FROM entry_orgs o
				JOIN org_aliases a ON a.org_id = o.org_id WHERE o.entry_id = e.id) AS aliases
		FROM entries e WHERE e.id = ?`,
	);
	/**
	 * Writes the row of `id`; `terms` are fullTextTerms of the columns when the caller has them already. With
	 * `pending`, the terms are added to it for the caller to write with addTerms() later in the same transaction
	 * (a document's or a batch's rows share most of their terms); without, they are written now.
	 */
	function put(
		id: number,
		columns: FtsColumns,
		terms: readonly string[] = fullTextTerms([columns.orgs, columns.title, columns.provinces, columns.text]),
		pending?: Set<string>,
	): void {
		const inserted = insert.run(columns.orgs, columns.title, columns.provinces, columns.text, id).changes;
		if (inserted !== 1) throw new Error(`No entry ${id} to index`);
		if (pending === undefined) addTerms(terms);
		else for (const term of terms) pending.add(term);
	}

	/**
	 * Stores terms in fts_terms, every one each time: an in-memory list of stored terms could outlive a rolled-back
	 * batch (saves are savepoints in run-ingest's batches) and skip a term that is not stored.
	 */
	function addTerms(terms: Iterable<string>): void {
		const list = [...terms];
		if (list.length > 0) insertTerms.run(JSON.stringify(list));
	}

	return {
		put,
		addTerms,

		/** Deletes the row of an entry, which must still be stored with the sort date the row was keyed by. */
		remove(id: number): void {
			remove.run(id);
		},

		/** Rewrites the row of `id` with the words of it and of `sources` (its event's other entries), read back. */
		putEvent(id: number, sources: readonly number[]): void {
			const parts = [id, ...sources].map((entryId) => selectSource.get(entryId)).filter((row) => row !== undefined);
			const list = (json: string) => JSON.parse(json) as string[];
			remove.run(id);
			put(
				id,
				ftsColumns({
					orgNames: [...new Set(parts.flatMap((row) => [...list(row.names), ...list(row.aliases)]))],
					title: parts
						.map((row) => row.title)
						.filter(Boolean)
						.join('\n'),
					provinces: [...new Set(parts.flatMap((row) => list(row.provinces)))],
					text: parts.map((row) => row.text).join('\n'),
				}),
			);
		},
	};
}
