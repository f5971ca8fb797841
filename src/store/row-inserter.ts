import type Database from 'better-sqlite3';

/** Rows one statement inserts at most: one statement per this many rows, each prepared once per row count. */
export const ROWS_PER_STATEMENT = 32;

/**
 * Inserts many rows with few statements: `sql(values)` is the statement for a VALUES list of that many rows of
 * `width` positional parameters (`(?, ?), (?, ?)`), and `tail` parameters bound after them. Rows go in in the
 * given order, as if inserted one by one (an ON CONFLICT DO NOTHING keeps the first of two equal rows). A save
 * writes each entry's facts, evidence and sentences with one statement per table instead of one per row: each
 * statement run costs a few microseconds of binding and stepping before SQLite does any work.
 */
export function createRowInserter<Tail extends unknown[] = []>(
	db: Database.Database,
	width: number,
	sql: (values: string) => string,
): (rows: readonly (readonly unknown[])[], ...tail: Tail) => void {
	const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
	const statements: Database.Statement<unknown[]>[] = [];
	const statementFor = (count: number) =>
		(statements[count] ??= db.prepare<unknown[]>(sql(Array.from({ length: count }, () => row).join(', '))));
	return (rows, ...tail) => {
		for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
			const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
			const params: unknown[] = [];
			for (const values of chunk) {
				if (values.length !== width) throw new RangeError(`A row of ${values.length} values, not ${width}`);
				for (const value of values) params.push(value);
			}
			for (const value of tail) params.push(value);
			statementFor(chunk.length).run(params);
		}
	};
}
