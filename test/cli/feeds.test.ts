import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { cliEnv, describeResult, runCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const RSS = readFileSync(join(projectRoot(), 'test', 'fixtures', 'feeds', 'rss.xml'), 'utf8');
const PAGE = `<!doctype html><html><head><title>Qinghai</title></head><body><h1>Qinghai meeting</h1>
<p>On August 2, 2021, the Qinghai PSB met the Hazel Snow Leopard Trust (United Kingdom) in Xining.</p></body></html>`;

describe('CLI: ingest <url> and feeds', () => {
	let web: FixtureServer;
	let dir: string;
	let db: string;
	const env = cliEnv({ FETCH_ALLOW_PRIVATE: '127.0.0.1', FETCH_TIMEOUT_SECONDS: '10' });
	const cli = (...args: string[]) => runCli([...args, '--db', db], { env });

	beforeAll(async () => {
		web = await startFixtureServer();
		web.routes.set('/qinghai.html', { type: 'text/html', body: PAGE });
		web.routes.set('/rss.xml', { type: 'application/rss+xml', body: RSS });
		dir = makeTempDir('ngo-bot-cli-feeds-');
		db = join(dir, 'ngo.sqlite');
	});

	afterAll(async () => {
		await web.close();
		removeTempDir(dir);
	});

	it('ingests a web address, keyed by its URL, and refuses private ones', async () => {
		const url = web.url('/qinghai.html');
		const first = await cli('ingest', url);
		expect(first.code, describeResult(first)).toBe(0);
		expect(first.stdout).toContain(`added      article  1 entry (1 new, 0 kept, 0 removed)  ${url}`);
		const again = await cli('ingest', url);
		expect(again.stdout).toContain(`unchanged  article  1 entry, unchanged  ${url}`);

		const refused = await cli('ingest', 'http://192.168.1.1/x.html', url);
		expect(refused.code).toBe(1);
		expect(refused.stdout).toContain('failed     192.168.1.1 is a private address');
		expect(refused.stdout).toContain('1 document ingested');
	});

	it('adds, lists, polls and removes a feed; poll exits 1 while a feed fails', async () => {
		const added = await cli('feeds', 'add', web.url('/rss.xml'));
		expect(added.code, describeResult(added)).toBe(0);
		expect(added.stdout).toMatch(/added {2}#1 .*\/rss\.xml\n {2}2 new, 0 changed, 0 already seen → \d+ new entr/);

		const poll = await cli('feeds', 'poll', '--all');
		expect(poll.code, describeResult(poll)).toBe(0);
		expect(poll.stdout).toContain('0 new, 0 changed, 2 already seen');

		web.routes.set('/rss.xml', { status: 503, body: 'down' });
		const failing = await cli('feeds', 'poll', '--all');
		expect(failing.code).toBe(1);
		expect(failing.stdout).toMatch(/failed {2}#1 .*answered 503/);
		const list = await cli('feeds', 'list', '--json');
		expect(JSON.parse(list.stdout)).toMatchObject([{ id: 1, failureCount: 1, itemCount: 2, title: 'NGO news (RSS)' }]);

		const due = await cli('feeds', 'poll');
		expect(due.code).toBe(0); // backing off: nothing due yet
		expect(due.stdout).toContain('0 feeds polled');

		const removed = await cli('feeds', 'remove', '1');
		expect(removed.code).toBe(0);
		expect((await cli('feeds', 'list')).stdout).toContain('No feeds.');
		expect((await cli('feeds', 'remove', '1')).code).toBe(1);
	});

	it('explains wrong usage', async () => {
		const wrong = await cli('feeds', 'subscribe');
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toContain('Unknown action "subscribe"');
		expect((await cli('feeds', 'add')).code).toBe(2);
	});
});
