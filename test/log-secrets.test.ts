import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

const TOKEN = `secret-token-${'q'.repeat(60)}`;

describe('createLogger with secrets', () => {
	it('cuts the token out of every line: messages, error messages and stacks, nested objects, at debug level', () => {
		const out = new PassThrough();
		let text = '';
		out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
		const log = createLogger('debug', out, [TOKEN, undefined]).child({ job: 'test' });
		const error = new Error(`request to https://discord.com/api failed with Bot ${TOKEN}`);
		log.error({ err: error, request: { headers: { Authorization: `Bot ${TOKEN}` }, url: `x?t=${TOKEN}` } }, 'failed');
		log.debug({ note: [`${TOKEN}${TOKEN}`] }, `said ${TOKEN}`);
		log.info({ token: 'short' }, 'plain');
		expect(text.split('\n').filter(Boolean)).toHaveLength(3);
		expect(text).not.toContain(TOKEN);
		expect(text).toMatch(/failed with Bot \[redacted\]/);
		expect(text).toMatch(/"msg":"said \[redacted\]"/);
		// Keys named like secrets are redacted whatever their value.
		expect(text).toMatch(/"token":"\[redacted\]"/);
	});
});
