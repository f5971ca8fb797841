import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { killCliAfterCommits } from '../helpers/kill-mid-ingest.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { cliEnv, describeResult, readStoredCorpus, runCli } from '../helpers/run-cli.js';

const FILES = 300;
const ITEMS_PER_FILE = 20;
const PROVINCES = ['Hunan', 'Yunnan', 'Guangdong', 'Sichuan', 'Gansu', 'Fujian', 'Beijing', 'Shanghai'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'];
const COUNTRIES = ['Japan', 'Germany', 'Italy', 'United Kingdom', 'Canada'];

/** A digest in the sample's format: dated items, each naming a province, an organization and its country. */
function digest(n: number): string {
	const lines = [`Ministry of Public Security WeChat Posts—Batch ${n}`, ''];
	for (let i = 0; i < ITEMS_PER_FILE; i++) {
		lines.push(
			`${MONTHS[i % MONTHS.length]} ${1 + ((n + i) % 28)}, 2019:`,
			'',
			`The ${PROVINCES[(n + i) % PROVINCES.length]} PSB Foreign NGO Management Office issued a registration ` +
				`certificate to the Example Foundation (${COUNTRIES[i % COUNTRIES.length]}). This is item ${i} of batch ${n}; ` +
				'the office also held a training session on the Foreign NGO Law for its representatives.',
			'',
		);
	}
	return lines.join('\n');
}

describe('an ingest killed midway', () => {
	let dir: string;
	let docs: string;
	let dbPath: string;

	beforeAll(() => {
		dir = makeTempDir('ngo-bot-cli-kill-');
		docs = join(dir, 'docs');
		mkdirSync(docs);
		for (let n = 0; n < FILES; n++) writeFileSync(join(docs, `digest-${String(n).padStart(3, '0')}.txt`), digest(n));
		dbPath = join(dir, 'ngo.sqlite');
	});
	afterAll(() => removeTempDir(dir));

	it('keeps only whole documents, and a second run completes the corpus', async () => {
		// Kill without warning once a few documents are committed: no handler, no cleanup runs.
		const { code, signal, output } = await killCliAfterCommits(['ingest', docs, '--db', dbPath], {
			dbPath,
			env: cliEnv(),
			timeoutMs: 15_000,
		});
		expect(signal, `ingest finished (exit ${code}) before it could be killed; output:\n${output}`).toBe('SIGKILL');

		// Reopening for writing replays the WAL as any next run would; the file must be sound and hold whole documents.
		const db = openDatabase(dbPath);
		let stored: number;
		try {
			expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(db.pragma('foreign_key_check')).toEqual([]);
			const documents = db
				.prepare(
					`SELECT d.path, d.entry_count, count(e.id) AS entries, min(e.position) AS first, max(e.position) AS last
					FROM documents d LEFT JOIN entries e ON e.document_id = d.id GROUP BY d.id ORDER BY d.id`,
				)
				.all() as { path: string; entry_count: number; entries: number; first: number; last: number }[];
			stored = documents.length;
			expect(stored).toBeGreaterThanOrEqual(3);
			expect(stored, 'the kill came after every document was stored').toBeLessThan(FILES);
			for (const document of documents) {
				expect(document).toEqual({
					path: document.path,
					entry_count: ITEMS_PER_FILE,
					entries: ITEMS_PER_FILE,
					first: 0,
					last: ITEMS_PER_FILE - 1,
				});
			}
			// Files are ingested in sorted order, so what was committed is a prefix of the listing.
			expect(documents.map((document) => document.path.replace(/^.*\//, ''))).toEqual(
				Array.from({ length: stored }, (_, n) => `digest-${String(n).padStart(3, '0')}.txt`),
			);
		} finally {
			db.close();
		}

		const rerun = await runCli(['ingest', docs, '--db', dbPath], { timeoutMs: 30_000 });
		expect(rerun.code, describeResult(rerun)).toBe(0);
		expect(rerun.stderr).toBe('');
		expect(rerun.stdout).toContain(
			`${FILES} documents ingested, ${FILES * ITEMS_PER_FILE} entries ` +
				`(${(FILES - stored) * ITEMS_PER_FILE} new, ${stored * ITEMS_PER_FILE} kept, 0 removed, ${stored} documents unchanged).`,
		);
		const corpus = readStoredCorpus(dbPath);
		expect(corpus.stats.documents).toBe(FILES);
		// Every entry is stored; the digests retell registrations, so some are counted as another event's sources.
		expect(corpus.entries).toHaveLength(FILES * ITEMS_PER_FILE);
		expect(corpus.stats.entries + corpus.stats.otherSources).toBe(FILES * ITEMS_PER_FILE);
		expect(corpus.partialDocuments).toEqual([]);
	}, 60_000); // 6,000 entries stored twice over, beside the rest of the suite on 2 cores.
});
