import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/health/health-report.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { REPO_ROOT, describeResult, runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('ngo-bot-cli-health-');

async function ingestedDatabase(): Promise<string> {
	const dbPath = join(tempDir(), 'ngo.sqlite');
	const ingest = await runCli(['ingest', join(REPO_ROOT, 'data', 'sample'), '--db', dbPath]);
	expect(ingest.code, describeResult(ingest)).toBe(0);
	return dbPath;
}

describe('npm run -s cli -- health', () => {
	it('reports a healthy database: schema, integrity, corpus, last ingest; exit 0', async () => {
		const dbPath = await ingestedDatabase();
		const result = await runCli(['health', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toMatch(/^Health: ok\n/);
		expect(result.stdout).toContain(`Schema ${LATEST_SCHEMA_VERSION} · integrity ok`);
		expect(result.stdout).toMatch(/25 entries from 5 documents · revision \d+/);
		expect(result.stdout).toMatch(/Last ingest \d{4}-\d\d-\d\dT/);
		expect(result.stdout).toContain('Not set up (no schedules)');
		expect(result.stderr).toBe('');
	});

	it('prints the same report as JSON with --json', async () => {
		const dbPath = await ingestedDatabase();
		const result = await runCli(['health', '--json', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		const report = JSON.parse(result.stdout) as HealthReport;
		expect(report).toMatchObject({
			status: 'ok',
			problems: [],
			process: null,
			shards: null,
			errors: null,
			database: {
				path: dbPath,
				schemaVersion: LATEST_SCHEMA_VERSION,
				expectedSchemaVersion: LATEST_SCHEMA_VERSION,
				integrity: 'ok',
				documents: 5,
				entries: 25,
				journalMode: 'wal',
				digest: null,
				readErrors: [],
			},
		});
		expect(report.database.sizeBytes).toBe(statSync(dbPath).size);
		expect(report.database.corpusRevision).toBeGreaterThan(0);
	});

	it('exits 1 and says what to do when the file is damaged', async () => {
		const dbPath = await ingestedDatabase();
		// Scribble over every page but the first (the header and schema), as a failing disk would.
		const pages = statSync(dbPath).size / 4096;
		const fd = openSync(dbPath, 'r+');
		for (let page = 1; page < pages; page++) writeSync(fd, Buffer.alloc(200, 0xff), 0, 200, page * 4096 + 8);
		closeSync(fd);
		const result = await runCli(['health', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(1);
		expect(result.stdout).toMatch(
			/^Health: unhealthy\n {2}problem: Database integrity check failed \(.+\)\. Stop the bot, restore a backup or re-ingest into a new file\.\n/,
		);
		expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
	});

	it('exits 1 for a database written by a newer ngo-bot, and for a missing one', async () => {
		const dbPath = await ingestedDatabase();
		const db = new Database(dbPath);
		db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
		db.close();
		const newer = await runCli(['health', '--db', dbPath]);
		expect(newer.code, describeResult(newer)).toBe(1);
		expect(newer.stderr).toMatch(/^error: .*newer/);

		const missing = await runCli(['health', '--db', join(tempDir(), 'nothing.sqlite')]);
		expect(missing.code, describeResult(missing)).toBe(1);
		expect(missing.stderr).toMatch(/^error: No database at .*nothing\.sqlite yet\. Ingest documents first/);
	});
});
