import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { projectRoot } from '../../src/project-root.js';
import { createWatchStore } from '../../src/store/watch-store.js';
import { createWatchService } from '../../src/watch/watch-service.js';
import { type CliResult, describeResult, runCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}

/** A one-page MPS digest of May 2020 with the given dated items. */
function writeDigest(path: string, items: readonly string[]): string {
	const text = [
		'Ministry of Public Security WeChat Posts—May 1-30, 2020',
		...items.map((item, i) => `May ${i + 1}, 2020:\n\n${item}`),
	].join('\n\n');
	writeFileSync(path, text);
	return path;
}

describe('cli watch: the command line’s own watchlist', () => {
	let dir: string;
	let dbPath: string;
	const cli = (...args: string[]) => runCli(['watch', ...args, '--db', dbPath]);

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-watch-');
		dbPath = join(dir, 'ngo.sqlite');
		const app = createApp({ databasePath: dbPath });
		await app.ingest([join(projectRoot(), 'data', 'sample')]);
		app.close();
	}, 60_000);

	afterAll(() => removeTempDir(dir));

	it('adds watches resolved like /ngo and /province, and refuses what it cannot watch', async () => {
		const province = await cli('add', '--province', 'hunan');
		expectExit(province, 0);
		expect(province.stdout).toMatch(/^watching {2}#\d+ province Hunan\n1 watch for "default"/);
		const ngo = await cli('add', '--ngo', 'Animal Asia Foundaton');
		expectExit(ngo, 0);
		expect(ngo.stdout).toContain(
			'NGO Animals Asia Foundation  (“Animal Asia Foundaton” was taken as Animals Asia Foundation.)',
		);
		const words = await cli('add', '--query', 'mental health', '--as', 'desk');
		expectExit(words, 0);
		expect(words.stdout).toContain('1 watch for "desk"');

		const unknown = await cli('add', '--province', 'Atlantis');
		expectExit(unknown, 1);
		expect(unknown.stderr).toMatch(/^error: .*Atlantis/);
		expectExit(await cli('add', '--ngo', 'x', '--province', 'y'), 2);
		expectExit(await cli('add', '--ngo', 'x', '--as', 'no spaces'), 2);
		expectExit(await cli('remove', 'abc'), 2);
	});

	it('watch news lists the matching entries of each new ingest once, per watcher', async () => {
		const before = await cli('news');
		expectExit(before, 0);
		expect(before.stdout).toBe('Nothing new for "default" since the last look.\n');

		const first = writeDigest(join(dir, 'may.txt'), [
			'The Hunan PSB Foreign NGO Management Office issued a registration certificate to the Alder Education Foundation (Japan).',
			'The Hainan PSB met the Coral Reef Trust (Australia) about mental health services.',
		]);
		expectExit(await runCli(['ingest', first, '--db', dbPath]), 0);

		const news = await cli('news');
		expectExit(news, 0);
		expect(news.stdout).toMatch(/^Ingest of \S+: 1 new entry\n {2}#\d+ {2}2020-05-01 · Hunan · registration\n/);
		expect(news.stdout).toContain('Alder Education Foundation');
		expect(news.stdout).not.toContain('Coral Reef');
		expect(news.stdout).toContain('matches province Hunan');
		// Read once: a second look finds nothing.
		expect((await cli('news')).stdout).toBe('Nothing new for "default" since the last look.\n');

		const desk = await cli('news', '--as', 'desk', '--json');
		expectExit(desk, 0);
		const batches = JSON.parse(desk.stdout) as { entries: { summary: string; watches: { label: string }[] }[] }[];
		expect(batches).toHaveLength(1);
		expect(batches[0]!.entries.map((e) => e.summary)).toEqual([
			'The Hainan PSB met the Coral Reef Trust (Australia) about mental health services.',
		]);
		expect(batches[0]!.entries[0]!.watches.map((w) => w.label)).toEqual(['mental health']);

		// A second ingest: one more block with only its own entries.
		const second = writeDigest(join(dir, 'june.txt'), [
			'The Hunan PSB Foreign NGO Management Office issued a registration certificate to the Birch Education Foundation (Japan).',
		]);
		expectExit(await runCli(['ingest', second, '--db', dbPath]), 0);
		const again = await cli('news');
		expect(again.stdout).toContain('Birch Education Foundation');
		expect(again.stdout).not.toContain('Alder');
	});

	it('lists and removes only the watcher’s own watches; the bot never sends them', async () => {
		const list = await cli('list', '--json');
		expectExit(list, 0);
		const watches = JSON.parse(list.stdout) as { id: number; label: string; userId: string }[];
		expect(watches.map((w) => w.label)).toEqual(['Hunan', 'Animals Asia Foundation']);
		expect(new Set(watches.map((w) => w.userId))).toEqual(new Set(['cli:default']));

		const app = createApp({ databasePath: dbPath });
		try {
			const service = createWatchService({
				store: createWatchStore(app.db),
				query: app.query,
				reader: app.reader,
				now: () => new Date(),
			});
			// The bot's delivery pass: command-line watchers are read with `watch news`, not sent to Discord.
			const third = writeDigest(join(dir, 'july.txt'), [
				'The Hunan PSB Foreign NGO Management Office issued a registration certificate to the Cedar Education Foundation (Japan).',
			]);
			await app.ingest([third]);
			expect(service.pendingDeliveries()).toEqual([]);
			expect(service.pendingDeliveries({ userId: 'cli:default' })).toHaveLength(1);
		} finally {
			app.close();
		}

		const removed = await cli('remove', String(watches[0]!.id));
		expectExit(removed, 0);
		expect(removed.stdout).toBe(`removed  #${watches[0]!.id} province Hunan\n`);
		const other = await cli('remove', String(watches[1]!.id), '--as', 'desk');
		expectExit(other, 1);
		expect(other.stderr).toMatch(/^error: You have no watch #\d+\./);
	});
});
