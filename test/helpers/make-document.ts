import { createHash } from 'node:crypto';
import type { DraftEntry, OrgMention, ParsedDocument } from '../../src/domain/entry.js';

export type EntryInput = Partial<Omit<DraftEntry, 'orgs'>> & { readonly orgs?: readonly OrgInput[] };
export type OrgInput = Partial<OrgMention> & { readonly name: string };
export type DocumentInput = Partial<Omit<ParsedDocument, 'entries'>> & { readonly entries?: readonly EntryInput[] };

/** An org mention with no country or aliases unless given. */
export function makeOrg(input: OrgInput): OrgMention {
	return { country: null, aliases: [], ...input };
}

/** A valid draft entry; `position` defaults to 0 and `text` to a text derived from it. */
export function makeEntry(input: EntryInput = {}): DraftEntry {
	const position = input.position ?? 0;
	return {
		position,
		title: null,
		date: '2019-02-15',
		provinces: [],
		type: 'other',
		summary: `Summary of entry ${position}.`,
		text: `Text of entry ${position}.`,
		partners: [],
		fields: [],
		evidence: [],
		...input,
		orgs: (input.orgs ?? []).map(makeOrg),
	};
}

/**
 * A valid parsed document. Entries get positions 0..n-1 unless given, and the content hash is derived
 * from the entries so changing them changes it (pass contentHash to control it).
 */
export function makeDocument(input: DocumentInput = {}): ParsedDocument {
	const entries = (input.entries ?? [{}]).map((entry, i) => makeEntry({ position: i, ...entry }));
	const contentHash = input.contentHash ?? createHash('sha256').update(JSON.stringify(entries)).digest('hex');
	return {
		source: { path: 'data/sample/doc.txt', url: null, title: 'A document', published: '2019-03-19' },
		kind: 'digest',
		coverage: null,
		...input,
		contentHash,
		entries,
	};
}
