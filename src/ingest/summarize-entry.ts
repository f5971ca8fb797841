import { truncateAtWord } from '../domain/text.js';
export const SUMMARY_MAX_CHARS = 300;

const EDITORIAL =
	/^(?:editor['’]?s note|this (?:article|story|piece|post) (?:was|is) (?:originally )?(?:published|written|translated)|translated by|photo(?:graph)?:|source:|image:)/i;

/** One extractive sentence for an entry: its lead sentence, or its title when it has no text. */
export function summarizeEntry(title: string | null, sentences: readonly string[]): string {
	// A lead of a few words says less than the next sentence; editorial notes say nothing about the news.
	const lead =
		sentences.find((sentence) => sentence.split(/\s+/).length >= 6 && !EDITORIAL.test(sentence)) ??
		sentences[0] ??
		title ??
		'';
	return truncateAtWord(lead.replace(/\s*…?\s*read more\s*[»›>]?$/i, '…').trim(), SUMMARY_MAX_CHARS);
}
