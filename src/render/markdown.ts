/**
 * Text from documents and users goes into Discord messages: it must show literally (no markdown
 * effects) and never ping anyone. Mentions are also blocked by allowed_mentions; breaking their syntax
 * here keeps them from rendering as pings in clients and logs too.
 */

// Characters that format anywhere in a line, and the markers that format only at a line's start
// (headings, lists, block quotes, subtext).
const INLINE = /([\\*_~`|[\]()<>])/g;
const LINE_START = /^(\s*)(#{1,3} |-# |[-+] |\d+\. )/gm;

/** Escapes Discord markdown so text shows as written. */
export function escapeMarkdown(text: string): string {
	return neutralizeMentions(text)
		.replace(INLINE, '\\$1')
		.replace(LINE_START, (_all, space: string, marker: string) => `${space}\\${marker}`);
}

/** Breaks @everyone, @here and <@id>, <@&id>, <#id> so they cannot notify or link. */
export function neutralizeMentions(text: string): string {
	return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
}

/** Cuts text to `max` characters (code points not split), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	const chars = [...text];
	let out = '';
	for (const char of chars) {
		if (out.length + char.length > max - 1) break;
		out += char;
	}
	// A trailing backslash would escape the ellipsis.
	return `${out.replace(/\\+$/, '')}…`;
}

/**
 * Text shown literally except for `marks` (stretches that matched a search), shown bold; whitespace collapses as in
 * `safeText`. The text may take `max` characters and the bold marks four more each; a longer text loses its marks
 * and is cut as `safeText` cuts it.
 */
export function markedText(text: string, marks: readonly (readonly [number, number])[], max: number): string {
	const plain = (piece: string) => escapeMarkdown(piece.replace(/\s+/g, ' '));
	let out = '';
	let at = 0;
	let used = 0;
	for (const [start, end] of marks) {
		if (start < at || end <= start) continue;
		out += `${plain(text.slice(at, start))}**${plain(text.slice(start, end))}**`;
		at = end;
		used++;
	}
	out = (out + plain(text.slice(at))).trim();
	return out.length - 4 * used <= max ? out : safeText(text, max);
}

/** Escapes first, then truncates, without leaving half an escape sequence. */
export function safeText(text: string, max: number): string {
	return truncate(escapeMarkdown(text.replace(/\s+/g, ' ').trim()), max);
}
