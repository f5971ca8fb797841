import type Database from 'better-sqlite3';
import type { FacetCount } from './facets.js';

/** The facets a fact table counts. */
export type TableFacet = 'province' | 'org' | 'type';

/**
 * The type, provinces and organizations of every entry, in flat arrays indexed by entry id: a search answer counts
 * them over its sample of 1,000 entries in microseconds, where reading them from SQLite costs 5-20 ms (a thousand
 * random lookups in three tables, mostly outside the page cache). Read in three grouped queries (each group's ids
 * come back as one JSON array: materializing a row per fact costs ten times more), about 20 MB per million entries.
 */
export interface FactTable {
	/** Counts of a facet's values among the ids (n descending, then key in binary order); unknown ids count nothing. */
	count(ids: readonly number[], facet: TableFacet, limit: number): FacetCount[];
}

export function loadFactTable(db: Database.Database): FactTable {
	const maxId = (db.prepare('SELECT coalesce(max(id), 0) FROM entries').pluck().get() as number) ?? 0;
	const groups = (sql: string) => db.prepare<[], [string | number, string]>(sql).raw().all();

	// Type codes from 1; 0 marks an id with no entry.
	const typeNames: string[] = [''];
	const types = new Uint8Array(maxId + 1);
	for (const [type, ids] of groups(
		'SELECT type, json_group_array(id) FROM entries INDEXED BY entries_type_sort_date GROUP BY type',
	)) {
		const code = typeNames.push(String(type)) - 1;
		for (const id of JSON.parse(ids) as number[]) types[id] = code;
	}

	// Provinces as a 64-bit set per entry (two words): China has 34 provincial divisions.
	const provinceNames: string[] = [];
	const low = new Uint32Array(maxId + 1);
	const high = new Uint32Array(maxId + 1);
	for (const [province, ids] of groups(
		'SELECT province, json_group_array(entry_id) FROM entry_provinces GROUP BY province',
	)) {
		const code = provinceNames.push(String(province)) - 1;
		if (code >= 64) throw new RangeError('more than 64 provinces');
		const words = code < 32 ? low : high;
		const bit = (1 << (code % 32)) >>> 0;
		for (const id of JSON.parse(ids) as number[]) words[id] = (words[id]! | bit) >>> 0;
	}

	// Organizations as lists per entry (compressed rows: offsets, then org ids).
	const byOrg = groups('SELECT org_id, json_group_array(entry_id) FROM entry_orgs GROUP BY org_id').map(
		([org, ids]) => [Number(org), JSON.parse(ids) as number[]] as const,
	);
	const starts = new Uint32Array(maxId + 2);
	for (const [, ids] of byOrg) for (const id of ids) starts[id + 1]!++;
	for (let id = 1; id < starts.length; id++) starts[id]! += starts[id - 1]!;
	const orgs = new Int32Array(starts[maxId + 1]!);
	const filled = starts.slice(0, maxId + 1);
	for (const [org, ids] of byOrg) for (const id of ids) orgs[filled[id]!++] = org;

	// Counts by code, one array per facet reused across calls (answers are counted one at a time on this thread);
	// only the codes touched are read back and reset.
	const maxOrg = orgs.reduce((max, org) => (org > max ? org : max), 0);
	const tallies: Record<TableFacet, Uint32Array> = {
		type: new Uint32Array(typeNames.length),
		province: new Uint32Array(64),
		org: new Uint32Array(maxOrg + 1),
	};
	const keyOf = (facet: TableFacet, code: number) =>
		facet === 'type' ? typeNames[code]! : facet === 'province' ? provinceNames[code]! : String(code);

	return {
		count(ids, facet, limit) {
			const tally = tallies[facet];
			const touched: number[] = [];
			const add = (code: number) => {
				if (tally[code]!++ === 0) touched.push(code);
			};
			for (const id of ids) {
				if (!Number.isInteger(id) || id < 1 || id > maxId || types[id] === 0) continue;
				if (facet === 'type') add(types[id]!);
				else if (facet === 'province') {
					for (let bits = low[id]!; bits !== 0; bits &= bits - 1) add(31 - Math.clz32(bits & -bits));
					for (let bits = high[id]!; bits !== 0; bits &= bits - 1) add(63 - Math.clz32(bits & -bits));
				} else {
					// An entry naming one org twice has one entry_orgs row per org: the primary key says so.
					for (let at = starts[id]!; at < starts[id + 1]!; at++) add(orgs[at]!);
				}
			}
			// A sample of 1,000 touches hundreds of orgs and an answer shows eight: only codes counted at least as
			// often as the limit-th one (ties included) get a key and take part in the exact order.
			let kept = touched;
			if (limit >= 0 && touched.length > limit) {
				const byCount = touched.map((code) => tally[code]!).sort((a, b) => b - a);
				const least = limit === 0 ? Infinity : byCount[limit - 1]!;
				kept = touched.filter((code) => tally[code]! >= least);
			}
			const rows = kept.map((code) => ({ key: keyOf(facet, code), n: tally[code]! }));
			for (const code of touched) tally[code] = 0;
			rows.sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
			return limit < 0 ? rows : rows.slice(0, limit);
		},
	};
}
