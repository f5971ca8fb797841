import { UserFacingError } from '../domain/errors.js';
import { environmentProblem } from './open-database.js';

/**
 * A failed write caused by the database's surroundings (full disk, read-only file or directory, I/O error) as a
 * message for the person running the ingest, or null for anything else (a bug, which keeps its trace).
 */
export function storageFailure(error: unknown, path: string): UserFacingError | null {
	const problem = environmentProblem(error);
	if (problem === undefined) return null;
	const where = path ? ` ${path}` : ' the ingest run';
	return new UserFacingError(
		`Could not store${where}: ${problem}. Nothing of that document was written and the database is intact; ` +
			'fix the cause (free disk space, make the database file and its directory writable) and run ingest again: ' +
			'documents already stored are skipped as unchanged.',
		'database',
		{ cause: error },
	);
}
