import { truncateAtWord } from '../domain/text.js';
import { isPublicationLine } from './page-structure.js';
export const SUMMARY_MAX_CHARS = 300;

const EDITORIAL =
	/^(?:editor['’]?s note|this (?:article|story|piece|post) (?:was|is) (?:originally )?(?:published|written|translated)|translated by|photo(?:graph)?:|source:|image:)/i;
// Photo captions: "The delegation poses for a group photo …", "Registration credentials being conferred to …".
const CAPTION =
	/\b(?:poses? for|posing for|pictured|group photo|screenshot|screen shot|(?:from )?left to right|courtesy of)\b|^[^.,;:]{0,120}\bbeing \w+ed\b[^.;]{0,80}\.?$/i;

/** A sentence that says something about the news rather than the page: long enough, no note, byline or caption. */
function saysWhatHappened(sentence: string): boolean {
	return (
		sentence.split(/\s+/).length >= 6 &&
		!EDITORIAL.test(sentence) &&
		!CAPTION.test(sentence) &&
		!isPublicationLine(sentence)
	);
}

/**
 * One extractive sentence for an entry: the sentence its type was read from when it is up front, else its lead
 * sentence (never a byline, an issue line or a caption), else its title when it has no text.
 */
export function summarizeEntry(
	title: string | null,
	sentences: readonly string[],
	actionSentence: string | null = null,
): string {
	const upFront = sentences.slice(0, 3);
	const lead =
		(actionSentence && upFront.includes(actionSentence) && saysWhatHappened(actionSentence) ? actionSentence : null) ??
		sentences.find(saysWhatHappened) ??
		sentences[0] ??
		title ??
		'';
	return truncateAtWord(lead.replace(/\s*…?\s*read more\s*[»›>]?$/i, '…').trim(), SUMMARY_MAX_CHARS);
}
