import { existsSync, mkdirSync, openSync, closeSync, ftruncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { type CliResult, describeResult, parseJsonl, readStoredCorpus, runCli } from '../helpers/run-cli.js';

const tempDir = useTempDir('ngo-bot-cli-bad-');

/** A small digest in the sample's format: two dated items, each naming a province and an organization. */
const GOOD_DIGEST = [
	'Ministry of Public Security WeChat Posts—March 1-10, 2019',
	'',
	'March 3, 2019:',
	'',
	'The Hunan PSB Foreign NGO Management Office issued a registration certificate to the Example Foundation (Japan).',
	'',
	'March 5, 2019:',
	'',
	'The Yunnan PSB Foreign NGO Management Office held a training session for the Example Foundation (Japan).',
	'',
].join('\n');

const FAILED_SUMMARY =
	/^0 documents ingested, 0 entries \(0 new, 0 kept, 0 removed, 0 documents unchanged\), 1 failed\.$/m;

/** Runs `ingest` in the test's temporary directory (so paths are shown as given) against its own database. */
async function ingest(...args: string[]): Promise<{ result: CliResult; dbPath: string }> {
	const dbPath = join(tempDir(), 'ngo.sqlite');
	const result = await runCli(['ingest', ...args, '--db', dbPath], { cwd: tempDir() });
	return { result, dbPath };
}

function expectExit(result: CliResult, code: number): void {
	expect(result.code, describeResult(result)).toBe(code);
}

/** The failure is reported on its own line naming the file, and the run ends with the failure count on stderr. */
function expectOneFailure(result: CliResult, message: RegExp): void {
	expectExit(result, 1);
	const failed = result.stdout.split('\n').filter((line) => line.startsWith('failed '));
	expect(failed, describeResult(result)).toHaveLength(1);
	expect(failed[0]).toMatch(message);
	expect(result.stdout).toMatch(FAILED_SUMMARY);
	expect(result.stderr).toBe('1 input could not be ingested; the report lists it as failed.\n');
	expect(result.stderr + result.stdout).not.toMatch(/unexpected error|\n\s+at /);
}

function expectNothingStored(dbPath: string): void {
	// The database is opened only when a document is ready to be stored, so a failed input creates none.
	expect(existsSync(dbPath)).toBe(false);
}

describe('ingest refuses bad input with a message naming the file and saying what to do', () => {
	it('a path that does not exist: exit 1, the message names the path and says to check its spelling', async () => {
		const { result, dbPath } = await ingest('reports/missing-report.txt');
		expectOneFailure(result, /reports\/missing-report\.txt was not found: there is no folder .*reports\. Check/);
		expectNothingStored(dbPath);
	});

	it('a misspelt file name next to the real one: the message suggests the real one', async () => {
		writeFileSync(join(tempDir(), 'report.md'), GOOD_DIGEST);
		const { result, dbPath } = await ingest('report.txt');
		expectOneFailure(result, /report\.txt was not found\. Did you mean report\.md\?/);
		expectNothingStored(dbPath);
	});

	it('an empty file: exit 1, reported as empty, nothing stored', async () => {
		writeFileSync(join(tempDir(), 'empty.txt'), '');
		const { result, dbPath } = await ingest('empty.txt');
		expectOneFailure(result, /^failed +empty\.txt is empty: nothing to ingest\.$/);
		expectNothingStored(dbPath);
	});

	it('a file of only whitespace counts as empty', async () => {
		writeFileSync(join(tempDir(), 'blank.md'), ' \n\t\n\r\n   \n');
		const { result, dbPath } = await ingest('blank.md');
		expectOneFailure(result, /^failed +blank\.md is empty: nothing to ingest\.$/);
		expectNothingStored(dbPath);
	});

	it('a binary file with NUL bytes: exit 1, told to convert it to text first', async () => {
		writeFileSync(
			join(tempDir(), 'data.txt'),
			Buffer.concat([Buffer.from('Report\n'), Buffer.alloc(64), Buffer.from('x')]),
		);
		const { result, dbPath } = await ingest('data.txt');
		expectOneFailure(
			result,
			/data\.txt looks like a binary file, not text\. Convert it to \.txt, \.md or \.html first\./,
		);
		expectNothingStored(dbPath);
	});

	it('a binary file with a known signature says what it looks like', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
		writeFileSync(join(tempDir(), 'scan.txt'), png);
		const { result, dbPath } = await ingest('scan.txt');
		expectOneFailure(result, /scan\.txt looks like a binary file, not text \(it starts like a PNG image\)/);
		expectNothingStored(dbPath);
	});

	it('invalid UTF-8 inside otherwise good text: exit 1, names the offset of the bad byte and says to re-save as UTF-8', async () => {
		const prefix = Buffer.from(`${GOOD_DIGEST}\nMarch 7, 2019:\n\n`);
		const bytes = Buffer.concat([prefix, Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x20]), Buffer.from('more text.\n')]);
		writeFileSync(join(tempDir(), 'latin.txt'), bytes);
		const { result, dbPath } = await ingest('latin.txt');
		expectOneFailure(
			result,
			new RegExp(
				`latin\\.txt is not valid UTF-8 \\(first bad byte at offset ${prefix.length + 2}\\)\\. Re-save it as UTF-8\\.`,
			),
		);
		expectNothingStored(dbPath);
	});

	it('a 50 MB file is refused from its size alone, pointing at --max-size', async () => {
		const path = join(tempDir(), 'huge.txt');
		// A sparse file: 50 MB long, no disk space, and refused before a byte of it is read.
		const fd = openSync(path, 'w');
		ftruncateSync(fd, 50 * 1024 * 1024);
		closeSync(fd);
		expect(statSync(path).size).toBe(50 * 1024 * 1024);
		const { result, dbPath } = await ingest('huge.txt');
		expectOneFailure(
			result,
			/huge\.txt is 50\.0 MB, over the 10 MB limit for one document\. Split it into smaller files, or raise the limit with --max-size\./,
		);
		expectNothingStored(dbPath);
	});

	it('--max-size lowers the limit, and the message states the limit given', async () => {
		writeFileSync(join(tempDir(), 'digest.txt'), GOOD_DIGEST.repeat(20));
		const { result, dbPath } = await ingest('digest.txt', '--max-size', '0.001');
		expectOneFailure(result, /digest\.txt is \d+(\.\d)? KB, over the 1(\.0)? KB limit for one document\..*--max-size/);
		expectNothingStored(dbPath);
	});

	it('--max-size abc is wrong usage: exit 2, says what --max-size takes, creates no database', async () => {
		writeFileSync(join(tempDir(), 'digest.txt'), GOOD_DIGEST);
		const { result, dbPath } = await ingest('digest.txt', '--max-size', 'abc');
		expect(result.stderr).toMatch(/^error: --max-size takes a size in megabytes .*, got "abc"\.$/m);
		expect(result.stdout).toBe('');
		expect(existsSync(dbPath)).toBe(false);
		// Exit code 2 is the CLI's code for wrong usage (like an unknown option or --format xml), with the usage shown.
		expectExit(result, 2);
		expect(result.stderr).toContain('Usage: npm run -s cli -- ingest');
	});

	it('HTML: the visible text is stored, script and style contents are not', async () => {
		writeFileSync(
			join(tempDir(), 'page.html'),
			[
				'<!doctype html>',
				'<html><head><title>Foreign NGO news</title>',
				'<style>body { color: red } .styleSecret::after { content: "STYLE-SECRET" }</style>',
				'<script>window.scriptSecret = "SCRIPT-SECRET";</script></head>',
				'<body><h1>Foreign NGO news</h1>',
				'<p>March 3, 2019: The Hunan PSB Foreign NGO Management Office issued a registration certificate to the Example Foundation (Japan).</p>',
				'<script type="module">document.title = "INLINE-SCRIPT-SECRET";</script>',
				'<p>March 5, 2019: The Yunnan PSB Foreign NGO Management Office held a training session for the Example Foundation (Japan).</p>',
				'<style>p { margin: 0 } /* BODY-STYLE-SECRET */</style>',
				'</body></html>',
			].join('\n'),
		);
		const { result, dbPath } = await ingest('page.html');
		expectExit(result, 0);
		expect(result.stdout).toMatch(/^added +\w+ +2 entries \(2 new, 0 kept, 0 removed\) +page\.html$/m);
		const exported = await runCli(['export', '--db', dbPath]);
		expectExit(exported, 0);
		const records = parseJsonl(exported.stdout);
		const text = records.map((record) => record.text).join('\n');
		expect(text).toContain('issued a registration certificate to the Example Foundation (Japan).');
		expect(text).toContain('held a training session for the Example Foundation (Japan).');
		expect(exported.stdout).not.toMatch(/SECRET|scriptSecret|styleSecret|color: red|margin: 0/);
		expect(records.map((record) => record.provinces)).toEqual([['Hunan'], ['Yunnan']]);
	});

	it('a folder of good and bad files: the good one is stored, the bad ones named, other types skipped silently, exit 1', async () => {
		const folder = join(tempDir(), 'inbox');
		mkdirSync(folder);
		writeFileSync(join(folder, 'good.txt'), GOOD_DIGEST);
		writeFileSync(join(folder, 'notes.md'), '');
		writeFileSync(join(folder, 'photo.txt'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]));
		writeFileSync(join(folder, 'report.pdf'), '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
		const { result, dbPath } = await ingest('inbox');
		expectExit(result, 1);
		const lines = result.stdout.split('\n');
		expect(lines).toContainEqual(
			expect.stringMatching(/^added +digest +2 entries \(2 new, 0 kept, 0 removed\) +inbox\/good\.txt$/),
		);
		expect(lines).toContainEqual('failed     inbox/notes.md is empty: nothing to ingest.');
		expect(lines).toContainEqual(
			'failed     inbox/photo.txt looks like a binary file, not text (it starts like a JPEG image). Convert it to .txt, .md or .html first.',
		);
		expect(result.stdout).not.toContain('report.pdf');
		expect(result.stderr).not.toContain('report.pdf');
		expect(result.stdout).toMatch(/^1 document ingested, 2 entries .*, 2 failed; 1 files? of other types skipped\.$/m);
		expect(result.stderr).toBe('2 inputs could not be ingested; the report lists them as failed.\n');

		const corpus = readStoredCorpus(dbPath);
		expect(corpus.stats.documents).toBe(1);
		expect(corpus.entries.map((entry) => entry.source.path)).toEqual(['inbox/good.txt', 'inbox/good.txt']);
		expect(corpus.partialDocuments).toEqual([]);
	});

	it('a PDF named directly (not inside a folder) is refused with the types ngo-bot reads', async () => {
		writeFileSync(join(tempDir(), 'report.pdf'), '%PDF-1.4\n');
		const { result, dbPath } = await ingest('report.pdf');
		expectOneFailure(result, /report\.pdf has extension \.pdf; ngo-bot reads \.txt, \.md and \.html files\./);
		expectNothingStored(dbPath);
	});

	it('the same file given several times (different spellings) is ingested once', async () => {
		writeFileSync(join(tempDir(), 'digest.txt'), GOOD_DIGEST);
		const { result, dbPath } = await ingest('digest.txt', 'digest.txt', './digest.txt', join(tempDir(), 'digest.txt'));
		expectExit(result, 0);
		const documentLines = result.stdout.split('\n').filter((line) => /^(added|unchanged|replaced|failed) /.test(line));
		expect(documentLines).toHaveLength(1);
		expect(documentLines[0]).toMatch(/^added +digest +2 entries \(2 new, 0 kept, 0 removed\) +digest\.txt$/);
		expect(result.stdout).toContain(
			'1 document ingested, 2 entries (2 new, 0 kept, 0 removed, 0 documents unchanged).',
		);
		const corpus = readStoredCorpus(dbPath);
		expect(corpus.stats.documents).toBe(1);
		expect(corpus.entries).toHaveLength(2);
	});

	it('Markdown syntax and Discord mentions in a .txt document are stored verbatim as plain text', async () => {
		const mentions = '**Bold claim** _under_ `code` [link](https://example.org) @everyone @here <@123> <#456> <@&789>';
		writeFileSync(
			join(tempDir(), 'mentions.txt'),
			`${GOOD_DIGEST}\nMarch 8, 2019:\n\nThe Gansu PSB Foreign NGO Management Office met the Example Foundation (Japan). ${mentions}\n`,
		);
		const { result, dbPath } = await ingest('mentions.txt');
		expectExit(result, 0);
		const entries = readStoredCorpus(dbPath).entries;
		const entry = entries.find((candidate) => candidate.text.includes('Gansu'));
		expect(entry, JSON.stringify(entries, null, 2)).toBeDefined();
		expect(entry!.text).toContain(mentions);
		const exported = parseJsonl((await runCli(['export', '--db', dbPath])).stdout);
		expect(exported.find((record) => record.id === entry!.id)?.text).toBe(entry!.text);
	});

	it('Discord mentions in a .md document survive as plain text (only the Markdown markup is removed)', async () => {
		writeFileSync(
			join(tempDir(), 'mentions.md'),
			`${GOOD_DIGEST}\nMarch 8, 2019:\n\nThe Gansu PSB Foreign NGO Management Office met the **Example Foundation** (Japan). Ping @everyone and <@123>.\n`,
		);
		const { result, dbPath } = await ingest('mentions.md');
		expectExit(result, 0);
		const entry = readStoredCorpus(dbPath).entries.find((candidate) => candidate.text.includes('Gansu'));
		expect(entry?.text).toContain('Example Foundation (Japan). Ping @everyone and <@123>.');
		expect(entry?.text).not.toContain('**');
	});
});
