import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../src/export/export-record.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { type CliResult, describeResult, parseJsonl, readStoredCorpus, runCli } from '../helpers/run-cli.js';

const SAMPLE_FILES = readdirSync(new URL('../../data/sample/', import.meta.url)).filter((name) =>
	name.endsWith('.txt'),
);

/** One document line of `ingest` output: status, kind, entry counts and path. */
interface DocumentLine {
	readonly status: string;
	readonly kind: string;
	readonly entries: number;
	readonly counts: { added: number; kept: number; removed: number } | 'unchanged';
	readonly path: string;
}

const DOCUMENT_LINE =
	/^(added|replaced|unchanged) +(digest|article|listing) +(\d+) entr(?:y|ies)(?: \((\d+) new, (\d+) kept, (\d+) removed\)|, unchanged) +(.+)$/;

function documentLines(stdout: string): DocumentLine[] {
	return stdout
		.split('\n')
		.map((line) => DOCUMENT_LINE.exec(line))
		.filter((match) => match !== null)
		.map((match) => ({
			status: match[1]!,
			kind: match[2]!,
			entries: Number(match[3]),
			counts:
				match[4] === undefined
					? 'unchanged'
					: { added: Number(match[4]), kept: Number(match[5]), removed: Number(match[6]) },
			path: match[7]!,
		}));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
	return counts;
}

function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}

function expectRecordShape(record: ExportRecord): void {
	expect(Object.keys(record)).toEqual(
		expect.arrayContaining(['id', 'position', 'date', 'provinces', 'orgs', 'type', 'summary', 'text', 'source']),
	);
	expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
	expect(Number.isSafeInteger(record.position) && record.position >= 0).toBe(true);
	if (record.date !== null) expect(record.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	expect(Array.isArray(record.provinces)).toBe(true);
	for (const province of record.provinces) expect(typeof province).toBe('string');
	expect(Array.isArray(record.orgs)).toBe(true);
	for (const org of record.orgs) {
		expect(Object.keys(org).sort()).toEqual(['country', 'name']);
		expect(typeof org.name).toBe('string');
		expect(org.country === null || typeof org.country === 'string').toBe(true);
	}
	expect(typeof record.type).toBe('string');
	expect(typeof record.summary).toBe('string');
	expect(typeof record.text).toBe('string');
	expect(record.text.length).toBeGreaterThan(0);
	expect(record.source.path).toMatch(/^data\/sample\/[^/]+\.txt$/);
}

describe('ingest of the sample corpus', () => {
	let dir: string;
	let dbPath: string;
	let first: CliResult;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-sample-');
		dbPath = join(dir, 'ngo.sqlite');
		first = await runCli(['ingest', 'data/sample', '--db', dbPath]);
	});
	afterAll(() => removeTempDir(dir));

	it('reports the five sample documents with their kinds and 25 entries in total, exit 0', () => {
		expectExit(first, 0);
		expect(first.stderr).toBe('');
		const lines = documentLines(first.stdout);
		expect(lines.map((line) => line.path).sort()).toEqual(SAMPLE_FILES.map((name) => `data/sample/${name}`).sort());
		expect(lines.every((line) => line.status === 'added')).toBe(true);
		expect(countBy(lines, (line) => line.kind)).toEqual({ digest: 2, article: 2, listing: 1 });
		expect(lines.reduce((sum, line) => sum + line.entries, 0)).toBe(25);
		expect(first.stdout).toContain(
			'5 documents ingested, 25 entries (25 new, 0 kept, 0 removed, 0 documents unchanged).',
		);
	});

	it('stores exactly those documents and entries, as read back from the database', () => {
		const corpus = readStoredCorpus(dbPath);
		expect(corpus.stats.documents).toBe(5);
		expect(corpus.stats.entries).toBe(25);
		expect(corpus.entries).toHaveLength(25);
		expect(corpus.partialDocuments).toEqual([]);
		const kinds = Object.fromEntries(corpus.stats.byKind.map((row) => [row.kind, row.documents]));
		expect(kinds).toEqual({ digest: 2, article: 2, listing: 1 });
		expect(new Set(corpus.entries.map((entry) => entry.source.path)).size).toBe(5);
	});

	it('stats --json counts 25 entries in 5 documents', async () => {
		const result = await runCli(['stats', '--json', '--db', dbPath]);
		expectExit(result, 0);
		const stats = JSON.parse(result.stdout) as { entries: number; documents: number; byKind: unknown[] };
		expect(stats).toMatchObject({ entries: 25, documents: 5 });
		expect(stats.byKind).toEqual(
			expect.arrayContaining([
				{ kind: 'digest', documents: 2, entries: expect.any(Number) },
				{ kind: 'article', documents: 2, entries: expect.any(Number) },
				{ kind: 'listing', documents: 1, entries: expect.any(Number) },
			]),
		);
	});

	it('stats without --json prints the same counts for people', async () => {
		const result = await runCli(['stats', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stdout).toMatch(/^25 entries from 5 documents, \d+ organizations\n/);
	});

	it('export --format jsonl prints 25 well-typed records matching the stored entries', async () => {
		const result = await runCli(['export', '--format', 'jsonl', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stderr).toBe('');
		const lines = result.stdout.split('\n');
		expect(lines).toHaveLength(26);
		expect(lines.at(-1)).toBe('');
		const records = parseJsonl(result.stdout);
		expect(records).toHaveLength(25);
		for (const record of records) expectRecordShape(record);

		const stored = readStoredCorpus(dbPath).entries;
		expect(records.map((record) => record.id)).toEqual(stored.map((entry) => entry.id));
		expect(records.map((record) => [record.text, record.provinces, record.date, record.type])).toEqual(
			stored.map((entry) => [entry.text, entry.provinces, entry.date, entry.type]),
		);
		// The sample does name organizations with countries; an export that dropped them would pass the shape check.
		expect(records.some((record) => record.orgs.some((org) => org.country !== null))).toBe(true);
		expect(records.some((record) => record.provinces.length > 0)).toBe(true);
	});

	it('ingesting the same files again reports all five unchanged and leaves the export byte-identical', async () => {
		const before = await runCli(['export', '--format', 'jsonl', '--db', dbPath]);
		expectExit(before, 0);
		const again = await runCli(['ingest', 'data/sample', '--db', dbPath]);
		expectExit(again, 0);
		const lines = documentLines(again.stdout);
		expect(lines).toHaveLength(5);
		expect(lines.every((line) => line.status === 'unchanged' && line.counts === 'unchanged')).toBe(true);
		expect(again.stdout).toContain(
			'5 documents ingested, 25 entries (0 new, 25 kept, 0 removed, 5 documents unchanged).',
		);
		const after = await runCli(['export', '--format', 'jsonl', '--db', dbPath]);
		expectExit(after, 0);
		expect(after.stdout).toBe(before.stdout);
		expect(readStoredCorpus(dbPath).stats.documents).toBe(5);
	});
});

describe('re-ingest of a changed document', () => {
	let dir: string;
	beforeAll(() => {
		dir = makeTempDir('ngo-bot-cli-change-');
	});
	afterAll(() => removeTempDir(dir));

	it('replaces only that document, keeping the ids of its untouched entries', async () => {
		const docs = join(dir, 'docs');
		cpSync(new URL('../../data/sample/', import.meta.url), docs, { recursive: true });
		const dbPath = join(dir, 'ngo.sqlite');

		const first = await runCli(['ingest', 'docs', '--db', dbPath], { cwd: dir });
		expectExit(first, 0);
		const before = parseJsonl((await runCli(['export', '--db', dbPath])).stdout);
		expect(before).toHaveLength(25);

		// Edit one paragraph of one entry of the first digest.
		const changedFile = [...SAMPLE_FILES].sort()[0]!;
		const path = join(docs, changedFile);
		const paragraph = 'The Jiangxi PSB Foreign NGO Management Office is grateful';
		const original = readFileSync(path, 'utf8');
		expect(original, `the sample ${changedFile} no longer holds the paragraph this test edits`).toContain(paragraph);
		writeFileSync(path, original.replace(paragraph, `${paragraph} (as it said again on February 20)`));
		const changed = before.find((record) => record.text.includes(paragraph));
		expect(changed).toBeDefined();

		const second = await runCli(['ingest', 'docs', '--db', dbPath], { cwd: dir });
		expectExit(second, 0);
		const lines = documentLines(second.stdout);
		expect(lines).toHaveLength(5);
		const replaced = lines.filter((line) => line.status === 'replaced');
		expect(replaced).toEqual([
			{
				status: 'replaced',
				kind: 'digest',
				entries: 5,
				counts: { added: 1, kept: 4, removed: 1 },
				path: `docs/${changedFile}`,
			},
		]);
		expect(lines.filter((line) => line.status === 'unchanged')).toHaveLength(4);
		expect(second.stdout).toContain(
			'5 documents ingested, 25 entries (1 new, 24 kept, 1 removed, 4 documents unchanged).',
		);

		const after = parseJsonl((await runCli(['export', '--db', dbPath])).stdout);
		expect(after).toHaveLength(25);
		const afterById = new Map(after.map((record) => [record.id, record]));
		for (const record of before) {
			if (record.id === changed!.id) {
				expect(afterById.has(record.id)).toBe(false);
			} else {
				// Same id, same text, same first-ingest time: the entry was kept, not re-created.
				expect(afterById.get(record.id)).toMatchObject({ text: record.text, ingested_at: record.ingested_at });
			}
		}
		const added = after.filter((record) => !before.some((old) => old.id === record.id));
		expect(added).toHaveLength(1);
		expect(added[0]!.text).toContain('(as it said again on February 20)');
		expect(added[0]!.id).toBeGreaterThan(Math.max(...before.map((record) => record.id)));
		expect(readStoredCorpus(dbPath).partialDocuments).toEqual([]);
	});
});
