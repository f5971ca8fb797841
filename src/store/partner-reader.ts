import type Database from 'better-sqlite3';
import type { BodyLevel, BodyRole, FieldOfWork, IsoDate } from '../domain/entry.js';
import { standsForItsEvent } from './event-sql.js';

/** A Chinese body as the corpus knows it. */
export interface StoredBody {
	readonly id: number;
	/** The name first stored ("Zhejiang Department of Commerce", "Jiangxi Public Security Bureau"). */
	readonly name: string;
	readonly level: BodyLevel | null;
	readonly province: string | null;
	/** Entries naming it, in any role. */
	readonly entryCount: number;
	/** Every spelling seen, name first. */
	readonly aliases: readonly string[];
}

/** A body or an organization counted in a role: whom a body supervised, an org's partners. */
export interface RoleCount {
	readonly id: number;
	readonly name: string;
	readonly role: BodyRole;
	readonly n: number;
}

interface BodyRow {
	id: number;
	name: string;
	level: BodyLevel | null;
	province: string | null;
	entry_count: number;
	aliases: string;
}

const BODY_SELECT = `
SELECT b.id, b.name, b.level, b.province, b.entry_count,
	(SELECT json_group_array(a.alias ORDER BY a.alias = b.name DESC, a.alias) FROM body_aliases a WHERE a.body_id = b.id)
		AS aliases
FROM bodies b`;

/** Entry ids naming a body in any role, newest first: the primary key (body, sort date, entry, role) walked. */
export const ENTRIES_BY_BODY_SQL = `
SELECT entry_id FROM entry_bodies WHERE body_id = @key AND ${standsForItsEvent('entry_id')}
GROUP BY sort_date, entry_id ORDER BY sort_date DESC, entry_id DESC LIMIT @limit OFFSET @offset`;

function toBody(row: BodyRow): StoredBody {
	const aliases = JSON.parse(row.aliases) as string[];
	return {
		id: row.id,
		name: row.name,
		level: row.level,
		province: row.province,
		entryCount: row.entry_count,
		aliases: [...new Set([row.name, ...aliases])],
	};
}

/** The read side of Chinese bodies and fields of work. */
export function createPartnerReader(db: Database.Database) {
	const byAlias = db.prepare<[string], BodyRow>(
		`${BODY_SELECT} JOIN body_aliases k ON k.body_id = b.id WHERE k.alias_key = ?`,
	);
	const byId = db.prepare<[number], BodyRow>(`${BODY_SELECT} WHERE b.id = ?`);
	// Name prefixes or any word of a name, busiest first: bodies are few (thousands), a scan is cheap.
	const matching = db.prepare<[{ prefix: string; word: string; limit: number }], BodyRow>(
		`${BODY_SELECT} WHERE b.name LIKE @prefix ESCAPE '\\' OR b.name LIKE @word ESCAPE '\\'
		ORDER BY b.name LIKE @prefix ESCAPE '\\' DESC, b.entry_count DESC, b.name LIMIT @limit`,
	);
	const busiest = db.prepare<[number], BodyRow>(`${BODY_SELECT} ORDER BY b.entry_count DESC, b.name LIMIT ?`);
	const entryIds = db.prepare<[{ key: number; limit: number; offset: number }], number>(ENTRIES_BY_BODY_SQL).pluck();
	// Events naming the body: its entry_count counts every report (it keeps the row alive), answers count events.
	// body_counts (migration 13) holds the counts of entries standing for their event, kept by the document store.
	const eventCount = db
		.prepare<[number], number>(`SELECT n FROM body_counts WHERE body_id = ? AND role = '' AND org_id = 0`)
		.pluck();
	const roles = db.prepare<[number], { role: BodyRole; n: number }>(
		`SELECT role, n FROM body_counts WHERE body_id = ? AND role <> '' AND org_id = 0 ORDER BY n DESC, role`,
	);
	const span = db.prepare<[number], { first: IsoDate | null; last: IsoDate | null }>(
		`SELECT min(sort_date) AS first, max(sort_date) AS last FROM entry_bodies
		WHERE body_id = ? AND sort_date != '0000-01-01' AND ${standsForItsEvent('entry_id')}`,
	);
	// The organizations named in a body's entries, by the body's role there: whom it supervised, registered, met.
	const orgsOfBody = db.prepare<[number, number], RoleCount>(
		`SELECT c.org_id AS id, g.name, c.role, c.n FROM body_counts c JOIN orgs g ON g.id = c.org_id
		WHERE c.body_id = ? AND c.role <> '' AND c.org_id <> 0 ORDER BY c.n DESC, g.name LIMIT ?`,
	);
	// The bodies named in an organization's entries, by role: its supervisors, partner units and partners.
	const bodiesOfOrg = db.prepare<[number, number], RoleCount>(
		`SELECT c.body_id AS id, b.name, c.role, c.n FROM body_counts c INDEXED BY body_counts_org_id
		JOIN bodies b ON b.id = c.body_id WHERE c.org_id = ? AND c.org_id <> 0 ORDER BY c.n DESC, b.name LIMIT ?`,
	);
	// Org 0 holds the corpus' counts.
	const fieldsOfOrg = db.prepare<[number], { key: FieldOfWork; n: number }>(
		'SELECT field AS key, n FROM field_counts WHERE org_id = ? ORDER BY n DESC, field',
	);

	return {
		/** The body one of whose spellings has this bodyKey, or null. */
		findBodyByKey(key: string): StoredBody | null {
			const row = byAlias.get(key);
			return row === undefined ? null : toBody(row);
		},

		getBody(id: number): StoredBody | null {
			if (!Number.isSafeInteger(id)) return null;
			const row = byId.get(id);
			return row === undefined ? null : toBody(row);
		},

		/** Bodies whose name starts with, or has a word starting with, `text`; the busiest when `text` is empty. */
		suggestBodies(text: string, limit: number): StoredBody[] {
			const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
			if (escaped.trim() === '') return busiest.all(limit).map(toBody);
			return matching.all({ prefix: `${escaped}%`, word: `% ${escaped}%`, limit }).map(toBody);
		},

		/** Entry ids naming a body, newest first. */
		entryIdsByBody(bodyId: number, page: { limit: number; offset?: number }): number[] {
			return entryIds.all({ key: bodyId, limit: page.limit, offset: page.offset ?? 0 });
		},

		/** How many events name the body (other sources of an event not counted again). */
		eventCountOfBody(bodyId: number): number {
			return eventCount.get(bodyId) ?? 0;
		},

		/** In how many entries the body appears in each role. */
		bodyRoles(bodyId: number): { role: BodyRole; n: number }[] {
			return roles.all(bodyId);
		},

		/** Earliest and latest dated entry naming the body. */
		bodySpan(bodyId: number): { first: IsoDate | null; last: IsoDate | null } {
			return span.get(bodyId) ?? { first: null, last: null };
		},

		orgsOfBody(bodyId: number, limit: number): RoleCount[] {
			return orgsOfBody.all(bodyId, limit);
		},

		bodiesOfOrg(orgId: number, limit: number): RoleCount[] {
			return bodiesOfOrg.all(orgId, limit);
		},

		/** Fields of work of an organization's entries, with how many entries are about each. */
		fieldsOfOrg(orgId: number): { key: FieldOfWork; n: number }[] {
			return orgId === 0 ? [] : fieldsOfOrg.all(orgId);
		},

		/** Fields of work over the whole corpus. */
		fieldCounts(): { key: FieldOfWork; n: number }[] {
			return fieldsOfOrg.all(0);
		},
	};
}

export type PartnerReader = ReturnType<typeof createPartnerReader>;
