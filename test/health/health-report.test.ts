import { describe, expect, it } from 'vitest';
import { type HealthReport, assessHealth } from '../../src/health/health-report.js';
import { formatDuration, renderHealthReply, renderHealthText } from '../../src/render/health-reply.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';

type Parts = Omit<HealthReport, 'status' | 'problems' | 'warnings'>;

function parts(overrides: { database?: Partial<Parts['database']> } & Partial<Omit<Parts, 'database'>> = {}): Parts {
	const { database, ...rest } = overrides;
	return {
		checkedAt: '2026-11-22T06:00:00.000Z',
		process: {
			pid: 42,
			startedAt: '2026-11-21T06:00:00.000Z',
			uptimeSeconds: 86_400 + 3_723,
			rssMb: 180,
			node: 'v20.20.2',
		},
		shards: [
			{ id: 0, status: 'ready', pingMs: 41, guilds: 3, uptimeSeconds: 86_000 },
			{ id: 1, status: 'ready', pingMs: null, guilds: 1, uptimeSeconds: 86_000 },
		],
		shardsMissing: 0,
		indexes: { state: 'ready', revision: 12, loadedFrom: 'snapshot', stale: false },
		errors: { interactions: 10, userErrors: 2, unexpectedErrors: 0, autocompleteFailures: 0, undeliveredAnswers: 0 },
		...rest,
		database: {
			path: '/srv/ngo/ngo.sqlite',
			sizeBytes: 5_242_880,
			walBytes: 4_096,
			journalMode: 'wal',
			schemaVersion: 7,
			expectedSchemaVersion: 7,
			integrity: 'ok',
			corpusRevision: 12,
			documents: 5,
			entries: 25,
			lastIngestAt: '2026-11-20T10:00:00.000Z',
			snapshotRevisions: { entries: 12, orgs: 12 },
			digest: null,
			feeds: null,
			lastCrawl: null,
			readErrors: [],
			integrityCheckedAt: '2026-11-22T06:00:00.000Z',
			...database,
		},
	};
}

describe('assessHealth', () => {
	it('shows the last crawl: stopped with its reason and the pages left, and none before the first', () => {
		const stopped = assessHealth(
			parts({
				database: {
					lastCrawl: {
						id: 3,
						seed: 'https://www.chinafile.com/ngo/latest',
						state: 'stopped',
						stopReason: 'the page limit (40) was reached',
						updatedAt: '2026-11-21T08:00:00.000Z',
						pagesFetched: 40,
						notModified: 12,
						robotsSkipped: 1,
						failed: 0,
						entriesAdded: 77,
						queued: 9,
					},
				},
			}),
		);
		const text = renderHealthText(stopped);
		expect(text).toContain('stopped: the page limit (40) was reached');
		expect(text).toContain(
			'40 pages (12 unchanged) · 1 skipped by robots.txt · 0 failed · 77 entries added · 9 queued',
		);
		expect(renderHealthText(assessHealth(parts()))).toContain('None yet (ingest --follow');
		expect(JSON.stringify(renderHealthReply(stopped))).toContain('Last crawl');
	});

	it('warns about each failing feed with its error, and renders them', () => {
		const report = assessHealth(
			parts({
				database: {
					feeds: {
						count: 3,
						failing: [{ url: 'https://example.org/rss', failures: 2, error: 'HTTP 503 Service Unavailable' }],
					},
				},
			}),
		);
		expect(report.status).toBe('ok');
		expect(report.warnings).toEqual([
			'Feed https://example.org/rss failed 2 time(s) in a row: HTTP 503 Service Unavailable',
		]);
		expect(renderHealthText(report)).toMatch(/3 followed · 1 failing[\s\S]*example\.org\/rss: HTTP 503/);
	});

	it('is ok when the file, schema, indexes and shards are fine', () => {
		const report = assessHealth(parts());
		expect(report.status).toBe('ok');
		expect(report.problems).toEqual([]);
		expect(report.warnings).toEqual([]);
	});

	it('is unhealthy for a damaged file or a schema newer than the code, saying what to do', () => {
		const damaged = assessHealth(parts({ database: { integrity: '*** in database main *** Page 7: never used' } }));
		expect(damaged.status).toBe('unhealthy');
		expect(damaged.problems[0]).toMatch(
			/^Database integrity check failed \(.*Page 7.*\)\. Stop the bot, restore a backup/,
		);
		const newer = assessHealth(parts({ database: { schemaVersion: 9 } }));
		expect(newer.status).toBe('unhealthy');
		expect(newer.problems).toEqual(['The database schema (version 9) is newer than this ngo-bot (7). Update ngo-bot.']);
	});

	it('is degraded while a shard is not ready or not answering, and only warns for what heals itself', () => {
		const down = assessHealth(
			parts({
				shards: [
					{ id: 0, status: 'ready', pingMs: 41, guilds: 3, uptimeSeconds: 10 },
					{ id: 1, status: 'resuming', pingMs: null, guilds: 1, uptimeSeconds: 10 },
				],
				shardsMissing: 1,
			}),
		);
		expect(down.status).toBe('degraded');
		expect(down.warnings).toEqual(['Shard(s) not ready: 1 (resuming).', '1 shard process(es) did not answer.']);
		const lagging = assessHealth(
			parts({
				database: { snapshotRevisions: { entries: 11, orgs: 12 } },
				errors: { interactions: 5, userErrors: 0, unexpectedErrors: 2, autocompleteFailures: 0, undeliveredAnswers: 0 },
			}),
		);
		expect(lagging.status).toBe('ok');
		expect(lagging.warnings).toEqual([
			'The entries index snapshot is at revision 11, the corpus at 12; it is rebuilt at the next start.',
			'2 unexpected error(s) since start; see the error-level log lines.',
		]);
	});
});

describe('rendering the health report', () => {
	it('fits Discord, escapes markdown in the path and lists every part', () => {
		const report = assessHealth(
			parts({
				database: {
					path: '/srv/**ngo**/@everyone.sqlite',
					digest: {
						schedules: 2,
						lastPosted: { guildId: '1', channelId: '2', week: '2026-W47', at: '2026-11-17T01:00:00.000Z' },
						failedPosts: 1,
						unfinishedPosts: 0,
					},
				},
			}),
		);
		const reply = renderHealthReply(report);
		expect(replyLimitViolations(reply)).toEqual([]);
		const embed = reply.embeds![0]!;
		expect(embed.title).toBe('Health: 🟢 OK');
		expect(embed.fields!.map((field) => field.name)).toEqual([
			'Process',
			'Shards',
			'Database',
			'Corpus and indexes',
			'Digest',
			'Feeds',
			'Last crawl',
			'Since start',
		]);
		const value = (name: string) => embed.fields!.find((field) => field.name === name)!.value;
		expect(value('Process')).toMatch(/^Uptime 1 d 1 h \(since 2026-11-21T06:00:00\.000Z\)/);
		expect(value('Shards')).toBe('#0 ready · ping 41 ms · 3 servers\n#1 ready · ping — · 1 server');
		expect(value('Database')).toContain('/srv/\\*\\*ngo\\*\\*/');
		expect(value('Digest')).toBe(
			'2 schedules · last post 2026-11-17T01:00:00.000Z (week 2026-W47)\n1 failed · 0 unfinished',
		);
		// Notes can quote SQLite's messages: escaped like any text the bot did not write (Discord shows "(" for "\\(").
		expect(embed.description).toBe('⚠️ 1 digest post\\(s\\) failed for good \\(missing channel or permission\\).');
	});

	it('prints the same parts for a terminal, problems first', () => {
		const text = renderHealthText(assessHealth(parts({ database: { schemaVersion: 9 } })));
		expect(text).toMatch(/^Health: unhealthy\n {2}problem: The database schema \(version 9\) is newer/);
		expect(text).toContain('\nShards:\n  #0 ready · ping 41 ms · 3 servers\n');
	});

	it('writes durations in their two largest units', () => {
		expect(formatDuration(0)).toBe('0 s');
		expect(formatDuration(59)).toBe('59 s');
		expect(formatDuration(3_600)).toBe('1 h');
		expect(formatDuration(3_723)).toBe('1 h 2 min');
		expect(formatDuration(90_061)).toBe('1 d 1 h');
	});
});
