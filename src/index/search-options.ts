import { createHash } from 'node:crypto';
import type { Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { searchTokens } from '../domain/search-text.js';
import type { OrgDoc } from './index-docs.js';

/**
 * One set of MiniSearch options per index, used both to build and to load it: a snapshot loaded with other
 * options than it was built with silently searches the wrong fields, so `optionsHash` guards the pairing.
 */

/** The MiniSearch indexes kept by the bot (also their snapshot names). */
export type IndexName = 'orgs';

/** Bump when the stored shape changes: fields, how a document feeds them (extractField), stored fields. */
export const INDEX_FORMAT_VERSION = 1;

/** Bump when `searchTokens` (src/domain/search-text.ts) changes how it cuts text. */
export const TOKENIZER_VERSION = 1;

/** Field weights of the org index: a hit on the name beats one on an alias, the country barely counts. */
export const ORG_BOOST = Object.freeze({ name: 3, aliases: 2, country: 0.5 });

/** Terms arrive already folded by `searchTokens`; only empty ones are dropped. */
function keepTerm(term: string): string | null {
	return term === '' ? null : term;
}

function tokenize(text: string): string[] {
	return searchTokens(text);
}

/** A field's text: arrays (aliases, provinces, org names) are joined so the tokenizer sees every item. */
function stringifyField(value: unknown): string {
	return Array.isArray(value) ? value.join(' ') : String(value);
}

// Raw values, not text: stored fields go through extractField too, and aliases must stay an array there.
function field<Doc>(doc: Doc, name: string): unknown {
	return (doc as Record<string, unknown>)[name];
}

export const ORG_INDEX_OPTIONS: Readonly<Options<OrgDoc>> = Object.freeze({
	idField: 'id',
	fields: ['name', 'aliases', 'country'],
	// Stored so results and suggestions need no database round trip (name, "which alias matched", counts).
	storeFields: ['name', 'aliases', 'entryCount'],
	extractField: field<OrgDoc>,
	stringifyField,
	tokenize,
	processTerm: keepTerm,
	searchOptions: { boost: { ...ORG_BOOST } },
});

// Texts whose tokens are hashed with the options: a tokenizer change that forgot to bump TOKENIZER_VERSION
// still changes the hash when it changes the cut of any of these.
const TOKENIZER_PROBES = [
	'Fédération Internationale, Martin’s TRUST',
	'ＮＧＯ在湖南省 visited Ürümqi (乌鲁木齐) — A.I.F.O.',
	'Hong-Kong 2019-02-25 Shaanxi/Shanxi Médecins Sans Frontières',
	'亚洲动物基金 Animals Asia Foundation',
];

/** Digest of everything that shapes a stored index (fields, stored fields, versions, tokenizer behaviour). */
export function optionsHash(name: IndexName): string {
	const options = ORG_INDEX_OPTIONS;
	// Search-time options (boosts) are left out: they do not change what is stored, so no rebuild for them.
	const shape = {
		name,
		format: INDEX_FORMAT_VERSION,
		tokenizer: TOKENIZER_VERSION,
		probes: TOKENIZER_PROBES.map(searchTokens),
		idField: options.idField,
		fields: options.fields,
		storeFields: options.storeFields,
	};
	return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

/** How loosely query terms may match: edit-distance fraction and the shortest terms that may be fuzzy/prefix. */
export interface FuzzPolicy {
	/** Fraction of the term length allowed as edit distance (MiniSearch semantics: 0.2 → 1 edit per 5 letters). */
	readonly fuzziness: number;
	/** Shorter terms are never fuzzy: three-letter acronyms one edit apart are different organizations. */
	readonly minFuzzyLength: number;
	/** Shorter terms are never prefix-expanded (a one-letter prefix matches most of a large index). */
	readonly minPrefixLength: number;
}

export const DEFAULT_FUZZ_POLICY: FuzzPolicy = Object.freeze({ fuzziness: 0.2, minFuzzyLength: 4, minPrefixLength: 1 });

/** The `fuzzy` and `prefix` functions handed to MiniSearch for one search. */
export interface TermExpansion {
	fuzzy: (term: string) => number;
	prefix: (term: string) => boolean;
}

const HAN = /\p{Script=Han}/u;
const NO_TERMS: ReadonlySet<string> = new Set();
const protectedMaps = new WeakMap<ReadonlySet<string>, SearchableMap<true>>();

function protectedMap(terms: ReadonlySet<string>): SearchableMap<true> {
	let map = protectedMaps.get(terms);
	if (map === undefined) {
		map = new SearchableMap<true>();
		for (const term of terms) map.set(term, true);
		protectedMaps.set(terms, map);
	}
	return map;
}

/** Edit distance MiniSearch would allow for a term under a policy (0 = exact only). */
export function allowedDistance(term: string, policy: FuzzPolicy = DEFAULT_FUZZ_POLICY): number {
	if (term.length < policy.minFuzzyLength || HAN.test(term)) return 0;
	return Math.round(term.length * policy.fuzziness);
}

/**
 * Per-term fuzzy/prefix functions that never expand a protected term (province, city names), and never fuzz a
 * term lying within reach of two protected terms: "hunen" is as close to Hunan as to Henan, so guessing is wrong.
 */
export function termExpansion(
	neverExpand: ReadonlySet<string> = NO_TERMS,
	policy: FuzzPolicy = DEFAULT_FUZZ_POLICY,
): TermExpansion {
	const ambiguous = new Map<string, boolean>();
	return {
		fuzzy(term) {
			if (neverExpand.has(term)) return 0;
			const distance = allowedDistance(term, policy);
			if (distance === 0 || neverExpand.size === 0) return distance;
			let isAmbiguous = ambiguous.get(term);
			if (isAmbiguous === undefined) {
				isAmbiguous = protectedMap(neverExpand).fuzzyGet(term, distance).size >= 2;
				ambiguous.set(term, isAmbiguous);
			}
			return isAmbiguous ? 0 : distance;
		},
		prefix(term) {
			return term.length >= policy.minPrefixLength && !neverExpand.has(term);
		},
	};
}
