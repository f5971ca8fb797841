import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import { createFeedPollJob } from '../../src/sources/feed-poll-job.js';
import type { SourceService } from '../../src/sources/source-service.js';
import { createSourceServiceFor } from '../../src/sources/sources-config.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const RSS = readFileSync(join(projectRoot(), 'test', 'fixtures', 'feeds', 'rss.xml'), 'utf8');
// The job only reads `client.shard`; a client without sharding has none.
const CLIENT = { shard: null } as unknown as Client<true>;

describe('the feed poll job', () => {
	let server: FixtureServer;
	let dir: string;
	let app: App;
	let clock: Date;
	let sources: SourceService;
	const logs = new PassThrough();
	let logText = '';
	logs.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
	const log = createLogger('debug', logs);

	beforeEach(async () => {
		server = await startFixtureServer();
		server.routes.set('/rss.xml', { type: 'application/rss+xml', body: RSS });
		dir = makeTempDir('ngo-bot-feed-job-');
		app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
		clock = new Date('2026-03-01T00:00:00Z');
		sources = createSourceServiceFor(app, { FETCH_ALLOW_PRIVATE: '127.0.0.1', FEED_POLL_MINUTES: 30 }, () => clock);
	});

	afterEach(async () => {
		await app.indexes.whenReady();
		app.close();
		await server.close();
		removeTempDir(dir);
	});

	it('polls feeds once they are due by the injected clock, ingesting new items', async () => {
		await sources.addFeed(server.url('/rss.xml'), null);
		server.routes.set('/rss.xml', {
			type: 'application/rss+xml',
			body: RSS.replace(
				'</channel>',
				'<item><title>Tibet</title><link>https://news.example/2020/ilex</link><description>On May 9, 2020, the Ilex ' +
					'Foundation (Switzerland) donated medical supplies to clinics in Lhasa, Tibet.</description></item></channel>',
			),
		});
		const job = createFeedPollJob({ sources, checkEveryMs: 10 });
		job.start({ client: CLIENT, log });
		try {
			// (Feeds not yet due are skipped: see feed-polling.test.ts.)
			clock = new Date(clock.getTime() + 31 * 60_000);
			await vi.waitFor(() => expect(sources.listFeeds()[0]?.itemCount).toBe(3), { timeout: 10_000 });
			await vi.waitFor(() => expect(logText).toContain('feed items ingested'), { timeout: 10_000 });
		} finally {
			await job.stop();
		}
		expect(
			app.db.prepare("SELECT count(*) AS n FROM documents WHERE url = 'https://news.example/2020/ilex'").get(),
		).toEqual({
			n: 1,
		});
	});

	it('stop() aborts a fetch in flight and does not count it as a failure', async () => {
		let requested!: () => void;
		const hung = new Promise<void>((resolve) => (requested = resolve));
		await sources.addFeed(server.url('/rss.xml'), null);
		server.routes.set('/rss.xml', { handler: () => requested() });
		clock = new Date(clock.getTime() + 31 * 60_000);
		const job = createFeedPollJob({ sources, checkEveryMs: 10 });
		job.start({ client: CLIENT, log });
		await hung;
		await job.stop();
		expect(sources.listFeeds()[0]).toMatchObject({ failureCount: 0, lastError: null });
	});

	it('does nothing on a shard other than 0', async () => {
		await sources.addFeed(server.url('/rss.xml'), null);
		const hits = server.hits.length;
		clock = new Date(clock.getTime() + 31 * 60_000);
		const job = createFeedPollJob({ sources, checkEveryMs: 10 });
		job.start({ client: { shard: { ids: [1] } } as unknown as Client<true>, log });
		await job.stop();
		expect(server.hits.length).toBe(hits);
	});
});
