import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors.js';
import { openDatabase } from '../store/open-database.js';

/** Opens an existing database for reading, or says how to create one. */
export function openExistingDatabase(path: string): Database.Database {
	if (path !== ':memory:' && !existsSync(path)) {
		throw new UserFacingError(
			`No database at ${path} yet. Ingest documents first (npm run -s cli -- ingest data/sample), or point --db or DATABASE_PATH at an existing database.`,
			'not-found',
		);
	}
	return openDatabase(path, { readonly: true });
}
