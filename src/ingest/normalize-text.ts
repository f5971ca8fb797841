// Invisible characters that only get in the way of matching and splitting: zero-width spaces and joiners,
// word joiner, BOM, soft hyphen, and bidirectional marks, embeddings, overrides and isolates.
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/* eslint-disable no-control-regex -- matching control characters is the point of this module */
// Page and line separators still separate something: kept as breaks rather than gluing words together.
const PARAGRAPH_SEPARATORS = /[\u000C\u2029]/g;
const LINE_SEPARATORS = /[\u000B\u0085\u2028]/g;
// C0 and C1 controls except tab (U+0009) and line feed (U+000A); the separators above are mapped first.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/* eslint-enable no-control-regex */

// Every Unicode space separator (NBSP, en/em spaces, thin space, ideographic space…) plus tab.
const SPACES = /[\t\p{Zs}]+/gu;

/** Canonical text for storage and hashing: NFC, LF line ends, plain spaces, no invisible characters, tidy lines. */
export function normalizeText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(PARAGRAPH_SEPARATORS, '\n\n')
		.replace(LINE_SEPARATORS, '\n')
		.replace(INVISIBLE, '')
		.replace(CONTROL, '')
		.normalize('NFC')
		.replace(SPACES, ' ')
		.split('\n')
		.map((line) => line.trim())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
