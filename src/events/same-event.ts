import { hash as digest } from 'node:crypto';
import type { ActivityType, IsoDate } from '../domain/entry.js';
import { splitSentences } from '../domain/sentences.js';

/** What two entries of different documents are compared by. */
export interface EventFacts {
	readonly id: number;
	readonly documentId: number;
	readonly date: IsoDate | null;
	readonly type: ActivityType;
	readonly provinces: readonly string[];
	readonly orgIds: readonly number[];
}

/** Why two entries tell one event, in words /entry shows; strongest first. */
export const EVENT_REASONS = [
	'same words',
	'same registration',
	'same organization, place, activity and days',
] as const;
export type EventReason = (typeof EVENT_REASONS)[number];

/** The opening this many words long of a sentence is not written twice by chance (and survives a teaser's cut). */
export const QUOTED_WORDS = 12;
/**
 * A sentence in more entries than this is boilerplate (the law's summary, an office's standard wording), not a
 * quote: a teaser, its page and a digest item make three.
 */
export const MAX_QUOTES = 3;
/** Registrations reported twice: the certificate day and the story about it may lie weeks apart. */
export const REGISTRATION_DAYS = 60;
/** Any other activity of one organization in one place: the same days only. */
export const ACTIVITY_DAYS = 3;
/** No event is told by more documents than this in our sources; a bigger group would be a chain of near misses. */
export const MAX_SOURCES = 8;

const DAY_MS = 86_400_000;

export function daysApart(a: IsoDate, b: IsoDate): number {
	return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY_MS;
}

/**
 * Hashes of the openings (QUOTED_WORDS words) of an entry's sentences, normalized (case, quotes, spacing), so a
 * listing teaser cut mid-sentence ("…read more") and the page it teases, or a digest item and the story quoting it,
 * share some. A cut sentence loses its last, possibly broken, word first.
 */
export function sentenceHashes(text: string): string[] {
	const openings = new Set<string>();
	for (const sentence of splitSentences(text)) {
		const lower = sentence.toLowerCase().replace(QUOTES, "'");
		// Both patterns need "…", "..." or "read more" (lower-casing keeps every ASCII letter an ASCII letter): most
		// sentences have none, and skip them.
		const teaser = lower.includes('read more') || lower.includes('…') || lower.includes('...');
		const cut = teaser && CUT.test(sentence.trim());
		const words = firstWords(teaser ? lower.replace(READ_MORE, '') : lower, QUOTED_WORDS + 1);
		if (cut) words.pop();
		if (words.length >= QUOTED_WORDS) openings.add(words.slice(0, QUOTED_WORDS).join(' '));
	}
	// Hashed once per distinct opening: a text repeating a sentence (a template, a filler) costs one hash.
	return [...openings].map(hash);
}

const QUOTES = /[‘’'`´]/g;
const CUT = /(?:…|\.\.\.)\s*(?:read more)?\s*$|read more\s*$/i;
const READ_MORE = /\s*(?:…|\.\.\.)?\s*read more\s*$/i;
const WORD = /[\p{L}\p{N}']+/gu;
// The same in ASCII, whose only letters and digits are A-Z, a-z and 0-9: a simpler pattern, faster to run.
const ASCII_WORD = /[A-Za-z0-9']+/g;
const ASCII = /^\p{ASCII}*$/u;

/**
 * The words of a sentence (runs of letters, digits and apostrophes), all of them when fewer than `limit`, else the
 * first `limit`: an opening needs QUOTED_WORDS, and one more tells whether dropping a cut last word leaves enough.
 */
function firstWords(sentence: string, limit: number): string[] {
	const words: string[] = [];
	const word = ASCII.test(sentence) ? ASCII_WORD : WORD;
	word.lastIndex = 0;
	for (let m = word.exec(sentence); m !== null && words.length < limit; m = word.exec(sentence)) words.push(m[0]);
	word.lastIndex = 0;
	return words;
}

function hash(text: string): string {
	// One-shot hashing: a Hash object per sentence cost about three times as much.
	return digest('sha256', text, 'hex').slice(0, 24);
}

/** What sameEvent() decides on: how two entries compare. */
export interface EventComparison {
	readonly sameDocument: boolean;
	/** They name an organization in common. */
	readonly sharedOrg: boolean;
	/** Neither names an organization. */
	readonly noOrgs: boolean;
	/** They name a province in common. */
	readonly sharedPlace: boolean;
	/** Both have this activity type (null: the types differ). */
	readonly type: ActivityType | null;
	/** Days between their dates; null when either is undated. */
	readonly days: number | null;
	/** They share a long sentence few entries have (see MAX_QUOTES). */
	readonly quoted: boolean;
}

/** How two entries' facts compare; `quoted` comes from the sentence index. */
export function compareFacts(a: EventFacts, b: EventFacts, quoted: boolean): EventComparison {
	return {
		sameDocument: a.documentId === b.documentId,
		sharedOrg: a.orgIds.some((id) => b.orgIds.includes(id)),
		noOrgs: a.orgIds.length === 0 && b.orgIds.length === 0,
		sharedPlace: a.provinces.some((province) => b.provinces.includes(province)),
		type: a.type === b.type ? a.type : null,
		days: a.date && b.date ? daysApart(a.date, b.date) : null,
		quoted,
	};
}

/** Whether two entries of different documents report one event, and why; null when nothing says they do. */
export function sameEvent(c: EventComparison): EventReason | null {
	if (c.sameDocument) return null;
	// A quote links two reports unless they name different organizations or lie months apart.
	if (c.quoted && (c.sharedOrg || c.noOrgs) && (c.days === null || c.days <= REGISTRATION_DAYS)) return 'same words';
	if (!c.sharedOrg || !c.sharedPlace || c.type === null) return null;
	if (c.type === 'registration' || c.type === 'deregistration') {
		// An organization registers an office in one province once: an undated story of it is the same event.
		return c.days === null || c.days <= REGISTRATION_DAYS ? 'same registration' : null;
	}
	return c.days !== null && c.days <= ACTIVITY_DAYS ? 'same organization, place, activity and days' : null;
}

/** Orders candidate events for an entry: the strongest reason first, then the nearest date, then the lowest id. */
export function compareMatches(
	a: { reason: EventReason; days: number | null; id: number },
	b: { reason: EventReason; days: number | null; id: number },
): number {
	return (
		EVENT_REASONS.indexOf(a.reason) - EVENT_REASONS.indexOf(b.reason) ||
		(a.days ?? Infinity) - (b.days ?? Infinity) ||
		a.id - b.id
	);
}

/** Whether `a` names every province and organization `b` names: then `b` adds no fact to what `a` counts. */
export function covers(a: EventFacts, b: EventFacts): boolean {
	return b.provinces.every((p) => a.provinces.includes(p)) && b.orgIds.every((id) => a.orgIds.includes(id));
}

/**
 * The entry that stands for an event among its reports: the one naming the most provinces and organizations (every
 * other report's facts are within its own, see covers()), then a dated one, then the first stored.
 */
export function chooseRepresentative(members: readonly EventFacts[]): number {
	const weight = (f: EventFacts) => new Set(f.provinces).size + new Set(f.orgIds).size;
	const best = [...members].sort(
		(a, b) => weight(b) - weight(a) || Number(a.date === null) - Number(b.date === null) || a.id - b.id,
	)[0];
	if (best === undefined) throw new RangeError('An event has at least one report.');
	return best.id;
}

/** Groups linked entries (connected components), each group's ids in ascending order. */
export function eventGroups(ids: Iterable<number>, links: readonly (readonly [number, number])[]): number[][] {
	const parent = new Map<number, number>();
	const find = (x: number): number => {
		let root = x;
		while (parent.get(root) !== root) root = parent.get(root)!;
		for (let node = x; node !== root;) {
			const next = parent.get(node)!;
			parent.set(node, root);
			node = next;
		}
		return root;
	};
	for (const id of ids) parent.set(id, id);
	for (const [a, b] of links) {
		if (!parent.has(a)) parent.set(a, a);
		if (!parent.has(b)) parent.set(b, b);
		const ra = find(a);
		const rb = find(b);
		if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
	}
	const groups = new Map<number, number[]>();
	for (const id of [...parent.keys()].sort((a, b) => a - b)) {
		const root = find(id);
		groups.set(root, [...(groups.get(root) ?? []), id]);
	}
	return [...groups.values()];
}
