import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Entry } from '../domain/entry.js';
import { plural } from '../domain/text.js';
import type { MatchingEntries, SearchFilters } from '../query/answers.js';
import type { ReplyFile } from '../render/reply.js';
import { CSV_HEADER, csvLine, type ExportRecord, toExportRecord } from './export-record.js';

/**
 * Export files shared by the CLI (`export`) and Discord (`/export`): CSV with a commented header that records
 * the query, and JSON with a `meta` object; both built from the same records and written as chunks, so the CLI
 * can stream them and Discord gets whole files (gzipped, then split, when over the upload limit).
 */

// Compression runs on libuv's thread pool, so a bot keeps answering while a large export is packed.
const gzip = promisify(gzipCallback);

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResolved {
	readonly province?: string;
	readonly ngo?: string;
	readonly partner?: string;
	readonly field?: string;
}

/** What an export holds and when it was made: the CSV's `#` header lines and the JSON's `meta` object. */
export interface ExportMeta {
	readonly generator: 'ngo-bot';
	/** The search words ('' for none). */
	readonly query: string;
	/** The filters as given (province, ngo, partner, country, type, field, from, to); empty for none. */
	readonly filters: SearchFilters;
	/**
	 * What names the filters resolved to ("AIFO" → the organization's full name, "Jiangxi PSB" → the body's name,
	 * "Health" → the field's key, as the `fields` column writes it).
	 */
	readonly resolved: ExportResolved;
	/** `newest`: newest first, as /search lists them; `document`: stored order (an unfiltered CLI export). */
	readonly order: 'newest' | 'document';
	/** Entries in the whole export (all parts). */
	readonly entries: number;
	/** The data cut-off: the last ingest that changed the corpus (ISO), and the corpus revision. */
	readonly data_cutoff: string | null;
	readonly corpus_revision: number;
	readonly generated_at: string;
	/** Set on each file of a split export: which part, and which entries (1-based, inclusive) it holds. */
	readonly part?: { readonly number: number; readonly of: number; readonly first: number; readonly last: number };
}

/** Lines before the CSV's column header (always this many, so readers can skip them by count). */
export const CSV_META_LINES = 6;

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** "province=Hunan; ngo=AIFO", or "none". */
export function describeFilters(filters: SearchFilters): string {
	const given = Object.entries(filters).filter(([, value]) => value !== undefined && value !== '');
	return given.length ? given.map(([key, value]) => `${key}=${oneLine(String(value))}`).join('; ') : 'none';
}

/** The BOM (spreadsheets then read UTF-8), the `#` lines describing the export, and the column header. */
export function csvStart(meta: ExportMeta): string {
	const part = meta.part
		? `, part ${meta.part.number} of ${meta.part.of} (entries ${meta.part.first}–${meta.part.last})`
		: '';
	const resolved = (['province', 'ngo', 'partner', 'field'] as const).flatMap((key) => {
		const value = meta.resolved[key];
		return value ? [`${key} → ${oneLine(value)}`] : [];
	});
	const lines = [
		`# ngo-bot export: ${plural(meta.entries, 'entry', 'entries')}${part}. The table starts after these ${CSV_META_LINES} lines ` +
			`(pandas: skiprows=${CSV_META_LINES}; R: skip = ${CSV_META_LINES}).`,
		`# query: ${meta.query ? JSON.stringify(oneLine(meta.query)) : '(none)'}`,
		`# filters: ${describeFilters(meta.filters)}${resolved.length ? ` (${resolved.join('; ')})` : ''}`,
		`# order: ${meta.order === 'newest' ? 'newest first' : 'document order'}`,
		`# data cut-off: ${meta.data_cutoff ?? 'nothing ingested yet'} (corpus revision ${meta.corpus_revision})`,
		`# generated: ${meta.generated_at}`,
	];
	return `\ufeff${lines.join('\r\n')}\r\n${CSV_HEADER}`;
}

/** JSON: `{"meta": {…}, "entries": [ one record per line ]}`. */
export function jsonStart(meta: ExportMeta): string {
	return `{\n"meta": ${JSON.stringify(meta)},\n"entries": [`;
}

export function jsonRecord(record: ExportRecord, index: number): string {
	return `${index === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`;
}

export function jsonEnd(count: number): string {
	return count === 0 ? ']\n}\n' : '\n]\n}\n';
}

/** One whole export file as text. */
export function renderExportFile(format: ExportFormat, records: readonly ExportRecord[], meta: ExportMeta): string {
	const chunks: string[] = [];
	if (format === 'csv') {
		chunks.push(csvStart(meta));
		for (const record of records) chunks.push(csvLine(record));
	} else {
		chunks.push(jsonStart(meta));
		records.forEach((record, i) => chunks.push(jsonRecord(record, i)));
		chunks.push(jsonEnd(records.length));
	}
	return chunks.join('');
}

/** The export records of a matching set, read in batches; waits a tick between batches so a bot keeps serving. */
export async function collectExportRecords(
	matching: Pick<MatchingEntries, 'batches'>,
	options: { batchSize?: number; pause?: () => Promise<void> } = {},
): Promise<ExportRecord[]> {
	const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
	const records: ExportRecord[] = [];
	for (const batch of matching.batches(options.batchSize)) {
		for (const entry of batch as readonly Entry[]) records.push(toExportRecord(entry));
		await pause();
	}
	return records;
}

export interface ExportPackage {
	/** The files of each message, in order (one message unless the files are too big for one). */
	readonly messages: readonly (readonly ReplyFile[])[];
	/** Whether the files are gzipped (`.gz`): the plain files were over the limit. */
	readonly compressed: boolean;
	/** Parts per format (1: not split). */
	readonly parts: number;
	/** Size of the plain files together, in bytes. */
	readonly plainBytes: number;
	/** Largest message, in bytes of files. */
	readonly largestMessageBytes: number;
}

export interface PackageOptions {
	readonly formats: readonly ExportFormat[];
	/** File name without extension, e.g. `ngo-bot-export-2026-11-22`. */
	readonly baseName: string;
	/** Most bytes of files one message may carry. */
	readonly maxMessageBytes: number;
	/** Most files one message may carry (Discord: 10). */
	readonly maxFilesPerMessage?: number;
}

const LABELS: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON' };

/**
 * The files of an export, fitted to an upload limit: plain files when they fit in one message, else gzipped;
 * when a gzipped file is still over the limit, the entries are split into parts (each part a complete file with
 * its own header, part i of every format holding the same entries), one or more parts per message.
 */
export async function packageExport(
	records: readonly ExportRecord[],
	meta: ExportMeta,
	options: PackageOptions,
): Promise<ExportPackage> {
	const { formats, baseName, maxMessageBytes } = options;
	const maxFiles = options.maxFilesPerMessage ?? 10;
	const encoder = new TextEncoder();
	const plain = formats.map((format) => ({ format, data: encoder.encode(renderExportFile(format, records, meta)) }));
	const plainBytes = plain.reduce((sum, file) => sum + file.data.length, 0);
	const count = records.length;
	if (plainBytes <= maxMessageBytes && plain.length <= maxFiles) {
		const files = plain.map(({ format, data }) => ({
			name: `${baseName}.${format}`,
			data,
			description: `${LABELS[format]} export, ${count} ${count === 1 ? 'entry' : 'entries'}`,
		}));
		return { messages: [files], compressed: false, parts: 1, plainBytes, largestMessageBytes: plainBytes };
	}

	const whole = await Promise.all(plain.map(async ({ format, data }) => ({ format, gz: await gzip(data) })));
	let parts = 1;
	const largest = Math.max(...whole.map((file) => file.gz.length));
	if (largest > maxMessageBytes) parts = Math.min(Math.max(count, 1), Math.ceil(largest / (maxMessageBytes * 0.85)));
	for (;;) {
		const files = parts === 1 ? wholeFiles() : await splitFiles(parts);
		if (files.every((file) => file.data.length <= maxMessageBytes)) {
			const messages = packMessages(files, maxMessageBytes, maxFiles);
			const largestMessageBytes = Math.max(...messages.map((m) => m.reduce((s, f) => s + f.data.length, 0)));
			return { messages, compressed: true, parts, plainBytes, largestMessageBytes };
		}
		if (parts >= count) {
			throw new RangeError(`One entry is over ${maxMessageBytes} bytes even when gzipped; it cannot be attached.`);
		}
		parts = Math.min(count, Math.ceil(parts * 1.5) + 1);
	}

	function wholeFiles(): ReplyFile[] {
		return whole.map(({ format, gz }) => ({
			name: `${baseName}.${format}.gz`,
			data: new Uint8Array(gz),
			description: `${LABELS[format]} export, ${count} ${count === 1 ? 'entry' : 'entries'}, gzip`,
		}));
	}

	async function splitFiles(n: number): Promise<ReplyFile[]> {
		const files: ReplyFile[] = [];
		const size = Math.ceil(count / n);
		const total = Math.ceil(count / size);
		for (let i = 0; i < total; i++) {
			const slice = records.slice(i * size, (i + 1) * size);
			const part = { number: i + 1, of: total, first: i * size + 1, last: i * size + slice.length };
			for (const format of formats) {
				const text = renderExportFile(format, slice, { ...meta, part });
				files.push({
					name: `${baseName}-part${part.number}-of-${total}.${format}.gz`,
					data: new Uint8Array(await gzip(encoder.encode(text))),
					description: `${LABELS[format]} export part ${part.number} of ${total}: entries ${part.first}–${part.last} of ${count}, gzip`,
				});
			}
		}
		return files;
	}
}

/** Files into messages in order: a message takes files while they fit its byte and file limits. */
function packMessages(files: readonly ReplyFile[], maxBytes: number, maxFiles: number): ReplyFile[][] {
	const messages: ReplyFile[][] = [];
	let current: ReplyFile[] = [];
	let bytes = 0;
	for (const file of files) {
		if (current.length > 0 && (bytes + file.data.length > maxBytes || current.length >= maxFiles)) {
			messages.push(current);
			current = [];
			bytes = 0;
		}
		current.push(file);
		bytes += file.data.length;
	}
	if (current.length > 0) messages.push(current);
	return messages;
}

/** The meta of an export of a matching set, made at `generatedAt`. */
export function exportMetaOf(
	matching: Pick<MatchingEntries, 'query' | 'filters' | 'resolved' | 'ids' | 'cutoff'>,
	generatedAt: Date,
): ExportMeta {
	const resolved: { -readonly [K in keyof ExportResolved]: ExportResolved[K] } = {};
	if (matching.resolved.province) resolved.province = matching.resolved.province;
	if (matching.resolved.org) resolved.ngo = matching.resolved.org.name;
	if (matching.resolved.partner) resolved.partner = matching.resolved.partner.name;
	if (matching.resolved.field) resolved.field = matching.resolved.field;
	return {
		generator: 'ngo-bot',
		query: matching.query,
		filters: matching.filters,
		resolved,
		order: 'newest',
		entries: matching.ids.length,
		data_cutoff: matching.cutoff.lastIngestAt,
		corpus_revision: matching.cutoff.corpusRevision,
		generated_at: generatedAt.toISOString(),
	};
}
