import { expect, it } from 'vitest';
import { UserFacingError } from '../../src/domain/errors.js';
import { documentOf, outcomeOfError } from '../../src/ingest/parse-outcome.js';
import { InvalidDocumentError } from '../../src/store/document-store.js';

/** An error as it comes back from the parse worker: made plain, cloned across the thread, thrown again. */
function afterCrossing(error: unknown): unknown {
	const outcome = structuredClone({ id: 3, ...outcomeOfError(error) });
	try {
		documentOf(outcome);
	} catch (thrown) {
		return thrown;
	}
	throw new Error('documentOf returned for a failed outcome');
}

it('gives errors from the parse worker back their class, so the ingest reports or stops on them as in-process', () => {
	const userFacing = afterCrossing(new UserFacingError('notes.pdf is not a text file.', 'unsupported-file'));
	expect(userFacing).toBeInstanceOf(UserFacingError);
	expect(userFacing).toMatchObject({ message: 'notes.pdf is not a text file.', code: 'unsupported-file' });

	const invalid = afterCrossing(new InvalidDocumentError('Cannot save /a.txt: entry 0: position 0 is used twice.'));
	expect(invalid).toBeInstanceOf(InvalidDocumentError);
	expect((invalid as Error).message).toBe('Cannot save /a.txt: entry 0: position 0 is used twice.');

	const bug = afterCrossing(new TypeError('Cannot read properties of undefined'));
	expect(bug).not.toBeInstanceOf(UserFacingError);
	expect(bug).not.toBeInstanceOf(InvalidDocumentError);
	expect(bug).toMatchObject({ name: 'TypeError', message: 'Cannot read properties of undefined' });
	expect((bug as Error).stack).toContain('parse-outcome.test.ts');
});
