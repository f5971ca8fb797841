import type Database from 'better-sqlite3';
import { ftsMatchExpression } from '../domain/search-text.js';
import type { AnswerKind, BenchQuery } from './answer-path.js';
import type { CorpusWorld } from './synthetic-corpus.js';

/**
 * The fixed set of realistic questions the latency figures are measured over, picked from the ingested corpus
 * (so names exist as extraction stored them) and the generator's vocabulary ranking (so broad and narrow words
 * are known). Deterministic for a corpus.
 */

interface OrgRow {
	id: number;
	name: string;
	entry_count: number;
}

/** A typo a user might make: one letter dropped from the middle of the longest word. */
function typo(name: string): string {
	const words = name.split(' ');
	let longest = 0;
	words.forEach((word, i) => {
		if (word.length > words[longest]!.length) longest = i;
	});
	const word = words[longest]!;
	const at = Math.floor(word.length / 2);
	words[longest] = word.slice(0, at) + word.slice(at + 1);
	return words.join(' ');
}

export function pickQueries(db: Database.Database, world: CorpusWorld): BenchQuery[] {
	const queries: BenchQuery[] = [];
	const add = (kind: AnswerKind, label: string, text: string, extra: Partial<BenchQuery> = {}) => {
		if (text && !queries.some((q) => q.kind === kind && q.text === text && q.label === label))
			queries.push({ kind, label, text, ...extra });
	};

	// /ngo: exact names across the popularity ranking, an acronym, lower case, a typo, a partial name, a known
	// organization that the corpus never names.
	const orgs = db.prepare<[], OrgRow>('SELECT id, name, entry_count FROM orgs ORDER BY entry_count DESC, id').all();
	const at = (share: number) => orgs[Math.min(orgs.length - 1, Math.floor(share * orgs.length))];
	for (const [label, org] of [
		['exact name, most entries', orgs[0]],
		['exact name, 2nd', orgs[1]],
		['exact name, 5th', orgs[4]],
		['exact name, top 1%', at(0.01)],
		['exact name, top 10%', at(0.1)],
		['exact name, median', at(0.5)],
		['exact name, rare', at(0.99)],
	] as const) {
		if (org) add('ngo', `${label} (${org.entry_count} entries)`, org.name);
	}
	if (orgs[2]) add('ngo', 'lower-case name', orgs[2].name.toLowerCase());
	const acronym = db
		.prepare<[], { alias: string; entry_count: number }>(
			`SELECT a.alias, o.entry_count FROM org_aliases a JOIN orgs o ON o.id = a.org_id
			WHERE a.alias GLOB '[A-Z][A-Z][A-Z]*' AND a.alias NOT GLOB '*[^A-Z]*' ORDER BY o.entry_count DESC, o.id LIMIT 2`,
		)
		.all();
	for (const [i, row] of acronym.entries())
		add('ngo', `acronym${i ? ' 2' : ''} (${row.entry_count} entries)`, row.alias);
	const mid = at(0.05);
	if (mid) add('ngo', 'typo (fuzzy)', typo(mid.name));
	const partial = orgs.find((org) => org.name.split(' ').length >= 4);
	if (partial) add('ngo', 'first words of a name', partial.name.split(' ').slice(0, 2).join(' '));
	add('ngo', 'known org absent from corpus', 'Animals Asia');

	// /province: English, Chinese, pinyin aliases, cities, "X Province", big and small divisions.
	for (const [label, text] of [
		['most entries', world.reference.provinces[0]!.name],
		['2nd', world.reference.provinces[1]!.name],
		['3rd', world.reference.provinces[2]!.name],
		['mid-size', 'Hunan'],
		['small', 'Tibet'],
		['Chinese name', '湖南'],
		['Chinese name, big', '云南'],
		['city', 'Chengdu'],
		['city', 'Kunming'],
		['"X Province"', 'Sichuan Province'],
		['old spelling', 'Szechuan'],
		['long official name', 'Xinjiang Uyghur Autonomous Region'],
		['lower case', 'guangdong'],
		['SAR', 'Macau'],
	] as const)
		add('province', label, text);

	// /search: broad one-word searches, narrow multi-word ones, names, Chinese, a province filter, a typo.
	const vocabulary = world.vocabulary;
	add('search', 'broad word (rank 1)', vocabulary[0]!);
	add('search', 'broad word (rank 2)', vocabulary[1]!);
	add('search', 'broad word (rank 5)', vocabulary[4]!);
	add('search', 'activity word', 'training');
	add('search', 'activity word', 'registration');
	add('search', 'head noun', 'foundation');
	add('search', 'mid word (rank 300)', vocabulary[300]!);
	add('search', 'rare word (rank 3000)', vocabulary[3000]!);
	add('search', 'two broad words', `${vocabulary[0]} ${vocabulary[3]}`);
	add('search', 'phrase-like', 'registration certificate');
	add('search', 'narrow: words of one entry', narrowWords(db, world, 0.37));
	add('search', 'narrow: words of one entry', narrowWords(db, world, 0.81));
	add('search', 'narrow: broad + rare word', `${vocabulary[2]} ${vocabulary[2500]}`);
	if (orgs[0]) add('search', 'org name words', orgs[0].name);
	add('search', 'Chamber of Commerce', 'chamber of commerce');
	add('search', 'Chinese', '湖南');
	add('search', 'typo (respelled: no word matches as typed)', 'trainnig');
	add('search', 'province filter, broad word', vocabulary[0]!, {
		filters: { province: world.reference.provinces[0]!.name },
	});
	add('search', 'province filter, activity', 'training', { filters: { province: 'Yunnan' } });
	add('search', 'province filter (Chinese), activity', 'donated', { filters: { province: '湖南' } });
	add('search', 'province filter, mid word', vocabulary[300]!, { filters: { province: 'Gansu' } });
	add('search', 'two broad words (ranks 2, 7)', `${vocabulary[1]} ${vocabulary[6]}`);
	// Every search in both orders: newest first walks an order the index keeps, relevance ranks by bm25 (the class
	// figures compare each order with FTS5 on the same words). The typo falls back to names, where order is moot.
	for (const q of queries.filter((q) => q.kind === 'search' && !q.label.startsWith('typo'))) {
		queries.push({ ...q, label: `${q.label}, by relevance`, order: 'relevance' });
	}
	return queries;
}

/** Search classes of the report: the share of the corpus a search matches, or its province filter. */
export type SearchClass = 'rare' | 'common' | 'very common' | 'province filter';
export const SEARCH_CLASSES: readonly SearchClass[] = ['rare', 'common', 'very common', 'province filter'];

/** Rare: under 1% of the entries match; common: under 20%; very common: the rest. A province filter is its own class. */
export function searchClass(query: BenchQuery, matches: number, entries: number): SearchClass {
	if (query.filters?.province) return 'province filter';
	const share = matches / Math.max(1, entries);
	return share < 0.01 ? 'rare' : share < 0.2 ? 'common' : 'very common';
}

/** Two of the rarest filler words of one entry (at `share` of the id range): a search that finds a handful. */
function narrowWords(db: Database.Database, world: CorpusWorld, share: number): string {
	const max = db.prepare<[], number>('SELECT max(id) FROM entries').pluck().get() ?? 0;
	const text =
		db
			.prepare<[number], string>('SELECT text FROM entries WHERE id >= ? ORDER BY id LIMIT 1')
			.pluck()
			.get(Math.max(1, Math.floor(max * share))) ?? '';
	const rank = new Map(world.vocabulary.map((word, i) => [word, i]));
	const words = [...new Set(text.toLowerCase().split(/[^a-z]+/))].filter((word) => rank.has(word));
	words.sort((a, b) => rank.get(b)! - rank.get(a)!);
	return words.slice(0, 2).join(' ');
}

/** The plain FTS5 MATCH expression for a search: the same words (last one as a prefix), a province as one more word. */
export function baselineMatch(query: BenchQuery, provinceName: (name: string) => string | null): string | null {
	const words = ftsMatchExpression(query.text, { prefixLast: true });
	if (words === null) return null;
	const province = query.filters?.province ? provinceName(query.filters.province) : null;
	return province ? `${words} AND ${ftsMatchExpression(province)}` : words;
}
