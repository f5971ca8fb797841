import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createWorld, generateCorpus } from '../../src/bench/synthetic-corpus.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openDatabase } from '../../src/store/open-database.js';
import { projectRoot } from '../../src/project-root.js';
import { describeResult, runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('ngo-bot-parse-worker-');

/** What an export says about the stored corpus, without the ingest times that differ between two runs. */
function withoutIngestTimes(jsonl: string): unknown[] {
	return jsonl
		.trim()
		.split('\n')
		.map((line) => {
			const { ingested_at: _ingestedAt, ...record } = JSON.parse(line) as Record<string, unknown>;
			return record;
		});
}

// One row per fact, read out of each entry's row (evidence-json.ts).
const EVIDENCE_SQL = 'SELECT e.entry_id, j.key, j.value FROM entry_evidence e, json_each(e.evidence) j ORDER BY 1, 2';
const COUNTS_SQL = 'SELECT * FROM facet_counts ORDER BY scope, scope_key, facet, facet_key';

function readRows(dbPath: string, sql: string): unknown[] {
	const db = openDatabase(dbPath, { readonly: true });
	try {
		return db.prepare(sql).all();
	} finally {
		db.close();
	}
}

it('stores the same entries, facts and failures when the built CLI parses in a worker thread as in-process', async () => {
	// The built CLI hands parsing to dist/src/ingest/parse-worker.js from a few dozen documents on; under vitest the
	// script does not exist next to the .ts sources, so runIngest parses in-process.
	expect(existsSync(fileURLToPath(new URL('../../dist/src/ingest/parse-worker.js', import.meta.url)))).toBe(true);
	const docs = join(tempDir(), 'docs');
	mkdirSync(docs);
	for (const doc of generateCorpus({ entries: 300, seed: 7 }, createWorld({ seed: 7 })))
		writeFileSync(join(docs, doc.name), doc.text);
	const sample = join(projectRoot(), 'data', 'sample');
	for (const name of readdirSync(sample)) copyFileSync(join(sample, name), join(docs, `sample-${name}`));
	const fixtures = join(projectRoot(), 'test', 'fixtures', 'documents');
	for (const name of ['cdb-article.html', 'mps-digest.md']) copyFileSync(join(fixtures, name), join(docs, name));
	// A user-facing failure must come back from the worker as that document's failure, the others still stored.
	writeFileSync(join(docs, 'empty.txt'), '');
	// More documents than run-ingest's WORKER_MIN_DOCUMENTS (24), so the worker is used.
	expect(readdirSync(docs).length).toBeGreaterThanOrEqual(30);

	const workerDb = join(tempDir(), 'worker.sqlite');
	const cli = await runCli(['ingest', docs, '--json', '--db', workerDb], { timeoutMs: 60_000 });
	expect(cli.code, describeResult(cli)).toBe(1);
	const cliReport = JSON.parse(cli.stdout) as { documents: { path: string; status: string; message?: string }[] };
	expect(cliReport.documents.filter((d) => d.status === 'failed').map((d) => d.path)).toEqual([
		join(docs, 'empty.txt'),
	]);

	const inProcessDb = join(tempDir(), 'in-process.sqlite');
	const db = openDatabase(inProcessDb);
	let inProcessReport;
	try {
		inProcessReport = await runIngest([docs], { db, reference: loadReference(), now: () => new Date() });
	} finally {
		db.close();
	}
	expect(cliReport.documents).toEqual(inProcessReport.documents);

	const exported = async (dbPath: string) => {
		const result = await runCli(['export', '--format', 'jsonl', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		return withoutIngestTimes(result.stdout);
	};
	const fromWorker = await exported(workerDb);
	expect(fromWorker.length).toBeGreaterThan(300);
	expect(fromWorker).toEqual(await exported(inProcessDb));
	// The export leaves out the words each fact came from and the counts: compared from the tables themselves.
	const evidence = readRows(workerDb, EVIDENCE_SQL);
	expect(evidence.length).toBeGreaterThan(1_000);
	expect(evidence).toEqual(readRows(inProcessDb, EVIDENCE_SQL));
	expect(readRows(workerDb, COUNTS_SQL)).toEqual(readRows(inProcessDb, COUNTS_SQL));
});
