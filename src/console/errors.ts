import { isUserFacingError } from '../domain/errors.js';

/** Start-up failures of `npm start`: a clear message for expected ones, the trace for bugs. */
export function handleConsoleError(error: unknown, err: NodeJS.WritableStream): number {
	if (isUserFacingError(error)) {
		err.write(`error: ${error.message}\n`);
		return 1;
	}
	err.write(
		`ngo-bot hit an unexpected error; please report it with this trace:\n${(error as Error)?.stack ?? String(error)}\n`,
	);
	return 1;
}
