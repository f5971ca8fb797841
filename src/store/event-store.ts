import type Database from 'better-sqlite3';
import { type ActivityType, type IsoDate, UNDATED_SORT_DATE } from '../domain/entry.js';
import {
	ACTIVITY_DAYS,
	compareFacts,
	compareMatches,
	daysApart,
	type EventComparison,
	type EventFacts,
	type EventReason,
	chooseRepresentative,
	covers,
	eventGroups,
	MAX_QUOTES,
	MAX_SOURCES,
	REGISTRATION_DAYS,
	sameEvent,
} from '../events/same-event.js';
import type { FullTextRows } from './full-text-rows.js';
import { addEntryFacets, type EntryFacetFacts, type FacetDeltas } from './facets.js';
import { PARTNER_FACTS_SQL, partnerFacts } from './partner-facts.js';
import { createRowInserter } from './row-inserter.js';

interface EventRow {
	id: number;
	document_id: number;
	date: string | null;
	type: ActivityType;
	event_id: number | null;
	sort_date: string;
	kind: string;
	provinces: string;
	org_ids: string;
	countries: string;
	bodies: string;
	fields: string;
}

// Rows one walk for candidates reads at most (an organization in the news a lot has many entries near any date).
export const SCAN = 60;
// Entries sharing a quote compared at most.
const CANDIDATES = 50;
// How many of the best matches may be tried for room in their event (one report per document, MAX_SOURCES).
const JOIN_TRIES = 3;
const DAY_MS = 86_400_000;

/**
 * An entry to find the event of, with what bestMatch reads of it: its facts, its sort date, and whether it has long
 * sentences (entry_sentences rows) another entry may quote. The store passes those of the entries it just saved,
 * which it has in memory; others are read back (subjectOf).
 */
export interface MatchSubject {
	readonly facts: EventFacts;
	readonly sortDate: string;
	readonly quotable: boolean;
}

/**
 * Keeps events: entries of different documents that tell one event are linked (event_links, with the reason), and
 * every entry of a group but its representative (chooseRepresentative) gets `event_id` = the representative's id. Such an entry is another source of the event:
 * it leaves the facet counts and the full-text index, and the representative's full-text row holds the words of
 * every source, so a search finds the event once by any of them. Runs inside the store's save transactions:
 * `release` before a document's entries are rewritten or deleted, `settle` after.
 */
export function createEventStore(db: Database.Database, fullText: FullTextRows) {
	const selectFacts = db.prepare<[number], EventRow>(
		`SELECT e.id, e.document_id, e.date, e.type, e.event_id, e.sort_date, d.kind,
			(SELECT json_group_array(p.province) FROM entry_provinces p WHERE p.entry_id = e.id) AS provinces,
			(SELECT json_group_array(o.org_id) FROM entry_orgs o WHERE o.entry_id = e.id) AS org_ids,
			(SELECT json_group_array(DISTINCT o.country) FROM entry_orgs o WHERE o.entry_id = e.id AND o.country IS NOT NULL)
				AS countries,
			${PARTNER_FACTS_SQL}
		FROM entries e JOIN documents d ON d.id = e.document_id WHERE e.id = ?`,
	);
	const candidates = createCandidateFinder(db);
	// Entries sharing one of the entry's long sentences, if few entries have it: a quote, not boilerplate.
	const selectQuoting = db
		.prepare<[{ id: number; quotes: number; limit: number }], number>(
			`SELECT DISTINCT s2.entry_id FROM entry_sentences s1
			JOIN entry_sentences s2 ON s2.hash = s1.hash AND s2.entry_id != s1.entry_id
			WHERE s1.entry_id = @id
				AND (SELECT count(*) FROM (SELECT 1 FROM entry_sentences s3 WHERE s3.hash = s1.hash LIMIT @quotes + 1))
					<= @quotes
			LIMIT @limit`,
		)
		.pluck();
	const documentsOf = db
		.prepare<[string], number>('SELECT DISTINCT document_id FROM entries WHERE id IN (SELECT value FROM json_each(?))')
		.pluck();
	const selectLinked = db
		.prepare<[number, number], number>(
			'SELECT other_id FROM event_links WHERE entry_id = ? UNION SELECT entry_id FROM event_links WHERE other_id = ?',
		)
		.pluck();
	const selectLinks = db.prepare<[{ ids: string }], { entry_id: number; other_id: number }>(
		`SELECT entry_id, other_id FROM event_links
		WHERE entry_id IN (SELECT value FROM json_each(@ids)) OR other_id IN (SELECT value FROM json_each(@ids))`,
	);
	const insertLink = db.prepare<[number, number, string]>(
		'INSERT INTO event_links (entry_id, other_id, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
	);
	const deleteLinksOf = db.prepare<[number, number]>('DELETE FROM event_links WHERE entry_id = ? OR other_id = ?');
	const setEventId = db.prepare<[number | null, number]>('UPDATE entries SET event_id = ? WHERE id = ?');
	const hasSentences = db.prepare<[number], number>('SELECT 1 FROM entry_sentences WHERE entry_id = ? LIMIT 1').pluck();
	const deleteSentences = db.prepare<[number]>('DELETE FROM entry_sentences WHERE entry_id = ?');
	const insertSentences = createRowInserter(
		db,
		2,
		(values) => `INSERT INTO entry_sentences (hash, entry_id) VALUES ${values} ON CONFLICT DO NOTHING`,
	);
	const facetFacts = (row: EventRow): EntryFacetFacts => ({
		sortDate: row.sort_date,
		type: row.type,
		kind: row.kind,
		provinces: JSON.parse(row.provinces) as string[],
		orgIds: JSON.parse(row.org_ids) as number[],
		countries: JSON.parse(row.countries) as string[],
		...partnerFacts(row),
	});
	const eventFacts = (row: EventRow): EventFacts => ({
		id: row.id,
		documentId: row.document_id,
		date: row.date,
		type: row.type,
		provinces: JSON.parse(row.provinces) as string[],
		orgIds: JSON.parse(row.org_ids) as number[],
	});

	/** An entry's facts as stored, for bestMatch; null when it is gone. */
	function subjectOf(id: number): MatchSubject | null {
		const row = selectFacts.get(id);
		if (row === undefined) return null;
		return { facts: eventFacts(row), sortDate: row.sort_date, quotable: hasSentences.get(id) !== undefined };
	}

	/** Every entry linked to `ids`, directly or through others. */
	function groupsOf(ids: readonly number[]): Set<number> {
		const seen = new Set(ids);
		const queue = [...ids];
		while (queue.length > 0) {
			const id = queue.pop()!;
			for (const other of selectLinked.all(id, id)) {
				if (seen.has(other)) continue;
				seen.add(other);
				queue.push(other);
			}
		}
		return seen;
	}

	/** The facts of entries, skipping ids that are gone. */
	function factsOf(ids: Iterable<number>): EventFacts[] {
		return [...ids].flatMap((id) => {
			let facts = factsCache.get(id);
			if (facts === undefined) {
				const row = selectFacts.get(id);
				if (row === undefined) return [];
				facts = eventFacts(row);
				factsCache.set(id, facts);
			}
			return [facts];
		});
	}
	// Facts of entries read during one settle() (a busy organization's events are checked for many new reports);
	// they do not change while it runs, and the cache is emptied when it ends.
	const factsCache = new Map<number, EventFacts>();

	/**
	 * Whether an entry may join the event of `otherId`: one report per document, MAX_SOURCES in all, and no fact lost
	 * from the counts. Only the event's representative is counted, so one of the two (it, or the entry) must name
	 * every province and organization the other names: a story telling two registrations never hides in one.
	 */
	function canJoin(otherId: number, entry: EventFacts): boolean {
		const group = groupsOf([otherId]);
		if (group.size >= MAX_SOURCES || documentsOf.all(JSON.stringify([...group])).includes(entry.documentId)) {
			return false;
		}
		const members = factsOf(group);
		const representative = members.find((member) => member.id === chooseRepresentative(members));
		return representative !== undefined && (covers(representative, entry) || covers(entry, representative));
	}

	/**
	 * The event an entry reports, among those already stored: the strongest, nearest match it may join. One link per
	 * entry, so an event grows one report at a time and two events never fuse through a third entry.
	 */
	function bestMatch({ facts, sortDate, quotable }: MatchSubject): { id: number; reason: EventReason } | null {
		// An entry without long sentences shares none (entry_sentences holds no row of it).
		const quoting = new Set(quotable ? selectQuoting.all({ id: facts.id, quotes: MAX_QUOTES, limit: CANDIDATES }) : []);
		const matches: { id: number; reason: EventReason; days: number | null }[] = [];
		const consider = (id: number, comparison: EventComparison) => {
			const reason = sameEvent(comparison);
			if (reason !== null) matches.push({ id, reason, days: comparison.days });
		};
		// Same organization, place and type by construction of the walks: only the dates are left to compare.
		const sameFacts = candidates.find({ facts, sortDate });
		for (const other of sameFacts) {
			consider(other.id, {
				sameDocument: false,
				sharedOrg: true,
				noOrgs: false,
				sharedPlace: true,
				type: facts.type,
				days: facts.date && other.date ? daysApart(facts.date, other.date) : null,
				quoted: quoting.has(other.id),
			});
		}
		const checked = new Set(sameFacts.map((other) => other.id));
		for (const otherId of quoting) {
			const other = checked.has(otherId) ? undefined : selectFacts.get(otherId);
			if (other) consider(otherId, compareFacts(facts, eventFacts(other), true));
		}
		matches.sort(compareMatches);
		// The best few only: a popular organization's full events are not each walked for every new report.
		return matches.slice(0, JOIN_TRIES).find((match) => canJoin(match.id, facts)) ?? null;
	}

	return {
		/**
		 * Before entries are rewritten or deleted: their groups are undone (every member counted again, with its
		 * facets and its own full-text row) and their links dropped. Returns the other members, to settle again after.
		 */
		release(entryIds: readonly number[], facetDeltas: FacetDeltas): number[] {
			if (entryIds.length === 0) return [];
			const members = groupsOf(entryIds);
			const own = new Set(entryIds);
			for (const id of members) {
				const row = selectFacts.get(id);
				if (row === undefined) continue;
				if (row.event_id !== null) {
					addEntryFacets(facetDeltas, facetFacts(row), 1);
					setEventId.run(null, id);
				}
				// The document's own entries get their rows rewritten by the store; the others stand alone for now.
				if (!own.has(id)) fullText.putEvent(id, []);
			}
			for (const id of entryIds) deleteLinksOf.run(id, id);
			return [...members].filter((id) => !own.has(id));
		},

		/**
		 * Keeps the hashes of an entry's long sentences, which tell a quote of it apart. `inserted`: the entry was
		 * just inserted, with a new id, so it has none stored yet.
		 */
		indexSentences(entryId: number, hashes: readonly string[], inserted = false): void {
			if (!inserted) deleteSentences.run(entryId);
			insertSentences(hashes.map((hash) => [hash, entryId]));
		},

		/**
		 * After saves: links the given entries to the other sources of their events, then gives every group its
		 * representative (chooseRepresentative), which alone is counted and holds the group's words in the full-text
		 * index.
		 * `others` are entries released before the save, standing alone until they are grouped again here.
		 */
		settle(
			entryIds: readonly number[],
			others: readonly number[],
			facetDeltas: FacetDeltas,
			saved?: ReadonlyMap<number, MatchSubject>,
		): void {
			try {
				settleGroups(entryIds, others, facetDeltas, saved);
			} finally {
				factsCache.clear();
			}
		},
	};

	/** settle()'s work: links for the new entries, then each touched group's representative, counts and words. */
	function settleGroups(
		entryIds: readonly number[],
		others: readonly number[],
		facetDeltas: FacetDeltas,
		saved: ReadonlyMap<number, MatchSubject> | undefined,
	): void {
		for (const id of entryIds) {
			const subject = saved?.get(id) ?? subjectOf(id);
			if (subject === null) continue;
			const match = bestMatch(subject);
			if (match) insertLink.run(Math.min(id, match.id), Math.max(id, match.id), match.reason);
		}
		const members = groupsOf([...entryIds, ...others]);
		const links = selectLinks.all({ ids: JSON.stringify([...members]) });
		const groups = eventGroups(
			members,
			links.map((link) => [link.entry_id, link.other_id] as const),
		);
		const sourcesOf = new Map<number, number[]>();
		for (const group of groups) {
			// An entry standing alone is one just saved or released: its event_id is already NULL, it is counted and
			// has its own full-text row, so there is nothing to read back or change (most entries of a bulk ingest).
			if (group.length === 1) continue;
			const representative = chooseRepresentative(factsOf(group));
			const sources = group.filter((id) => id !== representative);
			if (sources.length > 0) sourcesOf.set(representative, sources);
			for (const id of group) {
				const row = selectFacts.get(id);
				if (!row) continue;
				const eventId = id === representative ? null : representative;
				if (row.event_id === eventId) continue;
				// Counted entries have event_id NULL: becoming another's source uncounts, standing alone counts again.
				if (row.event_id === null) addEntryFacets(facetDeltas, facetFacts(row), -1);
				else if (eventId === null) addEntryFacets(facetDeltas, facetFacts(row), 1);
				setEventId.run(eventId, id);
			}
		}
		// Every entry here has its own full-text row (just saved, or released): sources give theirs to the event's.
		for (const [representative, sources] of sourcesOf) {
			for (const id of sources) fullText.remove(id);
			fullText.putEvent(representative, sources);
		}
	}
}

/** An entry found by createCandidateFinder, with its date. */
export interface Candidate {
	readonly id: number;
	readonly date: IsoDate | null;
}

// Organizations whose walks one statement reads at most (each walk is one part of a compound SELECT).
const ORGS_PER_STATEMENT = 8;

/**
 * Entries of other documents naming one of the entry's organizations in one of its provinces, with its type. Per
 * org, a bounded walk of entry_orgs' primary key (org, sort date, entry) nearest first: back from the entry's date
 * and on from it within the window sameEvent() allows (an undated story sorts by its publication, near the event),
 * and for a registration the entries sorted as undated; for an undated registration, the org's newest. At most SCAN
 * rows per walk, however busy the org, and rows outside the first SCAN are never read. All walks of an entry run in
 * one statement (a UNION ALL of them): an entry has one or two orgs, so the walks were three to six statements,
 * each costing more to bind and start than its handful of rows. An entry found by two walks is listed twice.
 */
export function createCandidateFinder(db: Database.Database) {
	const walk = (org: number, range: string, order: string) => `SELECT o2.entry_id AS id, e2.date
		FROM (SELECT entry_id FROM entry_orgs WHERE org_id = @org${org} AND entry_id != @id AND ${range}
			ORDER BY ${order} LIMIT ${SCAN}) o2
		CROSS JOIN entries e2 ON e2.id = o2.entry_id
		WHERE e2.type = @type AND e2.document_id != @documentId
			AND EXISTS (SELECT 1 FROM entry_provinces p1 JOIN entry_provinces p2 ON p2.province = p1.province
				WHERE p1.entry_id = @id AND p2.entry_id = o2.entry_id)`;
	const newestFirst = 'sort_date DESC, entry_id DESC';
	type Mode = 'dated' | 'dated registration' | 'undated registration';
	const walksOf = (org: number, mode: Mode): string[] =>
		mode === 'undated registration'
			? // An undated registration story may tell any of the org's registrations: its newest entries are read.
				[walk(org, '1', newestFirst)]
			: [
					walk(org, 'sort_date BETWEEN @from AND @date', newestFirst),
					walk(org, 'sort_date > @date AND sort_date <= @to', 'sort_date, entry_id'),
					...(mode === 'dated registration' ? [walk(org, `sort_date = '${UNDATED_SORT_DATE}'`, newestFirst)] : []),
				];
	const statements = new Map<string, Database.Statement<[Record<string, unknown>], Candidate>>();
	const statementFor = (orgs: number, mode: Mode) => {
		const key = `${mode} ${orgs}`;
		let statement = statements.get(key);
		if (statement === undefined) {
			const parts = Array.from({ length: orgs }, (_, org) => walksOf(org, mode)).flat();
			statement = db.prepare<[Record<string, unknown>], Candidate>(parts.join('\nUNION ALL\n'));
			statements.set(key, statement);
		}
		return statement;
	};

	return {
		/** The candidates of an entry: what its walks find, in no particular order. */
		find({ facts, sortDate }: Pick<MatchSubject, 'facts' | 'sortDate'>): Candidate[] {
			const registration = facts.type === 'registration' || facts.type === 'deregistration';
			if (facts.date === null && !registration) return [];
			const mode: Mode = facts.date === null ? 'undated registration' : registration ? 'dated registration' : 'dated';
			const window = registration ? REGISTRATION_DAYS : ACTIVITY_DAYS;
			const shift = (days: number) =>
				new Date(Date.parse(`${sortDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
			const params: Record<string, unknown> = { id: facts.id, documentId: facts.documentId, type: facts.type };
			if (mode !== 'undated registration')
				Object.assign(params, { from: shift(-window), date: sortDate, to: shift(window) });
			const orgs = [...new Set(facts.orgIds)];
			const found: Candidate[] = [];
			for (let start = 0; start < orgs.length; start += ORGS_PER_STATEMENT) {
				const chunk = orgs.slice(start, start + ORGS_PER_STATEMENT);
				const bound = { ...params };
				chunk.forEach((org, i) => {
					bound[`org${i}`] = org;
				});
				for (const candidate of statementFor(chunk.length, mode).all(bound)) found.push(candidate);
			}
			return found;
		},
	};
}
