import { htmlToText, toIsoDate } from './html-to-text.js';
import { normalizeText } from './normalize-text.js';

/** Plain text of a Markdown document plus what its front matter says about it. */
export interface MarkdownText {
	/** Paragraphs separated by blank lines; source line breaks inside a paragraph are kept. */
	readonly text: string;
	/** Front matter `title`, else the first level-1 heading. */
	readonly title: string | null;
	/** Front matter `date` (or `published`) as `yyyy-mm-dd`. */
	readonly published: string | null;
	/** Front matter `url` (or `canonical_url`, `source_url`) when it is an absolute http(s) URL. */
	readonly url: string | null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
const BLOCKQUOTE_MARKER = /^ {0,3}> ?/;
const LIST_MARKER = /^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?/;
const LINK_DEFINITION =
	/^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*(?:<[^>]*>|\S+)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]]+\]:[ \t]*/;
const TABLE_DELIMITER_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/;

// HTML blocks (CommonMark types 1, 2, 6 and 7): kept together and converted as HTML, so a <script> spanning lines
// is dropped whole instead of leaking its body as text.
const HTML_RAW_BLOCK = /^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)/i;
const HTML_COMMENT_BLOCK = /^ {0,3}<!--/;
const HTML_BLOCK_TAGS =
	'address|article|aside|base|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|' +
	'figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|' +
	'nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const HTML_BLOCK = new RegExp(`^ {0,3}</?(?:${HTML_BLOCK_TAGS})(?:\\s|/?>|$)`, 'i');
const HTML_LONE_TAG = /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/;
const INLINE_HTML = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<!--|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

// Private-use delimiters around the index of a protected span (code, escaped character) while markers are removed.
const HOLD_OPEN = '\uE000';
const HOLD_CLOSE = '\uE001';
const HELD = new RegExp(`${HOLD_OPEN}(\\d+)${HOLD_CLOSE}`, 'g');

const LINK_DESTINATION = String.raw`\(\s*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`;
const IMAGE = new RegExp(String.raw`!\[[^[\]]*\](?:${LINK_DESTINATION}|\[[^[\]]*\])`, 'g');
const INLINE_LINK = new RegExp(String.raw`\[([^[\]]*)\]${LINK_DESTINATION}`, 'g');
const REFERENCE_LINK = /\[([^[\]]+)\]\[[^[\]]*\]/g;
const EMPHASIS: readonly (readonly [RegExp, string])[] = [
	[/\*\*(?=[^\s*])([^*]*?[^\s*])\*\*/g, '$1'],
	[/(?<![\p{L}\p{N}_])__(?=[^\s_])([^_]*?[^\s_])__(?![\p{L}\p{N}_])/gu, '$1'],
	[/\*(?=[^\s*])([^*]*?[^\s*])\*/g, '$1'],
	// Intraword underscores (snake_case, file_names) are not emphasis.
	[/(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/gu, '$1'],
	[/~~(?=[^\s~])([^~]*?[^\s~])~~/g, '$1'],
];

/** Plain text of a Markdown document: markers removed, one paragraph per block, front matter read and dropped. */
export function markdownToText(md: string): MarkdownText {
	const lines = md
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.replace(/[\uE000\uE001]/g, '')
		.split('\n');
	const front = readFrontMatter(lines);
	const body = lines.slice(front.lineCount);
	const definedLabels = new Set(
		body.flatMap((line) => {
			const label = LINK_DEFINITION.exec(line)?.[1];
			return label ? [label.toLowerCase()] : [];
		}),
	);

	const out: string[] = [];
	let firstHeading: string | null = null;
	let fence: { marker: string; quoteDepth: number } | null = null;
	let html: { lines: string[]; end: (line: string) => boolean } | null = null;
	// Whether the previous line was paragraph text, which a setext underline turns into a heading.
	let inParagraph = false;

	const heading = (text: string, level: number): void => {
		out.push('', text, '');
		if (level === 1 && firstHeading === null && text !== '') firstHeading = text;
		inParagraph = false;
	};

	for (const raw of body) {
		if (fence) {
			const line = stripQuotes(raw, fence.quoteDepth).line;
			const close = FENCE.exec(line);
			if (close?.[1]?.startsWith(fence.marker) && close[2]?.trim() === '') {
				fence = null;
				out.push('');
			} else {
				out.push(line);
			}
			continue;
		}
		if (html) {
			html.lines.push(raw);
			if (html.end(raw)) {
				out.push('', htmlToText(html.lines.join('\n')).text, '');
				html = null;
			}
			continue;
		}

		const { line: unquoted, depth } = stripQuotes(raw, Infinity);
		if (unquoted.trim() === '') {
			out.push('');
			inParagraph = false;
			continue;
		}
		// Underlines and rules come before list markers: "* * *" is a rule, not a list item.
		const setext = SETEXT_UNDERLINE.exec(unquoted);
		if (setext && inParagraph && depth === 0) {
			heading(out.pop() ?? '', setext[1]?.startsWith('=') ? 1 : 2);
			continue;
		}
		if (THEMATIC_BREAK.test(unquoted)) {
			out.push('');
			inParagraph = false;
			continue;
		}
		const line = unquoted.replace(LIST_MARKER, '');
		const isListItem = line !== unquoted;

		const fenceOpen = FENCE.exec(line);
		if (fenceOpen?.[1]) {
			fence = { marker: fenceOpen[1], quoteDepth: depth };
			out.push('');
			inParagraph = false;
			continue;
		}
		const htmlEnd = htmlBlockEnd(line, inParagraph);
		if (htmlEnd) {
			html = { lines: [line], end: htmlEnd };
			if (htmlEnd(line)) {
				out.push('', htmlToText(line).text, '');
				html = null;
			}
			inParagraph = false;
			continue;
		}
		const atx = ATX_HEADING.exec(line);
		if (atx) {
			heading(inline(atx[2] ?? '', definedLabels), atx[1]?.length ?? 1);
			continue;
		}
		if (LINK_DEFINITION.test(line) || TABLE_DELIMITER_ROW.test(line)) continue;

		let text = line.replace(FOOTNOTE_DEFINITION, '');
		// Table rows keep their inner pipes as cell separators; the outer ones are decoration.
		if (/^\s*\|/.test(text)) text = text.replace(/^\s*\|/, '').replace(/(?<!\\)\|\s*$/, '');
		// A trailing backslash is a hard line break, which a line of its own already is.
		text = text.replace(/(?<!\\)\\$/, '');
		// Without its bullet a list item would read as a wrapped line of the paragraph above: make it its own.
		if (isListItem) out.push('');
		out.push(inline(text, definedLabels));
		// "- item" then "---" is a list and a rule, not a heading.
		inParagraph = !isListItem;
	}
	// An unclosed HTML block still holds text the author meant to show.
	if (html) out.push('', htmlToText(html.lines.join('\n')).text);

	return {
		text: normalizeText(out.join('\n')),
		title: front.title ?? firstHeading,
		published: front.published,
		url: front.url,
	};
}

function stripQuotes(line: string, maxDepth: number): { line: string; depth: number } {
	let rest = line;
	let depth = 0;
	while (depth < maxDepth && BLOCKQUOTE_MARKER.test(rest)) {
		rest = rest.replace(BLOCKQUOTE_MARKER, '');
		depth++;
	}
	return { line: rest, depth };
}

/** When the line opens an HTML block, a test for the line that closes it. */
function htmlBlockEnd(line: string, inParagraph: boolean): ((line: string) => boolean) | null {
	const raw = HTML_RAW_BLOCK.exec(line);
	if (raw?.[1]) {
		const closing = `</${raw[1].toLowerCase()}>`;
		return (candidate) => candidate.toLowerCase().includes(closing);
	}
	if (HTML_COMMENT_BLOCK.test(line)) return (candidate) => candidate.includes('-->');
	// A lone tag cannot interrupt a paragraph (CommonMark type 7); block-level tags can.
	if (HTML_BLOCK.test(line) || (!inParagraph && HTML_LONE_TAG.test(line))) {
		return (candidate) => candidate.trim() === '';
	}
	return null;
}

/** Inline markers removed from one line: code spans and escapes are protected first, then links and emphasis. */
function inline(line: string, definedLabels: ReadonlySet<string>): string {
	const held: string[] = [];
	const hold = (text: string): string => `${HOLD_OPEN}${held.push(text) - 1}${HOLD_CLOSE}`;

	let protectedLine = '';
	for (let i = 0; i < line.length;) {
		const char = line[i] ?? '';
		const next = line[i + 1] ?? '';
		if (char === '\\' && /^[!-/:-@[-`{-~]$/.test(next)) {
			protectedLine += hold(next);
			i += 2;
			continue;
		}
		if (char === '`') {
			const run = /^`+/.exec(line.slice(i))?.[0] ?? '`';
			const close = findBacktickRun(line, i + run.length, run.length);
			if (close >= 0) {
				let code = line.slice(i + run.length, close);
				if (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
				protectedLine += hold(code);
				i = close + run.length;
			} else {
				protectedLine += run;
				i += run.length;
			}
			continue;
		}
		protectedLine += char;
		i++;
	}

	let text = protectedLine
		.replace(/<((?:https?|ftp|mailto):[^\s<>]*)>/gi, '$1')
		.replace(/<([^\s@<>]+@[^\s@<>]+\.[^\s<>]+)>/g, '$1')
		.replace(IMAGE, '')
		.replace(INLINE_LINK, '$1')
		.replace(REFERENCE_LINK, '$1')
		.replace(/\[\^[^[\]\s]+\]/g, '')
		.replace(/\[([^[\]]+)\](?!\(|:)/g, (whole, label: string) =>
			definedLabels.has(label.toLowerCase()) ? label : whole,
		);
	// Nested emphasis ("***both***", "**a _b_**") needs a second pass.
	for (let pass = 0; pass < 3; pass++) {
		const before = text;
		for (const [pattern, replacement] of EMPHASIS) text = text.replace(pattern, replacement);
		if (text === before) break;
	}
	if (INLINE_HTML.test(text)) text = htmlToText(text).text;
	return text.replace(HELD, (_, index: string) => held[Number(index)] ?? '');
}

function findBacktickRun(line: string, from: number, length: number): number {
	for (let i = from; i < line.length;) {
		if (line[i] !== '`') {
			i++;
			continue;
		}
		let end = i;
		while (line[end] === '`') end++;
		if (end - i === length) return i;
		i = end;
	}
	return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Front matter

interface FrontMatter {
	readonly lineCount: number;
	readonly title: string | null;
	readonly published: string | null;
	readonly url: string | null;
}

const NO_FRONT_MATTER: FrontMatter = { lineCount: 0, title: null, published: null, url: null };

/** YAML front matter between `---` lines at the very top; only flat `key: value` pairs are read. */
function readFrontMatter(lines: readonly string[]): FrontMatter {
	if (lines[0]?.trimEnd() !== '---') return NO_FRONT_MATTER;
	const end = lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
	if (end < 0) return NO_FRONT_MATTER;
	const block = lines.slice(1, end);
	// A document that merely opens with a horizontal rule has prose here, not keys.
	const yamlish = block.every((line) => line.trim() === '' || /^(?:[\w-]+\s*:|\s+\S|\s*-\s|#)/.test(line));
	if (!yamlish || !block.some((line) => /^[\w-]+\s*:/.test(line))) return NO_FRONT_MATTER;

	const values = new Map<string, string>();
	for (let i = 0; i < block.length; i++) {
		const match = /^([\w-]+)\s*:\s*(.*)$/.exec(block[i] ?? '');
		if (!match?.[1]) continue;
		let value = (match[2] ?? '').trim();
		if (/^[|>][-+]?$/.test(value)) {
			// Block scalar: the indented lines that follow, folded into one line.
			const folded: string[] = [];
			while (/^\s+\S/.test(block[i + 1] ?? '')) folded.push((block[++i] ?? '').trim());
			value = folded.join(' ');
		}
		values.set(match[1].toLowerCase(), unquoteYaml(value));
	}

	const first = (...keys: string[]): string | null => {
		for (const key of keys) {
			const value = values.get(key);
			if (value) return value;
		}
		return null;
	};
	const title = first('title');
	const date = first('date', 'published', 'pubdate', 'publishdate', 'published_at', 'publish_date');
	const url = first('url', 'canonical_url', 'canonical', 'source_url');
	return {
		lineCount: end + 1,
		title: title ? normalizeText(title).replace(/\s*\n+\s*/g, ' ') || null : null,
		published: date ? toIsoDate(date) : null,
		url: url && /^https?:\/\/\S+$/i.test(url) ? url : null,
	};
}

function unquoteYaml(value: string): string {
	if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
		try {
			return JSON.parse(value) as string;
		} catch {
			return value.slice(1, -1);
		}
	}
	if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1).replace(/''/g, "'");
	// An unquoted value ends at a comment.
	return value.replace(/\s+#.*$/, '');
}
