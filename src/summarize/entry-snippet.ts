import type { ActivityType, Entry, IsoDate } from '../domain/entry.js';
import { foldText } from '../domain/search-text.js';
import { splitSentences } from '../domain/sentences.js';
import { truncateAtWord } from '../domain/text.js';
import { type Mark, matchMarks } from './match-marks.js';

export const SNIPPET_MAX_CHARS = 300;

/** Where an entry came from, enough to find and cite it. */
export interface Citation {
	readonly entryId: number;
	readonly date: IsoDate | null;
	readonly sourceTitle: string | null;
	readonly sourceUrl: string | null;
	readonly sourcePath: string | null;
	readonly published: IsoDate | null;
}

/** One entry as an answer line shows it. */
export interface EntrySnippet {
	readonly id: number;
	readonly date: IsoDate | null;
	readonly provinces: readonly string[];
	readonly orgs: readonly string[];
	readonly type: ActivityType;
	readonly title: string | null;
	/** The sentences about what was asked, at most SNIPPET_MAX_CHARS. */
	readonly text: string;
	/** Where `text` holds the words searched for (shown bold in Discord); empty outside searches. */
	readonly marks: readonly Mark[];
	readonly citation: Citation;
	/** Where other documents tell the same event (the entry is counted once, with every citation). */
	readonly alsoIn: readonly Citation[];
}

/** What an answer is about: its sentences are the ones worth quoting. */
export interface Focus {
	/** Names to look for, as written by users or the corpus (org names, aliases, province and city names, words). */
	readonly terms: readonly string[];
}

export function citationOf(entry: Entry): Citation {
	return {
		entryId: entry.id,
		date: entry.date,
		sourceTitle: entry.source.title,
		sourceUrl: entry.source.url,
		sourcePath: entry.source.path,
		published: entry.source.published,
	};
}

interface CompiledFocus {
	/** Folded words matched on word boundaries. */
	readonly words: readonly string[];
	/** Folded Chinese needles, matched anywhere (Chinese has no word boundaries). */
	readonly han: readonly string[];
}

const wordsOnly = (text: string) => foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ');

// A province focus has a hundred names (cities included): fold them once, not once per sentence.
const compiled = new WeakMap<readonly string[], CompiledFocus>();
function compile(terms: readonly string[]): CompiledFocus {
	let focus = compiled.get(terms);
	if (!focus) {
		const needles = terms.map((term) => wordsOnly(term).trim()).filter(Boolean);
		focus = {
			words: needles.filter((n) => !/\p{Script=Han}/u.test(n)).map((n) => ` ${n} `),
			han: needles.filter((n) => /\p{Script=Han}/u.test(n)),
		};
		compiled.set(terms, focus);
	}
	return focus;
}

function mentions(sentence: string, focus: CompiledFocus): boolean {
	const folded = ` ${wordsOnly(sentence)} `;
	return focus.words.some((needle) => folded.includes(needle)) || focus.han.some((needle) => folded.includes(needle));
}

/**
 * The entry's sentences that mention the focus, in text order, within SNIPPET_MAX_CHARS; the entry's own
 * one-sentence summary when none does.
 */
export function focusedText(entry: Entry, focus: Focus, max = SNIPPET_MAX_CHARS): string {
	if (focus.terms.length > 0) {
		const sentences = entry.text.split(/\n+/).flatMap((paragraph) => splitSentences(paragraph));
		const needles = compile(focus.terms);
		const chosen: string[] = [];
		let length = 0;
		for (const sentence of sentences) {
			if (!mentions(sentence, needles)) continue;
			if (chosen.length > 0 && length + sentence.length + 1 > max) break;
			chosen.push(sentence);
			length += sentence.length + 1;
		}
		if (chosen.length > 0) return truncateAtWord(chosen.join(' '), max);
	}
	return truncateAtWord(entry.summary || entry.title || entry.text, max);
}

/** An entry reduced to one cited, query-focused answer line; with `searched`, the words found there are marked. */
export function snippetOf(entry: Entry, focus: Focus, searched?: string): EntrySnippet {
	const text = focusedText(entry, focus);
	return {
		id: entry.id,
		date: entry.date,
		provinces: entry.provinces,
		orgs: entry.orgs.map((org) => org.name),
		type: entry.type,
		title: entry.title,
		text,
		marks: searched ? matchMarks(text, searched) : [],
		citation: citationOf(entry),
		alsoIn: entry.otherSources.map((other): Citation => ({
			entryId: other.entryId,
			date: other.date,
			sourceTitle: other.source.title,
			sourceUrl: other.source.url,
			sourcePath: other.source.path,
			published: other.source.published,
		})),
	};
}
