import { createRequire } from 'node:module';
import type * as ReadabilityExports from '@mozilla/readability';

import { normalizeText } from './normalize-text.js';
import { type DomDocument, type DomElement, allElements, contains, hasAncestor, parsePage } from './html/dom.js';
import { isHidden } from './html/furniture.js';
import { chooseHeading, readCanonicalUrl, readPublished, readTitle } from './html/metadata.js';
import { inlineText, renderText } from './html/render-text.js';

export { toIsoDate } from './html/iso-date.js';

/** Readable text of an HTML page plus the metadata the page states about itself. */
export interface HtmlText {
	/** Paragraphs separated by blank lines, one block per paragraph, normalized. */
	readonly text: string;
	readonly title: string | null;
	/** Publication date as `yyyy-mm-dd`. */
	readonly published: string | null;
	/** Canonical absolute http(s) URL of the page. */
	readonly url: string | null;
}

/** How the content was chosen, for tests and the bench. */
export type ContentSource = 'marked region' | 'readability' | 'whole page';

interface Content {
	readonly source: ContentSource;
	/** The element the text was read from, when it is one of the page's own. */
	readonly root: DomElement | null;
	readonly text: string;
	/** Whether an element's text is already part of `text` (a headline or dateline need not be carried over). */
	readonly covers: (el: DomElement) => boolean;
}

/** Readable text and page metadata (title, publication date, canonical URL) of an HTML document. */
export function htmlToText(html: string): HtmlText {
	return readHtml(html).page;
}

/** The page as `htmlToText` reads it, and how its content was chosen. */
export function readHtml(html: string): { readonly page: HtmlText; readonly source: ContentSource } {
	const doc = parsePage(html);
	const elements = allElements(doc);

	const content = markedRegion(elements) ?? readableArticle(doc) ?? wholePage(doc);
	const h1s = elements.filter((el) => el.localName === 'h1' && inlineText(el) !== '');
	const pageTitle = readTitle(elements, h1s);
	const heading = chooseHeading(h1s, content.root, pageTitle);
	const date = readPublished(elements, content.root);

	// The content often starts below the headline and dateline: carry them over when they were left out.
	const rescued = [heading, date.element]
		.filter((el): el is DomElement => el !== null && !content.covers(el))
		.filter((el, index, all) => all.indexOf(el) === index && !all.some((other) => other !== el && contains(other, el)))
		.sort((a, b) => elements.indexOf(a) - elements.indexOf(b))
		.map((el) => inlineText(el))
		.filter((text) => text !== '' && !content.text.startsWith(text));

	const page: HtmlText = {
		text: normalizeText([...rescued, content.text].join('\n\n')),
		title: pageTitle ?? (heading ? inlineText(heading) || null : null),
		published: date.value,
		url: readCanonicalUrl(elements),
	};
	return { page, source: content.source };
}

/**
 * The region the page marks as its content: <main> (or role=main), its one top-level <article>, or its one
 * itemprop=articleBody, broadest first (<main> holds the headline and dateline an articleBody leaves out).
 * Both sources' layouts mark their content this way, and on them Readability does worse than reading the marked
 * region: it keeps the newsletter box of a ChinaFile digest and drops the dateline (test/ingest/html-layouts.test.ts).
 * Several <article>s mean a listing page: no single one is the content.
 */
function markedRegion(elements: readonly DomElement[]): Content | null {
	const visible = elements.filter((el) => !isHidden(el));
	const single = (matches: DomElement[]): DomElement[] => (matches.length === 1 ? matches : []);
	const candidates = [
		...visible.filter((el) => el.localName === 'main' || (el.getAttribute('role') ?? '').toLowerCase() === 'main'),
		...single(visible.filter((el) => el.localName === 'article' && !hasAncestor(el, (o) => o.localName === 'article'))),
		...single(visible.filter((el) => el.getAttribute('itemprop') === 'articleBody')),
	];
	for (const root of candidates) {
		const { text, visited } = renderText(Array.from(root.childNodes));
		if (text !== '') return { source: 'marked region', root, text, covers: (el) => visited.has(el) || el === root };
	}
	return null;
}

/**
 * Mozilla's Readability (Firefox Reader View) on a page that marks nothing: it scores the page's blocks and keeps
 * the article, dropping sidebars, comments and related links whatever they are called. Only when Readability's own
 * quick check finds an article there: short pages and listings are read whole.
 */
type ReadabilityModule = typeof ReadabilityExports;
type ReadabilityDocument = Parameters<ReadabilityModule['isProbablyReaderable']>[0];
// Loaded when a page first needs it (pages that mark their content never do).
const require = createRequire(import.meta.url);
let readability: ReadabilityModule | undefined;

function readableArticle(doc: DomDocument): Content | null {
	readability ??= require('@mozilla/readability') as ReadabilityModule;
	const { Readability, isProbablyReaderable } = readability;
	if (!isProbablyReaderable(doc as unknown as ReadabilityDocument)) return null;
	// Readability rewrites the tree it reads; the original stays for the metadata and the headline.
	const article = new Readability<unknown>(doc.cloneNode(true) as unknown as ReadabilityDocument, {
		serializer: (node) => node,
	}).parse();
	const root = article?.content as DomElement | null | undefined;
	if (!root) return null;
	const { text } = renderText([root]);
	if (text === '') return null;
	return { source: 'readability', root: null, text, covers: (el) => text.includes(inlineText(el)) };
}

function wholePage(doc: DomDocument): Content {
	const { text, visited } = renderText(doc.documentElement ? [doc.documentElement] : []);
	return { source: 'whole page', root: null, text, covers: (el) => visited.has(el) };
}
