/**
 * Migration 7: operations: health and error counts. Owned by the feature that uses these tables; listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const OPERATIONS_SCHEMA_SQL = `SELECT 1;`;
