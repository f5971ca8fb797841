import type { Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { parse as parseYaml } from 'yaml';

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

/**
 * Plain text of a Markdown document: parsed by micromark into an mdast tree (CommonMark, GFM tables, footnotes and
 * strikethrough, YAML front matter), whose blocks become paragraphs and whose inline markup becomes its words.
 * Throws RangeError (call stack) on nesting of a couple of thousand levels, which mdast's helpers walk by recursion;
 * load-source.ts turns it into a refusal that says so.
 */
export function markdownToText(md: string): MarkdownText {
	const tree: Root = fromMarkdown(md.replace(/^\uFEFF/, ''), {
		extensions: [gfm(), frontmatter(['yaml'])],
		mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
	});
	const blocks: string[] = [];
	let front: FrontMatter = NO_FRONT_MATTER;
	let firstHeading: string | null = null;

	inOrder<RootContent>(tree.children, (node) => {
		switch (node.type) {
			case 'yaml': {
				const read = readFrontMatter(node.value);
				// Not key: value pairs (a document opening with a rule, then prose): the words are the author's.
				if (read) front = read;
				else blocks.push(node.value);
				break;
			}
			case 'heading': {
				const text = inline(node.children);
				if (node.depth === 1 && firstHeading === null && text !== '') firstHeading = text;
				blocks.push(text);
				break;
			}
			case 'paragraph':
				blocks.push(inline(node.children));
				break;
			case 'code':
				blocks.push(node.value);
				break;
			case 'html':
				blocks.push(htmlToText(node.value).text);
				break;
			case 'table':
				// One line per row, cells separated as the author separated them.
				blocks.push(
					node.children.map((row) => row.children.map((cell) => inline(cell.children)).join(' | ')).join('\n'),
				);
				break;
			case 'blockquote':
			case 'list':
			case 'listItem':
			case 'footnoteDefinition':
				return node.children;
			default:
				// Rules, link definitions: structure, not words.
				break;
		}
		return null;
	});

	return {
		text: normalizeText(blocks.filter((block) => block.trim() !== '').join('\n\n')),
		title: front.title ?? firstHeading,
		published: front.published,
		url: front.url,
	};
}

/** The words of inline content: markers, images and footnote marks gone, links kept as their text. */
function inline(nodes: readonly Nodes[]): string {
	let text = '';
	inOrder<Nodes>(nodes, (node) => {
		switch (node.type) {
			case 'text':
			case 'inlineCode':
				text += node.value;
				break;
			case 'break':
				text += '\n';
				break;
			case 'html':
				// Inline tags arrive one by one ("<b>", "</b>"): a tag alone has no text, a <br> is a line break.
				text += /^<br\s*\/?>$/i.test(node.value) ? '\n' : htmlToText(node.value).text;
				break;
			case 'image':
			case 'imageReference':
			case 'footnoteReference':
				break;
			default:
				if ('children' in node) return node.children as Nodes[];
		}
		return null;
	});
	return text;
}

/**
 * Visits a tree depth-first in document order, with a stack of our own rather than recursion: "1. - 1. - …" nests a
 * list in a list per marker, and a recursive walk overflowed the call stack at about 1,500 levels (a property test
 * found it). `visit` returns the children to walk into next, or null.
 */
function inOrder<T>(roots: readonly T[], visit: (node: T) => readonly T[] | null): void {
	const stack: { nodes: readonly T[]; at: number }[] = [{ nodes: roots, at: 0 }];
	while (stack.length > 0) {
		const top = stack[stack.length - 1]!;
		if (top.at === top.nodes.length) {
			stack.pop();
			continue;
		}
		const children = visit(top.nodes[top.at++]!);
		if (children !== null) stack.push({ nodes: children, at: 0 });
	}
}

interface FrontMatter {
	readonly title: string | null;
	readonly published: string | null;
	readonly url: string | null;
}

const NO_FRONT_MATTER: FrontMatter = { title: null, published: null, url: null };

/** What YAML front matter says about the document; null when the block is not a mapping of keys. */
function readFrontMatter(yaml: string): FrontMatter | null {
	let values: unknown;
	try {
		values = parseYaml(yaml);
	} catch {
		return null;
	}
	if (values === null || typeof values !== 'object' || Array.isArray(values)) return null;
	const record = new Map(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value as unknown]));
	const first = (...keys: string[]): string | null => {
		for (const key of keys) {
			const value = record.get(key);
			if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
			if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
		}
		return null;
	};
	const title = first('title');
	const date = first('date', 'published', 'pubdate', 'publishdate', 'published_at', 'publish_date');
	const url = first('url', 'canonical_url', 'canonical', 'source_url');
	return {
		title: title ? normalizeText(title).replace(/\s*\n+\s*/g, ' ') || null : null,
		published: date ? toIsoDate(date) : null,
		url: url && /^https?:\/\/\S+$/i.test(url) ? url : null,
	};
}
