/**
 * Migration 5: feeds and fetched sources. Owned by the feature that uses these tables; listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const SOURCES_SCHEMA_SQL = `SELECT 1;`;
