import { pino, type Logger } from 'pino';
import type { LOG_LEVELS } from './config.js';

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear. */
const REDACT = [
	'token',
	'*.token',
	'*.*.token',
	'DISCORD_TOKEN',
	'*.DISCORD_TOKEN',
	'authorization',
	'*.authorization',
	'headers.authorization',
	'*.headers.authorization',
];

/** Structured JSON logs, on stderr by default (stdout belongs to answers in the console and CLI). */
export function createLogger(
	level: (typeof LOG_LEVELS)[number],
	destination?: NodeJS.WritableStream,
	/** Values cut out of every line wherever they appear (an error message or stack can quote the token). */
	secrets: readonly (string | undefined)[] = [],
): Logger {
	const options = {
		level,
		base: { app: 'ngo-bot' },
		redact: { paths: REDACT, censor: '[redacted]' },
		timestamp: pino.stdTimeFunctions.isoTime,
		hooks: {
			streamWrite: (line: string) => secrets.reduce<string>((text, secret) => scrubSecret(text, secret), line),
		},
	};
	// Synchronous writes to fd 2 keep the last lines before a crash.
	return pino(options, destination ?? pino.destination({ dest: 2, sync: true }));
}

/** Replaces every occurrence of a secret in free text (error messages can quote a request). */
export function scrubSecret(text: string, secret: string | undefined): string {
	return secret && secret.length >= 8 ? text.split(secret).join('[redacted]') : text;
}
