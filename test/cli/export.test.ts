import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, type ExportRecord } from '../../src/export/export-record.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { readExportCsv, readExportJson } from '../helpers/export-files.js';
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

	it('--format json is {meta, entries} with the same 25 records as jsonl and what the export holds', async () => {
		const result = await runCli(['export', '--format', 'json', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stderr).toBe('');
		const { meta, entries } = readExportJson(result.stdout);
		expect(entries).toEqual(records);
		const stored = readStoredCorpus(dbPath);
		expect(meta).toMatchObject({ generator: 'ngo-bot', query: '', filters: {}, order: 'document', entries: 25 });
		expect(meta.data_cutoff).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(meta.corpus_revision).toBeGreaterThan(0);
		expect(Date.parse(meta.generated_at)).not.toBeNaN();
		expect(stored.entries).toHaveLength(25);
	});

	it('--format csv has a header and 25 rows whose ids, facts and Chinese text round-trip', async () => {
		const result = await runCli(['export', '--format', 'csv', '--db', dbPath]);
		expectExit(result, 0);
		expect(result.stderr).toBe('');
		// RFC 4180 line ends; a BOM so spreadsheet programs read the file as UTF-8; six "#" lines saying what it holds.
		expect(result.stdout.startsWith('\ufeff# ngo-bot export: 25 entries.')).toBe(true);
		expect(result.stdout.endsWith('\r\n')).toBe(true);
		const { meta, header, rows } = readExportCsv(result.stdout);
		expect(meta.slice(1, 4)).toEqual(['# query: (none)', '# filters: none', '# order: document order']);
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
		const { header, rows } = readExportCsv(result.stdout);
		const expected = parseJsonl((await runCli(['export', '--db', quotesDb])).stdout);
		expect(rows).toHaveLength(1);
		const text = rows[0]![header.indexOf('text')];
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
		const { rows } = readExportCsv(readFileSync(outPath, 'utf8'));
		expect(rows).toHaveLength(25);
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

describe('export with the filters of /search', () => {
	let dir: string;
	let dbPath: string;

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-cli-export-filters-');
		dbPath = join(dir, 'ngo.sqlite');
		expectExit(await runCli(['ingest', 'data/sample', '--db', dbPath]), 0);
	});
	afterAll(() => removeTempDir(dir));

	it('exports exactly the entries /search counts, newest first, the same in csv, json and jsonl', async () => {
		const filter = ['--query', 'foundation', '--from', '2019-01-01', '--db', dbPath];
		const asked = await runCli(['ask', '/search foundation from:2019-01-01', '--json', '--db', dbPath]);
		expectExit(asked, 0);
		const searchTotal = (JSON.parse(asked.stdout) as { answer: { page: { total: number } } }).answer.page.total;
		const jsonl = await runCli(['export', ...filter]);
		expectExit(jsonl, 0);
		const records = parseJsonl(jsonl.stdout);
		expect(records.length).toBeGreaterThan(1);
		expect(records.length).toBe(searchTotal);
		expect(
			records.every((r) => r.date !== null && r.date >= '2019-01-01' && /foundation/i.test(JSON.stringify(r))),
		).toBe(true);
		const sortDates = records.map((r) => r.date ?? '');
		expect(sortDates).toEqual([...sortDates].sort().reverse());

		const csv = await runCli(['export', '--format', 'csv', ...filter]);
		expectExit(csv, 0);
		const read = readExportCsv(csv.stdout);
		expect(read.rows.map((row) => Number(row[0]))).toEqual(records.map((r) => r.id));
		expect(read.meta[0]).toMatch(new RegExp(`^# ngo-bot export: ${records.length} entries\\.`));
		expect(read.meta.slice(1, 4)).toEqual([
			'# query: "foundation"',
			'# filters: from=2019-01-01',
			'# order: newest first',
		]);
		const json = await runCli(['export', '--format', 'json', ...filter]);
		expectExit(json, 0);
		const parsed = readExportJson(json.stdout);
		expect(parsed.entries).toEqual(records);
		expect(parsed.meta).toMatchObject({ query: 'foundation', filters: { from: '2019-01-01' }, order: 'newest' });
	});

	it('--query takes words like /search, and an alias resolves --ngo', async () => {
		const words = await runCli(['export', '--query', 'mental health', '--province', 'Heilongjiang', '--db', dbPath]);
		expectExit(words, 0);
		const records = parseJsonl(words.stdout);
		expect(records.length).toBeGreaterThan(0);
		expect(records.every((r) => r.provinces.includes('Heilongjiang') && /mental/i.test(r.text))).toBe(true);
		const alias = await runCli(['export', '--ngo', 'AIFO', '--format', 'json', '--db', dbPath]);
		expectExit(alias, 0);
		const { meta, entries } = readExportJson(alias.stdout);
		expect(entries.length).toBeGreaterThan(0);
		expect(meta.resolved.ngo).toBe('Associazione Italiana Amici di Raoul Follereau');
	});

	it('--partner and --field narrow like /search, and the file records what they resolved to', async () => {
		const asked = await runCli(['ask', '/search field:Health partner:"Jiangxi PSB"', '--json', '--db', dbPath]);
		expectExit(asked, 0);
		const search = JSON.parse(asked.stdout) as { answer: { page: { total: number }; entries: { id: number }[] } };
		const filters = ['--field', 'Health', '--partner', 'Jiangxi PSB', '--db', dbPath];
		const json = await runCli(['export', '--format', 'json', ...filters]);
		expectExit(json, 0);
		const { meta, entries } = readExportJson(json.stdout);
		expect(entries.length).toBeGreaterThan(0);
		expect(entries.map((r) => r.id)).toEqual(search.answer.entries.map((e) => e.id));
		expect(entries.length).toBe(search.answer.page.total);
		for (const record of entries) {
			expect(record.fields).toContain('health');
			expect(record.partners.map((p) => p.name)).toContain('Jiangxi Public Security Bureau');
		}
		expect(meta.resolved).toMatchObject({ partner: 'Jiangxi Public Security Bureau', field: 'health' });
		const csv = await runCli(['export', '--format', 'csv', ...filters]);
		expectExit(csv, 0);
		expect(readExportCsv(csv.stdout).meta[2]).toBe(
			'# filters: partner=Jiangxi PSB; field=Health (partner → Jiangxi Public Security Bureau; field → health)',
		);
		const unknown = await runCli(['export', '--partner', 'Zzyzx Water Bureau', '--db', dbPath]);
		expectExit(unknown, 1);
		expect(unknown.stderr).toMatch(/^error: --partner: No Chinese body the entries name matches “Zzyzx Water Bureau”/);
		const field = await runCli(['export', '--field', 'astrology', '--db', dbPath]);
		expectExit(field, 1);
		expect(field.stderr).toMatch(/^error: “astrology” is not a field of work\. Try one of: Aging, /);
	});

	it('says what is wrong with a filter: unknown province (1), bad type (2), impossible date (1), nothing matched (0)', async () => {
		const province = await runCli(['export', '--province', 'Atlantis', '--db', dbPath]);
		expectExit(province, 1);
		expect(province.stderr).toMatch(/^error: --province: .*Atlantis/);
		expect(province.stdout).toBe('');
		const type = await runCli(['export', '--type', 'party', '--db', dbPath]);
		expectExit(type, 2);
		expect(type.stderr).toMatch(/^error: --type must be one of registration,/);
		const date = await runCli(['export', '--from', '2019-02-30', '--db', dbPath]);
		expectExit(date, 1);
		expect(date.stderr).toMatch(/^error: from must be a real date written yyyy-mm-dd; got “2019-02-30”/);
		const none = await runCli(['export', '--query', 'zzyzxqwerty', '--format', 'csv', '--db', dbPath]);
		expectExit(none, 0);
		expect(readExportCsv(none.stdout).rows).toEqual([]);
		expect(none.stderr).toBe('No entries match; the export is empty.\n');
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
