/**
 * Rows of entries_fts are keyed in newest-first order: rowid = day code of the entry's sort date × 2^28 + entry id
 * (migration 14). Ordering rowids is then ordering by (sort_date, id), the order of a newest-first page, so FTS5
 * hands a page's hits in order straight from its doclists (ORDER BY rowid DESC LIMIT n reads about n postings)
 * instead of collecting and sorting every hit. The key stays below 2^53, so JavaScript reads it exactly.
 */
const ID_SPAN = 2 ** 28;
/** Entry ids a key can hold: 268 million entries. */
export const MAX_ENTRY_ID = ID_SPAN - 1;
/** The entry id of a key, in SQL (`key & mask`). */
export const entryIdOfKeySql = (key: string): string => `(${key} & ${MAX_ENTRY_ID})`;

/**
 * yyyy-mm-dd as a number in date order. Months and days get 5 and 6 bits: entries.sort_date's CHECK admits months
 * up to 19 and days up to 39, and a wider field keeps even those in order.
 */
function dayCode(sortDate: string): number {
	const year = Number(sortDate.slice(0, 4));
	const month = Number(sortDate.slice(5, 7));
	const day = Number(sortDate.slice(8, 10));
	return (year * 32 + month) * 64 + day;
}

/** The entries_fts rowid of an entry. */
export function fullTextKey(sortDate: string, id: number): number {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(sortDate)) throw new RangeError(`Invalid sort date ${sortDate}`);
	if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ENTRY_ID) {
		throw new RangeError(`Entry id ${id} is beyond what the full-text index keys hold (${MAX_ENTRY_ID})`);
	}
	return dayCode(sortDate) * ID_SPAN + id;
}

/** The same key in SQL, from a sort date and an id column. */
export function fullTextKeySql(sortDate: string, id: string): string {
	return `(((CAST(substr(${sortDate}, 1, 4) AS INTEGER) * 32 + CAST(substr(${sortDate}, 6, 2) AS INTEGER)) * 64
		+ CAST(substr(${sortDate}, 9, 2) AS INTEGER)) * ${ID_SPAN} + ${id})`;
}

/** Keys of the entries whose sort date lies in [from, to] (either bound may be absent). */
export function fullTextKeyRange(from: string | null, to: string | null): { low: number; high: number } {
	return {
		low: from === null ? 0 : dayCode(from) * ID_SPAN,
		high: to === null ? Number.MAX_SAFE_INTEGER : dayCode(to) * ID_SPAN + MAX_ENTRY_ID,
	};
}

// SQLite's unicode61 tokenizer reads these letters (New Tai Lue vowel signs, two Vedic signs) as separators, and
// folds final sigma to σ: the terms kept for prefix lookups are cut and folded the same way.
const FTS5_SEPARATORS = /[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]/u;
// What makes a column's terms differ from its space-separated tokens: a final sigma or one of those separators.
const FTS5_RECUT = /[ς\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]/u;

/** The distinct terms FTS5 indexes for these column values (ftsColumns output: tokens separated by spaces). */
export function fullTextTerms(columns: readonly string[]): string[] {
	const terms = new Set<string>();
	for (const column of columns) {
		// Nearly every column has neither a final sigma nor a separator: its tokens are its terms as they are.
		if (!FTS5_RECUT.test(column)) {
			for (const token of column.split(' ')) if (token !== '') terms.add(token);
			continue;
		}
		for (const token of column.split(' ')) {
			for (const term of token.replace(/ς/g, 'σ').split(FTS5_SEPARATORS)) if (term !== '') terms.add(term);
		}
	}
	return [...terms];
}
