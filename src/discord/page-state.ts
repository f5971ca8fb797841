/**
 * Paging and "show publicly" buttons carry their state in the custom_id (at most 100 characters), so any
 * process can answer a click: which answer, which page, who may press, until when.
 */

import type { PagedKind } from '../command/outcome.js';

export interface PageState {
	readonly action: 'page' | 'public';
	readonly kind: PagedKind;
	readonly ownerId: string;
	/** Unix seconds after which the buttons no longer work. */
	readonly expiresAt: number;
	readonly page: number;
	readonly hidden: boolean;
	/** What to ask again: an org or body id, a province name, or a search (text and filters). */
	readonly args: readonly string[];
}

export const CUSTOM_ID_MAX = 100;
/** Buttons live as long as an interaction token can edit its message. */
export const BUTTON_LIFETIME_SECONDS = 15 * 60;
const PREFIX = 'n1';
const SEP = '|';
// One letter per kind (partner and province share a first letter): ids already handed out keep their meaning.
const KIND_LETTERS: Record<PagedKind, string> = { ngo: 'n', province: 'p', search: 's', partner: 'b' };
const KINDS: Record<string, PagedKind> = Object.fromEntries(
	Object.entries(KIND_LETTERS).map(([kind, letter]) => [letter, kind as PagedKind]),
);

// Arguments may contain the separator: escape it (and the escape character) compactly.
const escapeArg = (arg: string) => arg.replace(/%/g, '%25').replace(/\|/g, '%7C');
const unescapeArg = (arg: string) => arg.replace(/%7C/g, '|').replace(/%25/g, '%');

/**
 * Encodes a state, or returns null when it does not fit in a custom_id. `tag` keeps the custom_ids of one
 * message distinct when two buttons lead to the same page.
 */
export function encodePageState(state: PageState, tag = 'x'): string | null {
	const head = [
		PREFIX,
		state.action === 'page' ? 'p' : 's',
		KIND_LETTERS[state.kind],
		BigInt(state.ownerId).toString(36),
		state.expiresAt.toString(36),
		state.page.toString(36),
		state.hidden ? '1' : '0',
		tag,
	];
	const id = [...head, ...state.args.map(escapeArg)].join(SEP);
	return id.length <= CUSTOM_ID_MAX ? id : null;
}

/** Decodes a custom_id made by encodePageState; null for anything else (old formats, tampering). */
export function decodePageState(customId: string): PageState | null {
	const parts = customId.split(SEP);
	if (parts.length < 8 || parts[0] !== PREFIX) return null;
	const [, action, kind, owner, expires, page, hidden, , ...args] = parts;
	// Own keys only: a forged "constructor" is not a kind.
	const decodedKind = kind !== undefined && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
	if (!decodedKind || (action !== 'p' && action !== 's')) return null;
	try {
		const ownerId = parseBase36BigInt(owner ?? '').toString();
		const expiresAt = parseInt(expires ?? '', 36);
		const pageNumber = parseInt(page ?? '', 36);
		if (!Number.isSafeInteger(expiresAt) || !Number.isSafeInteger(pageNumber) || pageNumber < 1) return null;
		return {
			action: action === 'p' ? 'page' : 'public',
			kind: decodedKind,
			ownerId,
			expiresAt,
			page: pageNumber,
			hidden: hidden === '1',
			args: args.map(unescapeArg),
		};
	} catch {
		return null;
	}
}

function parseBase36BigInt(text: string): bigint {
	if (!/^[0-9a-z]{1,16}$/.test(text)) throw new Error('not base 36');
	let value = 0n;
	for (const char of text) value = value * 36n + BigInt(parseInt(char, 36));
	return value;
}
