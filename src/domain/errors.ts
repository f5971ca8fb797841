/**
 * An expected failure whose message is safe to show to the person who caused it:
 * it names what was wrong and how to fix it. Anything else is a bug and is reported generically.
 */
export class UserFacingError extends Error {
	override readonly name = 'UserFacingError';

	constructor(
		message: string,
		readonly code: UserFacingErrorCode = 'bad-input',
		options?: ErrorOptions,
	) {
		super(message, options);
	}
}

export type UserFacingErrorCode =
	'bad-input' | 'not-found' | 'unsupported-file' | 'too-large' | 'config' | 'database' | 'forbidden' | 'rate-limited';

export function isUserFacingError(error: unknown): error is UserFacingError {
	return error instanceof UserFacingError;
}
