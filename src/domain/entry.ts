import { z } from 'zod';

/** Calendar date as `yyyy-mm-dd`; entries carry dates, not instants. */
export type IsoDate = string;

export const DOCUMENT_KINDS = ['digest', 'article', 'listing'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const ACTIVITY_TYPES = [
	'registration',
	'deregistration',
	'temporary_activity',
	'meeting',
	'visit',
	'training',
	'publicity',
	'donation',
	'event',
	'policy',
	'project',
	'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** An organization named in an entry, with its origin when the text states it. */
export interface OrgMention {
	readonly name: string;
	/** Country or region of origin as stated in the text ("Hong Kong", "Italy"), else null. */
	readonly country: string | null;
	/** Other names of the same org in this entry: acronym, long form, native-language name. */
	readonly aliases: readonly string[];
}

/**
 * Roles of the Chinese bodies an entry names: the acting authority (a public security bureau, a department), the
 * Professional Supervisory Unit, the Chinese Partner Unit, another partner ("in collaboration with …"), or a
 * body that took part.
 */
export const BODY_ROLES = ['authority', 'supervisor', 'partner_unit', 'partner', 'participant'] as const;
export type BodyRole = (typeof BODY_ROLES)[number];

/** How answers name each role: the registration system's own terms for the units a foreign NGO needs. */
export const BODY_ROLE_NAMES: Readonly<Record<BodyRole, string>> = {
	authority: 'acting authority',
	supervisor: 'Professional Supervisory Unit',
	partner_unit: 'Chinese Partner Unit',
	partner: 'partner',
	participant: 'participant',
};

export const BODY_LEVELS = ['national', 'provincial', 'city'] as const;
export type BodyLevel = (typeof BODY_LEVELS)[number];

/** A Chinese body an entry names, with its role there. */
export interface PartnerMention {
	/** Canonical name: "Zhejiang Department of Commerce", "Jiangxi Public Security Bureau". */
	readonly name: string;
	readonly role: BodyRole;
	/** The name as the text writes it ("Department of Commerce of Zhejiang Province", "Jiangxi PSB"). */
	readonly written: string;
	readonly level: BodyLevel | null;
	/** The province the body belongs to, when its name or the entry says. */
	readonly province: string | null;
}

/**
 * Fields of work, after ChinaFile's scheme for foreign NGOs' work in China (27 fields); an entry has the fields its
 * text is about, an organization the fields of its entries.
 */
export const FIELDS_OF_WORK = [
	'aging',
	'agriculture',
	'animal_protection',
	'arts_culture',
	'civil_society',
	'disabilities',
	'disaster_relief',
	'economic_development',
	'education',
	'energy',
	'environment',
	'ethnic_affairs',
	'health',
	'infrastructure',
	'international_exchange',
	'labor_migrants',
	'law_governance',
	'lgbtq',
	'media',
	'poverty_alleviation',
	'rural_development',
	'sport',
	'technology',
	'tourism',
	'trade',
	'womens_issues',
	'youth',
] as const;
export type FieldOfWork = (typeof FIELDS_OF_WORK)[number];

/** How ChinaFile names each field. */
export const FIELD_LABELS: Readonly<Record<FieldOfWork, string>> = {
	aging: 'Aging',
	agriculture: 'Agriculture',
	animal_protection: 'Animal Protection',
	arts_culture: 'Arts and Culture',
	civil_society: 'Civil Society Capacity-Building',
	disabilities: 'Disabilities',
	disaster_relief: 'Disaster Relief',
	economic_development: 'Economic Development',
	education: 'Education',
	energy: 'Energy',
	environment: 'Environment',
	ethnic_affairs: 'Ethnic Affairs',
	health: 'Health',
	infrastructure: 'Infrastructure',
	international_exchange: 'International Relations/Exchange',
	labor_migrants: 'Labor and Migrants',
	law_governance: 'Law and Governance',
	lgbtq: 'LGBTQ Issues',
	media: 'Media',
	poverty_alleviation: 'Poverty Alleviation',
	rural_development: 'Rural Issues/Development',
	sport: 'Sport',
	technology: 'Technology',
	tourism: 'Tourism',
	trade: 'Trade',
	womens_issues: 'Women’s Issues',
	youth: 'Youth',
};

export const EVIDENCE_FACTS = ['date', 'province', 'org', 'country', 'type', 'partner', 'field'] as const;
export type EvidenceFact = (typeof EVIDENCE_FACTS)[number];

/** Which text an evidence span indexes: the entry's title, its text, or the page around it (a heading). */
export const EVIDENCE_FIELDS = ['title', 'text', 'page'] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

/**
 * Why a fact is there: the words it was read from. Provinces also keep the places that were *not* counted
 * (an org's origin, where visitors came from) with `counted: false`, so a reader can see why one is missing.
 */
export interface Evidence {
	readonly fact: EvidenceFact;
	/** The fact as stored: "Hunan", "Animals Asia Foundation", "Hong Kong", "2019-02-25", "registration". */
	readonly value: string;
	/** For a country: the organization it is the origin of; else null. */
	readonly subject: string | null;
	/**
	 * How the words relate to the fact, as a short phrase shown to users: "acting authority", "activity place",
	 * "origin of Green-Net", "date heading", "page date", "lead sentence".
	 */
	readonly role: string;
	/** False for a place mentioned but not counted as where the activity happens. */
	readonly counted: boolean;
	readonly field: EvidenceField;
	/** Character offsets of `quote` in the entry's title or text; null when the words are on the page (field `page`). */
	readonly start: number | null;
	readonly end: number | null;
	/** The words exactly as written. */
	readonly quote: string;
}

/** One dated item of a document, as ingestion extracts it (not yet stored). */
export interface DraftEntry {
	/** 0-based order of the entry inside its document. */
	readonly position: number;
	/** Heading or teaser title when the document gives one. */
	readonly title: string | null;
	/** Exact date of the item; null when the text gives no full date. */
	readonly date: IsoDate | null;
	/** Canonical English province-level names where the activity takes place. */
	readonly provinces: readonly string[];
	readonly orgs: readonly OrgMention[];
	readonly type: ActivityType;
	/** One extractive sentence. */
	readonly summary: string;
	/** The entry's text without page furniture; paragraphs separated by blank lines. */
	readonly text: string;
	/** Chinese bodies the entry names, with their roles. */
	readonly partners: readonly PartnerMention[];
	/** Fields of work the entry is about. */
	readonly fields: readonly FieldOfWork[];
	/** The words each fact came from (see Evidence). */
	readonly evidence: readonly Evidence[];
}

export interface SourceInfo {
	/** Path of the ingested file as given (relative to the working directory), or null for URLs. */
	readonly path: string | null;
	readonly url: string | null;
	/** Title of the document (page title or headline). */
	readonly title: string | null;
	/** Publication date of the document when it states one. */
	readonly published: IsoDate | null;
}

/** A whole document after ingestion: what the store saves in one transaction. */
export interface ParsedDocument {
	readonly source: SourceInfo;
	readonly kind: DocumentKind;
	/** sha256 of the normalized text: unchanged documents are skipped on re-ingest. */
	readonly contentHash: string;
	/** Range the document covers ("Ministry of Public Security WeChat Posts—February 15-25, 2019"). */
	readonly coverage: { readonly from: IsoDate; readonly to: IsoDate } | null;
	readonly entries: readonly DraftEntry[];
}

export type EntryId = number;

/**
 * Sort date of an entry whose text, document and page give no date at all: it sorts after every real date
 * in newest-first lists and counts as "undated" in series, rather than borrowing the day it was ingested.
 */
export const UNDATED_SORT_DATE = '0000-01-01';

/** A stored entry with its provenance, as queries and exports see it (evidence is read apart, per entry). */
export interface Entry extends Omit<DraftEntry, 'evidence'> {
	readonly id: EntryId;
	readonly documentId: number;
	readonly kind: DocumentKind;
	readonly source: SourceInfo;
	/** When the entry was first stored (ISO timestamp, UTC). */
	readonly ingestedAt: string;
	/**
	 * The event this entry reports, by the id of the entry that stands for it: its own id, unless an entry of another
	 * document telling the same event stands for it (then this one is another source of it and is not counted).
	 */
	readonly eventId: EntryId;
	/** The other documents' entries telling the same event, in id order; empty for an event told once. */
	readonly otherSources: readonly EventSource[];
}

/** Another document's report of an entry's event: where to read it, and why it is taken for the same event. */
export interface EventSource {
	readonly entryId: EntryId;
	readonly date: IsoDate | null;
	readonly source: SourceInfo;
	/** "same words", "same registration", …: the link that joined the two (or this source to the event). */
	readonly reason: string | null;
}

const isoDate = z.iso.date();

/** Boundary check for entries leaving ingestion: catches extractor bugs before they reach the store. */
export const DraftEntrySchema = z.object({
	position: z.number().int().min(0),
	title: z.string().max(1_000).nullable(),
	date: isoDate.nullable(),
	provinces: z.array(z.string().min(1)),
	orgs: z.array(
		z.object({
			name: z.string().min(2).max(300),
			country: z.string().min(2).nullable(),
			aliases: z.array(z.string().min(1)),
		}),
	),
	type: z.enum(ACTIVITY_TYPES),
	summary: z.string(),
	text: z.string().min(1),
	partners: z.array(
		z.object({
			name: z.string().min(2).max(300),
			role: z.enum(BODY_ROLES),
			written: z.string().min(1).max(300),
			level: z.enum(BODY_LEVELS).nullable(),
			province: z.string().min(1).nullable(),
		}),
	),
	fields: z.array(z.enum(FIELDS_OF_WORK)),
	evidence: z.array(
		z
			.object({
				fact: z.enum(EVIDENCE_FACTS),
				value: z.string().min(1),
				subject: z.string().min(1).nullable(),
				role: z.string().min(1).max(200),
				counted: z.boolean(),
				field: z.enum(EVIDENCE_FIELDS),
				start: z.number().int().min(0).nullable(),
				end: z.number().int().min(0).nullable(),
				quote: z.string().min(1).max(2_000),
			})
			.refine((e) => (e.start === null) === (e.end === null) && (e.start === null || e.start < (e.end ?? 0)), {
				message: 'start and end must both be set (start < end) or both be null',
			})
			.refine((e) => (e.field === 'page') === (e.start === null), {
				message: 'offsets are given exactly when the words are in the title or text',
			}),
	),
});

const ACTIVITY_TYPE_SET: ReadonlySet<unknown> = new Set(ACTIVITY_TYPES);
const BODY_ROLE_SET: ReadonlySet<unknown> = new Set(BODY_ROLES);
const BODY_LEVEL_SET: ReadonlySet<unknown> = new Set(BODY_LEVELS);
const FIELD_SET: ReadonlySet<unknown> = new Set(FIELDS_OF_WORK);
const EVIDENCE_FACT_SET: ReadonlySet<unknown> = new Set(EVIDENCE_FACTS);
const EVIDENCE_FIELD_SET: ReadonlySet<unknown> = new Set(EVIDENCE_FIELDS);
const ISO_DATE = z.regexes.date;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown, min: number, max = Infinity): value is string =>
	typeof value === 'string' && value.length >= min && value.length <= max;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
// Index by index: every() skips the holes of a sparse array, which the schema reads as undefined.
function everyItem(value: unknown, check: (item: unknown) => boolean): boolean {
	if (!Array.isArray(value)) return false;
	for (let i = 0; i < value.length; i++) if (!check(value[i])) return false;
	return true;
}

/**
 * True only for entries DraftEntrySchema accepts, in a few microseconds: the schema cost ~50 µs an entry (about 5 %
 * of extraction), and the store checks every entry of every ingest. Never more lenient than the schema (stricter is
 * allowed: the store runs the schema on whatever this rejects, which then decides and says what is wrong).
 */
export function isPlainlyValidDraftEntry(entry: unknown): boolean {
	if (!isObject(entry)) return false;
	const { position, title, date, type, summary, text } = entry;
	return (
		isCount(position) &&
		(title === null || isString(title, 0, 1_000)) &&
		(date === null || (typeof date === 'string' && ISO_DATE.test(date))) &&
		everyItem(entry.provinces, (province) => isString(province, 1)) &&
		everyItem(
			entry.orgs,
			(org) =>
				isObject(org) &&
				isString(org.name, 2, 300) &&
				(org.country === null || isString(org.country, 2)) &&
				everyItem(org.aliases, (alias) => isString(alias, 1)),
		) &&
		ACTIVITY_TYPE_SET.has(type) &&
		typeof summary === 'string' &&
		isString(text, 1) &&
		everyItem(
			entry.partners,
			(partner) =>
				isObject(partner) &&
				isString(partner.name, 2, 300) &&
				BODY_ROLE_SET.has(partner.role) &&
				isString(partner.written, 1, 300) &&
				(partner.level === null || BODY_LEVEL_SET.has(partner.level)) &&
				(partner.province === null || isString(partner.province, 1)),
		) &&
		everyItem(entry.fields, (field) => FIELD_SET.has(field)) &&
		everyItem(entry.evidence, (row) => {
			if (!isObject(row)) return false;
			const { start, end } = row;
			return (
				EVIDENCE_FACT_SET.has(row.fact) &&
				isString(row.value, 1) &&
				(row.subject === null || isString(row.subject, 1)) &&
				isString(row.role, 1, 200) &&
				typeof row.counted === 'boolean' &&
				EVIDENCE_FIELD_SET.has(row.field) &&
				(start === null ? end === null : isCount(start) && isCount(end) && start < end) &&
				(row.field === 'page') === (start === null) &&
				isString(row.quote, 1, 2_000)
			);
		})
	);
}
