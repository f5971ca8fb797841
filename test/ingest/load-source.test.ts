import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, open, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { UserFacingError } from '../../src/domain/errors.js';
import { type SourceFile } from '../../src/ingest/collect-files.js';
import {
	DEFAULT_MAX_BYTES,
	type LoadedSource,
	decodeSourceBytes,
	loadSource,
	loadSourceSync,
	sourceFromString,
} from '../../src/ingest/load-source.js';

const MB = 1024 * 1024;
const fixture = (name: string): URL => new URL(`../fixtures/documents/${name}`, import.meta.url);

let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'ngo-load-source-'));
});

afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** Writes a file in the temp dir and returns it as collectFiles would. */
async function put(name: string, content: string | Uint8Array): Promise<SourceFile> {
	const absolutePath = join(dir, name);
	await writeFile(absolutePath, content);
	return { path: `docs/${name}`, absolutePath };
}

/** The UserFacingError a promise or function rejects with; fails the test when it does not. */
async function refusal(action: Promise<unknown> | (() => unknown)): Promise<UserFacingError> {
	try {
		await (typeof action === 'function' ? action() : action);
	} catch (error) {
		expect(error).toBeInstanceOf(UserFacingError);
		return error as UserFacingError;
	}
	throw new Error('expected a UserFacingError, but nothing was thrown');
}

// The parse worker reads with loadSourceSync, in-process ingest with loadSource: both must read and refuse alike.
const LOADERS: [string, (file: SourceFile, options?: { maxBytes?: number }) => Promise<LoadedSource>][] = [
	['loadSource', loadSource],
	['loadSourceSync', async (file, options) => loadSourceSync(file, options)],
];

describe.each(LOADERS)('%s on good files', (_name, load) => {
	it('reads a plain-text file as normalized text with no metadata', async () => {
		const file = await put(
			'digest.txt',
			'You are here\r\n\r\n\r\nMarch 19, 2019\r\n\r\nFebruary 15, 2019:\r\n\tThe  Fujian PSB…  \r\n',
		);
		const loaded = await load(file);
		expect(loaded).toEqual({
			path: 'docs/digest.txt',
			absolutePath: file.absolutePath,
			format: 'text',
			text: 'You are here\n\nMarch 19, 2019\n\nFebruary 15, 2019:\nThe Fujian PSB…',
			meta: { title: null, published: null, url: null },
			bytes: (await stat(file.absolutePath)).size,
		});
	});

	it('keeps Markdown syntax and Discord mentions in a .txt file exactly as written', async () => {
		const line = '**Not bold** _here_ # nor a heading: @everyone @here <@123> <#456>';
		const loaded = await load(await put('notes.txt', `${line}\n`));
		expect(loaded.text).toBe(line);
	});

	it('keeps Chinese text through decoding and normalization', async () => {
		const chinese = '境外非政府组织境内活动管理法\n\n第一条　为了规范、引导境外非政府组织在中国境内的活动。';
		const loaded = await load(await put('law.txt', chinese));
		expect(loaded.text).toBe('境外非政府组织境内活动管理法\n\n第一条 为了规范、引导境外非政府组织在中国境内的活动。');
	});

	it('strips a UTF-8 byte-order mark', async () => {
		const loaded = await load(await put('bom.txt', Buffer.from('\uFEFFHeading\n\nBody', 'utf8')));
		expect(loaded.text).toBe('Heading\n\nBody');
		expect(loaded.bytes).toBe(Buffer.byteLength('\uFEFFHeading\n\nBody'));
	});

	it('decodes UTF-16 little- and big-endian files that start with a byte-order mark', async () => {
		const text = 'Guangdong 广东 PSB';
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const be = Buffer.from(le.subarray(2)).swap16();
		expect((await load(await put('le.txt', le))).text).toBe(text);
		expect((await load(await put('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be])))).text).toBe(text);
	});

	it('reads Markdown with its front matter as metadata', async () => {
		const file = { path: 'mps-digest.md', absolutePath: join(dir, 'mps-digest.md') };
		await copyFile(fixture('mps-digest.md'), file.absolutePath);
		const loaded = await load(file);
		expect(loaded.format).toBe('markdown');
		expect(loaded.meta).toEqual({
			title: 'Registrations in Guangdong, a Charity Fair in Zhejiang',
			published: '2019-05-14',
			url: 'https://www.chinafile.example/ngo/digest/guangdong-zhejiang',
		});
		expect(loaded.text).toContain('\n\nApril 26, 2019:\n\n');
		expect(loaded.text).not.toContain('**');
	});

	it('reads an HTML page as its content, without scripts, styles or page furniture', async () => {
		const file = { path: 'page.htm', absolutePath: join(dir, 'page.htm') };
		await copyFile(fixture('chinafile-digest.html'), file.absolutePath);
		const loaded = await load(file);
		expect(loaded.format).toBe('html');
		expect(loaded.meta.published).toBe('2019-04-02');
		expect(loaded.text).toContain('March 21, 2019:\n\nThe Shaanxi PSB hosted a forum');
		expect(loaded.text).not.toMatch(/SHOULD_NOT_APPEAR|dataLayer|color: red|Share on Twitter|All rights reserved/);
	});

	it('drops script and style contents from an HTML file and keeps the visible text', async () => {
		const html =
			'<html><head><style>p { color: red }</style><script>alert("boom")</script></head>' +
			'<body><p>Visible paragraph</p><script type="module">import x from "y";</script><p>Second</p></body></html>';
		const loaded = await load(await put('page.html', html));
		expect(loaded.text).toBe('Visible paragraph\n\nSecond');
	});

	it('treats a .txt file that is really a saved web page as HTML', async () => {
		const loaded = await load(
			await put('saved.txt', '\n  <!DOCTYPE html><html><title>Saved | Site</title><p>Body &amp; soul</p></html>'),
		);
		expect(loaded.format).toBe('html');
		expect(loaded.text).toBe('Body & soul');
		expect(loaded.meta.title).toBe('Saved');
	});

	it('reads a .txt file that merely mentions <html> later on as plain text', async () => {
		const loaded = await load(await put('about-html.txt', 'Notes on the <html> element and <p> tags.'));
		expect(loaded.format).toBe('text');
		expect(loaded.text).toBe('Notes on the <html> element and <p> tags.');
	});

	it('accepts a file exactly at the size limit', async () => {
		const file = await put('limit.txt', 'x'.repeat(1024));
		expect((await load(file, { maxBytes: 1024 })).bytes).toBe(1024);
	});
});

describe.each(LOADERS)('%s on bad files', (_name, load) => {
	it('refuses an empty file', async () => {
		const error = await refusal(load(await put('empty.txt', '')));
		expect(error.message).toBe('docs/empty.txt is empty: nothing to ingest.');
		expect(error.code).toBe('bad-input');
	});

	it('refuses a file with only whitespace, BOM included', async () => {
		const error = await refusal(load(await put('blank.md', '\uFEFF \n\t\r\n  \n')));
		expect(error.message).toBe('docs/blank.md is empty: nothing to ingest.');
	});

	it('refuses a file with only invisible characters', async () => {
		const error = await refusal(load(await put('invisible.txt', '\u200B\u200D\u2060\n')));
		expect(error.message).toBe('docs/invisible.txt is empty: nothing to ingest.');
	});

	it('refuses an HTML page with no readable text, saying why', async () => {
		const error = await refusal(load(await put('shell.html', '<html><body><script>app()</script></body></html>')));
		expect(error.message).toBe(
			'docs/shell.html has no readable text once markup, scripts and page navigation are removed: nothing to ingest.',
		);
	});

	it('refuses a binary file with NUL bytes and names the kind when it recognises it', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]);
		const error = await refusal(load(await put('photo.txt', png)));
		expect(error.message).toBe(
			'docs/photo.txt looks like a binary file, not text (it starts like a PNG image). Convert it to .txt, .md or .html first.',
		);
		expect(error.code).toBe('unsupported-file');
	});

	it('refuses a file full of control characters even without NUL bytes', async () => {
		const bytes = Buffer.alloc(4096, 'abc\u0001\u0002\u0003\u0004');
		const error = await refusal(load(await put('data.txt', bytes)));
		expect(error.message).toMatch(/^docs\/data\.txt looks like a binary file, not text\./);
	});

	it('refuses invalid UTF-8 and reports the offset of the first bad byte', async () => {
		const bytes = Buffer.concat([Buffer.from('a'.repeat(1234)), Buffer.from([0xe9]), Buffer.from('té')]);
		const error = await refusal(load(await put('latin1.txt', bytes)));
		expect(error.message).toBe(
			'docs/latin1.txt is not valid UTF-8 (first bad byte at offset 1234). Re-save it as UTF-8.',
		);
		expect(error.code).toBe('bad-input');
	});

	it('refuses a 50 MB file from its size alone, without reading it into memory', async () => {
		const file = { path: 'huge.txt', absolutePath: join(dir, 'huge.txt') };
		await writeFile(file.absolutePath, '');
		// Sparse: 50 MB on paper, nothing on disk. Read, it would be 50 MB of NUL bytes and fail as binary instead.
		await truncate(file.absolutePath, 50 * MB);
		const before = process.memoryUsage().rss;
		const error = await refusal(load(file));
		const grown = process.memoryUsage().rss - before;
		expect(error.message).toBe(
			'huge.txt is 50.0 MB, over the 10 MB limit for one document. Split it into smaller files, or raise the limit with --max-size.',
		);
		expect(error.code).toBe('too-large');
		// Far below even the 10 MB a read capped at the limit would take.
		expect(grown).toBeLessThan(4 * MB);
	});

	it('uses the maxBytes option as the limit and shows exact bytes when rounding would hide the excess', async () => {
		const small = await put('small.txt', 'x'.repeat(3000));
		expect((await refusal(load(small, { maxBytes: 1024 }))).message).toBe(
			'docs/small.txt is 2.9 KB, over the 1 KB limit for one document. Split it into smaller files, or raise the limit with --max-size.',
		);
		const justOver = await put('just-over.txt', 'x'.repeat(1025));
		expect((await refusal(load(justOver, { maxBytes: 1024 }))).message).toMatch(
			/^docs\/just-over\.txt is 1025 bytes, over the 1 KB limit/,
		);
	});

	it('has a 10 MB default limit', () => {
		expect(DEFAULT_MAX_BYTES).toBe(10 * MB);
	});

	it('refuses a file that disappeared after it was collected', async () => {
		const error = await refusal(load({ path: 'gone.txt', absolutePath: join(dir, 'gone.txt') }));
		expect(error.code).toBe('not-found');
		expect(error.message).toMatch(/^gone\.txt no longer exists/);
	});

	it('refuses a file whose extension it does not read', async () => {
		const error = await refusal(load(await put('report.pdf', '%PDF-1.4')));
		expect(error.message).toBe('docs/report.pdf has extension .pdf; ngo-bot reads .txt, .md and .html files.');
		expect(error.code).toBe('unsupported-file');
	});

	it.runIf(existsSync('/proc/self/status'))(
		'reads one byte past the size it measured, to notice growth (a /proc file measures 0 bytes)',
		async () => {
			const file = { path: 'status.txt', absolutePath: join(dir, 'status.txt') };
			await symlink('/proc/self/status', file.absolutePath);
			expect((await load(file)).bytes).toBe(1);
		},
	);

	it('refuses a file that grew past the limit after it was measured, reading no more than the limit', async () => {
		// Simulates growth between stat and read by holding the file open and appending while loading.
		const file = await put('growing.txt', 'x'.repeat(1000));
		const handle = await open(file.absolutePath, 'a');
		try {
			const loading = load(file, { maxBytes: 1000 });
			await handle.write('y'.repeat(5000));
			// Either outcome is correct depending on timing, but never more than the limit's worth of text.
			const result = await loading.then(
				(loaded) => loaded.text.length,
				(error: unknown) => (error as UserFacingError).code,
			);
			expect([1000, 'too-large']).toContain(result);
		} finally {
			await handle.close();
		}
	});
});

describe('decodeSourceBytes', () => {
	const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

	it('decodes UTF-8 and drops a byte-order mark', () => {
		expect(decodeSourceBytes(utf8('\uFEFF中文 text'), 'upload')).toBe('中文 text');
	});

	it.each([
		['a lone continuation byte', [0x61, 0x80, 0x62], 1],
		['a truncated sequence at the end', [0x61, 0x62, 0xe4, 0xb8], 2],
		['a truncated sequence in the middle', [0x61, 0xe4, 0xb8, 0x41], 1],
		['an overlong encoding', [0x61, 0x61, 0x61, 0xc0, 0xaf], 3],
		['an encoded surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
		['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
	])('reports %s at the offset where it starts', (_, bytes, offset) => {
		expect(() => decodeSourceBytes(Uint8Array.from(bytes), 'upload')).toThrow(
			`upload is not valid UTF-8 (first bad byte at offset ${offset}). Re-save it as UTF-8.`,
		);
	});

	it('counts the offset in bytes, after multi-byte characters', () => {
		const bytes = Uint8Array.from([...utf8('中文'), 0xff]);
		expect(() => decodeSourceBytes(bytes, 'upload')).toThrow('first bad byte at offset 6');
	});

	it('refuses empty and whitespace-only input', () => {
		expect(() => decodeSourceBytes(new Uint8Array(), 'upload')).toThrow('upload is empty: nothing to ingest.');
		expect(() => decodeSourceBytes(utf8(' \n\t'), 'upload')).toThrow('upload is empty: nothing to ingest.');
	});

	it('refuses binary input and names a PDF', () => {
		const pdf = utf8('%PDF-1.7\n%\u0000\u0000binary');
		expect(() => decodeSourceBytes(pdf, 'report')).toThrow(
			'report looks like a binary file, not text (it starts like a PDF document).',
		);
	});

	it('refuses UTF-16 text that hides NUL characters', () => {
		const bytes = Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00, 0x42, 0x00]);
		expect(() => decodeSourceBytes(bytes, 'upload')).toThrow('upload looks like a binary file, not text');
	});
});

describe('sourceFromString', () => {
	it('cleans HTML that came from elsewhere exactly as a file would be', () => {
		const html =
			'<html><head><title>Fetched | Site</title><script>x()</script></head><body><p>Hello&nbsp;world</p></body></html>';
		expect(sourceFromString(html, 'html', 'https://example.org/page')).toEqual({
			format: 'html',
			text: 'Hello world',
			meta: { title: 'Fetched', published: null, url: null },
			bytes: Buffer.byteLength(html),
		});
	});

	it('sniffs HTML in text that was announced as plain text', () => {
		expect(sourceFromString('<!doctype html><p>Body</p>', 'text', 'upload').format).toBe('html');
	});

	it('reads Markdown uploads and counts bytes as UTF-8', () => {
		const source = sourceFromString('# 标题\n\n*Body*', 'markdown', 'upload.md');
		expect(source).toEqual({
			format: 'markdown',
			text: '标题\n\nBody',
			meta: { title: '标题', published: null, url: null },
			bytes: Buffer.byteLength('# 标题\n\n*Body*'),
		});
	});

	it('applies the same refusals: empty, whitespace-only and binary', () => {
		expect(() => sourceFromString('', 'text', 'upload')).toThrow('upload is empty: nothing to ingest.');
		expect(() => sourceFromString('\uFEFF \n ', 'markdown', 'upload')).toThrow('upload is empty: nothing to ingest.');
		expect(() => sourceFromString('PK\u0003\u0004\u0000\u0000', 'text', 'upload')).toThrow(
			'upload looks like a binary file, not text',
		);
	});

	it('refusals are UserFacingErrors with codes', async () => {
		const error = await refusal(() => sourceFromString('   ', 'text', 'upload'));
		expect(error.code).toBe('bad-input');
	});
});
