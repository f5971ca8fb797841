import type { ActivityType, BodyRole, DocumentKind, Entry, FieldOfWork, IsoDate } from '../domain/entry.js';

/** One exported entry: the contract researchers and the scorer read (`export --format jsonl`). */
export interface ExportRecord {
	readonly id: number;
	/** The event the entry reports: shared by the rows of every document telling it (the id of the entry counted). */
	readonly event_id: number;
	readonly position: number;
	readonly date: IsoDate | null;
	readonly provinces: readonly string[];
	readonly orgs: readonly { name: string; country: string | null }[];
	/** Chinese bodies the entry names, with their role (authority, supervisor, partner_unit, partner, participant). */
	readonly partners: readonly { name: string; role: BodyRole }[];
	readonly fields: readonly FieldOfWork[];
	readonly type: ActivityType;
	readonly title: string | null;
	readonly summary: string;
	readonly text: string;
	readonly kind: DocumentKind;
	readonly source: {
		readonly path: string | null;
		readonly url: string | null;
		readonly title: string | null;
		readonly published: IsoDate | null;
	};
	readonly document_id: number;
	readonly ingested_at: string;
}

/** Maps a stored entry to its export shape (stable key order). */
export function toExportRecord(entry: Entry): ExportRecord {
	return {
		id: entry.id,
		event_id: entry.eventId,
		position: entry.position,
		date: entry.date,
		provinces: entry.provinces,
		orgs: entry.orgs.map((org) => ({ name: org.name, country: org.country })),
		partners: entry.partners.map((partner) => ({ name: partner.name, role: partner.role })),
		fields: entry.fields,
		type: entry.type,
		title: entry.title,
		summary: entry.summary,
		text: entry.text,
		kind: entry.kind,
		source: {
			path: entry.source.path,
			url: entry.source.url,
			title: entry.source.title,
			published: entry.source.published,
		},
		document_id: entry.documentId,
		ingested_at: entry.ingestedAt,
	};
}

export const CSV_COLUMNS = [
	'id',
	'event_id',
	'date',
	'provinces',
	'orgs',
	'partners',
	'fields',
	'type',
	'title',
	'summary',
	'text',
	'kind',
	'position',
	'source_path',
	'source_url',
	'source_title',
	'source_published',
	'document_id',
	'ingested_at',
] as const;

/** Quotes a CSV field per RFC 4180 when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
	if (value === null) return '';
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 asks); lists are joined with "; ". */
export function csvLine(record: ExportRecord): string {
	const orgs = record.orgs.map((org) => (org.country ? `${org.name} (${org.country})` : org.name)).join('; ');
	const partners = record.partners.map((partner) => `${partner.name} (${partner.role})`).join('; ');
	const cells: (string | number | null)[] = [
		record.id,
		record.event_id,
		record.date,
		record.provinces.join('; '),
		orgs,
		partners,
		record.fields.join('; '),
		record.type,
		record.title,
		record.summary,
		record.text,
		record.kind,
		record.position,
		record.source.path,
		record.source.url,
		record.source.title,
		record.source.published,
		record.document_id,
		record.ingested_at,
	];
	return `${cells.map(csvField).join(',')}\r\n`;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;
