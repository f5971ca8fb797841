/**
 * Migration 6: watchlists and deliveries. Owned by the feature that uses these tables; listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const WATCHES_SCHEMA_SQL = `SELECT 1;`;
