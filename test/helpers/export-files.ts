import { gunzipSync } from 'node:zlib';
import { CSV_META_LINES, type ExportMeta } from '../../src/export/export-files.js';
import type { ExportRecord } from '../../src/export/export-record.js';
import { parseCsv } from './run-cli.js';

/** An export CSV read back: its `#` header lines, the column names and the rows (BOM and CRLF checked). */
export function readExportCsv(text: string): { meta: string[]; header: string[]; rows: string[][] } {
	if (!text.startsWith('\ufeff#')) throw new Error('an export CSV starts with a BOM and a "#" line');
	const lines = text.slice(1).split('\r\n');
	const meta = lines.slice(0, CSV_META_LINES);
	if (!meta.every((line) => line.startsWith('# '))) throw new Error(`expected ${CSV_META_LINES} "#" lines`);
	const [header, ...rows] = parseCsv(lines.slice(CSV_META_LINES).join('\r\n'));
	if (!header) throw new Error('no column header');
	return { meta, header, rows };
}

/** An export JSON read back. */
export function readExportJson(text: string): { meta: ExportMeta; entries: ExportRecord[] } {
	const parsed = JSON.parse(text) as { meta: ExportMeta; entries: ExportRecord[] };
	if (Object.keys(parsed).join() !== 'meta,entries') throw new Error('an export JSON is {meta, entries}');
	return parsed;
}

/** The text of an attached file, gunzipped when its name ends in .gz. */
export function fileText(name: string, bytes: Uint8Array): string {
	return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
		name.endsWith('.gz') ? gunzipSync(bytes) : bytes,
	);
}

/** The CSV cells csvLine writes for a record, in CSV_COLUMNS order. */
export function csvCells(record: ExportRecord): string[] {
	const orgs = record.orgs.map((org) => (org.country ? `${org.name} (${org.country})` : org.name)).join('; ');
	return [
		String(record.id),
		String(record.event_id),
		record.date ?? '',
		record.provinces.join('; '),
		orgs,
		record.partners.map((partner) => `${partner.name} (${partner.role})`).join('; '),
		record.fields.join('; '),
		record.type,
		record.title ?? '',
		record.summary,
		record.text,
		record.kind,
		String(record.position),
		record.source.path ?? '',
		record.source.url ?? '',
		record.source.title ?? '',
		record.source.published ?? '',
		String(record.document_id),
		record.ingested_at,
	];
}
