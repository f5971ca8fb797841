import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageMenus, slashCommands } from '../../src/discord/registry.js';
import { FAKE_IDS, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { MAIN_PATH, cliEnv, describeResult, runCli, runMain } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const TOKEN = `process-token-${'y'.repeat(60)}`;
const tempDir = useTempDir('ngo-bot-process-');

describe('npm start with DISCORD_TOKEN, deploy-commands, and bad configuration', () => {
	let fake: FakeDiscord;
	beforeEach(async () => {
		fake = await startFakeDiscord({ token: TOKEN });
	});
	afterEach(async () => {
		await fake.close();
	});

	const botEnv = () => ({
		DISCORD_TOKEN: TOKEN,
		DISCORD_APPLICATION_ID: FAKE_IDS.application,
		DISCORD_API_BASE: fake.apiBase,
		DATABASE_PATH: join(tempDir(), 'ngo.sqlite'),
	});

	it('runs the bot: logs in, answers an interaction, and shuts down cleanly on SIGTERM', async () => {
		await runCli(['ingest', join(process.cwd(), 'data', 'sample'), '--db', botEnv().DATABASE_PATH]);
		const child = spawn(process.execPath, [MAIN_PATH], { env: cliEnv(botEnv()), stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
		try {
			await fake.waitForReady({ timeoutMs: 15_000 });
			await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/"msg":"bot ready"/);
			const { id } = fake.chatInput('province', [{ name: 'name', value: 'Harbin' }]);
			const reply = await fake.waitForRest('POST', /callback$/, {
				predicate: (r) => r.interactionId === id,
				timeoutMs: 5_000,
			});
			expect((reply.json as { data: { embeds: { title: string }[] } }).data.embeds[0]?.title).toBe(
				'Heilongjiang 黑龙江',
			);
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
		expect(stderr).toMatch(/"msg":"shutting down"/);
		expect(stderr).not.toContain(TOKEN);
	});

	it('exits with a clear message when Discord closes the gateway for good (4004)', async () => {
		const child = spawn(process.execPath, [MAIN_PATH], { env: cliEnv(botEnv()), stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
		try {
			await fake.waitForReady({ timeoutMs: 15_000 });
			await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/"msg":"bot ready"/);
			await fake.closeGateway(4004, 'Authentication failed.');
			expect(await exited).toBe(1);
		} finally {
			child.kill('SIGKILL');
		}
		expect(stderr).toMatch(
			/^error: Discord closed the gateway with 4004 \(authentication failed: check DISCORD_TOKEN\)\.$/m,
		);
		expect(stderr).not.toContain(TOKEN);
	});

	const commands = [...slashCommands, ...messageMenus];

	it('registers the commands in the development guild through DISCORD_API_BASE', async () => {
		const result = await runCli(['deploy-commands'], { env: { ...botEnv(), DISCORD_GUILD_ID: FAKE_IDS.guild } });
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toMatch(
			new RegExp(`^Registered ${commands.length} commands in guild ${FAKE_IDS.guild}\\.\n`),
		);
		const put = fake.requests.find((r) => r.method === 'PUT');
		expect(put?.path).toBe(`/applications/${FAKE_IDS.application}/guilds/${FAKE_IDS.guild}/commands`);
		expect(put?.headers.authorization).toBe(`Bot ${TOKEN}`);
		// Exactly the commands of commands/index.ts, in their order, and at least the first release's eight.
		const registered = fake.commands(FAKE_IDS.guild).map((c) => c.name);
		expect(registered).toEqual(commands.map((command) => command.data.name));
		expect(registered).toEqual(
			expect.arrayContaining(['ngo', 'province', 'search', 'entry', 'cite', 'stats', 'about', 'help']),
		);
	});

	it('registers the message context menu, and where each command can be used: user installs, DMs, servers', async () => {
		const result = await runCli(['deploy-commands'], { env: botEnv() });
		expect(result.code, describeResult(result)).toBe(0);
		const registered = new Map(fake.commands().map((c) => [c.name as string, c]));
		// Installed on a user's account too: in servers (0), DMs with the bot (1) and other DMs and group chats (2).
		const everywhere = { integration_types: [0, 1], contexts: [0, 1, 2] };
		for (const name of ['ngo', 'province', 'partner', 'search', 'entry', 'cite', 'about', 'help']) {
			expect([name, registered.get(name)]).toEqual([name, expect.objectContaining(everywhere)]);
		}
		expect(registered.get('Look up NGOs and places')).toMatchObject({ type: 3, ...everywhere });
		expect(registered.get('Look up NGOs and places')).not.toHaveProperty('options');
		// Where the bot is installed only: moderators' commands in servers, the rest in servers and DMs with the bot.
		expect(registered.get('digest')).toMatchObject({ integration_types: [0], contexts: [0] });
		expect(registered.get('export')).toMatchObject({ integration_types: [0], contexts: [0, 1] });
		// The lookups can be aimed at a member; the user option sits before hide.
		const options = (name: string) => (registered.get(name)?.options as { name: string; type: number }[]).slice(-2);
		for (const name of ['ngo', 'search', 'entry', 'cite']) {
			expect(options(name)).toEqual([
				expect.objectContaining({ name: 'mention', type: 6 }),
				expect.objectContaining({ name: 'hide', type: 5 }),
			]);
		}
		expect(fake.violations).toEqual([]);
	});

	it('registers global commands without a guild id', async () => {
		const result = await runCli(['deploy-commands'], { env: botEnv() });
		expect(result.stdout).toMatch(new RegExp(`^Registered ${commands.length} global commands`));
		expect(fake.requests.find((r) => r.method === 'PUT')?.path).toBe(`/applications/${FAKE_IDS.application}/commands`);
	});

	it('exits with one clear message naming each bad key when the configuration is malformed', async () => {
		const result = await runMain({
			env: { ...botEnv(), DISCORD_APPLICATION_ID: 'not-an-id', DISCORD_API_BASE: 'ftp://nope', DISCORD_TOKEN: 'short' },
		});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error: Configuration is invalid:/);
		expect(result.stderr).toMatch(/DISCORD_TOKEN: expected a bot token/);
		expect(result.stderr).toMatch(/DISCORD_APPLICATION_ID: expected a Discord id/);
		expect(result.stderr).toMatch(/DISCORD_API_BASE: expected an http\(s\) URL/);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('says how to fix a token Discord rejects, without printing it', async () => {
		const wrong = `wrong-token-${'z'.repeat(60)}`;
		const result = await runMain({ env: { ...botEnv(), DISCORD_TOKEN: wrong }, timeoutMs: 20_000 });
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error: Could not log in to Discord .*Check DISCORD_TOKEN/m);
		expect(result.stderr).not.toContain(wrong);
	});
});
