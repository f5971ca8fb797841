import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { UserFacingError } from '../domain/errors.js';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, migrate, newerDatabaseError, userVersion } from './migrations.js';

export interface OpenDatabaseOptions {
	/** Open without writing: no directory creation, no WAL switch, no migration (an outdated schema is an error). */
	readonly readonly?: boolean;
}

const FIX = 'Point DATABASE_PATH or --db at another file.';

/** Opens (creating if needed) the ngo-bot database at `path`, sets its pragmas and migrates it to the latest schema. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
	const readonly = options.readonly ?? false;
	const memory = path === ':memory:' || path === '';
	if (!memory) checkPath(path, readonly);

	let db: Database.Database;
	try {
		db = new Database(path, { readonly, fileMustExist: readonly });
	} catch (error) {
		throw new UserFacingError(`Cannot open the database ${path}: ${describe(error)}. ${FIX}`, 'database', {
			cause: error,
		});
	}
	try {
		configure(db, path, readonly, memory);
		return db;
	} catch (error) {
		db.close();
		const problem = environmentProblem(error);
		if (problem === undefined) throw error;
		throw new UserFacingError(`Cannot use the database ${path}: ${problem}. ${FIX}`, 'database', { cause: error });
	}
}

/** What a SQLite error caused by the file's surroundings (not by a bug) means for the person running ngo-bot. */
export function environmentProblem(error: unknown): string | undefined {
	if (!(error instanceof Database.SqliteError)) return undefined;
	const { code } = error;
	if (code === 'SQLITE_READONLY_DIRECTORY') {
		return 'its directory is not writable (SQLite creates -wal and -shm files next to the database)';
	}
	if (code.startsWith('SQLITE_READONLY')) return 'the file is read-only';
	if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return `the file cannot be opened (${code})`;
	if (code.startsWith('SQLITE_BUSY')) return 'it stayed locked by another process for more than 5 seconds';
	if (code === 'SQLITE_FULL') return 'the disk is full';
	if (code.startsWith('SQLITE_IOERR')) return `input/output error (${code})`;
	return undefined;
}

function checkPath(path: string, readonly: boolean): void {
	let stats: Stats | undefined;
	try {
		stats = statSync(path);
	} catch (error) {
		if (!isErrno(error, 'ENOENT')) throw cannotUse(path, error);
	}
	if (stats?.isDirectory()) {
		throw new UserFacingError(`${path} is a directory, not an ngo-bot database file. ${FIX}`, 'database');
	}
	if (stats === undefined) {
		if (readonly) throw new UserFacingError(`The database ${path} does not exist. ${FIX}`, 'database');
		try {
			mkdirSync(dirname(path), { recursive: true });
		} catch (error) {
			throw new UserFacingError(
				`Cannot create the directory for the database ${path}: ${describe(error)}. ${FIX}`,
				'database',
				{ cause: error },
			);
		}
		return;
	}
	try {
		accessSync(path, readonly ? constants.R_OK : constants.R_OK | constants.W_OK);
	} catch (error) {
		throw cannotUse(path, error);
	}
}

function configure(db: Database.Database, path: string, readonly: boolean, memory: boolean): void {
	// Set before the first read so a database locked by another process is waited for, not reported as broken.
	db.pragma('busy_timeout = 5000');
	let version: number;
	let applicationId: number;
	try {
		// The first statement that reads the file header is where SQLite notices a file that is not a database.
		version = userVersion(db);
		applicationId = Number(db.pragma('application_id', { simple: true }));
	} catch (error) {
		if (isSqliteCode(error, 'SQLITE_NOTADB') || isSqliteCode(error, 'SQLITE_CORRUPT')) {
			throw new UserFacingError(`${path} is not an ngo-bot database (${describe(error)}). ${FIX}`, 'database', {
				cause: error,
			});
		}
		throw error;
	}
	if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
		throw new UserFacingError(`${path} is not an ngo-bot database (it belongs to another program). ${FIX}`, 'database');
	}
	if (version === 0 && hasTables(db)) {
		throw new UserFacingError(`${path} is not an ngo-bot database (it already holds other tables). ${FIX}`, 'database');
	}
	if (version > LATEST_SCHEMA_VERSION) throw newerDatabaseError(version, path);

	db.pragma('foreign_keys = ON');
	// Temporary files in memory, set before any temp table exists (changing it later drops them): an ingest saves
	// each document in a savepoint, whose sub-journal SQLite otherwise writes to a temp file page by page (~1.9
	// million of a 30,000-entry run's 2.6 million write calls; system time 5.8 s -> 2.5 s). It holds what one
	// savepoint can undo, and a search's hit set (a few MB at most) and sorts; none of it is needed after a crash.
	db.pragma('temp_store = MEMORY');
	if (!readonly && !memory) db.pragma('journal_mode = WAL');
	// With WAL, NORMAL loses no committed transaction on a process crash, only possibly the last ones on power loss.
	if (!readonly) db.pragma('synchronous = NORMAL');

	if (readonly) {
		if (version < LATEST_SCHEMA_VERSION) {
			throw new UserFacingError(
				`The database ${path} has an older schema (version ${version}, this ngo-bot uses ${LATEST_SCHEMA_VERSION}) ` +
					'and was opened read-only. Open it once for writing (for example by ingesting) to upgrade it.',
				'database',
			);
		}
		return;
	}
	migrate(db);
}

function hasTables(db: Database.Database): boolean {
	return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1").get() !== undefined;
}

function cannotUse(path: string, error: unknown): UserFacingError {
	return new UserFacingError(`Cannot use the database ${path}: ${describe(error)}. ${FIX}`, 'database', {
		cause: error,
	});
}

function describe(error: unknown): string {
	if (isErrno(error, 'EACCES') || isErrno(error, 'EPERM')) return 'permission denied';
	if (isErrno(error, 'ENOTDIR')) return 'a parent of it is a file, not a directory';
	return error instanceof Error ? error.message : String(error);
}

function isErrno(error: unknown, code: string): boolean {
	return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function isSqliteCode(error: unknown, code: string): boolean {
	return error instanceof Database.SqliteError && (error.code === code || error.code.startsWith(`${code}_`));
}
