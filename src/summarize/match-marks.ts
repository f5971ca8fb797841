import { foldText, queryTerms } from '../domain/search-text.js';

/** A stretch of a text, [start, end) in UTF-16 units, that matched what was searched for. */
export type Mark = readonly [start: number, end: number];

const HAN = /\p{Script=Han}/u;
const RUN = /[\p{L}\p{N}]+/gu;

/** What a query looks for, as the full-text search reads it: whole words (the last one as a prefix) and Chinese runs. */
interface Wanted {
	readonly words: readonly string[];
	readonly lastPrefix: string | null;
	readonly han: readonly string[];
}

/** The Chinese run a group of overlapping bigrams was cut from ("湖南", "南省" → "湖南省"). */
function runOf(bigrams: readonly string[]): string {
	return (
		bigrams[0]! +
		bigrams
			.slice(1)
			.map((gram) => [...gram].at(-1)!)
			.join('')
	);
}

function wantedOf(query: string): Wanted {
	const groups = queryTerms(query);
	const words: string[] = [];
	const han: string[] = [];
	let lastPrefix: string | null = null;
	groups.forEach((group, i) => {
		if (group.length > 1 || HAN.test(group[0]!)) han.push(runOf(group));
		// The search takes the last word as a prefix ("regist" finds "registration"), the others whole.
		else if (i === groups.length - 1) lastPrefix = group[0]!;
		else words.push(group[0]!);
	});
	return { words, lastPrefix, han };
}

/** The text folded as the search folds it, with where each folded character came from in the original. */
function foldWithOrigins(text: string): { folded: string; origin: number[] } {
	let folded = '';
	const origin: number[] = [];
	let at = 0;
	for (const char of text) {
		const piece = foldText(char);
		for (let i = 0; i < piece.length; i++) origin.push(at);
		folded += piece;
		at += char.length;
	}
	origin.push(text.length);
	return { folded, origin };
}

/**
 * Where `text` holds what `query` searched for: each word typed (the last as the start of a word), in any case and
 * with or without diacritics, and each Chinese run wherever it appears (Chinese has no spaces between words).
 * Marks are in text order and never overlap.
 */
export function matchMarks(text: string, query: string): Mark[] {
	const wanted = wantedOf(query);
	if (wanted.words.length + wanted.han.length === 0 && wanted.lastPrefix === null) return [];
	const { folded, origin } = foldWithOrigins(text);
	const found: [number, number][] = [];
	for (const run of folded.matchAll(RUN)) {
		// Latin words are compared whole (Chinese characters end a word, as in the index); Chinese runs below.
		let offset = run.index;
		for (const piece of run[0].split(/(?=\p{Script=Han})|(?<=\p{Script=Han})/u)) {
			const hit =
				!HAN.test(piece) &&
				(wanted.words.includes(piece) || (wanted.lastPrefix !== null && piece.startsWith(wanted.lastPrefix)));
			if (hit) found.push([offset, offset + piece.length]);
			offset += piece.length;
		}
	}
	for (const needle of wanted.han) {
		for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
			found.push([at, at + needle.length]);
		}
	}
	found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const marks: Mark[] = [];
	let end = -1;
	for (const [from, to] of found) {
		if (from < end || origin[from]! >= origin[to]!) continue;
		marks.push([origin[from]!, origin[to]!]);
		end = to;
	}
	return marks;
}
