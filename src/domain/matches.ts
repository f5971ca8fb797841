/**
 * Every match of a global pattern in a text, as [...text.matchAll(pattern)] gives them, searched with the pattern
 * itself: matchAll first copies the pattern (a new RegExp each call), which cost more than many of the searches. The
 * matches are all collected before the caller sees one, so the pattern is free again (lastIndex 0) when this returns.
 */
export function execAll(pattern: RegExp, text: string): RegExpExecArray[] {
	const matches: RegExpExecArray[] = [];
	pattern.lastIndex = 0;
	for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
		matches.push(m);
		// After an empty match the search moves on one character, as matchAll does (a whole code point with the u flag).
		if (m[0] === '') pattern.lastIndex = nextIndex(text, pattern.lastIndex, /[uv]/.test(pattern.flags));
	}
	pattern.lastIndex = 0;
	return matches;
}

function nextIndex(text: string, index: number, unicode: boolean): number {
	if (!unicode || index + 1 >= text.length) return index + 1;
	const code = text.charCodeAt(index);
	if (code < 0xd800 || code > 0xdbff) return index + 1;
	const next = text.charCodeAt(index + 1);
	return next >= 0xdc00 && next <= 0xdfff ? index + 2 : index + 1;
}
