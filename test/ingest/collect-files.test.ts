import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isUserFacingError } from '../../src/domain/errors.js';
import { collectFiles, formatFromPath, SUPPORTED_EXTENSIONS } from '../../src/ingest/collect-files.js';
import { loadSource } from '../../src/ingest/load-source.js';

let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'ngo-collect-'));
});

afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** Creates files (and their folders) under the temp dir. */
async function tree(files: Record<string, string | Uint8Array>): Promise<void> {
	for (const [name, content] of Object.entries(files)) {
		await mkdir(dirname(join(dir, name)), { recursive: true });
		await writeFile(join(dir, name), content);
	}
}

const collect = (...inputs: string[]) => collectFiles(inputs, { cwd: dir });

describe('collectFiles with directories', () => {
	it('walks folders recursively in sorted path order, skipping dot-folders and node_modules', async () => {
		await tree({
			'docs/b.md': '# B',
			'docs/a.txt': 'A',
			'docs/sub/c.html': '<p>C</p>',
			'docs/sub/deeper/d.htm': '<p>D</p>',
			'docs/aa/e.markdown': 'E',
			'docs/f.xhtml': '<p>F</p>',
			'docs/g.TEXT': 'G',
			'docs/.git/HEAD.txt': 'ref',
			'docs/.drafts/h.md': 'hidden',
			'docs/node_modules/pkg/README.md': 'dependency',
		});
		const result = await collect('docs');
		expect(result.files.map((file) => file.path)).toEqual([
			join('docs', 'a.txt'),
			join('docs', 'aa', 'e.markdown'),
			join('docs', 'b.md'),
			join('docs', 'f.xhtml'),
			join('docs', 'g.TEXT'),
			join('docs', 'sub', 'c.html'),
			join('docs', 'sub', 'deeper', 'd.htm'),
		]);
		expect(result.files[0]?.absolutePath).toBe(join(dir, 'docs', 'a.txt'));
		expect(result.problems).toEqual([]);
		expect(result.skipped).toBe(0);
	});

	it('skips unsupported and hidden files in a folder silently but counts them', async () => {
		await tree({
			'docs/report.txt': 'Report',
			'docs/scan.pdf': '%PDF-1.4',
			'docs/photo.jpg': 'jpg',
			'docs/.DS_Store': 'junk',
			'docs/._report.txt': 'resource fork',
			'docs/README': 'no extension',
		});
		const result = await collect('docs');
		expect(result.files.map((file) => file.path)).toEqual([join('docs', 'report.txt')]);
		expect(result.problems).toEqual([]);
		expect(result.skipped).toBe(5);
	});

	it('reports a folder with nothing ngo-bot can read', async () => {
		await tree({ 'scans/a.pdf': 'x', 'scans/b.docx': 'y' });
		await mkdir(join(dir, 'empty'));
		const result = await collect('scans', 'empty');
		expect(result.files).toEqual([]);
		expect(result.problems).toEqual([
			{
				path: 'scans',
				message: 'scans contains no .txt, .md or .html files (2 other files skipped); nothing to ingest there.',
				code: 'not-found',
			},
			{
				path: 'empty',
				message: 'empty contains no .txt, .md or .html files; nothing to ingest there.',
				code: 'not-found',
			},
		]);
	});

	it('follows a symlinked folder once and does not loop on a link back up the tree', async () => {
		await tree({ 'docs/a.txt': 'A' });
		await symlink(join(dir, 'docs'), join(dir, 'docs', 'loop'));
		await tree({ 'other/b.txt': 'B' });
		await symlink(join(dir, 'other'), join(dir, 'docs', 'linked'));
		const result = await collect('docs');
		expect(result.files.map((file) => file.path)).toEqual([join('docs', 'a.txt'), join('docs', 'linked', 'b.txt')]);
	});
});

describe('collectFiles with named files', () => {
	it('keeps the order of the arguments and shows paths relative to the working directory', async () => {
		await tree({ 'z.md': 'Z', 'a/b.txt': 'B' });
		const result = await collect('z.md', join(dir, 'a', 'b.txt'));
		expect(result.files).toEqual([
			{ path: 'z.md', absolutePath: join(dir, 'z.md') },
			{ path: join('a', 'b.txt'), absolutePath: join(dir, 'a', 'b.txt') },
		]);
	});

	it('shows a file outside the working directory by its absolute path', async () => {
		await tree({ 'outside/x.txt': 'X', 'cwd/keep.txt': 'K' });
		const result = await collectFiles(['../outside/x.txt'], { cwd: join(dir, 'cwd') });
		expect(result.files).toEqual([
			{ path: join(dir, 'outside', 'x.txt'), absolutePath: join(dir, 'outside', 'x.txt') },
		]);
	});

	it('accepts supported extensions in any case', async () => {
		await tree({ 'UPPER.TXT': 'U', 'Page.HTML': '<p>P</p>' });
		const result = await collect('UPPER.TXT', 'Page.HTML');
		expect(result.files.map((file) => file.path)).toEqual(['UPPER.TXT', 'Page.HTML']);
	});

	it('reports a named file with an unsupported extension', async () => {
		await tree({ 'report.pdf': '%PDF-1.4', notes: 'no extension' });
		const result = await collect('report.pdf', 'notes');
		expect(result.files).toEqual([]);
		expect(result.problems).toEqual([
			{
				path: 'report.pdf',
				message: 'report.pdf has extension .pdf; ngo-bot reads .txt, .md and .html files.',
				code: 'unsupported-file',
			},
			{
				path: 'notes',
				message: 'notes has no extension; ngo-bot reads .txt, .md and .html files. Rename it if it is one of those.',
				code: 'unsupported-file',
			},
		]);
	});
});

describe('collectFiles with missing paths', () => {
	it('reports a missing file and says how to fix it', async () => {
		const result = await collect('missing.txt');
		expect(result.files).toEqual([]);
		expect(result.problems).toEqual([
			{
				path: 'missing.txt',
				message: `missing.txt was not found. Check the spelling of the path. Relative paths are read from ${dir}.`,
				code: 'not-found',
			},
		]);
	});

	it('suggests the file the user probably meant when only case or extension differ', async () => {
		await tree({ 'docs/Digest-2019.md': 'D' });
		const result = await collect('docs/digest-2019.txt');
		expect(result.problems).toEqual([
			{
				path: join('docs', 'digest-2019.txt'),
				message: `${join('docs', 'digest-2019.txt')} was not found. Did you mean ${join('docs', 'Digest-2019.md')}?`,
				code: 'not-found',
			},
		]);
	});

	it('says when the folder of a missing file does not exist either', async () => {
		const result = await collect('nowhere/file.txt');
		expect(result.problems[0]?.message).toBe(
			`${join('nowhere', 'file.txt')} was not found: there is no folder ${join(dir, 'nowhere')}. Check the path. ` +
				`Relative paths are read from ${dir}.`,
		);
	});

	it('explains a broken symbolic link', async () => {
		await symlink(join(dir, 'deleted.txt'), join(dir, 'link.txt'));
		const result = await collect('link.txt');
		expect(result.problems).toEqual([
			{
				path: 'link.txt',
				message: `link.txt is a symbolic link to ${join(dir, 'deleted.txt')}, which does not exist. Fix or remove the link.`,
				code: 'not-found',
			},
		]);
	});

	it('reports an empty argument instead of ingesting the working directory', async () => {
		await tree({ 'a.txt': 'A' });
		const result = await collect('');
		expect(result.files).toEqual([]);
		expect(result.problems[0]).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/empty path/) });
	});

	it('still collects the good inputs next to a missing one', async () => {
		await tree({ 'good.txt': 'G' });
		const result = await collect('missing.md', 'good.txt');
		expect(result.files.map((file) => file.path)).toEqual(['good.txt']);
		expect(result.problems.map((problem) => problem.path)).toEqual(['missing.md']);
	});
});

describe('collectFiles deduplication', () => {
	it('lists a file named twice, or spelled two ways, once', async () => {
		await tree({ 'docs/a.txt': 'A' });
		const result = await collect('docs/a.txt', './docs/a.txt', join(dir, 'docs', 'a.txt'), 'docs/../docs/a.txt');
		expect(result.files).toEqual([{ path: join('docs', 'a.txt'), absolutePath: join(dir, 'docs', 'a.txt') }]);
	});

	it('lists a file reached through its folder and by name once, where it was first reached', async () => {
		await tree({ 'docs/a.txt': 'A', 'docs/b.txt': 'B' });
		const result = await collect('docs/b.txt', 'docs', 'docs/a.txt', 'docs');
		expect(result.files.map((file) => file.path)).toEqual([join('docs', 'b.txt'), join('docs', 'a.txt')]);
	});

	it('lists a file and symlinks or hard links to it once', async () => {
		await tree({ 'real.txt': 'R' });
		await symlink(join(dir, 'real.txt'), join(dir, 'alias.txt'));
		await link(join(dir, 'real.txt'), join(dir, 'hard.md'));
		const result = await collect('alias.txt', 'real.txt', 'hard.md');
		expect(result.files.map((file) => file.path)).toEqual(['alias.txt']);
	});

	it('reports a problem once even when the same missing path is named twice', async () => {
		const result = await collect('gone.txt', 'gone.txt');
		expect(result.problems).toHaveLength(1);
	});
});

describe('collectFiles then loadSource on a folder of mixed good and bad files', () => {
	it('loads the good files and refuses each bad one with its own message', async () => {
		await tree({
			'inbox/01-digest.txt': 'February 15, 2019:\n\nThe Fujian PSB met NGOs. 福建省公安厅。',
			'inbox/02-article.md': '# Title\n\n**Body** text',
			'inbox/03-page.html': '<script>SECRET()</script><style>p{}</style><p>Visible</p>',
			'inbox/04-empty.txt': '',
			'inbox/05-blank.md': '   \n\n\t',
			'inbox/06-binary.txt': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]),
			'inbox/07-latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
			'inbox/08-scan.pdf': '%PDF-1.4',
			'inbox/09-image.png': 'png',
		});
		await tree({ 'named.docx': 'docx' });
		const collected = await collect('inbox', 'named.docx');
		expect(collected.files).toHaveLength(7);
		expect(collected.skipped).toBe(2);
		expect(collected.problems).toEqual([
			{
				path: 'named.docx',
				message: 'named.docx has extension .docx; ngo-bot reads .txt, .md and .html files.',
				code: 'unsupported-file',
			},
		]);

		const outcomes: Record<string, string> = {};
		for (const file of collected.files) {
			outcomes[file.path] = await loadSource(file).then(
				(loaded) => `ok: ${loaded.text}`,
				(error: unknown) => (isUserFacingError(error) ? `${error.code}: ${error.message}` : `bug: ${String(error)}`),
			);
		}
		const p = (name: string): string => join('inbox', name);
		expect(outcomes).toEqual({
			[p('01-digest.txt')]: 'ok: February 15, 2019:\n\nThe Fujian PSB met NGOs. 福建省公安厅。',
			[p('02-article.md')]: 'ok: Title\n\nBody text',
			[p('03-page.html')]: 'ok: Visible',
			[p('04-empty.txt')]: `bad-input: ${p('04-empty.txt')} is empty: nothing to ingest.`,
			[p('05-blank.md')]: `bad-input: ${p('05-blank.md')} is empty: nothing to ingest.`,
			[p('06-binary.txt')]:
				`unsupported-file: ${p('06-binary.txt')} looks like a binary file, not text ` +
				'(it starts like a ZIP archive or an Office document (.docx, .xlsx)). Convert it to .txt, .md or .html first.',
			[p('07-latin1.txt')]:
				`bad-input: ${p('07-latin1.txt')} is not valid UTF-8 (first bad byte at offset 3). Re-save it as UTF-8.`,
		});
	});
});

describe('formatFromPath', () => {
	it('maps every supported extension to a format and others to null', () => {
		expect(SUPPORTED_EXTENSIONS.map((ext) => formatFromPath(`x${ext}`))).toEqual([
			'text',
			'text',
			'markdown',
			'markdown',
			'html',
			'html',
			'html',
		]);
		expect(formatFromPath('x.pdf')).toBeNull();
		expect(formatFromPath('.txt')).toBeNull();
	});
});
