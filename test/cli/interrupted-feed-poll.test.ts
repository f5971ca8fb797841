import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { cliEnv, describeResult, runCli } from '../helpers/run-cli.js';
import { killCliAfterCommits } from '../helpers/kill-mid-ingest.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const ITEMS = 300;
const PARAGRAPHS = 20;
const PROVINCES = ['Hunan', 'Yunnan', 'Guangdong', 'Sichuan', 'Gansu', 'Fujian'];

/** A feed whose every item is a digest of dated paragraphs, so each item is a many-entry document. */
function bigFeed(): string {
	const items = Array.from({ length: ITEMS }, (_, n) => {
		const paragraphs = Array.from(
			{ length: PARAGRAPHS },
			(_, i) =>
				`&lt;p&gt;March ${1 + (i % 28)}, 2019:&lt;/p&gt;&lt;p&gt;The ${PROVINCES[(n + i) % PROVINCES.length]} PSB Foreign NGO ` +
				`Management Office issued a registration certificate to the Example Foundation (Japan), item ${i} of ${n}.&lt;/p&gt;`,
		).join('');
		return `<item><title>Ministry of Public Security WeChat Posts—Batch ${n}</title>
			<link>https://big.example/item/${n}</link><description>${paragraphs}</description></item>`;
	});
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('\n')}</channel></rss>`;
}

describe('a feed ingest killed midway', () => {
	let web: FixtureServer;
	let dir: string;
	let dbPath: string;
	const env = cliEnv({ FETCH_ALLOW_PRIVATE: '127.0.0.1', FETCH_TIMEOUT_SECONDS: '60' });

	beforeAll(async () => {
		web = await startFixtureServer();
		web.routes.set('/big.xml', { type: 'application/rss+xml', body: bigFeed() });
		dir = makeTempDir('ngo-bot-feed-kill-');
		dbPath = join(dir, 'ngo.sqlite');
	});
	afterAll(async () => {
		await web.close();
		removeTempDir(dir);
	});

	it('keeps only whole documents, marks no unsaved item seen, and the next poll completes the feed', async () => {
		const { code, signal, output } = await killCliAfterCommits(['feeds', 'add', web.url('/big.xml'), '--db', dbPath], {
			dbPath,
			env,
			timeoutMs: 30_000,
		});
		expect(signal, `feeds add finished (exit ${code}) before it could be killed; output:\n${output}`).toBe('SIGKILL');

		const db = openDatabase(dbPath);
		let stored: number;
		try {
			expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
			const documents = db
				.prepare(
					`SELECT d.source_key, d.entry_count, count(e.id) AS entries FROM documents d
					LEFT JOIN entries e ON e.document_id = d.id GROUP BY d.id`,
				)
				.all() as { source_key: string; entry_count: number; entries: number }[];
			stored = documents.length;
			expect(stored).toBeGreaterThanOrEqual(3);
			expect(stored, 'the kill came after every item was stored').toBeLessThan(ITEMS);
			for (const document of documents) {
				expect(document.entries, document.source_key).toBe(document.entry_count);
				expect(document.entries).toBeGreaterThan(1);
			}
			// Items are marked seen only after their documents are committed: none (or only stored ones) here.
			const orphans = db
				.prepare('SELECT count(*) FROM feed_items WHERE document_key NOT IN (SELECT source_key FROM documents)')
				.pluck()
				.get();
			expect(orphans).toBe(0);
		} finally {
			db.close();
		}

		const rerun = await runCli(['feeds', 'poll', '--all', '--db', dbPath], { env, timeoutMs: 60_000 });
		expect(rerun.code, describeResult(rerun)).toBe(0);
		expect(rerun.stdout).toContain(`${ITEMS} new, 0 changed, 0 already seen`);
		const after = openDatabase(dbPath, { readonly: true });
		try {
			expect(after.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(ITEMS);
			expect(after.prepare('SELECT count(*) FROM feed_items').pluck().get()).toBe(ITEMS);
		} finally {
			after.close();
		}
	}, 60_000); // 6,000 entries stored twice over, beside the rest of the suite on 2 cores.
});
