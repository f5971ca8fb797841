import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
	DOCUMENT_KINDS,
	DraftEntrySchema,
	type DraftEntry,
	isPlainlyValidDraftEntry,
	type PartnerMention,
	type ParsedDocument,
	UNDATED_SORT_DATE,
} from '../domain/entry.js';
import { bodyKey, orgKey } from '../domain/names.js';
import { ftsColumns } from './entry-search.js';
import { sentenceHashes } from '../events/same-event.js';
import { fullTextTerms } from './full-text-key.js';
import { createEventStore, type MatchSubject } from './event-store.js';
import { createFullTextRows, type FtsColumns } from './full-text-rows.js';
import {
	addEntryFacets,
	emptyFacetDeltas,
	createFacetWriter,
	type EntryFacetFacts,
	type FacetDeltas,
	mergeFacetDeltas,
} from './facets.js';
import { PARTNER_FACTS_SQL, partnerFacts } from './partner-facts.js';
import { evidenceToJson } from './evidence-json.js';
import { createRowInserter } from './row-inserter.js';

export interface SaveOptions {
	/** Stable identity of the source (normalized path or URL): re-ingesting it replaces the stored document. */
	readonly sourceKey: string;
	readonly extractorVersion: number;
	readonly now: Date;
}

export interface SaveResult {
	readonly documentId: number;
	readonly status: 'added' | 'unchanged' | 'replaced';
	/** Entries inserted with new ids. */
	readonly added: number;
	/** Entries whose text was already stored: same id, facts rewritten. */
	readonly kept: number;
	/** Old entries whose text is gone from the document. */
	readonly removed: number;
	/** Ids of the document's entries in position order. */
	readonly entryIds: readonly number[];
	/** Ids of the entries inserted by this save (`added` of them). */
	readonly insertedIds: readonly number[];
	/** Ids of the entries that kept their id (`kept` of them); when status is 'unchanged' nothing about them changed. */
	readonly keptIds: readonly number[];
	/** Ids of the entries deleted by this save (`removed` of them). */
	readonly removedIds: readonly number[];
	/** Orgs created by this save. */
	readonly createdOrgIds: readonly number[];
	/** Orgs deleted by this save because no entry names them any more. */
	readonly deletedOrgIds: readonly number[];
	/** Orgs that existed before and still exist whose aliases or country changed (a name index must update them). */
	readonly renamedOrgIds: readonly number[];
	/** Orgs that existed before and still exist whose entry count changed. */
	readonly recountedOrgIds: readonly number[];
}

/** What removeDocumentDetailed deleted. */
export interface RemoveResult {
	readonly documentId: number;
	readonly removedIds: readonly number[];
	readonly deletedOrgIds: readonly number[];
	readonly recountedOrgIds: readonly number[];
}

/** A document, its options or an entry failed validation; nothing was written. */
export class InvalidDocumentError extends Error {
	override readonly name = 'InvalidDocumentError';
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

interface MentionToSave {
	readonly name: string;
	readonly country: string | null;
	/** orgKey of the name first, then of each alias; deduplicated, never empty strings. */
	readonly keys: readonly string[];
	/** Text as written for each key. */
	readonly spellings: readonly string[];
}

interface EntryToSave {
	readonly draft: DraftEntry;
	readonly textHash: string;
	readonly provinces: readonly string[];
	readonly orgs: readonly MentionToSave[];
	/** The entry's own full-text row and its terms (an event's representative gets its row rewritten later). */
	readonly fullText: { readonly columns: FtsColumns; readonly terms: readonly string[] };
	/** Hashes of its long sentences (events/same-event.ts). */
	readonly sentences: readonly string[];
	/** Its evidence as stored (evidence-json.ts), null when it has none. */
	readonly evidence: string | null;
}

/**
 * A document checked and made ready for the store by prepareDocument: everything its save needs that does not
 * depend on what is stored, so it can be computed away from the writer (the ingest's parse worker).
 */
export interface PreparedDocument {
	readonly doc: ParsedDocument;
	readonly entries: readonly EntryToSave[];
}

interface StoredDocument {
	id: number;
	kind: string;
	content_hash: string;
	extractor_version: number;
}

interface StoredEntryRow {
	id: number;
	position: number;
	text_hash: string;
	ingested_at: string;
	sort_date: string;
	type: string;
	provinces: string;
	org_ids: string;
	countries: string;
	bodies: string;
	fields: string;
}

interface StoredEntry {
	readonly id: number;
	readonly textHash: string;
	readonly ingestedAt: string;
	readonly facts: EntryFacetFacts;
}

/** Org changes collected during one save. */
interface OrgChanges {
	/** Entry-count change per org. */
	readonly deltas: Map<number, number>;
	readonly created: Set<number>;
	readonly renamed: Set<number>;
}

const isoDate = z.iso.date();

/** Creates the write side of the store; statements are prepared once. Requires a database from openDatabase. */
export function createDocumentStore(db: Database.Database) {
	// Deletes rely on ON DELETE CASCADE; without foreign keys they would leave orphans behind.
	if (Number(db.pragma('foreign_keys', { simple: true })) !== 1) {
		throw new Error('createDocumentStore needs foreign_keys = ON: open the database with openDatabase().');
	}

	const selectDocument = db.prepare<[string], StoredDocument>(
		'SELECT id, kind, content_hash, extractor_version FROM documents WHERE source_key = ?',
	);
	const selectEntryIds = db
		.prepare<[number], number>('SELECT id FROM entries WHERE document_id = ? ORDER BY position')
		.pluck();
	// The facts facet_counts counted for each entry, read before they are rewritten or deleted.
	const selectStoredEntries = db.prepare<[number], StoredEntryRow>(
		`SELECT e.id, e.position, e.text_hash, e.ingested_at, e.sort_date, e.type,
			(SELECT json_group_array(p.province) FROM entry_provinces p WHERE p.entry_id = e.id) AS provinces,
			(SELECT json_group_array(o.org_id) FROM entry_orgs o WHERE o.entry_id = e.id) AS org_ids,
			(SELECT json_group_array(DISTINCT o.country) FROM entry_orgs o WHERE o.entry_id = e.id AND o.country IS NOT NULL)
				AS countries,
			${PARTNER_FACTS_SQL}
		FROM entries e WHERE e.document_id = ? ORDER BY e.position`,
	);
	const insertDocument = db.prepare<[Record<string, unknown>]>(
		`INSERT INTO documents (source_key, path, url, title, published, kind, coverage_from, coverage_to, content_hash,
			extractor_version, entry_count, first_ingested_at, updated_at)
		VALUES (@sourceKey, @path, @url, @title, @published, @kind, @coverageFrom, @coverageTo, @contentHash,
			@extractorVersion, @entryCount, @now, @now)`,
	);
	const updateDocument = db.prepare<[Record<string, unknown>]>(
		`UPDATE documents SET path = @path, url = @url, title = @title, published = @published, kind = @kind,
			coverage_from = @coverageFrom, coverage_to = @coverageTo, content_hash = @contentHash,
			extractor_version = @extractorVersion, entry_count = @entryCount, updated_at = @now
		WHERE id = @id`,
	);
	const deleteDocument = db.prepare<[number]>('DELETE FROM documents WHERE id = ?');

	// Positional parameters, like the row inserts below: binding named ones reads them off an object, which costs more.
	const insertEntry = db.prepare<
		[number, number, string, string | null, string, string | null, string, string, string, string]
	>(
		`INSERT INTO entries (document_id, position, text_hash, date, sort_date, title, type, summary, text, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	);
	const updateEntry = db.prepare<[Record<string, unknown>]>(
		`UPDATE entries SET position = @position, date = @date, sort_date = @sortDate, title = @title, type = @type,
			summary = @summary, text = @text
		WHERE id = @id`,
	);
	// Kept entries move to negative positions first so rewriting positions never collides with UNIQUE(document_id, position).
	const parkEntries = db.prepare<[number]>('UPDATE entries SET position = -1 - position WHERE document_id = ?');
	const deleteEntry = db.prepare<[number]>('DELETE FROM entries WHERE id = ?');
	const deleteEntryOrgs = db.prepare<[number]>('DELETE FROM entry_orgs WHERE entry_id = ?');
	const deleteEntryProvinces = db.prepare<[number]>('DELETE FROM entry_provinces WHERE entry_id = ?');
	const deleteEntryEvidence = db.prepare<[number]>('DELETE FROM entry_evidence WHERE entry_id = ?');
	const insertEvidence = db.prepare<[number, string]>('INSERT INTO entry_evidence (entry_id, evidence) VALUES (?, ?)');
	// The per-row inserts bind positional parameters: binding an object's named ones costs about as much again.
	// sort_date is copied from the entry row by SQL itself, so the copies cannot disagree with it. One statement
	// per entry and table (row-inserter.ts), the rows in their order.
	const insertEntryProvinces = createRowInserter<[entryId: number]>(
		db,
		2,
		(values) => `INSERT INTO entry_provinces (entry_id, province, ordinal, sort_date)
		SELECT e.id, v.column1, v.column2, e.sort_date FROM (VALUES ${values}) v CROSS JOIN entries e WHERE e.id = ?`,
	);
	const insertEntryOrgs = createRowInserter<[entryId: number]>(
		db,
		4,
		(values) => `INSERT INTO entry_orgs (entry_id, org_id, ordinal, name, country, sort_date)
		SELECT e.id, v.column1, v.column2, v.column3, v.column4, e.sort_date FROM (VALUES ${values}) v
		CROSS JOIN entries e WHERE e.id = ?`,
	);
	const deleteEntryBodies = db.prepare<[number]>('DELETE FROM entry_bodies WHERE entry_id = ?');
	const deleteEntryFields = db.prepare<[number]>('DELETE FROM entry_fields WHERE entry_id = ?');
	const selectEntryBodyIds = db
		.prepare<[number], number>('SELECT DISTINCT body_id FROM entry_bodies WHERE entry_id = ?')
		.pluck();
	const insertEntryBodies = createRowInserter<[entryId: number]>(
		db,
		4,
		(values) => `INSERT INTO entry_bodies (entry_id, body_id, role, ordinal, written, sort_date)
		SELECT e.id, v.column1, v.column2, v.column3, v.column4, e.sort_date FROM (VALUES ${values}) v
		CROSS JOIN entries e WHERE e.id = ?
		ON CONFLICT DO NOTHING`,
	);
	const insertEntryFields = createRowInserter<[entryId: number]>(
		db,
		2,
		(values) => `INSERT INTO entry_fields (entry_id, field, ordinal, sort_date)
		SELECT e.id, v.column1, v.column2, e.sort_date FROM (VALUES ${values}) v CROSS JOIN entries e WHERE e.id = ?
		ON CONFLICT DO NOTHING`,
	);
	const selectBodyByAlias = db
		.prepare<[string], number>('SELECT body_id FROM body_aliases WHERE alias_key = ?')
		.pluck();
	const insertBody = db.prepare<[string, string, string | null, string | null]>(
		'INSERT INTO bodies (name, key, level, province) VALUES (?, ?, ?, ?)',
	);
	const insertBodyAlias = db.prepare<[string, number, string]>(
		'INSERT INTO body_aliases (alias_key, body_id, alias) VALUES (?, ?, ?) ON CONFLICT (alias_key) DO NOTHING',
	);
	const addToBodyCount = db.prepare<[number, number]>('UPDATE bodies SET entry_count = entry_count + ? WHERE id = ?');
	const deleteEmptyBody = db.prepare<[number]>('DELETE FROM bodies WHERE id = ? AND entry_count = 0');

	const selectOrgByAlias = db.prepare<[string], number>('SELECT org_id FROM org_aliases WHERE alias_key = ?').pluck();
	const insertOrg = db.prepare<[string, string, string | null]>(
		'INSERT INTO orgs (name, key, country) VALUES (?, ?, ?)',
	);
	const insertAlias = db.prepare<[string, number, string]>(
		'INSERT INTO org_aliases (alias_key, org_id, alias) VALUES (?, ?, ?) ON CONFLICT (alias_key) DO NOTHING',
	);
	const fillOrgCountry = db.prepare<[string, number]>('UPDATE orgs SET country = ? WHERE id = ? AND country IS NULL');
	const addToOrgCount = db.prepare<[number, number]>('UPDATE orgs SET entry_count = entry_count + ? WHERE id = ?');
	const deleteEmptyOrg = db.prepare<[number]>('DELETE FROM orgs WHERE id = ? AND entry_count = 0');

	const facetWriter = createFacetWriter(db);
	const fullText = createFullTextRows(db);
	/** Writes what saves left for the end of their transaction: facet counts and the terms of full-text rows. */
	const applyPending = (pending: FacetDeltas) => {
		facetWriter.apply(pending);
		if (pending.terms !== undefined) fullText.addTerms(pending.terms);
	};
	const events = createEventStore(db, fullText);
	const bumpRevision = db.prepare(
		`INSERT INTO meta (key, value) VALUES ('corpus_revision', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
	);
	const setLastIngest = db.prepare<[string]>(
		`INSERT INTO meta (key, value) VALUES ('last_ingest_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
	);

	function resolveOrg(mention: MentionToSave, changes: OrgChanges): number {
		let orgId: number | undefined;
		let foundBy = -1;
		for (const [i, key] of mention.keys.entries()) {
			// keys[0] is the name's key, so the name wins when the name and an alias point at different orgs.
			orgId = selectOrgByAlias.get(key);
			if (orgId !== undefined) {
				foundBy = i;
				break;
			}
		}
		let renamed = false;
		if (orgId === undefined) {
			orgId = Number(insertOrg.run(mention.name, mention.keys[0]!, mention.country).lastInsertRowid);
			changes.created.add(orgId);
		} else if (mention.country !== null) {
			renamed = fillOrgCountry.run(mention.country, orgId).changes > 0;
		}
		for (const [i, key] of mention.keys.entries()) {
			// The alias the org was found by is stored: inserting it again would change nothing.
			if (i !== foundBy && insertAlias.run(key, orgId, mention.spellings[i]!).changes > 0) renamed = true;
		}
		if (renamed) changes.renamed.add(orgId);
		return orgId;
	}

	/**
	 * Inserts an entry's provinces and org rows; `changes` collects +1 per org row for the entry counts.
	 * Returns the org ids and stated countries as stored (what facet_counts counts).
	 */
	function writeFacts(
		entryId: number,
		entry: EntryToSave,
		changes: OrgChanges,
	): { orgIds: number[]; countries: string[] } {
		insertEntryProvinces(
			entry.provinces.map((province, ordinal) => [province, ordinal]),
			entryId,
		);
		// [org id, ordinal, name, country] per org, in the order of their first mention.
		const rows = new Map<number, [number, number, string, string | null]>();
		entry.orgs.forEach((mention, ordinal) => {
			const orgId = resolveOrg(mention, changes);
			const row = rows.get(orgId);
			if (row !== undefined) {
				// A second mention of the same org in one entry keeps the first row and only fills a missing country.
				if (mention.country !== null && row[3] === null) row[3] = mention.country;
				return;
			}
			rows.set(orgId, [orgId, ordinal, mention.name, mention.country]);
			changes.deltas.set(orgId, (changes.deltas.get(orgId) ?? 0) + 1);
		});
		insertEntryOrgs([...rows.values()], entryId);
		const stated = new Set([...rows.values()].map((row) => row[3]).filter((country) => country !== null));
		return { orgIds: [...rows.keys()], countries: [...stated] };
	}

	/** The body a mention names, through the keys of its canonical and written names; created when new. */
	function resolveBody(mention: PartnerMention): number {
		const keys = [...new Set([bodyKey(mention.name), bodyKey(mention.written)].filter(Boolean))];
		let bodyId: number | undefined;
		let foundBy = -1;
		for (const [i, key] of keys.entries()) {
			bodyId = selectBodyByAlias.get(key);
			if (bodyId !== undefined) {
				foundBy = i;
				break;
			}
		}
		bodyId ??= Number(insertBody.run(mention.name, keys[0]!, mention.level, mention.province).lastInsertRowid);
		// The alias the body was found by is stored: inserting it again would change nothing.
		if (foundBy !== 0) insertBodyAlias.run(keys[0]!, bodyId, mention.name);
		if (keys[1] && foundBy !== 1) insertBodyAlias.run(keys[1], bodyId, mention.written);
		return bodyId;
	}

	/**
	 * Inserts an entry's bodies (one row per body and role) and fields; +1 per distinct body into `bodyDeltas`.
	 * Returns the distinct (body, role) pairs and fields stored, what body_counts and field_counts count.
	 */
	function writePartners(
		entryId: number,
		entry: EntryToSave,
		bodyDeltas: Map<number, number>,
	): { bodies: [number, string][]; fields: string[] } {
		const seen = new Set<number>();
		const pairs = new Map<string, [number, string]>();
		const rows: [number, string, number, string][] = [];
		entry.draft.partners.forEach((mention, ordinal) => {
			const bodyId = resolveBody(mention);
			rows.push([bodyId, mention.role, ordinal, mention.written]);
			pairs.set(`${bodyId} ${mention.role}`, [bodyId, mention.role]);
			if (!seen.has(bodyId)) bodyDeltas.set(bodyId, (bodyDeltas.get(bodyId) ?? 0) + 1);
			seen.add(bodyId);
		});
		insertEntryBodies(rows, entryId);
		insertEntryFields(
			entry.draft.fields.map((field, ordinal) => [field, ordinal]),
			entryId,
		);
		return { bodies: [...pairs.values()], fields: [...new Set(entry.draft.fields)] };
	}

	/** -1 for each body a stored entry names: the entry is about to be rewritten or go. */
	function uncountBodies(entryId: number, bodyDeltas: Map<number, number>): void {
		for (const bodyId of selectEntryBodyIds.all(entryId)) bodyDeltas.set(bodyId, (bodyDeltas.get(bodyId) ?? 0) - 1);
	}

	/** Applies body entry counts; bodies no entry names any more go, with their aliases. */
	function settleBodies(bodyDeltas: Map<number, number>): void {
		for (const [id, delta] of bodyDeltas) {
			if (delta === 0) continue;
			addToBodyCount.run(delta, id);
			if (delta < 0) deleteEmptyBody.run(id);
		}
	}

	/** Inserts the words each fact came from, in the extractor's order (one row, prepared by prepareDocument). */
	function writeEvidence(entryId: number, entry: EntryToSave): void {
		if (entry.evidence !== null) insertEvidence.run(entryId, entry.evidence);
	}

	/** Indexes an entry for full-text search and counts its facets. */
	function indexEntry(
		entryId: number,
		entry: EntryToSave,
		sortDate: string,
		kind: string,
		facts: Pick<EntryFacetFacts, 'orgIds' | 'countries' | 'bodies' | 'fields'>,
		facetDeltas: FacetDeltas,
	): void {
		fullText.put(entryId, entry.fullText.columns, entry.fullText.terms, (facetDeltas.terms ??= new Set()));
		addEntryFacets(facetDeltas, { sortDate, type: entry.draft.type, kind, provinces: entry.provinces, ...facts }, 1);
	}

	/** The stored entries of a document, and -1 for their facets and org rows: they are about to be rewritten or go. */
	function uncountStoredEntries(
		documentId: number,
		kind: string,
		changes: OrgChanges,
		facetDeltas: FacetDeltas,
	): StoredEntry[] {
		return selectStoredEntries.all(documentId).map((row) => {
			const orgIds = JSON.parse(row.org_ids) as number[];
			for (const orgId of orgIds) changes.deltas.set(orgId, (changes.deltas.get(orgId) ?? 0) - 1);
			const facts: EntryFacetFacts = {
				sortDate: row.sort_date,
				type: row.type,
				kind,
				provinces: JSON.parse(row.provinces) as string[],
				orgIds,
				countries: JSON.parse(row.countries) as string[],
				...partnerFacts(row),
			};
			addEntryFacets(facetDeltas, facts, -1);
			return { id: row.id, textHash: row.text_hash, ingestedAt: row.ingested_at, facts };
		});
	}

	function entryRow(entry: EntryToSave, doc: ParsedDocument) {
		const { draft } = entry;
		return {
			position: draft.position,
			textHash: entry.textHash,
			date: draft.date,
			// An undated entry sorts by the period its document covers, else its publication; else it is undated
			// (the ingest day would put it into the wrong year of every count over time).
			sortDate: draft.date ?? doc.coverage?.to ?? doc.source.published ?? UNDATED_SORT_DATE,
			title: draft.title,
			type: draft.type,
			summary: draft.summary,
			text: draft.text,
		};
	}

	/** One document's writes; facet changes are added to `facetDeltas`, which the caller applies before commit. */
	function write(
		doc: ParsedDocument,
		entries: readonly EntryToSave[],
		options: SaveOptions,
		facetDeltas: FacetDeltas,
	): SaveResult {
		const now = options.now.toISOString();
		const existing = selectDocument.get(options.sourceKey);
		// Re-checked under the write lock: another process may have stored the same version meanwhile.
		if (existing !== undefined && isSameVersion(existing, doc, options)) return unchangedResult(existing.id);

		const row = {
			sourceKey: options.sourceKey,
			path: doc.source.path,
			url: doc.source.url,
			title: doc.source.title,
			published: doc.source.published,
			kind: doc.kind,
			coverageFrom: doc.coverage?.from ?? null,
			coverageTo: doc.coverage?.to ?? null,
			contentHash: doc.contentHash,
			extractorVersion: options.extractorVersion,
			entryCount: entries.length,
			now,
		};
		// Every old org row and facet of the document goes (deleted entries, rewritten facts); new ones add back.
		// Deltas are summed over the whole document first, so an unchanged fact writes nothing.
		const changes: OrgChanges = { deltas: new Map(), created: new Set(), renamed: new Set() };
		let documentId: number;
		let stored: StoredEntry[] = [];
		let neighbours: number[] = [];
		const bodyDeltas = new Map<number, number>();
		if (existing === undefined) {
			documentId = Number(insertDocument.run(row).lastInsertRowid);
		} else {
			documentId = existing.id;
			// Groups this document's entries belong to are undone first: every member counts again until settled.
			neighbours = events.release(selectEntryIds.all(documentId), facetDeltas);
			stored = uncountStoredEntries(documentId, existing.kind, changes, facetDeltas);
			for (const old of stored) uncountBodies(old.id, bodyDeltas);
			updateDocument.run({ ...row, id: documentId });
		}

		// The k-th occurrence of a text in the new version takes the id of its k-th occurrence in the old one.
		const storedByHash = new Map<string, StoredEntry[]>();
		for (const old of stored) {
			const queue = storedByHash.get(old.textHash);
			if (queue === undefined) storedByHash.set(old.textHash, [old]);
			else queue.push(old);
		}
		const matches = entries.map((entry) => storedByHash.get(entry.textHash)?.shift());
		const leftOver = [...storedByHash.values()].flat();
		for (const old of leftOver) {
			// The row's key is read from the entry: it goes first.
			fullText.remove(old.id);
			deleteEntry.run(old.id);
		}
		const kept = matches.filter((match) => match !== undefined).length;
		if (kept > 0) parkEntries.run(documentId);

		const insertedIds: number[] = [];
		const keptIds: number[] = [];
		// What settle() matches each entry by, as just written (no need to read it back).
		const saved = new Map<number, MatchSubject>();
		const entryIds = entries.map((entry, i) => {
			const match = matches[i];
			let id: number;
			let fields: ReturnType<typeof entryRow>;
			if (match === undefined) {
				fields = entryRow(entry, doc);
				const { position, textHash, date, sortDate, title, type, summary, text } = fields;
				id = Number(
					insertEntry.run(documentId, position, textHash, date, sortDate, title, type, summary, text, now)
						.lastInsertRowid,
				);
				insertedIds.push(id);
			} else {
				id = match.id;
				deleteEntryOrgs.run(id);
				deleteEntryProvinces.run(id);
				// A kept id may come with new evidence (a newer extractor, a moved title): it is rewritten like the facts.
				deleteEntryEvidence.run(id);
				deleteEntryBodies.run(id);
				deleteEntryFields.run(id);
				// Before the entry's sort date changes: the row is keyed by it.
				fullText.remove(id);
				fields = entryRow(entry, doc);
				updateEntry.run({ ...fields, id });
				keptIds.push(id);
			}
			const partners = writePartners(id, entry, bodyDeltas);
			const facts = writeFacts(id, entry, changes);
			indexEntry(id, entry, fields.sortDate, doc.kind, { ...facts, ...partners }, facetDeltas);
			writeEvidence(id, entry);
			events.indexSentences(id, entry.sentences, match === undefined);
			saved.set(id, {
				facts: {
					id,
					documentId,
					date: fields.date,
					type: fields.type,
					provinces: entry.provinces,
					orgIds: facts.orgIds,
				},
				sortDate: fields.sortDate,
				quotable: entry.sentences.length > 0,
			});
			return id;
		});
		events.settle(entryIds, neighbours, facetDeltas, saved);

		const orgs = settleOrgs(changes);
		settleBodies(bodyDeltas);
		bumpRevision.run();
		setLastIngest.run(now);
		return {
			documentId,
			status: existing === undefined ? 'added' : 'replaced',
			added: entries.length - kept,
			kept,
			removed: leftOver.length,
			entryIds,
			insertedIds,
			keptIds,
			removedIds: leftOver.map((old) => old.id),
			...orgs,
		} satisfies SaveResult;
	}

	const save = db.transaction((doc: ParsedDocument, entries: readonly EntryToSave[], options: SaveOptions) => {
		const facetDeltas = emptyFacetDeltas();
		const result = write(doc, entries, options, facetDeltas);
		applyPending(facetDeltas);
		return result;
	});
	// The same inside the caller's transaction, facet changes left for it to write (deferFacetCounts).
	const saveDeferringFacets = db.transaction(
		(doc: ParsedDocument, entries: readonly EntryToSave[], options: SaveOptions, facetDeltas: FacetDeltas) =>
			write(doc, entries, options, facetDeltas),
	);
	// Facet changes of the saves made since deferFacetCounts(), summed, not yet written.
	let deferred: FacetDeltas | null = null;

	// Facet changes of the whole batch are summed before they are written: the rows every document touches
	// (the corpus, its types, its big provinces) are then written once per batch instead of once per document.
	const saveBatch = db.transaction(
		(batch: readonly { doc: ParsedDocument; entries: readonly EntryToSave[]; options: SaveOptions }[]) => {
			const facetDeltas = emptyFacetDeltas();
			const results = batch.map(({ doc, entries, options }) => write(doc, entries, options, facetDeltas));
			applyPending(facetDeltas);
			return results;
		},
	);

	const remove = db.transaction((sourceKey: string): RemoveResult | null => {
		const existing = selectDocument.get(sourceKey);
		if (existing === undefined) return null;
		const changes: OrgChanges = { deltas: new Map(), created: new Set(), renamed: new Set() };
		const facetDeltas = emptyFacetDeltas();
		const neighbours = events.release(selectEntryIds.all(existing.id), facetDeltas);
		const stored = uncountStoredEntries(existing.id, existing.kind, changes, facetDeltas);
		const bodyDeltas = new Map<number, number>();
		for (const old of stored) {
			fullText.remove(old.id);
			uncountBodies(old.id, bodyDeltas);
		}
		deleteDocument.run(existing.id);
		events.settle([], neighbours, facetDeltas);
		const { deletedOrgIds, recountedOrgIds } = settleOrgs(changes);
		settleBodies(bodyDeltas);
		applyPending(facetDeltas);
		bumpRevision.run();
		return { documentId: existing.id, removedIds: stored.map((old) => old.id), deletedOrgIds, recountedOrgIds };
	});

	/**
	 * Applies entry-count changes and deletes orgs left with no entries (their aliases go with them).
	 * Incremental rather than recounted: recounting an org named in most entries would make each save O(corpus).
	 */
	function settleOrgs(changes: OrgChanges) {
		const deleted = new Set<number>();
		const recounted: number[] = [];
		for (const [id, delta] of changes.deltas) {
			if (delta === 0) continue;
			addToOrgCount.run(delta, id);
			if (delta < 0 && deleteEmptyOrg.run(id).changes > 0) deleted.add(id);
			else if (!changes.created.has(id)) recounted.push(id);
		}
		return {
			createdOrgIds: [...changes.created],
			deletedOrgIds: [...deleted],
			renamedOrgIds: [...changes.renamed].filter((id) => !changes.created.has(id) && !deleted.has(id)),
			recountedOrgIds: recounted,
		};
	}

	function unchangedResult(documentId: number): SaveResult {
		const entryIds = selectEntryIds.all(documentId);
		return {
			documentId,
			status: 'unchanged',
			added: 0,
			kept: entryIds.length,
			removed: 0,
			entryIds,
			insertedIds: [],
			keptIds: entryIds,
			removedIds: [],
			createdOrgIds: [],
			deletedOrgIds: [],
			renamedOrgIds: [],
			recountedOrgIds: [],
		};
	}

	return {
		/** Saves one document whole or not at all (one immediate transaction); an unchanged document writes nothing. */
		saveDocument(doc: ParsedDocument, options: SaveOptions): SaveResult {
			validateOptions(options);
			return this.savePrepared(prepareDocument(doc, options.sourceKey), options);
		},

		/**
		 * saveDocument for a document prepareDocument has already checked and prepared (under this source key).
		 * `savepoint: false` (deferred facet counts only) saves without a savepoint of its own, which costs about a
		 * tenth of a bulk load's writer time: if it throws, part of the document may be written, and the caller must
		 * roll back its whole transaction (run-ingest's batches then save their documents again one by one).
		 */
		savePrepared(prepared: PreparedDocument, options: SaveOptions, { savepoint = true } = {}): SaveResult {
			validateOptions(options);
			const { doc, entries } = prepared;
			// Cheap check without the write lock: re-ingesting an unchanged corpus must not write or wait.
			const existing = selectDocument.get(options.sourceKey);
			if (existing !== undefined && isSameVersion(existing, doc, options)) return unchangedResult(existing.id);
			if (deferred === null) return save.immediate(doc, entries, options);
			if (!db.inTransaction) throw new Error('Deferred facet counts need the caller to hold a transaction.');
			if (!savepoint) return write(doc, entries, options, deferred);
			const facetDeltas = emptyFacetDeltas();
			const result = saveDeferringFacets.immediate(doc, entries, options, facetDeltas);
			// Only once the document's savepoint is released: a failed save adds nothing.
			mergeFacetDeltas(deferred, facetDeltas);
			return result;
		},

		/**
		 * From now on saveDocument leaves the facet count changes (facet_counts, body_counts, field_counts) and the
		 * full-text terms (fts_terms) of each save pending instead of writing them, and the caller writes them all at
		 * once with flush() before it commits the transaction it holds the saves in (run-ingest's batches). Rows every
		 * document touches (the corpus, its types, big provinces and orgs) are then written once per batch instead of
		 * once per document. Saves must run inside the caller's transaction until flush() or discard().
		 */
		deferFacetCounts(): { flush(): void; discard(): void } {
			deferred ??= emptyFacetDeltas();
			const take = () => {
				const pending = deferred;
				deferred = null;
				return pending;
			};
			return {
				flush() {
					const pending = take();
					if (pending !== null) applyPending(pending);
				},
				discard() {
					take();
				},
			};
		},

		/**
		 * Saves several documents in one transaction: all or none (on an error, save them one by one to find the
		 * culprit). Much faster for bulk ingests, which commit and rewrite shared facet rows once per batch.
		 * Results are in input order; a source key given twice is saved twice, the later version winning.
		 */
		saveDocuments(items: readonly { readonly doc: ParsedDocument; readonly options: SaveOptions }[]): SaveResult[] {
			const batch = items.map(({ doc, options }) => {
				validateOptions(options);
				return { doc, options, entries: prepareDocument(doc, options.sourceKey).entries };
			});
			return saveBatch.immediate(batch);
		},

		/** Deletes a document with its entries; returns false when no document has this source key. */
		removeDocument(sourceKey: string): boolean {
			return remove.immediate(sourceKey) !== null;
		},

		/** Deletes a document with its entries and reports the entry and org ids affected; null for an unknown key. */
		removeDocumentDetailed(sourceKey: string): RemoveResult | null {
			return remove.immediate(sourceKey);
		},
	};
}

function isSameVersion(stored: StoredDocument, doc: ParsedDocument, options: SaveOptions): boolean {
	return stored.content_hash === doc.contentHash && stored.extractor_version === options.extractorVersion;
}

/** sha256 of an entry's text: how a re-ingested entry finds its old id. */
export function entryTextHash(text: string): string {
	// One-shot (strings are hashed as UTF-8, as update() did): cheaper than a Hash object per entry.
	return hash('sha256', text, 'hex');
}

function validateOptions(options: SaveOptions): void {
	if (typeof options.sourceKey !== 'string' || options.sourceKey.trim() === '') {
		throw new InvalidDocumentError('Cannot save a document without a source key.');
	}
	if (!Number.isSafeInteger(options.extractorVersion) || options.extractorVersion < 0) {
		throw new InvalidDocumentError(
			`Cannot save ${options.sourceKey}: extractorVersion must be a non-negative integer.`,
		);
	}
	if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) {
		throw new InvalidDocumentError(`Cannot save ${options.sourceKey}: now is not a valid date.`);
	}
}

/** Shows a piece of text in an error message: quoted, escaped, and short. */
function excerpt(text: string): string {
	return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

/** Each quote must be exactly the words its offsets point at, or a reader would be shown the wrong words. */
function checkQuotes(entry: DraftEntry, fail: (what: string) => never): void {
	entry.evidence.forEach((row, j) => {
		if (row.field === 'page') return;
		const source = row.field === 'title' ? entry.title : entry.text;
		if (source === null) fail(`evidence ${j} quotes the title, but the entry has none`);
		const start = row.start ?? 0;
		const end = row.end ?? 0;
		// slice() clamps an end past the text; the length check catches offsets beyond it.
		const found = source.slice(start, end);
		if (end > source.length || found !== row.quote) {
			fail(
				`evidence ${j} quote ${excerpt(row.quote)} is not the ${row.field} at ${start}–${end}` +
					(end > source.length ? ` (the ${row.field} has ${source.length} characters)` : ` (found ${excerpt(found)})`),
			);
		}
	});
}

/**
 * Validates the whole document before the transaction starts, and computes what the writes need (pure: it reads
 * nothing stored). Throws InvalidDocumentError naming `sourceKey`.
 */
export function prepareDocument(doc: ParsedDocument, sourceKey: string): PreparedDocument {
	return { doc, entries: prepareEntries(doc, sourceKey) };
}

function prepareEntries(doc: ParsedDocument, sourceKey: string): EntryToSave[] {
	const fail = (what: string): never => {
		throw new InvalidDocumentError(`Cannot save ${sourceKey}: ${what}.`);
	};
	if (!(DOCUMENT_KINDS as readonly string[]).includes(doc.kind)) {
		fail(`unknown document kind ${JSON.stringify(doc.kind)}`);
	}
	if (typeof doc.contentHash !== 'string' || doc.contentHash === '') fail('the content hash is missing');
	for (const field of ['path', 'url', 'title'] as const) {
		const value = doc.source[field];
		if (value !== null && typeof value !== 'string') fail(`source.${field} must be a string or null`);
	}
	if (doc.source.published !== null && !isoDate.safeParse(doc.source.published).success) {
		fail(`source.published ${JSON.stringify(doc.source.published)} is not a yyyy-mm-dd date`);
	}
	if (doc.coverage !== null) {
		for (const end of ['from', 'to'] as const) {
			if (!isoDate.safeParse(doc.coverage[end]).success) {
				fail(`coverage.${end} ${JSON.stringify(doc.coverage[end])} is not a yyyy-mm-dd date`);
			}
		}
	}
	if (!Array.isArray(doc.entries)) fail('entries must be an array');

	const positions = new Set<number>();
	const prepared = doc.entries.map((entry, index): EntryToSave => {
		// The schema only where the quick check has doubts: it decides, and names the problem.
		const parsed = isPlainlyValidDraftEntry(entry) ? null : DraftEntrySchema.safeParse(entry);
		if (parsed?.success === false) {
			const issue = parsed.error.issues[0];
			fail(`entry ${index}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
		}
		if (positions.has(entry.position)) fail(`entry ${index}: position ${entry.position} is used twice`);
		checkQuotes(entry, (what) => fail(`entry ${index}: ${what}`));
		positions.add(entry.position);
		const orgs = entry.orgs.map((mention, j): MentionToSave => {
			const nameKey = orgKey(mention.name) || mention.name.normalize('NFKC').trim().toLowerCase();
			if (nameKey === '') fail(`entry ${index}: org ${j} has a blank name`);
			const keys = [nameKey];
			const spellings = [mention.name];
			for (const alias of mention.aliases) {
				const key = orgKey(alias);
				if (key === '' || keys.includes(key)) continue;
				keys.push(key);
				spellings.push(alias);
			}
			return { name: mention.name, country: mention.country, keys, spellings };
		});
		const provinces = [...new Set(entry.provinces)];
		const columns = ftsColumns({
			orgNames: orgs.flatMap((mention) => mention.spellings),
			title: entry.title,
			provinces,
			text: entry.text,
		});
		return {
			draft: entry,
			textHash: entryTextHash(entry.text),
			provinces,
			orgs,
			fullText: { columns, terms: fullTextTerms([columns.orgs, columns.title, columns.provinces, columns.text]) },
			sentences: sentenceHashes(entry.text),
			evidence: evidenceToJson(entry.evidence),
		};
	});
	// Stored in position order so ids of new entries follow the document's reading order.
	return prepared.sort((a, b) => a.draft.position - b.draft.position);
}
