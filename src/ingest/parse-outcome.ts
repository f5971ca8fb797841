import type { ParsedDocument } from '../domain/entry.js';
import { UserFacingError, type UserFacingErrorCode } from '../domain/errors.js';
import type { SourceFile } from './collect-files.js';

/** A file for the parse worker to read and parse. */
export interface ParseJob {
	readonly id: number;
	readonly file: SourceFile;
	readonly maxBytes?: number;
}

/**
 * What reading and parsing one file came to, as it crosses between threads. Errors travel as plain fields: a
 * structured clone keeps an Error's message but not its class, and the ingest tells a user-facing error (reported
 * as that document's failure) from a bug (which stops the run) by its class.
 */
export type ParseOutcome =
	| { readonly id: number; readonly ok: true; readonly document: ParsedDocument }
	| { readonly id: number; readonly ok: false; readonly userFacing: { message: string; code: UserFacingErrorCode } }
	| { readonly id: number; readonly ok: false; readonly bug: { name: string; message: string; stack?: string } };

export function outcomeOfError(
	error: unknown,
): { ok: false } & (
	| { userFacing: { message: string; code: UserFacingErrorCode } }
	| { bug: { name: string; message: string; stack?: string } }
) {
	if (error instanceof UserFacingError) return { ok: false, userFacing: { message: error.message, code: error.code } };
	const bug = error instanceof Error ? error : new Error(String(error));
	return { ok: false, bug: { name: bug.name, message: bug.message, stack: bug.stack } };
}

/** The document, or the error thrown again as the class the ingest expects. */
export function documentOf(outcome: ParseOutcome): ParsedDocument {
	if (outcome.ok) return outcome.document;
	if ('userFacing' in outcome) throw new UserFacingError(outcome.userFacing.message, outcome.userFacing.code);
	const error = new Error(outcome.bug.message);
	error.name = outcome.bug.name;
	if (outcome.bug.stack !== undefined) error.stack = outcome.bug.stack;
	throw error;
}
