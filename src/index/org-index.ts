import MiniSearch, { type SearchResult } from 'minisearch';
import { foldText, queryTerms, searchTokens } from '../domain/search-text.js';
import type { OrgDoc } from './index-docs.js';
import { ORG_BOOST, ORG_INDEX_OPTIONS, termExpansion, type TermExpansion } from './search-options.js';

export type OrgIndex = MiniSearch<OrgDoc>;

/** Which of an org's names a query resembles most. */
export interface OrgMatch {
	/** The name or alias, as written. */
	text: string;
	isAlias: boolean;
}

export interface OrgHit {
	id: number;
	name: string;
	entryCount: number;
	/** MiniSearch BM25 score: orders hits of one query, meaningless across queries. */
	score: number;
	/** How closely the query spells one of the org's names, 0..1, comparable across queries (see thresholds). */
	confidence: number;
	match: OrgMatch;
}

export interface OrgSuggestion {
	id: number;
	/** The org's name, cut to `MAX_LABEL_LENGTH`. */
	name: string;
	/** The alias the prefix matched (cut to `MAX_LABEL_LENGTH`), or null when the name matched. */
	alias: string | null;
	entryCount: number;
	tier: 'exact' | 'name' | 'alias' | 'fuzzy' | 'popular';
}

/**
 * Confidence at or above which the top hit of `searchOrgs` is worth offering as "did you mean …?". Typos and
 * partial names score 0.75–0.99; below, the hit merely shares a word or two with the query (an unknown
 * "Global Animal Rescue League" reaches 0.29 on "Animals Asia", "Asia Society" 0.5 on "Asia Foundation").
 */
export const DID_YOU_MEAN_MIN_CONFIDENCE = 0.75;

/** Fuzzy autocomplete fill keeps hits at or above this confidence. */
export const SUGGEST_FUZZY_MIN_CONFIDENCE = 0.5;

/** Confidence of a query that spells a name or alias exactly (token for token, after folding). */
export const EXACT_CONFIDENCE = 1;

/** Discord caps autocomplete choices at 25 and their names at 100 characters. */
export const MAX_SUGGESTIONS = 25;
export const MAX_LABEL_LENGTH = 100;

interface StoredOrg {
	name: string;
	aliases: string[];
	entryCount: number;
}

/** One name or alias of an org, cut into words. */
interface Label {
	text: string;
	isAlias: boolean;
	/** Every token, for prefix matching as typed ("the asia f…"). */
	words: string[];
	/** Tokens without stopwords, compared with query terms (which `queryTerms` strips the same way). */
	terms: string[];
}

// Tokenizing every candidate's names costs as much as the search itself for short prefixes; the stored-fields
// object is replaced when the org is, so keying on it can never serve the words of an older version.
const labelsCache = new WeakMap<object, Label[]>();

/** The org's name (first) and aliases, tokenized once per indexed version. */
function labelsOf(index: OrgIndex, id: number): Label[] {
	const stored = index.getStoredFields(id) as unknown as StoredOrg;
	let labels = labelsCache.get(stored);
	if (labels === undefined) {
		labels = [stored.name, ...stored.aliases].map((text, i) => ({
			text,
			isAlias: i > 0,
			words: searchTokens(text),
			terms: queryTerms(text).flat(),
		}));
		labelsCache.set(stored, labels);
	}
	return labels;
}

/** The org as indexed: aliases de-duplicated and without the name itself, so they do not inflate scores. */
export function normalizeOrgDoc(org: OrgDoc): OrgDoc {
	const seen = new Set([foldText(org.name).trim()]);
	const aliases: string[] = [];
	for (const alias of org.aliases) {
		const key = foldText(alias).trim();
		if (key === '' || seen.has(key)) continue;
		seen.add(key);
		aliases.push(alias);
	}
	return { id: org.id, name: org.name, aliases, country: org.country, entryCount: org.entryCount };
}

/** Builds the org index from scratch. */
export function buildOrgIndex(orgs: Iterable<OrgDoc>): OrgIndex {
	const index = new MiniSearch<OrgDoc>(ORG_INDEX_OPTIONS);
	for (const org of orgs) index.add(normalizeOrgDoc(org));
	return index;
}

/** Adds the org, or replaces the indexed one with the same id. */
export function upsertOrg(index: OrgIndex, org: OrgDoc): void {
	if (index.has(org.id)) index.discard(org.id);
	index.add(normalizeOrgDoc(org));
}

/**
 * Orgs whose names match `query`, best first: every word must match (exactly, by prefix, or within one edit per
 * five letters), falling back to any word when no org has them all. `exactTerms` are never fuzzy nor prefixes.
 */
export function searchOrgs(
	index: OrgIndex,
	query: string,
	options: { limit?: number; exactTerms?: ReadonlySet<string> } = {},
): OrgHit[] {
	const limit = options.limit ?? 10;
	const terms = queryTerms(query).flat();
	if (terms.length === 0 || limit <= 0) return [];
	const expansion = termExpansion(options.exactTerms);
	const searchOptions = { boost: { ...ORG_BOOST }, fuzzy: expansion.fuzzy, prefix: expansion.prefix };
	const text = terms.join(' ');
	let results = index.search(text, { ...searchOptions, combineWith: 'AND' });
	if (results.length === 0) results = index.search(text, { ...searchOptions, combineWith: 'OR' });

	// Confidence costs a tokenization per name and alias: only the best BM25 candidates are worth it.
	const hits = results
		.slice(0, Math.max(limit * 10, 100))
		.map((result) => toHit(result, labelsOf(index, result.id as number), terms, expansion));
	// Confidence first, so hits[0] is always the closest spelling and the caller's "did you mean" threshold is tested
	// on the right hit; BM25 often disagrees ("foundation": a short name beats a longer, equally close one).
	hits.sort((a, b) => b.confidence - a.confidence || b.score - a.score || a.id - b.id);
	return hits.slice(0, limit);
}

function toHit(result: SearchResult, labels: Label[], terms: readonly string[], expansion: TermExpansion): OrgHit {
	const stored = result as unknown as SearchResult & StoredOrg;
	let best = { confidence: 0, label: labels[0]! };
	for (const label of labels) {
		const confidence = similarity(terms, label.terms, expansion);
		if (confidence > best.confidence) best = { confidence, label };
	}
	return {
		id: result.id as number,
		name: stored.name,
		entryCount: stored.entryCount,
		score: result.score,
		confidence: Math.round(best.confidence * 1000) / 1000,
		match: { text: best.label.text, isAlias: best.label.isAlias },
	};
}

/**
 * How well query terms spell a label: each query term scores 1 when exact, 0.5..1 as a prefix, 1 − edits/length
 * when fuzzy; the mean counts 80% and the share of the label's words matched 20% (so "Asia" is not "Asia X Y Z").
 */
function similarity(query: readonly string[], label: readonly string[], expansion: TermExpansion): number {
	if (query.length === 0 || label.length === 0) return 0;
	const matched = new Set<number>();
	let total = 0;
	for (const term of query) {
		const maxDistance = expansion.fuzzy(term);
		const prefix = expansion.prefix(term);
		let best = 0;
		let bestAt = -1;
		label.forEach((word, at) => {
			let score = 0;
			if (word === term) score = 1;
			else if (prefix && word.startsWith(term)) score = 0.5 + (0.5 * term.length) / word.length;
			else if (maxDistance > 0) {
				const distance = editDistance(term, word, maxDistance);
				if (distance <= maxDistance) score = 1 - distance / Math.max(term.length, word.length);
			}
			if (score > best) {
				best = score;
				bestAt = at;
			}
		});
		total += best;
		if (bestAt >= 0) matched.add(bestAt);
	}
	return 0.8 * (total / query.length) + 0.2 * (matched.size / label.length);
}

/** Levenshtein distance (the one MiniSearch's fuzzy search uses), or `max + 1` as soon as it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
			current.push(value);
			rowMin = Math.min(rowMin, value);
		}
		if (rowMin > max) return max + 1;
		previous = current;
	}
	return previous[b.length]!;
}

/** Cuts a label to `max` characters (code points), ending with "…" when cut. */
export function truncateLabel(text: string, max = MAX_LABEL_LENGTH): string {
	const chars = [...text];
	return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** "ani as" matches the word sequence "animals asia …": all words but the last exactly, the last as a prefix. */
function startsWithWords(words: readonly string[], typed: readonly string[]): boolean {
	// "The Asia Foundation" is looked for as "asia …" (orgKey drops a leading "the" for the same reason).
	const start = words[0] === 'the' && typed[0] !== 'the' ? 1 : 0;
	if (typed.length > words.length - start) return false;
	return typed.every((term, i) =>
		i === typed.length - 1 ? words[start + i]!.startsWith(term) : words[start + i] === term,
	);
}

/** Every typed word is a prefix of some word of the label: "asia anim" matches "Animals Asia Foundation". */
function containsPrefixes(words: readonly string[], typed: readonly string[]): boolean {
	return typed.every((term) => words.some((word) => word.startsWith(term)));
}

/**
 * Autocomplete for an org prefix, at most 25: an exact name or alias first, then names starting with the typed
 * words, aliases starting with them, names and aliases containing them, then typo-tolerant matches to fill the
 * list; more entries first within a tier. An empty prefix lists the orgs with the most entries.
 */
export function suggestOrgs(index: OrgIndex, prefix: string, limit: number = MAX_SUGGESTIONS): OrgSuggestion[] {
	const max = Math.max(0, Math.min(limit, MAX_SUGGESTIONS));
	if (max === 0) return [];
	const typed = searchTokens(prefix);
	if (typed.length === 0) return popularOrgs(index, max);

	const text = typed.join(' ');
	const candidates = index.search(text, {
		fields: ['name', 'aliases'],
		boost: { name: ORG_BOOST.name, aliases: ORG_BOOST.aliases },
		prefix: true,
		fuzzy: false,
		combineWith: 'AND',
	});

	// Rank 0 exact, 1 name starts, 2 alias starts, 3 name contains, 4 alias contains; the rest wait for the fuzzy tier.
	const ranked: { suggestion: OrgSuggestion; rank: number; score: number }[] = [];
	for (const result of candidates) {
		const stored = result as unknown as SearchResult & StoredOrg;
		const [name, ...aliases] = labelsOf(index, result.id as number);
		const nameWords = name!.words;
		const exactAlias = aliases.find(({ words }) => words.join(' ') === text);
		const startingAlias = aliases.find(({ words }) => startsWithWords(words, typed));
		const containingAlias = aliases.find(({ words }) => containsPrefixes(words, typed));
		let rank = -1;
		let alias: string | null = null;
		if (nameWords.join(' ') === text) rank = 0;
		else if (exactAlias !== undefined) [rank, alias] = [0, exactAlias.text];
		else if (startsWithWords(nameWords, typed)) rank = 1;
		else if (startingAlias !== undefined) [rank, alias] = [2, startingAlias.text];
		else if (containsPrefixes(nameWords, typed)) rank = 3;
		else if (containingAlias !== undefined) [rank, alias] = [4, containingAlias.text];
		if (rank < 0) continue;
		const tier = rank === 0 ? 'exact' : rank % 2 === 1 ? 'name' : 'alias';
		ranked.push({ suggestion: suggestion(result.id as number, stored, alias, tier), rank, score: result.score });
	}
	// Within a tier the org with more entries is the likelier target of a /ngo question.
	ranked.sort(
		(a, b) =>
			a.rank - b.rank ||
			b.suggestion.entryCount - a.suggestion.entryCount ||
			b.score - a.score ||
			a.suggestion.id - b.suggestion.id,
	);
	const suggestions = ranked.slice(0, max).map(({ suggestion }) => suggestion);
	if (suggestions.length >= max) return suggestions;

	const chosen = new Set(suggestions.map((s) => s.id));
	for (const hit of searchOrgs(index, prefix, { limit: max + chosen.size })) {
		if (suggestions.length >= max) break;
		// Looser than "did you mean": half-typed words with a typo ("animl") are still worth a pick in a list.
		if (chosen.has(hit.id) || hit.confidence < SUGGEST_FUZZY_MIN_CONFIDENCE) continue;
		chosen.add(hit.id);
		const stored = index.getStoredFields(hit.id) as unknown as StoredOrg;
		suggestions.push(suggestion(hit.id, stored, hit.match.isAlias ? hit.match.text : null, 'fuzzy'));
	}
	return suggestions;
}

function suggestion(id: number, stored: StoredOrg, alias: string | null, tier: OrgSuggestion['tier']): OrgSuggestion {
	return {
		id,
		name: truncateLabel(stored.name),
		alias: alias === null ? null : truncateLabel(alias),
		entryCount: stored.entryCount,
		tier,
	};
}

function popularOrgs(index: OrgIndex, max: number): OrgSuggestion[] {
	const all = index.search(MiniSearch.wildcard) as (SearchResult & StoredOrg)[];
	all.sort((a, b) => b.entryCount - a.entryCount || a.name.localeCompare(b.name));
	return all.slice(0, max).map((result) => suggestion(result.id as number, result, null, 'popular'));
}
