import type Database from 'better-sqlite3';
import type {
	ActivityType,
	BodyLevel,
	BodyRole,
	FieldOfWork,
	PartnerMention,
	DocumentKind,
	Entry,
	EventSource,
	Evidence,
	IsoDate,
	OrgMention,
} from '../domain/entry.js';
import { standsForItsEvent } from './event-sql.js';
import { evidenceFromJson } from './evidence-json.js';

/** A page of lookup results. */
export interface Page {
	readonly limit: number;
	readonly offset?: number;
}

/** An organization as the corpus knows it. */
export interface StoredOrg {
	readonly id: number;
	/** Name as first written. */
	readonly name: string;
	readonly key: string;
	readonly country: string | null;
	readonly entryCount: number;
	/** Every spelling that resolves to this org (including the name), in key order. */
	readonly aliases: readonly string[];
}

export interface CorpusStats {
	readonly documents: number;
	/** Entries standing for an event: an event several documents report counts once. */
	readonly entries: number;
	/** The other documents' reports of those events, not counted in `entries`. */
	readonly otherSources: number;
	/** Orgs named by at least one entry (orgs left without entries are deleted). */
	readonly orgs: number;
	readonly byKind: readonly { kind: DocumentKind; documents: number; entries: number }[];
	readonly byProvince: readonly { province: string; entries: number }[];
	readonly byType: readonly { type: ActivityType; entries: number }[];
	/** Earliest and latest explicit entry date (undated entries are not counted). */
	readonly dateSpan: { readonly from: IsoDate | null; readonly to: IsoDate | null };
	readonly undated: number;
	readonly lastIngestAt: string | null;
	readonly corpusRevision: number;
}

// Provinces and orgs are aggregated in the same statement (one index lookup each per entry), so reading many
// entries is one query, not one per entry.
const ENTRY_SELECT = `
SELECT e.id, e.document_id, e.position, e.title, e.date, e.type, e.summary, e.text, e.ingested_at,
	d.kind, d.path AS source_path, d.url AS source_url, d.title AS source_title, d.published AS source_published,
	(SELECT json_group_array(p.province ORDER BY p.ordinal) FROM entry_provinces p WHERE p.entry_id = e.id) AS provinces,
	(SELECT json_group_array(json_array(o.name, o.country) ORDER BY o.ordinal) FROM entry_orgs o WHERE o.entry_id = e.id)
		AS orgs,
	(SELECT json_group_array(json_array(b.name, eb.role, eb.written, b.level, b.province) ORDER BY eb.ordinal)
		FROM entry_bodies eb JOIN bodies b ON b.id = eb.body_id WHERE eb.entry_id = e.id) AS partners,
	(SELECT json_group_array(f.field ORDER BY f.ordinal) FROM entry_fields f WHERE f.entry_id = e.id) AS fields,
	coalesce(e.event_id, e.id) AS event_id,
	(SELECT json_group_array(json_array(m.id, m.date, md.path, md.url, md.title, md.published,
			-- Why: the link between the two when there is one, else the one that joined that source to the event.
			(SELECT l.reason FROM event_links l WHERE (l.entry_id = m.id AND l.other_id = e.id)
				OR (l.entry_id = e.id AND l.other_id = m.id)
				UNION ALL SELECT l.reason FROM event_links l WHERE l.entry_id = m.id OR l.other_id = m.id LIMIT 1))
			ORDER BY m.id)
		FROM entries m JOIN documents md ON md.id = m.document_id
		WHERE (m.id = coalesce(e.event_id, e.id) OR m.event_id = coalesce(e.event_id, e.id)) AND m.id <> e.id)
		AS other_sources
FROM entries e JOIN documents d ON d.id = e.document_id`;

/** One entry by id. */
export const ENTRY_BY_ID_SQL = `${ENTRY_SELECT} WHERE e.id = ?`;
/** Entries by id, in the order of a JSON array of ids. */
export const ENTRIES_BY_IDS_SQL = `${ENTRY_SELECT} JOIN json_each(?) j ON j.value = e.id ORDER BY j.key`;
/** Every entry in (document, position) order: the export. */
export const ALL_ENTRIES_SQL = `${ENTRY_SELECT} ORDER BY e.document_id, e.position`;

// Province and org lookups read only their own table: its primary key (key, sort_date, entry_id) is already in
// "newest first" order, so a page costs LIMIT + OFFSET rows however many entries match (plus the other sources of
// events skipped on the way, a few).

/** Entry ids naming a province, newest first (exported for query-plan tests). */
export const ENTRIES_BY_PROVINCE_SQL = `
SELECT entry_id FROM entry_provinces
WHERE province = @key AND ${standsForItsEvent('entry_id')}
ORDER BY sort_date DESC, entry_id DESC LIMIT @limit OFFSET @offset`;

/** Entry ids naming an org, newest first (exported for query-plan tests). */
export const ENTRIES_BY_ORG_SQL = `
SELECT entry_id FROM entry_orgs
WHERE org_id = @key AND ${standsForItsEvent('entry_id')}
ORDER BY sort_date DESC, entry_id DESC LIMIT @limit OFFSET @offset`;

/** Entry ids whose sort date lies in [from, to], newest first (exported for query-plan tests). */
export const ENTRIES_BY_DATE_SQL = `
SELECT id FROM entries
WHERE sort_date >= @from AND sort_date <= @to AND ${standsForItsEvent('entries.id')}
ORDER BY sort_date DESC, id DESC LIMIT @limit OFFSET @offset`;

/** Entry ids of one activity type, newest first (exported for query-plan tests). */
export const ENTRIES_BY_TYPE_SQL = `
SELECT id FROM entries
WHERE type = @key AND ${standsForItsEvent('entries.id')}
ORDER BY sort_date DESC, id DESC LIMIT @limit OFFSET @offset`;

const ORG_SELECT = `
SELECT o.id, o.name, o.key, o.country, o.entry_count,
	(SELECT json_group_array(a.alias ORDER BY a.alias_key) FROM org_aliases a WHERE a.org_id = o.id) AS aliases
FROM orgs o`;

/** The org an orgKey resolves to, through any of its known spellings. */
export const ORG_BY_KEY_SQL = `${ORG_SELECT} JOIN org_aliases k ON k.org_id = o.id WHERE k.alias_key = ?`;

// Names as written come first (mention order); aliases follow, through org_aliases_org_id.
/** [id, date, path, url, title, published, reason] of another source of an entry's event. */
type OtherSourceRow = [
	number,
	IsoDate | null,
	string | null,
	string | null,
	string | null,
	IsoDate | null,
	string | null,
];

interface EntryRow {
	id: number;
	document_id: number;
	position: number;
	title: string | null;
	date: string | null;
	type: ActivityType;
	summary: string;
	text: string;
	ingested_at: string;
	kind: DocumentKind;
	source_path: string | null;
	source_url: string | null;
	source_title: string | null;
	source_published: string | null;
	provinces: string;
	orgs: string;
	partners: string;
	fields: string;
	event_id: number;
	other_sources: string;
}

/** The words an entry's facts came from, in the extractor's order (one row, evidence-json.ts). */
export const EVIDENCE_BY_ENTRY_SQL = 'SELECT evidence FROM entry_evidence WHERE entry_id = ?';

interface OrgRow {
	id: number;
	name: string;
	key: string;
	country: string | null;
	entry_count: number;
	aliases: string;
}

export type EntryReader = ReturnType<typeof createEntryReader>;

/** Creates the read side of the store (export, stats, lookups); statements are prepared once. */
export function createEntryReader(db: Database.Database) {
	const entryById = db.prepare<[number], EntryRow>(ENTRY_BY_ID_SQL);
	const entriesByIds = db.prepare<[string], EntryRow>(ENTRIES_BY_IDS_SQL);
	const evidenceByEntry = db.prepare<[number], string>(EVIDENCE_BY_ENTRY_SQL).pluck();
	const allEntries = db.prepare<[], EntryRow>(ALL_ENTRIES_SQL);
	const countAll = db.prepare<[], number>('SELECT count(*) FROM entries').pluck();
	const byProvince = db.prepare<[KeyPage], number>(ENTRIES_BY_PROVINCE_SQL).pluck();
	const byOrg = db.prepare<[KeyPage], number>(ENTRIES_BY_ORG_SQL).pluck();
	const byType = db.prepare<[KeyPage], number>(ENTRIES_BY_TYPE_SQL).pluck();
	const byDate = db
		.prepare<[{ from: string; to: string; limit: number; offset: number }], number>(ENTRIES_BY_DATE_SQL)
		.pluck();
	const orgByKey = db.prepare<[string], OrgRow>(ORG_BY_KEY_SQL);
	const orgById = db.prepare<[number], OrgRow>(`${ORG_SELECT} WHERE o.id = ?`);
	const allOrgs = db.prepare<[], OrgRow>(`${ORG_SELECT} ORDER BY o.id`);
	const countDocuments = db.prepare<[], number>('SELECT count(*) FROM documents').pluck();
	const sourcesOfEvents = db.prepare<[string], { event_id: number; id: number }>(
		'SELECT event_id, id FROM entries WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY id',
	);
	const eventsOf = db
		.prepare<[string], number>(
			'SELECT coalesce(e.event_id, e.id) FROM json_each(?) j JOIN entries e ON e.id = j.value ORDER BY j.key',
		)
		.pluck();
	const metaValue = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();

	// Counts are of events (facet_counts counts the entries standing for one); otherSources counts the rest.
	const allFacet = (facet: string) =>
		`SELECT facet_key AS key, n FROM facet_counts WHERE scope = 'all' AND scope_key = '' AND facet = '${facet}'
		ORDER BY n DESC, facet_key`;
	const statsStatements = {
		totals: db.prepare<[], { documents: number; entries: number; orgs: number; other_sources: number }>(
			`SELECT (SELECT count(*) FROM documents) AS documents,
				(SELECT coalesce(sum(n), 0) FROM facet_counts WHERE scope = 'all' AND scope_key = '' AND facet = 'total')
					AS entries,
				(SELECT count(*) FROM orgs) AS orgs,
				(SELECT count(*) FROM entries INDEXED BY entries_merged WHERE event_id IS NOT NULL) AS other_sources`,
		),
		byKind: db.prepare<[], { kind: DocumentKind; documents: number; entries: number }>(
			`SELECT d.kind, count(*) AS documents, coalesce(k.n, 0) AS entries
			FROM documents d LEFT JOIN (${allFacet('kind')}) k ON k.key = d.kind
			GROUP BY d.kind ORDER BY entries DESC, d.kind`,
		),
		byProvince: db.prepare<[], { province: string; entries: number }>(
			`SELECT key AS province, n AS entries FROM (${allFacet('province')})`,
		),
		byType: db.prepare<[], { type: ActivityType; entries: number }>(
			`SELECT key AS type, n AS entries FROM (${allFacet('type')})`,
		),
		dates: db.prepare<[], { from: string | null; to: string | null; undated: number }>(
			`SELECT min(date) AS "from", max(date) AS "to", count(*) - count(date) AS undated FROM entries
			WHERE ${standsForItsEvent('entries.id')}`,
		),
	};

	function corpusRevision(): number {
		return Number(metaValue.get('corpus_revision') ?? 0);
	}

	return {
		/** One entry, or null when no entry has this id. */
		getEntry(id: number): Entry | null {
			if (!Number.isSafeInteger(id)) return null;
			const row = entryById.get(id);
			return row === undefined ? null : toEntry(row);
		},

		/**
		 * Why an entry's facts are there: the words each came from, in stored order. Empty for an unknown id and for
		 * entries stored before evidence was kept. Lists never call this; one entry's view does.
		 */
		getEvidence(id: number): Evidence[] {
			if (!Number.isSafeInteger(id)) return [];
			const json = evidenceByEntry.get(id);
			return json === undefined ? [] : evidenceFromJson(json);
		},

		/** Entries by id in the order given, skipping ids that do not exist (one query). */
		getEntries(ids: readonly number[]): Entry[] {
			return entriesByIds.all(JSON.stringify(ids.filter(Number.isSafeInteger))).map(toEntry);
		},

		/**
		 * Every entry in (document, position) order, streamed row by row. The connection is busy until the
		 * iteration ends or is abandoned with `return()`; the entries come from one consistent snapshot.
		 */
		*iterateEntries(): IterableIterator<Entry> {
			for (const row of allEntries.iterate()) yield toEntry(row);
		},

		/** Each of these event entries followed by the other documents' entries telling the same event. */
		withOtherSources(ids: readonly number[]): number[] {
			const sources = new Map<number, number[]>();
			for (const { event_id: event, id } of sourcesOfEvents.all(JSON.stringify(ids))) {
				sources.set(event, [...(sources.get(event) ?? []), id]);
			}
			return sources.size === 0 ? [...ids] : ids.flatMap((id) => [id, ...(sources.get(id) ?? [])]);
		},

		/** The entries standing for the events of these entries, in first-seen order, each once. */
		eventIdsOf(ids: readonly number[]): number[] {
			return [...new Set(eventsOf.all(JSON.stringify(ids)))];
		},

		countEntries(): number {
			return countAll.get() ?? 0;
		},

		/** Entry ids naming this canonical province, newest first (sort date, then id). */
		entryIdsByProvince(province: string, page: Page): number[] {
			return byProvince.all({ key: province, ...pageParams(page) });
		},

		/** Entry ids naming this org, newest first (sort date, then id). */
		entryIdsByOrg(orgId: number, page: Page): number[] {
			return byOrg.all({ key: orgId, ...pageParams(page) });
		},

		/** Entry ids of this activity type, newest first (sort date, then id). */
		entryIdsByType(type: ActivityType, page: Page): number[] {
			return byType.all({ key: type, ...pageParams(page) });
		},

		/** Entry ids whose sort date (date, else the document's coverage end or publication) is in [from, to]. */
		entryIdsBetween(from: IsoDate, to: IsoDate, page: Page): number[] {
			return byDate.all({ from, to, ...pageParams(page) });
		},

		/** The org any of whose known spellings has this orgKey, or null. */
		findOrgByKey(key: string): StoredOrg | null {
			const row = orgByKey.get(key);
			return row === undefined ? null : toOrg(row);
		},

		/** One org with all its aliases, or null when no org has this id (orgs without entries are deleted). */
		getOrg(id: number): StoredOrg | null {
			if (!Number.isSafeInteger(id)) return null;
			const row = orgById.get(id);
			return row === undefined ? null : toOrg(row);
		},

		/** Every org in id order, streamed (the connection is busy until the iteration ends or is abandoned). */
		*iterateOrgs(): IterableIterator<StoredOrg> {
			for (const row of allOrgs.iterate()) yield toOrg(row);
		},

		documentCount(): number {
			return countDocuments.get() ?? 0;
		},

		/** When the last changing save happened (ISO timestamp), or null before the first. */
		lastIngestAt(): string | null {
			return metaValue.get('last_ingest_at') ?? null;
		},

		/** Incremented by every write that changes the corpus; derived indexes record the revision they were built from. */
		corpusRevision,

		/** Counts for the stats command. */
		stats(): CorpusStats {
			const { other_sources: otherSources, ...totals } = statsStatements.totals.get()!;
			const dates = statsStatements.dates.get()!;
			return {
				...totals,
				otherSources,
				byKind: statsStatements.byKind.all(),
				byProvince: statsStatements.byProvince.all(),
				byType: statsStatements.byType.all(),
				dateSpan: { from: dates.from, to: dates.to },
				undated: dates.undated,
				lastIngestAt: metaValue.get('last_ingest_at') ?? null,
				corpusRevision: corpusRevision(),
			};
		},
	};
}

interface KeyPage {
	key: string | number;
	limit: number;
	offset: number;
}

function pageParams(page: Page): { limit: number; offset: number } {
	const offset = page.offset ?? 0;
	if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError(`Invalid page limit ${page.limit}`);
	if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`Invalid page offset ${offset}`);
	return { limit: page.limit, offset };
}

function toOrg(row: OrgRow): StoredOrg {
	return {
		id: row.id,
		name: row.name,
		key: row.key,
		country: row.country,
		entryCount: row.entry_count,
		aliases: JSON.parse(row.aliases) as string[],
	};
}

/** Orgs come back as this entry's own mention: name and country as written here, no aliases. */
function toEntry(row: EntryRow): Entry {
	const orgs = (JSON.parse(row.orgs) as [string, string | null][]).map(([name, country]): OrgMention => ({
		name,
		country,
		aliases: [],
	}));
	return {
		id: row.id,
		documentId: row.document_id,
		kind: row.kind,
		source: { path: row.source_path, url: row.source_url, title: row.source_title, published: row.source_published },
		ingestedAt: row.ingested_at,
		position: row.position,
		title: row.title,
		date: row.date,
		provinces: JSON.parse(row.provinces) as string[],
		orgs,
		type: row.type,
		summary: row.summary,
		text: row.text,
		partners: (JSON.parse(row.partners) as [string, BodyRole, string, BodyLevel | null, string | null][]).map(
			([name, role, written, level, province]): PartnerMention => ({ name, role, written, level, province }),
		),
		fields: JSON.parse(row.fields) as FieldOfWork[],
		eventId: row.event_id,
		otherSources: (JSON.parse(row.other_sources) as OtherSourceRow[]).map(
			([entryId, date, path, url, title, published, reason]): EventSource => ({
				entryId,
				date,
				source: { path, url, title, published },
				reason,
			}),
		),
	};
}
