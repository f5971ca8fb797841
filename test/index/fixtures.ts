import { readFileSync } from 'node:fs';
import { searchTokens } from '../../src/domain/search-text.js';
import type { OrgDoc } from '../../src/index/index-docs.js';
import { loadReference } from '../../src/ingest/load-reference.js';

interface FixtureOrg {
	id: number;
	name: string;
	aliases: string[];
	country: string | null;
}

interface FixtureEntry {
	id: number;
	title: string | null;
	provinces: string[];
	orgIds: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ranking-set.json', import.meta.url), 'utf8')) as {
	orgs: FixtureOrg[];
	entries: FixtureEntry[];
};

/** Orgs of the ranking set, entry counts computed from its entries. */
export function rankingOrgs(): OrgDoc[] {
	return fixture.orgs.map((org) => ({
		...org,
		aliases: [...org.aliases],
		entryCount: fixture.entries.filter((entry) => entry.orgIds.includes(org.id)).length,
	}));
}

let neverFuzzy: ReadonlySet<string> | null = null;

/** Every token of province names, aliases, Chinese names and cities of the real gazetteer, as the bot passes it. */
export function gazetteerTerms(): ReadonlySet<string> {
	if (neverFuzzy !== null) return neverFuzzy;
	const terms = new Set<string>();
	const add = (names: readonly string[]) => {
		for (const name of names) for (const token of searchTokens(name)) terms.add(token);
	};
	for (const province of loadReference().gazetteer.provinces) {
		add([province.name, ...province.aliases, ...province.zh]);
		for (const city of province.cities) add([city.name, ...city.aliases, ...city.zh]);
	}
	neverFuzzy = terms;
	return terms;
}

/** `search_snapshots` as migration 2 creates it, duplicated so these tests do not wait on that migration. */
export const SNAPSHOTS_DDL = `CREATE TABLE search_snapshots (name TEXT PRIMARY KEY, revision INTEGER NOT NULL,
	options_hash TEXT NOT NULL, built_at TEXT NOT NULL, data BLOB NOT NULL) STRICT`;
