import { normalizeText } from '../normalize-text.js';
import { type DomElement, type DomNode, isElement, isText } from './dom.js';
import { isDropped } from './furniture.js';

// Break strength after/before an element: 2 = paragraph (blank line), 1 = line.
const BLOCK_BREAKS = new Map<string, 1 | 2>([
	...[
		'address',
		'article',
		'blockquote',
		'body',
		'caption',
		'center',
		'details',
		'div',
		'dl',
		'fieldset',
		'figcaption',
		'figure',
		'h1',
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'header',
		'hgroup',
		'hr',
		'html',
		'legend',
		'main',
		'ol',
		'p',
		'pre',
		'section',
		'summary',
		'table',
		'ul',
	].map((name) => [name, 2] as const),
	...['li', 'tr', 'dt', 'dd'].map((name) => [name, 1] as const),
]);

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF`;
// A line break inside Chinese prose is source formatting, not a word gap: browsers drop it, so do we.
const CJK_SEGMENT_BREAK = new RegExp(`([${CJK}])[ \\t\\r\\f]*\\n[ \\t\\r\\n\\f]*(?=[${CJK}])`, 'gu');
const HTML_WHITESPACE = /[ \t\n\r\f]+/g;

export interface RenderedText {
	readonly text: string;
	/** Elements whose text was written (or that were entered): what a rescued headline must not repeat. */
	readonly visited: ReadonlySet<DomElement>;
}

/**
 * Text of subtrees as a reader sees them: block structure kept as line and paragraph breaks, list items bulleted,
 * furniture left out. Iterative: pages can nest deeply.
 */
export function renderText(nodes: readonly DomNode[]): RenderedText {
	const out = new TextSink();
	const visited = new Set<DomElement>();
	type Step = { node: DomNode; pre: boolean } | { exit: DomElement; pre: boolean };
	const stack: Step[] = [...nodes].reverse().map((node) => ({ node, pre: false }));
	for (let step = stack.pop(); step; step = stack.pop()) {
		if ('exit' in step) {
			exitElement(step.exit, out);
			continue;
		}
		const { node, pre } = step;
		if (isText(node)) {
			if (pre) out.preformatted(node.data);
			else out.text(node.data);
			continue;
		}
		if (!isElement(node) || isDropped(node)) continue;
		visited.add(node);
		if (node.localName === 'br') {
			out.lineBreak();
			continue;
		}
		enterElement(node, out);
		const inPre = pre || node.localName === 'pre' || node.localName === 'listing' || node.localName === 'xmp';
		stack.push({ exit: node, pre });
		for (let i = node.childNodes.length - 1; i >= 0; i--) {
			const child = node.childNodes[i];
			if (child) stack.push({ node: child, pre: inPre });
		}
	}
	return { text: normalizeText(out.toString()), visited };
}

/** An element's text on one line (headlines, datelines). */
export function inlineText(el: DomElement): string {
	return renderText([el]).text.replace(/\s*\n+\s*/g, ' ');
}

function enterElement(el: DomElement, out: TextSink): void {
	const brk = BLOCK_BREAKS.get(el.localName);
	if (brk) out.block(brk);
	if (el.localName === 'li') out.bullet('• ');
	if (el.localName === 'td' || el.localName === 'th') out.space();
}

function exitElement(el: DomElement, out: TextSink): void {
	const brk = BLOCK_BREAKS.get(el.localName);
	if (brk) out.block(brk);
	if (el.localName === 'li') out.bullet(null);
	if (el.localName === 'td' || el.localName === 'th') out.space();
}

/** Accumulates text with pending breaks, so runs of empty blocks or whitespace never stack up. */
class TextSink {
	private readonly parts: string[] = [];
	private pendingBreak = 0;
	private pendingSpace = false;
	private pendingBullet: string | null = null;
	private atLineStart = true;

	text(data: string): void {
		const collapsed = data.replace(CJK_SEGMENT_BREAK, '$1').replace(HTML_WHITESPACE, ' ');
		// A DOM may hand an entity over as a text node of its own ("&nbsp;" alone): a no-break space still spaces.
		if (/^\s/.test(collapsed)) this.pendingSpace = true;
		const words = collapsed.trim();
		if (words !== '') this.write(words);
		if (/\s$/.test(collapsed) && words !== '') this.pendingSpace = true;
	}

	preformatted(data: string): void {
		data.split(/\r\n?|\n/).forEach((line, index) => {
			if (index > 0) this.lineBreak();
			if (line.trim() !== '') this.write(line.replace(/[ \t\f]+/g, ' '));
		});
	}

	block(strength: 1 | 2): void {
		this.pendingBreak = Math.max(this.pendingBreak, strength);
	}

	/** `<br>`: one is a line break, two in a row are a paragraph break. */
	lineBreak(): void {
		if (this.parts.length > 0) this.pendingBreak = Math.min(2, this.pendingBreak + 1);
	}

	space(): void {
		this.pendingSpace = true;
	}

	bullet(marker: string | null): void {
		this.pendingBullet = marker;
	}

	toString(): string {
		return this.parts.join('');
	}

	private write(words: string): void {
		if (this.parts.length > 0 && this.pendingBreak > 0) {
			this.parts.push(this.pendingBreak === 2 ? '\n\n' : '\n');
			this.atLineStart = true;
		} else if (this.pendingSpace && !this.atLineStart) {
			this.parts.push(' ');
		}
		if (this.pendingBullet) this.parts.push(this.pendingBullet);
		this.parts.push(words);
		this.pendingBreak = 0;
		this.pendingSpace = false;
		this.pendingBullet = null;
		this.atLineStart = false;
	}
}
