import { describe, expect, it } from 'vitest';
import type { Suggestion } from '../../src/query/answers.js';
import type { QueryService } from '../../src/query/query-service.js';
import { withSuggestCache } from '../../src/query/suggest-cache.js';
import { useSampleApp } from '../helpers/sample-app.js';

const app = useSampleApp();

/** The sample app's query service, counting the suggest calls that reach it. */
function counted(): { query: QueryService; calls: () => number } {
	let calls = 0;
	const real = app().query;
	const query: QueryService = {
		...real,
		suggest: (kind, prefix, limit) => {
			calls++;
			return real.suggest(kind, prefix, limit);
		},
	};
	return { query, calls: () => calls };
}

describe('withSuggestCache', () => {
	it('answers a repeated prefix from the cache with the same choices', () => {
		const { query, calls } = counted();
		const cached = withSuggestCache(query, () => 1);
		const first = cached.suggest('ngo', 'Animals');
		expect(first.map((s: Suggestion) => s.value)).toContain('Animals Asia Foundation');
		expect(cached.suggest('ngo', 'Animals')).toEqual(first);
		expect(calls()).toBe(1);
		// Kind, prefix and limit are all part of the key.
		cached.suggest('province', 'Animals');
		cached.suggest('ngo', 'Animals', 3);
		expect(calls()).toBe(3);
		// Everything else is the same service.
		expect(cached.ngo('AIFO')).toEqual(app().query.ngo('AIFO'));
	});

	it('forgets everything when the indexes move to a new revision, and caches nothing before they load', () => {
		const { query, calls } = counted();
		let revision: number | null = null;
		const cached = withSuggestCache(query, () => revision);
		cached.suggest('ngo', 'Ani');
		cached.suggest('ngo', 'Ani');
		expect(calls()).toBe(2);
		revision = 5;
		cached.suggest('ngo', 'Ani');
		cached.suggest('ngo', 'Ani');
		expect(calls()).toBe(3);
		revision = 6;
		cached.suggest('ngo', 'Ani');
		expect(calls()).toBe(4);
	});

	it('keeps at most `size` prefixes, dropping the least recently used', () => {
		const { query, calls } = counted();
		const cached = withSuggestCache(query, () => 1, 2);
		cached.suggest('ngo', 'a');
		cached.suggest('ngo', 'b');
		cached.suggest('ngo', 'a'); // a is now the most recently used
		cached.suggest('ngo', 'c'); // drops b
		expect(calls()).toBe(3);
		cached.suggest('ngo', 'a');
		expect(calls()).toBe(3);
		cached.suggest('ngo', 'b');
		expect(calls()).toBe(4);
	});
});
