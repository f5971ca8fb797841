/**
 * One tokenizer for every search structure (SQLite FTS5 and MiniSearch), so a query is cut the same way
 * as the text it looks for. Case and diacritics fold away; Chinese, which has no spaces, is cut into
 * overlapping character pairs so that any two-character word inside a longer run can be found.
 */

const HAN = /\p{Script=Han}/u;
const RUN = /[\p{L}\p{N}]+/gu;
const ASCII = /^\p{ASCII}*$/u;
// ASCII and the punctuation prose is typeset with (dashes, curly quotes, ellipsis): none of it is a letter, a digit or
// a mark, nor decomposes into one, so the tokens of such a text are its runs of ASCII letters and digits once
// lower-cased. Most entries are written in it.
const PLAIN = /^[\p{ASCII}\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*$/u;

/**
 * indexableText of a PLAIN text in one pass over its characters: runs of ASCII letters (lower-cased) and digits,
 * separated by single spaces, with a possessive "'s" ("’s", "`s") before a non-word character dropped. Equal to
 * folding, dropping possessives and joining the runs, but without a string or a match per token (regular
 * expressions with a match per word cost a fifth of preparing an entry).
 */
function plainIndexable(text: string): string {
	if (scratch.length < text.length) scratch = Buffer.allocUnsafe(Math.max(text.length, 2 * scratch.length));
	const out = scratch;
	let length = 0;
	let space = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (isLetterOrDigit(code)) {
			if (space) out[length++] = 0x20;
			space = false;
			out[length++] = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
			continue;
		}
		space = length > 0;
		// "'s\b": the apostrophe and the "s" go (a non-word character or the end follows, so a run ends there anyway).
		if (isApostrophe(code) && (text.charCodeAt(i + 1) | 0x20) === 0x73 && !isWordCharacter(text.charCodeAt(i + 2))) i++;
	}
	return out.toString('latin1', 0, length);
}

// Reused by plainIndexable: its output is copied into a string.
let scratch = Buffer.allocUnsafe(4096);

function isLetterOrDigit(code: number): boolean {
	return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** "\w" without the u flag, as "\b" in the possessive pattern reads it. */
function isWordCharacter(code: number): boolean {
	return isLetterOrDigit(code) || code === 0x5f;
}

/** The apostrophes foldText writes as "'" (of PLAIN's characters). */
function isApostrophe(code: number): boolean {
	return code === 0x27 || code === 0x2019 || code === 0x2018 || code === 0x60;
}

/** Lower-case, diacritic-free, width-normalized form of a text. */
export function foldText(text: string): string {
	// Both normalizations leave ASCII as it is, with no marks to drop: most entries skip three passes.
	if (ASCII.test(text)) return text.toLowerCase().replace(/[’‘`´]/g, "'");
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[’‘`´]/g, "'");
}

/** Splits a run of letters into same-script pieces: "ngo湖南" → ["ngo", "湖南"]. */
function scriptPieces(run: string): string[] {
	const pieces: string[] = [];
	let current = '';
	let currentHan = false;
	for (const char of run) {
		const han = HAN.test(char);
		if (current && han !== currentHan) {
			pieces.push(current);
			current = '';
		}
		current += char;
		currentHan = han;
	}
	if (current) pieces.push(current);
	return pieces;
}

/** Overlapping character pairs of a Chinese run ("湖南省" → "湖南", "南省"); a lone character stays itself. */
export function hanBigrams(run: string): string[] {
	const chars = [...run];
	if (chars.length === 1) return chars;
	const grams: string[] = [];
	for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i]! + chars[i + 1]!);
	return grams;
}

/** The tokens of a text, in order: folded words, and bigrams for Chinese. */
export function searchTokens(text: string): string[] {
	if (PLAIN.test(text)) {
		const joined = plainIndexable(text);
		return joined === '' ? [] : joined.split(' ');
	}
	// Possessive "’s" is not a word of its own: "Martin’s" → "martin".
	const folded = foldText(text).replace(/'s\b/g, '');
	// Without Chinese every run is a single piece, so the runs are the tokens: one native pass instead of a loop
	// over each run's characters (most entries have no Chinese).
	if (!HAN.test(folded)) return folded.match(RUN) ?? [];
	const tokens: string[] = [];
	for (const [run] of folded.matchAll(RUN)) {
		// A run without Chinese is one piece: only the others are cut character by character.
		if (!HAN.test(run)) {
			tokens.push(run);
			continue;
		}
		for (const piece of scriptPieces(run)) {
			if (HAN.test(piece)) tokens.push(...hanBigrams(piece));
			else tokens.push(piece);
		}
	}
	return tokens;
}

/** Text as stored in the FTS5 index: its tokens separated by spaces (FTS5's own tokenizer then only splits). */
export function indexableText(text: string): string {
	if (PLAIN.test(text)) return plainIndexable(text);
	return searchTokens(text).join(' ');
}

const STOPWORDS = new Set([
	'a',
	'an',
	'and',
	'are',
	'as',
	'at',
	'by',
	'for',
	'from',
	'in',
	'is',
	'of',
	'on',
	'or',
	'the',
	'to',
	'was',
	'with',
]);

/** A query's groups of tokens: each group must match as a phrase (a Chinese run) or a word. */
export function queryTerms(query: string): string[][] {
	const groups: string[][] = [];
	const folded = foldText(query).replace(/'s\b/g, '');
	for (const [run] of folded.matchAll(RUN)) {
		for (const piece of scriptPieces(run)) {
			if (HAN.test(piece)) groups.push(hanBigrams(piece));
			else groups.push([piece]);
		}
	}
	// Words like "the" and "of" match nearly everything; drop them unless nothing else is asked.
	const meaningful = groups.filter((group) => group.length > 1 || !STOPWORDS.has(group[0]!));
	return meaningful.length > 0 ? meaningful : groups;
}

/**
 * An FTS5 MATCH expression for a query: every group must appear (AND), Chinese runs as phrases of their
 * bigrams, the last word as a prefix so "regist" finds "registration". Null when the query has no words.
 */
export function ftsMatchExpression(query: string, options: { prefixLast?: boolean } = {}): string | null {
	const groups = queryTerms(query);
	if (groups.length === 0) return null;
	const parts = groups.map((group, i) => {
		const phrase = `"${group.join(' ').replace(/"/g, '""')}"`;
		const last = i === groups.length - 1;
		return last && options.prefixLast && group.length === 1 && !HAN.test(group[0]!) ? `${phrase}*` : phrase;
	});
	return parts.join(' AND ');
}
