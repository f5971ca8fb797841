import { execAll } from './matches.js';

// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS =
	/(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|No|Nos|Co|Corp|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|e\.g|i\.e|approx|Gov|Gen|Col|Vol|pp|ca|a\.m|p\.m)|\b[A-Z](?:\.[A-Z])*|\bU\.S|\bU\.K|\bU\.N)\.$/;

// A sentence's end: ". ! ?" (or "…") and closing quotes before a space and a capital, digit or Chinese, or the end.
const BOUNDARY = /([.!?。！？]|…)(["”’')\]]*)(\s+|$)(?=["“‘([]?[\p{Lu}\p{N}\p{Script=Han}]|$)|([。！？])/gu;

/** Splits text into sentences: ". ! ?" (and Chinese "。！？") followed by space and a capital, quotes included. */
export function splitSentences(text: string): string[] {
	const sentences: string[] = [];
	let start = 0;
	for (const m of execAll(BOUNDARY, text)) {
		const end = m.index + m[0].length;
		const candidate = text.slice(start, end).trim();
		if (m[1] === '.' && ABBREVIATIONS.test(abbreviationTail(text, start, m.index + 1))) continue;
		if (candidate) sentences.push(candidate);
		start = end;
	}
	const rest = text.slice(start).trim();
	if (rest) sentences.push(rest);
	return sentences;
}

/**
 * The part of text.slice(start, end) that ABBREVIATIONS can match: a match is made of ASCII letters and periods
 * only, so it lies in the slice's trailing run of them; the character before that run is kept for its "\b". Testing
 * the whole slice tried the pattern at every position of the sentence.
 */
export function abbreviationTail(text: string, start: number, end: number): string {
	let from = end;
	while (from > start && isLetterOrPeriod(text.charCodeAt(from - 1))) from--;
	return text.slice(Math.max(start, from - 1), end);
}

function isLetterOrPeriod(code: number): boolean {
	return code === 46 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
