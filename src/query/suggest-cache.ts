import type { Suggestion } from './answers.js';
import type { QueryService } from './query-service.js';

/** Distinct prefixes remembered; popular prefixes ("Asso", "Found") come back thousands of times in a busy server. */
export const SUGGEST_CACHE_SIZE = 2_000;

/**
 * Autocomplete through a cache keyed by the corpus revision the indexes reflect: a broad prefix ranks thousands of
 * names (milliseconds each time), and every keystroke of every user asks again. A new revision empties the cache.
 */
export function withSuggestCache<Q extends QueryService>(
	query: Q,
	revision: () => number | null,
	size = SUGGEST_CACHE_SIZE,
): Q {
	let cachedRevision: number | null = null;
	const cache = new Map<string, Suggestion[]>();
	const suggest: QueryService['suggest'] = (kind, prefix, limit) => {
		const current = revision();
		// Until the indexes are loaded, answers are partial: not worth keeping.
		if (current === null) return query.suggest(kind, prefix, limit);
		if (current !== cachedRevision) {
			cache.clear();
			cachedRevision = current;
		}
		const key = `${kind}\u0000${limit ?? ''}\u0000${prefix}`;
		const hit = cache.get(key);
		if (hit) {
			// Re-inserted: the Map's order is then least recently used first.
			cache.delete(key);
			cache.set(key, hit);
			return hit;
		}
		const found = query.suggest(kind, prefix, limit);
		cache.set(key, found);
		if (cache.size > size) cache.delete(cache.keys().next().value!);
		return found;
	};
	return { ...query, suggest };
}
