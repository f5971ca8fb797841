import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { createWatchStore } from '../../src/store/watch-store.js';
import { type CliResult, describeResult, runCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}

describe('cli watches', () => {
	let dir: string;
	let dbPath: string;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-watches-');
		dbPath = join(dir, 'ngo.sqlite');
		const app = createApp({ databasePath: dbPath });
		await app.ingest([join(projectRoot(), 'data', 'sample')]);
		const store = createWatchStore(app.db);
		const now = new Date('2026-05-01T00:00:00Z');
		const base = { guildId: null, now };
		store.addWatch({
			...base,
			userId: '1180000000000000201',
			channelId: null,
			kind: 'province',
			key: 'Hunan',
			label: 'Hunan',
		});
		const { watch } = store.addWatch({
			...base,
			userId: '1180000000000000202',
			channelId: '1180000000000000101',
			kind: 'query',
			key: 'mental health',
			label: 'mental health',
		});
		store.recordFailure(watch.targetId, { pause: 'the channel no longer exists', now });
		app.close();
	}, 60_000);

	afterAll(() => removeTempDir(dir));

	it('lists watches by target, with paused targets and what they are behind', async () => {
		const result = await runCli(['watches', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stdout).toContain(
			'user 1180000000000000201 → DMs: up to date; 0 notifications sent\n  #1  province Hunan',
		);
		expect(result.stdout).toContain(
			'user 1180000000000000202 → channel 1180000000000000101: paused since 2026-05-01T00:00:00.000Z (the channel no longer exists)',
		);
		expect(result.stdout).toContain('  #2  words "mental health"');
		expect(result.stdout).toMatch(/2 watches of 2 users\.\n$/);
	});

	it('prints the same as JSON', async () => {
		const result = await runCli(['watches', '--db', dbPath, '--json']);
		expectExit(result, 0);
		const json = JSON.parse(result.stdout) as { latestRun: number; targets: { userId: string; watches: unknown[] }[] };
		expect(json.latestRun).toBe(1);
		expect(json.targets.map((t) => [t.userId, t.watches.length])).toEqual([
			['1180000000000000201', 1],
			['1180000000000000202', 1],
		]);
	});

	it('says how to create a database when there is none', async () => {
		const result = await runCli(['watches', '--db', join(dir, 'missing.sqlite')]);
		expectExit(result, 1);
		expect(result.stderr).toMatch(/No database at .*missing\.sqlite yet/);
	});
});
