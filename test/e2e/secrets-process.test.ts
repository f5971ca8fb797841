import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_IDS, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { MAIN_PATH, cliEnv, describeResult, runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const TOKEN = `secrets-process-token-${'w'.repeat(60)}`;
const tempDir = useTempDir('ngo-bot-secrets-');

describe('npm start at LOG_LEVEL=debug never lets the token out', () => {
	let fake: FakeDiscord;
	beforeEach(async () => {
		fake = await startFakeDiscord({ token: TOKEN });
	});
	afterEach(async () => {
		await fake.close();
	});

	it('keeps the token out of every log line and every request body while errors happen', async () => {
		const databasePath = join(tempDir(), 'ngo.sqlite');
		const seeded = await runCli(['ingest', join(process.cwd(), 'data', 'sample'), '--db', databasePath]);
		expect(seeded.code, describeResult(seeded)).toBe(0);
		const env = {
			DISCORD_TOKEN: TOKEN,
			DISCORD_APPLICATION_ID: FAKE_IDS.application,
			DISCORD_API_BASE: fake.apiBase,
			DATABASE_PATH: databasePath,
			LOG_LEVEL: 'debug',
		};
		const child = spawn(process.execPath, [MAIN_PATH], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
		try {
			await fake.waitForReady({ timeoutMs: 15_000 });
			await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/"msg":"bot ready"/);
			// The token typed into an option: the answer must not repeat it.
			const typed = fake.chatInput('ngo', [{ name: 'name', value: TOKEN }]);
			await fake.waitForRest('POST', /callback$/, {
				predicate: (r) => r.interactionId === typed.id && r.status === 204,
			});
			// A reply that keeps failing: the error (with its request) is logged at error level.
			const failing = fake.chatInput('search', [{ name: 'query', value: `health ${TOKEN}` }]);
			fake.failNext('POST', new RegExp(`^/interactions/${failing.id}/`), { status: 500 }, { times: 20 });
			await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/could not report a failure to the user/);
			// The gateway drops with the token in the close reason; the bot resumes.
			await fake.closeGateway(4000, `bad frame ${TOKEN.slice(0, 40)}`);
			await fake.waitForResumed({ timeoutMs: 10_000 });
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
		expect(stderr).toMatch(/"msg":"interaction handler failed"/);
		expect(stderr).not.toContain(TOKEN);
		for (const request of fake.requests) {
			expect(JSON.stringify(request.json ?? null)).not.toContain(TOKEN);
			expect(request.path).not.toContain(TOKEN);
		}
		// The only place the token travels is the Authorization header of the bot's own REST calls.
		expect(fake.requests.some((r) => r.headers.authorization === `Bot ${TOKEN}`)).toBe(true);
	});
});
