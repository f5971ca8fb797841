import { type Dirent, type Stats } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';

import { type UserFacingErrorCode } from '../domain/errors.js';

/** A file to ingest: how to show it, and where it is. */
export interface SourceFile {
	/** As displayed: relative to the working directory when inside it, else absolute. */
	readonly path: string;
	readonly absolutePath: string;
}

/** An input that cannot be ingested, with a message that says how to fix it. */
export interface InputProblem {
	readonly path: string;
	readonly message: string;
	readonly code: UserFacingErrorCode;
}

export interface CollectedFiles {
	/** Unique files in input order; a directory contributes its files sorted by path. */
	readonly files: SourceFile[];
	readonly problems: InputProblem[];
	/** Files inside directories passed over because of their extension, or hidden. */
	readonly skipped: number;
}

export type SourceFormat = 'text' | 'markdown' | 'html';

const FORMAT_BY_EXTENSION: ReadonlyMap<string, SourceFormat> = new Map([
	['.txt', 'text'],
	['.text', 'text'],
	['.md', 'markdown'],
	['.markdown', 'markdown'],
	['.html', 'html'],
	['.htm', 'html'],
	['.xhtml', 'html'],
]);

/** Extensions ngo-bot reads, lower case with the dot. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...FORMAT_BY_EXTENSION.keys()];

const SUPPORTED_SUMMARY = 'ngo-bot reads .txt, .md and .html files';

/** Format implied by a file name's extension (case-insensitive), or null when ngo-bot does not read it. */
export function formatFromPath(filePath: string): SourceFormat | null {
	return FORMAT_BY_EXTENSION.get(path.extname(filePath).toLowerCase()) ?? null;
}

/** Message for a file whose extension ngo-bot does not read. */
export function unsupportedExtensionMessage(displayPath: string): string {
	const ext = path.extname(displayPath);
	return ext === ''
		? `${displayPath} has no extension; ${SUPPORTED_SUMMARY}. Rename it if it is one of those.`
		: `${displayPath} has extension ${ext}; ${SUPPORTED_SUMMARY}.`;
}

/** Expands files and directories named on the command line into the unique, readable-looking files to ingest. */
export async function collectFiles(inputs: readonly string[], options: { cwd?: string } = {}): Promise<CollectedFiles> {
	const cwd = path.resolve(options.cwd ?? process.cwd());
	const files: SourceFile[] = [];
	const problems: InputProblem[] = [];
	let skipped = 0;
	// Identity of a file is its device and inode, so the same file reached by two spellings, a symlink or a
	// hard link is ingested once.
	const seenFiles = new Set<string>();
	const seenDirs = new Set<string>();
	const display = (absolute: string): string => displayPath(cwd, absolute);

	const problem = (shown: string, message: string, code: UserFacingErrorCode): void => {
		if (!problems.some((p) => p.path === shown && p.message === message)) problems.push({ path: shown, message, code });
	};
	const addFile = (absolutePath: string, stats: Stats): void => {
		const key = identity(stats, absolutePath);
		if (seenFiles.has(key)) return;
		seenFiles.add(key);
		files.push({ path: display(absolutePath), absolutePath });
	};

	/** Adds the supported files under a folder in sorted path order; returns how many it found. */
	const walk = async (dir: string): Promise<number> => {
		let entries: Dirent[];
		try {
			entries = await readdir(dir, { withFileTypes: true });
		} catch (error) {
			problem(display(dir), unreadableMessage(display(dir), error), codeFor(error));
			return 0;
		}
		let found = 0;
		for (const entry of entries.sort((a, b) => compareNames(a.name, b.name))) {
			const full = path.join(dir, entry.name);
			// Hidden files and folders (.git, ._resource forks, editor backups) and dependencies are never documents.
			if (entry.name.startsWith('.') || entry.name === 'node_modules') {
				if (!entry.isDirectory()) skipped++;
				continue;
			}
			if (entry.isFile() && formatFromPath(entry.name) === null) {
				skipped++;
				continue;
			}
			const stats = await stat(full).catch(() => null);
			if (stats?.isDirectory()) {
				// Symlinked folders are followed once: a link back up the tree cannot loop.
				const key = identity(stats, full);
				if (seenDirs.has(key)) continue;
				seenDirs.add(key);
				found += await walk(full);
			} else if (stats?.isFile() && formatFromPath(entry.name) !== null) {
				addFile(full, stats);
				found++;
			} else {
				// Broken links, sockets, and links to unsupported files: clutter, not something asked for by name.
				skipped++;
			}
		}
		return found;
	};

	for (const input of inputs) {
		if (input.trim() === '') {
			problem(input, 'An empty path was given; name a file or folder to ingest.', 'bad-input');
			continue;
		}
		const absolute = path.resolve(cwd, input);
		const shown = display(absolute);
		let stats: Stats;
		try {
			stats = await stat(absolute);
		} catch (error) {
			const code = codeFor(error);
			problem(
				shown,
				code === 'not-found' ? await missingMessage(cwd, shown, absolute) : unreadableMessage(shown, error),
				code,
			);
			continue;
		}
		if (stats.isDirectory()) {
			const key = identity(stats, absolute);
			if (seenDirs.has(key)) continue;
			seenDirs.add(key);
			const skippedBefore = skipped;
			const problemsBefore = problems.length;
			const found = await walk(absolute);
			if (found === 0 && problems.length === problemsBefore) {
				const others = skipped - skippedBefore;
				problem(
					shown,
					`${shown} contains no .txt, .md or .html files` +
						(others > 0 ? ` (${others} other file${others === 1 ? '' : 's'} skipped)` : '') +
						'; nothing to ingest there.',
					'not-found',
				);
			}
		} else if (!stats.isFile()) {
			problem(shown, `${shown} is not a regular file or folder; name a .txt, .md or .html file.`, 'unsupported-file');
		} else if (formatFromPath(absolute) === null) {
			problem(shown, unsupportedExtensionMessage(shown), 'unsupported-file');
		} else {
			addFile(absolute, stats);
		}
	}
	return { files, problems, skipped };
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(cwd: string, absolute: string): string {
	const relative = path.relative(cwd, absolute);
	if (relative === '') return '.';
	return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

function identity(stats: Stats, absolutePath: string): string {
	// Some file systems report no inode numbers; fall back to the path then.
	return stats.ino === 0 ? `path:${absolutePath}` : `${stats.dev}:${stats.ino}`;
}

function compareNames(a: string, b: string): number {
	// Code-unit order, not locale order: the same listing on every machine.
	return a < b ? -1 : a > b ? 1 : 0;
}

function codeFor(error: unknown): UserFacingErrorCode {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT' || code === 'ENOTDIR') return 'not-found';
	if (code === 'EACCES' || code === 'EPERM') return 'forbidden';
	return 'bad-input';
}

function unreadableMessage(shown: string, error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EACCES' || code === 'EPERM') {
		return `${shown} cannot be read: permission denied. Check its permissions, or run ngo-bot as a user who can read it.`;
	}
	if (code === 'ELOOP') return `${shown} is a symbolic link that loops back on itself; point it at a real file.`;
	return `${shown} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))}).`;
}

/** Says what is missing and the likeliest fix: a broken link, a typo in the name, or a missing folder. */
async function missingMessage(cwd: string, shown: string, absolute: string): Promise<string> {
	const link = await lstat(absolute).catch(() => null);
	if (link?.isSymbolicLink()) {
		const target = await readlink(absolute).catch(() => '?');
		return `${shown} is a symbolic link to ${target}, which does not exist. Fix or remove the link.`;
	}
	const relativeHint = path.isAbsolute(shown) ? '' : ` Relative paths are read from ${cwd}.`;
	const parent = path.dirname(absolute);
	const siblings = await readdir(parent).catch(() => null);
	if (siblings === null) {
		return `${shown} was not found: there is no folder ${parent}. Check the path.${relativeHint}`;
	}
	const name = path.basename(absolute);
	const stem = path.basename(name, path.extname(name)).toLowerCase();
	// A different case or extension is the commonest slip ("Report.TXT", "report.md" for "report.txt").
	const suggestion = siblings
		.filter((sibling) => !sibling.startsWith('.') && sibling !== name)
		.sort(compareNames)
		.find(
			(sibling) =>
				sibling.toLowerCase() === name.toLowerCase() ||
				(path.basename(sibling, path.extname(sibling)).toLowerCase() === stem && formatFromPath(sibling) !== null),
		);
	if (suggestion) return `${shown} was not found. Did you mean ${path.join(path.dirname(shown), suggestion)}?`;
	return `${shown} was not found. Check the spelling of the path.${relativeHint}`;
}
