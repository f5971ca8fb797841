import MiniSearch from 'minisearch';
import { queryTerms } from '../domain/search-text.js';
import type { EntryDoc } from './index-docs.js';
import { ENTRY_BOOST, ENTRY_INDEX_OPTIONS, termExpansion } from './search-options.js';

export type EntryIndex = MiniSearch<EntryDoc>;

export interface EntryNameHit {
	id: number;
	score: number;
}

export interface EntryNameSearchOptions {
	/** Most hits returned, best first (default 50). */
	limit?: number;
	/** Allow typos (about one edit per five letters, words of 4+ letters) and prefixes (words of 3+ letters). */
	fuzzy: boolean;
	/** Tokens never fuzzy nor prefix-expanded: every token of province, alias and city names of the gazetteer. */
	neverFuzzy: ReadonlySet<string>;
	/** 'AND' (default): every query word must match; 'OR': any word. */
	combineWith?: 'AND' | 'OR';
}

/** Builds the entry name index from scratch. */
export function buildEntryIndex(entries: Iterable<EntryDoc>): EntryIndex {
	const index = new MiniSearch<EntryDoc>(ENTRY_INDEX_OPTIONS);
	for (const entry of entries) index.add(entry);
	return index;
}

/** Adds the entry, or replaces the indexed one with the same id. */
export function upsertEntry(index: EntryIndex, entry: EntryDoc): void {
	if (index.has(entry.id)) index.discard(entry.id);
	index.add(entry);
}

// A one- or two-letter prefix expands to a large share of a 100k-entry vocabulary for little useful recall.
const ENTRY_FUZZ_POLICY = { fuzziness: 0.2, minFuzzyLength: 4, minPrefixLength: 3 };

/** Entries whose org names, title or provinces match `query` (stopwords dropped), best first. */
export function searchEntryNames(index: EntryIndex, query: string, options: EntryNameSearchOptions): EntryNameHit[] {
	const limit = options.limit ?? 50;
	const terms = queryTerms(query).flat();
	if (terms.length === 0 || limit <= 0) return [];
	const expansion = options.fuzzy ? termExpansion(options.neverFuzzy, ENTRY_FUZZ_POLICY) : null;
	const results = index.search(terms.join(' '), {
		boost: { ...ENTRY_BOOST },
		fuzzy: expansion?.fuzzy ?? false,
		prefix: expansion?.prefix ?? false,
		combineWith: options.combineWith ?? 'AND',
	});
	const hits: EntryNameHit[] = [];
	for (const result of results) {
		if (hits.length >= limit) break;
		hits.push({ id: result.id as number, score: result.score });
	}
	return hits;
}
