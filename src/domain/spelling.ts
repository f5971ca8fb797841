/**
 * Spelling correction of search words against the words the full-text index holds: the candidates one edit
 * away from a word (Damerau: a letter deleted, inserted, replaced, or two neighbours swapped), which the store
 * then looks up. One edit covers most typing slips ("trainnig", "regstration", "Shanxii") without a second index
 * of names in memory; the words a search may correct are kept narrow so a correction does not change the
 * question: only plain words of four letters or more, never numbers (years), Chinese or place names.
 */

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Shortest word corrected: three-letter acronyms one edit apart (WWF, WFP) are different organizations. */
export const MIN_CORRECTED_LENGTH = 4;

/** Whether a search word may be replaced by a close spelling (folded, as `queryTerms` gives it). */
export function mayCorrect(word: string, protectedWords: ReadonlySet<string>): boolean {
	return word.length >= MIN_CORRECTED_LENGTH && /^[a-z]+$/.test(word) && !protectedWords.has(word);
}

/** Every distinct string one edit away from `word` (without `word` itself): about 54 × its length. */
export function oneEditAway(word: string): string[] {
	const out = new Set<string>();
	for (let i = 0; i <= word.length; i++) {
		const head = word.slice(0, i);
		const tail = word.slice(i);
		if (tail.length > 0) out.add(head + tail.slice(1));
		if (tail.length > 1) out.add(head + tail[1]! + tail[0]! + tail.slice(2));
		for (const letter of LETTERS) {
			if (tail.length > 0 && letter !== tail[0]) out.add(head + letter + tail.slice(1));
			out.add(head + letter + tail);
		}
	}
	out.delete(word);
	return [...out];
}

/** A search with some of its words replaced: what it searches, and which words changed. */
export interface Respelling {
	/** The query as searched, words joined by spaces. */
	readonly query: string;
	readonly replaced: readonly (readonly [typed: string, searched: string])[];
}

/**
 * The spellings of a query to try, each word's options combined (at most `limit`, the first options first):
 * `options` holds, per word of `words`, the close spellings found (empty: the word stays as typed).
 */
export function respellings(
	words: readonly string[],
	options: readonly (readonly string[])[],
	limit: number,
): Respelling[] {
	let partial: { words: string[]; replaced: [string, string][] }[] = [{ words: [], replaced: [] }];
	for (const [i, word] of words.entries()) {
		const choices = options[i] ?? [];
		const next: typeof partial = [];
		for (const done of partial) {
			if (choices.length === 0) next.push({ words: [...done.words, word], replaced: done.replaced });
			for (const choice of choices) {
				next.push({ words: [...done.words, choice], replaced: [...done.replaced, [word, choice]] });
			}
		}
		partial = next.slice(0, limit);
	}
	return partial
		.filter((done) => done.replaced.length > 0)
		.map((done) => ({ query: done.words.join(' '), replaced: done.replaced }));
}

/**
 * The text as typed with the replaced words swapped in ("Save the Childern" → "Save the children"), so an answer
 * names the search in the user's own words; null when a replaced word is not found as a whole word of the text
 * (it was folded from another spelling, "Tibét"), and the words searched are shown instead.
 */
export function respelledText(text: string, replaced: Respelling['replaced']): string | null {
	let out = text;
	for (const [typed, searched] of replaced) {
		const word = new RegExp(`(?<![\\p{L}\\p{N}])${typed}(?![\\p{L}\\p{N}])`, 'giu');
		if (!word.test(out)) return null;
		out = out.replace(word, searched);
	}
	return out;
}

/**
 * The spelling to search instead, from the candidates with how many entries each matches (counted up to a cap):
 * the only one that matches, or one matching at least `margin` times as many as the next; null when the text
 * leaves it open ("hunen": Hunan and Henan both match many), so the answer lists them instead of guessing.
 */
export function clearWinner<T extends { readonly matches: number }>(candidates: readonly T[], margin = 10): T | null {
	const matching = candidates.filter((c) => c.matches > 0).sort((a, b) => b.matches - a.matches);
	if (matching.length === 0) return null;
	if (matching.length === 1) return matching[0]!;
	return matching[0]!.matches >= margin * matching[1]!.matches ? matching[0]! : null;
}
