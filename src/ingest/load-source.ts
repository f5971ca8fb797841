import { type Stats, closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';

import { UserFacingError } from '../domain/errors.js';
import { formatFromPath, type SourceFile, type SourceFormat, unsupportedExtensionMessage } from './collect-files.js';
import { htmlToText } from './html-to-text.js';
import { markdownToText } from './markdown-to-text.js';
import { normalizeText } from './normalize-text.js';

/** Largest document loadSource reads unless told otherwise: 10 MB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** What a document says about itself (HTML head, Markdown front matter); all null for plain text. */
export interface SourceMeta {
	readonly title: string | null;
	/** `yyyy-mm-dd` */
	readonly published: string | null;
	readonly url: string | null;
}

/** A document's clean text, whatever it arrived as. */
export interface CleanSource {
	/** Format the text was read as: HTML found in a .txt file counts as html. */
	readonly format: SourceFormat;
	/** Normalized text: paragraphs separated by one blank line, no markup. */
	readonly text: string;
	readonly meta: SourceMeta;
	/** Size of the input in bytes (UTF-8 for strings). */
	readonly bytes: number;
}

export interface LoadedSource extends CleanSource {
	readonly path: string;
	readonly absolutePath: string;
}

const BINARY_SAMPLE_BYTES = 8 * 1024;
// Text in any language has few control characters; office files and images without NULs early on have many.
const MAX_CONTROL_SHARE = 0.1;

/** Reads, checks and cleans one file; refuses empty, oversized, binary and mis-encoded files with a clear message. */
export async function loadSource(file: SourceFile, options: { maxBytes?: number } = {}): Promise<LoadedSource> {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
	const format = formatOf(file);
	// Size is checked from metadata first, so an oversized file is refused without reading a byte of it.
	const stats = await stat(file.absolutePath).catch((error: unknown) => {
		throw fileError(file.path, error);
	});
	checkStats(stats, file.path, maxBytes);
	return loaded(file, format, await readAtMost(file.absolutePath, maxBytes, file.path));
}

/**
 * loadSource with synchronous reads, for a thread that has nothing else to do while it reads (the ingest's parse
 * worker): the same checks, text and refusals, at a tenth of the CPU the promise-based calls cost per file (~3 % of
 * parsing a corpus of small files).
 */
export function loadSourceSync(file: SourceFile, options: { maxBytes?: number } = {}): LoadedSource {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
	const format = formatOf(file);
	let stats: Stats;
	try {
		stats = statSync(file.absolutePath);
	} catch (error) {
		throw fileError(file.path, error);
	}
	checkStats(stats, file.path, maxBytes);
	return loaded(file, format, readAtMostSync(file.absolutePath, maxBytes, file.path));
}

function formatOf(file: SourceFile): SourceFormat {
	const format = formatFromPath(file.absolutePath);
	if (format === null) throw new UserFacingError(unsupportedExtensionMessage(file.path), 'unsupported-file');
	return format;
}

function checkStats(stats: Stats, label: string, maxBytes: number): void {
	if (!stats.isFile()) throw new UserFacingError(`${label} is not a regular file.`, 'unsupported-file');
	assertWithinLimit(stats.size, label, maxBytes);
}

function loaded(file: SourceFile, format: SourceFormat, bytes: Uint8Array): LoadedSource {
	const text = decodeSourceBytes(bytes, file.path);
	return { path: file.path, absolutePath: file.absolutePath, ...clean(text, format, file.path, bytes.length) };
}

/** Refuses a document of `size` bytes over `maxBytes`, with a message that says how to get it in. */
export function assertWithinLimit(size: number, label: string, maxBytes: number = DEFAULT_MAX_BYTES): void {
	if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new RangeError(`maxBytes must be positive, got ${maxBytes}`);
	if (size <= maxBytes) return;
	let shown = formatSize(size, 1);
	const limit = formatSize(maxBytes, 0);
	const [shownValue, shownUnit] = shown.split(' ');
	const [limitValue, limitUnit] = limit.split(' ');
	// "10.0 MB, over the 10 MB limit" would read as a contradiction: show the bytes when rounding hides the excess.
	if (shownUnit === limitUnit && Number(shownValue) === Number(limitValue)) shown = `${size} bytes`;
	throw new UserFacingError(
		`${label} is ${shown}, over the ${limit} limit for one document. ` +
			'Split it into smaller files, or raise the limit with --max-size.',
		'too-large',
	);
}

/** Decodes document bytes (UTF-8, or UTF-16 with a BOM; BOM dropped), refusing empty, binary and invalid input. */
export function decodeSourceBytes(bytes: Uint8Array, label: string): string {
	if (bytes.length === 0) throw emptyError(label);
	const utf16 = utf16Encoding(bytes);
	let text: string;
	if (utf16) {
		try {
			text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
		} catch {
			throw new UserFacingError(`${label} is not valid UTF-16. Re-save it as UTF-8.`, 'bad-input');
		}
		assertNotBinary(text, label);
	} else {
		if (looksBinary(bytes.subarray(0, BINARY_SAMPLE_BYTES))) throw binaryError(label, bytes);
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			throw new UserFacingError(
				`${label} is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)}). Re-save it as UTF-8.`,
				'bad-input',
			);
		}
	}
	// TextDecoder drops the BOM already; a second one (files concatenated by tools) is only noise.
	text = text.replace(/^\uFEFF/, '');
	if (text.trim() === '') throw emptyError(label);
	return text;
}

/** Checks and cleans text that did not come from a file (uploads, fetched pages) exactly as loadSource does. */
export function sourceFromString(text: string, format: SourceFormat, label: string): CleanSource {
	const bytes = Buffer.byteLength(text, 'utf8');
	const stripped = text.replace(/^\uFEFF/, '');
	if (stripped.trim() === '') throw emptyError(label);
	assertNotBinary(stripped, label);
	return clean(stripped, format, label, bytes);
}

function clean(text: string, format: SourceFormat, label: string, bytes: number): CleanSource {
	// Saved web pages often end up named .txt; treat them as the HTML they are.
	const actual = format === 'text' && looksLikeHtml(text) ? 'html' : format;
	let result: { text: string; meta: SourceMeta };
	if (actual === 'html') {
		const { text: body, ...meta } = htmlToText(text);
		result = { text: body, meta };
	} else if (actual === 'markdown') {
		const { text: body, ...meta } = readMarkdown(text, label);
		result = { text: body, meta };
	} else {
		result = { text: normalizeText(text), meta: { title: null, published: null, url: null } };
	}
	if (result.text === '' && actual === 'text') throw emptyError(label);
	if (result.text === '') {
		throw new UserFacingError(
			`${label} has no readable text once ${actual === 'html' ? 'markup, scripts and page navigation are' : 'markup is'} removed: nothing to ingest.`,
			'bad-input',
		);
	}
	return { format: actual, text: result.text, meta: result.meta, bytes };
}

/** markdownToText, or a clear refusal of Markdown nested deeper than the Markdown parser's tree helpers can walk. */
function readMarkdown(text: string, label: string): ReturnType<typeof markdownToText> {
	try {
		return markdownToText(text);
	} catch (error) {
		// mdast's helpers recurse once per level: a couple of thousand nested lists or quotes exhaust the call stack.
		if (error instanceof RangeError && /call stack/i.test(error.message)) {
			throw new UserFacingError(
				`${label} nests lists or quotes thousands of levels deep, more than ngo-bot can read. Flatten the nesting, or save it as plain text.`,
				'bad-input',
			);
		}
		throw error;
	}
}

function looksLikeHtml(text: string): boolean {
	let head = text.slice(0, 2048).trimStart().toLowerCase();
	// An XML prolog or a leading comment may precede the doctype.
	if (head.startsWith('<?xml')) head = head.slice(head.indexOf('?>') + 2).trimStart();
	while (head.startsWith('<!--') && head.includes('-->')) head = head.slice(head.indexOf('-->') + 3).trimStart();
	return head.startsWith('<!doctype html') || /^<html[\s>]/.test(head);
}

async function readAtMost(absolutePath: string, maxBytes: number, label: string): Promise<Uint8Array> {
	const handle = await open(absolutePath, 'r').catch((error: unknown) => {
		throw fileError(label, error);
	});
	try {
		// The file may have grown since stat: read one byte past the limit to notice, never more.
		const { size } = await handle.stat();
		const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
		let length = 0;
		for (;;) {
			if (length === buffer.length) break;
			const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
			if (bytesRead === 0) break;
			length += bytesRead;
		}
		if (length > maxBytes) assertWithinLimit(Math.max(size, length), label, maxBytes);
		return buffer.subarray(0, length);
	} finally {
		await handle.close();
	}
}

function readAtMostSync(absolutePath: string, maxBytes: number, label: string): Uint8Array {
	let fd: number;
	try {
		fd = openSync(absolutePath, 'r');
	} catch (error) {
		throw fileError(label, error);
	}
	try {
		// As readAtMost: one byte past the limit at most, to notice a file that grew since stat.
		const { size } = fstatSync(fd);
		const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
		let length = 0;
		while (length < buffer.length) {
			const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
			if (bytesRead === 0) break;
			length += bytesRead;
		}
		if (length > maxBytes) assertWithinLimit(Math.max(size, length), label, maxBytes);
		return buffer.subarray(0, length);
	} finally {
		closeSync(fd);
	}
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	return null;
}

function isSuspectControl(code: number): boolean {
	// Tab, line feed, form feed and carriage return are ordinary in text; escape shows up in terminal logs.
	return (
		(code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x1b) || code === 0x7f
	);
}

function looksBinary(sample: Uint8Array): boolean {
	let controls = 0;
	for (const byte of sample) {
		if (byte === 0) return true;
		if (isSuspectControl(byte)) controls++;
	}
	return controls > sample.length * MAX_CONTROL_SHARE;
}

function assertNotBinary(text: string, label: string): void {
	const sample = text.slice(0, BINARY_SAMPLE_BYTES);
	let controls = 0;
	for (let i = 0; i < sample.length; i++) {
		const code = sample.charCodeAt(i);
		if (code === 0) throw binaryError(label);
		if (isSuspectControl(code)) controls++;
	}
	if (controls > sample.length * MAX_CONTROL_SHARE) throw binaryError(label);
}

const SIGNATURES: readonly (readonly [string, readonly number[]])[] = [
	['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
	['a ZIP archive or an Office document (.docx, .xlsx)', [0x50, 0x4b, 0x03, 0x04]],
	['an old Office document (.doc, .xls)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
	['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
	['a JPEG image', [0xff, 0xd8, 0xff]],
	['a GIF image', [0x47, 0x49, 0x46, 0x38]],
	['a gzip archive', [0x1f, 0x8b]],
];

function binaryError(label: string, bytes?: Uint8Array): UserFacingError {
	const kind = bytes && SIGNATURES.find(([, signature]) => signature.every((byte, i) => bytes[i] === byte))?.[0];
	return new UserFacingError(
		`${label} looks like a binary file, not text${kind ? ` (it starts like ${kind})` : ''}. ` +
			'Convert it to .txt, .md or .html first.',
		'unsupported-file',
	);
}

function emptyError(label: string): UserFacingError {
	return new UserFacingError(`${label} is empty: nothing to ingest.`, 'bad-input');
}

function fileError(label: string, error: unknown): UserFacingError {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT' || code === 'ENOTDIR') {
		return new UserFacingError(
			`${label} no longer exists; it was moved or deleted before it could be read.`,
			'not-found',
			{
				cause: error,
			},
		);
	}
	if (code === 'EACCES' || code === 'EPERM') {
		return new UserFacingError(`${label} cannot be read: permission denied. Check its permissions.`, 'forbidden', {
			cause: error,
		});
	}
	if (code === 'EISDIR') return new UserFacingError(`${label} is a folder, not a file.`, 'unsupported-file');
	return new UserFacingError(`${label} cannot be read (${code ?? 'unknown error'}).`, 'bad-input', { cause: error });
}

/** "50.0 MB", "10 MB", "512 KB", "900 bytes" (binary multiples, as file managers show). */
function formatSize(bytes: number, decimals: number): string {
	const units: readonly [number, string][] = [
		[1024 * 1024 * 1024, 'GB'],
		[1024 * 1024, 'MB'],
		[1024, 'KB'],
	];
	for (const [unit, name] of units) {
		if (bytes >= unit) {
			const value = bytes / unit;
			const digits = decimals === 0 && !Number.isInteger(value) ? 1 : decimals;
			return `${value.toFixed(digits)} ${name}`;
		}
	}
	return `${bytes} bytes`;
}

/** Byte offset where the first malformed UTF-8 sequence starts (WHATWG rules: no overlongs, surrogates, > U+10FFFF). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
	for (let i = 0; i < bytes.length;) {
		const lead = bytes[i] ?? 0;
		let length: number;
		let min = 0x80;
		let max = 0xbf;
		if (lead < 0x80) {
			i++;
			continue;
		} else if (lead >= 0xc2 && lead <= 0xdf) {
			length = 2;
		} else if (lead >= 0xe0 && lead <= 0xef) {
			length = 3;
			if (lead === 0xe0) min = 0xa0;
			if (lead === 0xed) max = 0x9f;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			length = 4;
			if (lead === 0xf0) min = 0x90;
			if (lead === 0xf4) max = 0x8f;
		} else {
			return i;
		}
		for (let k = 1; k < length; k++) {
			const byte = bytes[i + k];
			const low = k === 1 ? min : 0x80;
			const high = k === 1 ? max : 0xbf;
			if (byte === undefined || byte < low || byte > high) return i;
		}
		i += length;
	}
	return bytes.length;
}
