import { createRequire } from 'node:module';
import type * as Linkedom from 'linkedom';

// Loaded on the first page read, not at start-up: most commands never read HTML, and linkedom takes ~150 ms to load.
const require = createRequire(import.meta.url);
let linkedom: typeof Linkedom | undefined;

/**
 * The few DOM members the HTML reader uses, so its walkers do not depend on one DOM implementation's types.
 * linkedom provides them (and the full DOM Mozilla's Readability needs).
 */
export interface DomNode {
	readonly nodeType: number;
	readonly childNodes: ArrayLike<DomNode>;
	readonly parentNode: DomNode | null;
	readonly textContent: string | null;
}

export interface DomElement extends DomNode {
	/** Lower-case tag name. */
	readonly localName: string;
	getAttribute(name: string): string | null;
	hasAttribute(name: string): boolean;
	querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface DomText extends DomNode {
	readonly data: string;
}

export interface DomDocument {
	readonly documentElement: DomElement | null;
	querySelectorAll(selector: string): ArrayLike<DomElement>;
	cloneNode(deep: boolean): DomDocument;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export function isElement(node: DomNode): node is DomElement {
	return node.nodeType === ELEMENT_NODE;
}

export function isText(node: DomNode): node is DomText {
	return node.nodeType === TEXT_NODE;
}

/** A whole document from HTML text; a fragment gets the <html> and <body> a browser would give it. */
export function parsePage(html: string): DomDocument {
	// linkedom keeps a bare fragment without <html>/<body>: wrap it so every page has the same shell.
	const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
	linkedom ??= require('linkedom') as typeof Linkedom;
	return linkedom.parseHTML(page).document as unknown as DomDocument;
}

/** Trimmed attribute value, '' when absent. */
export function attr(el: DomElement, name: string): string {
	return (el.getAttribute(name) ?? '').trim();
}

export function parentElement(node: DomNode): DomElement | null {
	const parent = node.parentNode;
	return parent && isElement(parent) ? parent : null;
}

export function hasAncestor(el: DomNode, test: (node: DomElement) => boolean): boolean {
	for (let node = parentElement(el); node; node = parentElement(node)) {
		if (test(node)) return true;
	}
	return false;
}

export function contains(ancestor: DomElement, el: DomNode): boolean {
	return hasAncestor(el, (node) => node === ancestor);
}

/** Every element of the document in document order. */
export function allElements(doc: DomDocument): DomElement[] {
	return Array.from(doc.querySelectorAll('*'));
}
