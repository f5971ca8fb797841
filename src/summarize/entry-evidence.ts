import { EVIDENCE_FACTS, type Evidence, FIELD_LABELS, type FieldOfWork } from '../domain/entry.js';
import { truncateAtWord } from '../domain/text.js';

/** What one entry's view shows of its evidence: why each fact is there, and the places not counted. */
export interface EntryEvidence {
	/** One row per counted fact (the first words it was read from), date first, then provinces, orgs, origins, type. */
	readonly counted: readonly Evidence[];
	/** Places mentioned but not counted as where the activity happens (an org's origin), once each. */
	readonly notCounted: readonly Evidence[];
}

/**
 * How a piece of document text goes into a line, at most `max` characters: escaped and cut for Discord,
 * cut for a terminal. Values, roles and quotes all pass through it (roles may name an org from the text).
 */
export type ShowText = (text: string, max: number) => string;

/** Longest quote a line shows; the full quote is in `explain`. */
export const QUOTE_MAX = 80;
const VALUE_MAX = 100;
const ROLE_MAX = 80;

/** Terminal text: one line, cut at a word. */
export const plainText: ShowText = (text, max) => truncateAtWord(text.replace(/\s+/g, ' ').trim(), max);

const factOrder = (row: Evidence): number => EVIDENCE_FACTS.indexOf(row.fact);

/** Groups an entry's evidence rows for display: repeated words for the same fact are shown once. */
export function groupEvidence(rows: readonly Evidence[]): EntryEvidence {
	const counted = new Map<string, Evidence>();
	const notCounted = new Map<string, Evidence>();
	for (const row of rows) {
		if (row.counted) {
			const key = JSON.stringify([row.fact, row.value, row.subject]);
			if (!counted.has(key)) counted.set(key, row);
		} else {
			const key = JSON.stringify([row.fact, row.value, row.role]);
			if (!notCounted.has(key)) notCounted.set(key, row);
		}
	}
	// Array.prototype.sort is stable: within a fact, rows keep the extractor's order.
	const byFact = (a: Evidence, b: Evidence) => factOrder(a) - factOrder(b);
	return { counted: [...counted.values()].sort(byFact), notCounted: [...notCounted.values()].sort(byFact) };
}

function valueOf(row: Evidence): string {
	if (row.fact === 'field') return FIELD_LABELS[row.value as FieldOfWork] ?? row.value;
	return row.fact === 'type' ? row.value.replace(/_/g, ' ') : row.value;
}

/**
 * "Hunan — from “Hunan PSB Foreign NGO Management Office” (acting authority)",
 * "Green-Net — Japan, from “(Japan)”", "2019-02-25 — from the date heading “February 25, 2019”".
 */
export function evidenceLine(row: Evidence, show: ShowText = plainText, quoteMax = QUOTE_MAX): string {
	const quote = `“${show(row.quote, quoteMax)}”`;
	const value = show(valueOf(row), VALUE_MAX);
	if (row.fact === 'date') return `${value} — from the ${show(row.role, ROLE_MAX)} ${quote}`;
	if (row.fact === 'country' && row.subject !== null)
		return `${show(row.subject, VALUE_MAX)} — ${value}, from ${quote}`;
	return `${value} — from ${quote} (${show(row.role, ROLE_MAX)})`;
}

/** "Hong Kong — origin of China Cable Chamber of Commerce". */
export function notCountedLine(row: Evidence, show: ShowText = plainText): string {
	return `${show(valueOf(row), VALUE_MAX)} — ${show(row.role, ROLE_MAX)}`;
}
