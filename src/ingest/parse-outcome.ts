import type { ParsedDocument } from '../domain/entry.js';
import { UserFacingError, type UserFacingErrorCode } from '../domain/errors.js';
import { InvalidDocumentError, type PreparedDocument } from '../store/document-store.js';
import type { SourceFile } from './collect-files.js';

/** A file for the parse worker to read and parse. */
export interface ParseJob {
	readonly id: number;
	readonly file: SourceFile;
	readonly maxBytes?: number;
}

type ErrorFields =
	| { readonly invalid: string }
	| { readonly userFacing: { readonly message: string; readonly code: UserFacingErrorCode } }
	| { readonly bug: { readonly name: string; readonly message: string; readonly stack?: string } };

/**
 * What reading and parsing one file came to, as it crosses between threads. Errors travel as plain fields: a
 * structured clone keeps an Error's message but not its class, and the ingest tells a user-facing error or an
 * invalid document (reported as that document's failure) from a bug (which stops the run) by its class.
 */
export type ParseOutcome =
	| {
			readonly id: number;
			readonly ok: true;
			readonly document: ParsedDocument;
			/** The document checked and prepared for the store (null when it has no entries). */
			readonly prepared: PreparedDocument | null;
	  }
	| ({ readonly id: number; readonly ok: false } & ErrorFields);

export function outcomeOfError(error: unknown): { ok: false } & ErrorFields {
	if (error instanceof InvalidDocumentError) return { ok: false, invalid: error.message };
	if (error instanceof UserFacingError) return { ok: false, userFacing: { message: error.message, code: error.code } };
	const bug = error instanceof Error ? error : new Error(String(error));
	return { ok: false, bug: { name: bug.name, message: bug.message, stack: bug.stack } };
}

/** The document, or the error thrown again as the class the ingest expects. */
export function documentOf(outcome: ParseOutcome): { document: ParsedDocument; prepared: PreparedDocument | null } {
	if (outcome.ok) return { document: outcome.document, prepared: outcome.prepared };
	if ('invalid' in outcome) throw new InvalidDocumentError(outcome.invalid);
	if ('userFacing' in outcome) throw new UserFacingError(outcome.userFacing.message, outcome.userFacing.code);
	const error = new Error(outcome.bug.message);
	error.name = outcome.bug.name;
	if (outcome.bug.stack !== undefined) error.stack = outcome.bug.stack;
	throw error;
}
