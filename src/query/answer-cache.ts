import type { SearchFilters } from './answers.js';
import type { PageRequest, QueryService, SearchRequest } from './query-service.js';

/** Answers remembered; a server asks for the same few organizations, provinces and words again and again. */
export const ANSWER_CACHE_SIZE = 500;

/**
 * /ngo, /province and (unless `searches` is false) /search answers through a cache valid for one state of the data:
 * `version` names it (the database's commits, the in-memory indexes' revisions) and any change empties the cache,
 * so an answer is never older than the data. An answer is computed once per state and then served from memory;
 * answers are read-only values (summaries and renderers never change them), so the same object can be handed out
 * again. A burst of users asking the bot's popular searches then ranks each once.
 */
export function withAnswerCache<Q extends QueryService>(
	query: Q,
	version: () => string,
	options: { size?: number; searches?: boolean } = {},
): Q {
	const size = options.size ?? ANSWER_CACHE_SIZE;
	let cachedVersion = '';
	const cache = new Map<string, unknown>();

	function cached<T>(key: string, compute: () => T): T {
		const before = version();
		if (before !== cachedVersion) {
			cache.clear();
			cachedVersion = before;
		}
		if (cache.has(key)) {
			const hit = cache.get(key) as T;
			// Re-inserted: the Map's order is then least recently used first.
			cache.delete(key);
			cache.set(key, hit);
			return hit;
		}
		const value = compute();
		// Kept only if nothing changed while it was computed.
		if (version() === before) {
			cache.set(key, value);
			if (cache.size > size) cache.delete(cache.keys().next().value!);
		}
		return value;
	}

	const keyOf = (kind: string, name: string, request: PageRequest | undefined) =>
		`${kind}\u0000${request?.page ?? ''}\u0000${request?.pageSize ?? ''}\u0000${name}`;
	return {
		...query,
		ngo: (name, request) => cached(keyOf('ngo', name, request), () => query.ngo(name, request)),
		province: (name, request) => cached(keyOf('province', name, request), () => query.province(name, request)),
		...(options.searches === false
			? {}
			: {
					search: (text: string, filters?: SearchFilters, request?: SearchRequest) =>
						cached(`search\u0000${JSON.stringify([text, filters ?? {}, request ?? {}])}`, () =>
							query.search(text, filters, request),
						),
				}),
	};
}
