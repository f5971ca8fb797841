/**
 * A pure function of a string that keeps its answers: organization and place names recur from entry to entry of a
 * corpus, and their keys and lookups (normalization, several regular expressions each) were computed afresh every
 * time. At most `limit` answers are kept; past that the store starts over, so memory stays bounded.
 */
export function memoize<T>(compute: (key: string) => T, limit = 20_000): (key: string) => T {
	let answers = new Map<string, T>();
	return (key) => {
		const known = answers.get(key);
		if (known !== undefined || answers.has(key)) return known as T;
		if (answers.size >= limit) answers = new Map();
		const answer = compute(key);
		answers.set(key, answer);
		return answer;
	};
}
