import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, type ExportRecord } from '../../src/export/export-record.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { type CliResult, describeResult, parseCsv, parseJsonl, readStoredCorpus, runCli } from '../helpers/run-cli.js';

function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}

const HAN = /[\u4e00-\u9fff]/;

describe('the CSV parser these tests use', () => {
	it('handles quotes, doubled quotes, commas, line breaks, empty fields and a BOM', () => {
		const csv = '\ufeffa,b,c\r\n1,"x, ""y""\r\nz",\r\n"",2,"中文,\n行"\r\n';
		expect(parseCsv(csv)).toEqual([
			['a', 'b', 'c'],
			['1', 'x, "y"\r\nz', ''],
			['', '2', '中文,\n行'],
		]);
		expect(parseCsv('a,b\r\nc,d')).toEqual([
			['a', 'b'],
			['c', 'd'],
		]);
	});

	it('rejects malformed CSV instead of guessing', () => {
		expect(() => parseCsv('a,"b\r\n')).toThrow(/unterminated/);
		expect(() => parseCsv('a,b"c\r\n')).toThrow(/quote inside an unquoted field/);
		expect(() => parseCsv('"a"b,c\r\n')).toThrow(/text after a closing quote/);
	});
});

describe('export formats of the sample corpus', () => {
	let dir: string;
	let dbPath: string;
	let jsonl: string;
	let records: ExportRecord[];

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-export-');
		dbPath = join(dir, 'ngo.sqlite');
		const ingest = await runCli(['ingest', 'data/sample', '--db', dbPath]);
		expectExit(ingest, 0);
		const exported = await runCli(['export', '--format', 'jsonl', '--db', dbPath]);
		expectExit(exported, 0);
		jsonl = exported.stdout;
		records = parseJsonl(jsonl);
	});
	afterAll(() => removeTempDir(dir));

	it('jsonl is the default format and holds the 25 stored entries', async () => {
		expect(records).toHaveLength(25);
		expect(records.map((record) => record.id)).toEqual(readStoredCorpus(dbPath).entries.map((entry) => entry.id));
		const byDefault = await runCli(['export', '--db', dbPath]);
		expectExit(byDefault, 0);
		expect(byDefault.stdout).toBe(jsonl);
	});

	it('--format json is one array of the same 25 records as jsonl', async () => {
		const result = await runCli(['export', '--format', 'json', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stderr).toBe('');
		const parsed = JSON.parse(result.stdout) as unknown;
		expect(Array.isArray(parsed)).toBe(true);
		expect(parsed).toEqual(records);
	});

	it('--format csv has a header and 25 rows whose ids, facts and Chinese text round-trip', async () => {
		const result = await runCli(['export', '--format', 'csv', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stderr).toBe('');
		// RFC 4180 line ends; a BOM so spreadsheet programs read the file as UTF-8.
		expect(result.stdout.startsWith('\ufeffid,')).toBe(true);
		expect(result.stdout.endsWith('\r\n')).toBe(true);
		const [header, ...rows] = parseCsv(result.stdout);
		expect(header).toEqual([...CSV_COLUMNS]);
		expect(rows).toHaveLength(25);
		const column = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
		for (const [i, row] of rows.entries()) {
			const record = records[i]!;
			expect(row).toHaveLength(CSV_COLUMNS.length);
			expect(row[column('id')]).toBe(String(record.id));
			expect(row[column('date')]).toBe(record.date ?? '');
			expect(row[column('provinces')]).toBe(record.provinces.join('; '));
			expect(row[column('type')]).toBe(record.type);
			expect(row[column('summary')]).toBe(record.summary);
			expect(row[column('text')]).toBe(record.text);
			expect(row[column('source_path')]).toBe(record.source.path);
			expect(row[column('document_id')]).toBe(String(record.document_id));
		}
		// The round-trip above only means something if the sample has the hard cases in it.
		const texts = rows.map((row) => row[column('text')]!);
		expect(texts.some((text) => HAN.test(text))).toBe(true);
		expect(texts.some((text) => text.includes('\n'))).toBe(true);
		expect(texts.some((text) => text.includes(','))).toBe(true);
	});

	it('--format csv doubles the quotes of a text that has them, and the text round-trips', async () => {
		// The sample has only typographic quotes, so this corpus of one document supplies ASCII ones.
		const docs = join(dir, 'quotes');
		mkdirSync(docs);
		const quoted =
			'The office said "all documents, including \'forms\', are ready" and thanked the "Example Foundation".';
		writeFileSync(
			join(docs, 'quotes.txt'),
			[
				'Ministry of Public Security WeChat Posts—May 1-3, 2019',
				'',
				'May 2, 2019:',
				'',
				`The Sichuan PSB Foreign NGO Management Office met the Example Foundation (Japan). ${quoted}`,
				'',
				'Its staff, in turn, held a training session.',
				'',
			].join('\n'),
		);
		const quotesDb = join(dir, 'quotes.sqlite');
		expectExit(await runCli(['ingest', docs, '--db', quotesDb]), 0);
		const result = await runCli(['export', '--format', 'csv', '--db', quotesDb]);
		expectExit(result, 0);
		expect(result.stdout).toContain('""all documents, including \'forms\', are ready""');
		const [header, ...rows] = parseCsv(result.stdout);
		const expected = parseJsonl((await runCli(['export', '--db', quotesDb])).stdout);
		expect(rows).toHaveLength(1);
		const text = rows[0]![header!.indexOf('text')];
		expect(text).toBe(expected[0]!.text);
		expect(text).toContain(quoted);
		expect(text).toContain('\n\nIts staff, in turn, held a training session.');
	});

	it('--out writes the file, prints nothing on stdout, and leaves no temporary file behind', async () => {
		const outDir = join(dir, 'out-ok');
		mkdirSync(outDir);
		const outPath = join(outDir, 'entries.jsonl');
		const result = await runCli(['export', '--out', outPath, '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(`Wrote 25 entries to ${outPath}.\n`);
		expect(readFileSync(outPath, 'utf8')).toBe(jsonl);
		expect(readdirSync(outDir)).toEqual(['entries.jsonl']);
	});

	it('--out replaces an existing file whole', async () => {
		const outDir = join(dir, 'out-replace');
		mkdirSync(outDir);
		const outPath = join(outDir, 'entries.csv');
		writeFileSync(outPath, 'old content that is much longer than nothing\n'.repeat(10_000));
		const result = await runCli(['export', '-f', 'csv', '-o', outPath, '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stdout).toBe('');
		const rows = parseCsv(readFileSync(outPath, 'utf8'));
		expect(rows).toHaveLength(26);
		expect(readdirSync(outDir)).toEqual(['entries.csv']);
	});

	it('--out into a folder that does not exist: exit 1, a clear message naming the path, no file left', async () => {
		const outDir = join(dir, 'out-missing');
		const outPath = join(outDir, 'entries.jsonl');
		const result = await runCli(['export', '--out', outPath, '--db', dbPath]);
		expectExit(result, 1);
		expect(result.stdout).toBe('');
		expect(existsSync(outDir)).toBe(false);
		expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
		// A user mistake, not a crash: the message names the path the user gave (not an internal temporary name).
		expect(result.stderr).not.toMatch(/unexpected error|please report|\.partial|\n\s+at /);
		expect(result.stderr).toMatch(/^error: .*out-missing.*\n$/);
		expect(result.stderr).toContain(outPath);
	});
});

describe('export and stats before anything was ingested', () => {
	let dir: string;
	beforeAll(() => {
		dir = makeTempDir('ngo-bot-cli-nodb-');
	});
	afterAll(() => removeTempDir(dir));

	it.each([
		['export', ['export', '--format', 'jsonl']],
		['stats', ['stats']],
	])('%s on a database that does not exist says to ingest first (exit 1), and creates nothing', async (_, args) => {
		const dbPath = join(dir, 'fresh', 'ngo.sqlite');
		const result = await runCli([...args, '--db', dbPath]);
		expectExit(result, 1);
		expect(result.stdout).toBe('');
		expect(result.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
		expect(result.stderr).toMatch(/^error: /);
		expect(result.stderr).toContain(dbPath);
		// The likeliest reason is a fresh checkout: besides naming the path, the message should say to run ingest.
		expect(result.stderr.replaceAll(dbPath, '<db>')).toMatch(/\bingest\b/);
		expect(existsSync(join(dir, 'fresh'))).toBe(false);
	});
});
