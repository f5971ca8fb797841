import { type DomElement, attr, parentElement } from './dom.js';

// What a reader never sees as the document: code, embeds, forms, navigation, page furniture. Used inside a region
// the page marks as its content (and on pages Readability finds no article in); Readability does its own cleaning.

const DROPPED_TAGS = new Set([
	'head',
	'title',
	'script',
	'style',
	'noscript',
	'template',
	'svg',
	'math',
	'canvas',
	'iframe',
	'frame',
	'frameset',
	'noframes',
	'object',
	'embed',
	'audio',
	'video',
	'map',
	'form',
	'button',
	'input',
	'select',
	'textarea',
	'dialog',
	'nav',
	'aside',
	'footer',
]);

const DROPPED_ROLES = new Set([
	'navigation',
	'banner',
	'contentinfo',
	'complementary',
	'search',
	'menu',
	'menubar',
	'toolbar',
]);

// Words in a class or id that mark site chrome. Compared word by word ("share-buttons" → share), so "commentary"
// or "shared" do not match.
const CHROME_WORDS = new Set([
	'breadcrumb',
	'breadcrumbs',
	'share',
	'sharing',
	'sharethis',
	'addthis',
	'comment',
	'comments',
	'menu',
	'sidebar',
	'cookie',
	'cookies',
	'newsletter',
	'related',
	'advert',
	'advertisement',
	'pager',
	'pagination',
]);
// Whole class names that hide text from sighted readers ("Skip to main content", "You are here").
const HIDDEN_CLASSES = new Set([
	'element-invisible',
	'visually-hidden',
	'visuallyhidden',
	'sr-only',
	'screen-reader-text',
	'skip-link',
	'hidden',
	'd-none',
]);
// "Social" alone is ambiguous on NGO sites ("social organizations" are NGOs): only drop it next to these words.
const SOCIAL_COMPANIONS = new Set(['media', 'links', 'icons', 'buttons', 'share', 'follow', 'network', 'networks']);
const SITE_FRAME_WORDS = new Set(['header', 'footer', 'nav', 'navigation', 'branding', 'menu']);
// "has-sidebar", "no-comments" describe the layout of a wrapper, not chrome.
const LAYOUT_PREFIXES = new Set(['has', 'with', 'no', 'without']);

/** A region the page itself marks as its content: <main>, an <article>, role=main, itemprop=articleBody. */
export function isMainMarker(el: DomElement): boolean {
	return (
		el.localName === 'main' ||
		el.localName === 'article' ||
		attr(el, 'role').toLowerCase() === 'main' ||
		attr(el, 'itemprop') === 'articleBody'
	);
}

function isChromeToken(token: string): boolean {
	const words = token
		.split(/[-_:.]+|(?<=[a-z])(?=[A-Z])/)
		.map((word) => word.toLowerCase())
		.filter(Boolean);
	if (words.length === 0 || LAYOUT_PREFIXES.has(words[0] ?? '')) return false;
	if (words.some((word) => CHROME_WORDS.has(word))) return true;
	// "site-header", "site-footer", "site-nav": the site's own frame, unlike an "entry-header" holding the headline.
	if (words.includes('site') && words.some((word) => SITE_FRAME_WORDS.has(word))) return true;
	return (
		words.includes('social') &&
		words.every((word) => word === 'social' || SOCIAL_COMPANIONS.has(word) || word === 'block' || word === 'widget')
	);
}

// Each check is asked many times per element (rendering, candidates, ancestors); parsed trees are per call.
const droppedCache = new WeakMap<DomElement, boolean>();
const hiddenCache = new WeakMap<DomElement, boolean>();

/** Whether the element itself (not its ancestors) is furniture that must not reach the text. */
export function isDropped(el: DomElement): boolean {
	let dropped = droppedCache.get(el);
	if (dropped === undefined) {
		dropped = computeDropped(el);
		droppedCache.set(el, dropped);
	}
	return dropped;
}

function computeDropped(el: DomElement): boolean {
	if (DROPPED_TAGS.has(el.localName)) return true;
	if (el.hasAttribute('hidden') || attr(el, 'aria-hidden').toLowerCase() === 'true') return true;
	const style = attr(el, 'style').toLowerCase().replace(/\s+/g, '');
	if (style.includes('display:none') || style.includes('visibility:hidden')) return true;
	if (
		attr(el, 'role')
			.toLowerCase()
			.split(/\s+/)
			.some((role) => DROPPED_ROLES.has(role))
	)
		return true;
	// Content markers and the document shell are never chrome, whatever their layout classes say.
	if (isMainMarker(el) || el.localName === 'html' || el.localName === 'body') return false;
	const classes = attr(el, 'class').split(/\s+/);
	if (classes.some((name) => HIDDEN_CLASSES.has(name.toLowerCase()))) return true;
	return [...classes, ...attr(el, 'id').split(/\s+/)].some((token) => token !== '' && isChromeToken(token));
}

/** Whether the element or one of its ancestors is dropped. */
export function isHidden(el: DomElement): boolean {
	// Iterative so a pathologically deep tree cannot overflow the stack.
	const unknown: DomElement[] = [];
	let node: DomElement | null = el;
	let hidden = false;
	for (; node; node = parentElement(node)) {
		const cached = hiddenCache.get(node);
		if (cached !== undefined) {
			hidden = cached;
			break;
		}
		unknown.push(node);
	}
	for (const pending of unknown.reverse()) {
		hidden = hidden || isDropped(pending);
		hiddenCache.set(pending, hidden);
	}
	return hiddenCache.get(el) ?? hidden;
}
