import { normalizeText } from '../normalize-text.js';
import { type DomElement, attr, contains, hasAncestor } from './dom.js';
import { isHidden, isMainMarker } from './furniture.js';
import { inlineText } from './render-text.js';
import { toIsoDate } from './iso-date.js';

// What a page states about itself: title, headline, publication date (and the dateline showing it), canonical URL.
// <meta>, JSON-LD and visible datelines are read whichever way the content is chosen.

/** Contents of <meta> tags named by any of `keys` (property, name or itemprop), in the order of `keys`. */
function metaContent(elements: readonly DomElement[], keys: readonly string[]): string[] {
	const found = new Map<string, string[]>();
	for (const el of elements) {
		if (el.localName !== 'meta') continue;
		const content = attr(el, 'content');
		if (content === '') continue;
		for (const name of [attr(el, 'property'), attr(el, 'name'), attr(el, 'itemprop')]) {
			const key = name.toLowerCase();
			if (keys.includes(key)) found.set(key, [...(found.get(key) ?? []), content]);
		}
	}
	return keys.flatMap((key) => found.get(key) ?? []);
}

function oneLine(text: string): string {
	return normalizeText(text).replace(/\s*\n+\s*/g, ' ');
}

export function readTitle(elements: readonly DomElement[], h1s: readonly DomElement[]): string | null {
	const og = metaContent(elements, ['og:title'])[0];
	if (og && oneLine(og)) return oneLine(og);
	// <title> also occurs inside inline <svg>; only the document's own counts.
	const titleEl = elements.find((el) => el.localName === 'title' && !hasAncestor(el, (o) => o.localName === 'svg'));
	const title = titleEl ? oneLine(titleEl.textContent ?? '') : '';
	if (title === '') return null;
	// A headline that itself contains " - " is recognisable when the page repeats it in an h1.
	if (h1s.some((h1) => sameText(inlineText(h1), title))) return title;
	const site = metaContent(elements, ['og:site_name']).map(oneLine)[0];
	return trimSiteName(title, site) || null;
}

const TITLE_SEPARATORS = [' | ', ' – ', ' — ', ' - ', ' :: ', ' · ', ' » ', ' ｜ '];

/** "Headline | Section | Site" → "Headline": drops trailing parts that look like a site or section name. */
function trimSiteName(title: string, site: string | undefined): string {
	let result = title;
	if (site) {
		for (const sep of TITLE_SEPARATORS) {
			if (result.endsWith(sep + site)) result = result.slice(0, -(sep + site).length);
			if (result.startsWith(site + sep)) result = result.slice((site + sep).length);
		}
	}
	// Pipes almost always separate site furniture; dashes may be part of the headline, so only strip a short tail once.
	for (let pipe = result.lastIndexOf(' | '); pipe > 0; pipe = result.lastIndexOf(' | ')) {
		result = result.slice(0, pipe);
	}
	for (const sep of TITLE_SEPARATORS.slice(1)) {
		const at = result.lastIndexOf(sep);
		if (at <= 0) continue;
		const head = result.slice(0, at).trim();
		const tail = result.slice(at + sep.length).trim();
		// The headline is the longer part; "A – B" or "NGO Law – An Overview" give no reason to cut.
		const longer = head.split(' ').length > tail.split(' ').length || head.length > tail.length;
		if (longer && looksLikeName(tail)) return head;
	}
	return result.trim();
}

/** "China Development Brief", "ChinaFile", "NGOs": capitalised words, short. Not "US relations". */
function looksLikeName(text: string): boolean {
	const words = text.split(' ');
	return (
		text.length <= 40 &&
		words.length <= 5 &&
		words.every((word) => /^[\p{Lu}\p{Lo}\d]/u.test(word) || ['of', 'the', 'and', 'for', 'on', '&'].includes(word))
	);
}

/** The page's headline element: inside the content when there, else the h1 that matches the title. */
export function chooseHeading(
	h1s: readonly DomElement[],
	root: DomElement | null,
	title: string | null,
): DomElement | null {
	const visible = h1s.filter((el) => !isHidden(el));
	return (
		(root && visible.find((el) => contains(root, el))) ||
		(title !== null && h1s.find((el) => sameText(inlineText(el), title))) ||
		visible[0] ||
		null
	);
}

function sameText(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

// Class words of the element showing a page's date ("post-date", "dateline", "published").
const DATELINE_CLASS_WORDS = new Set(['date', 'dateline', 'published', 'pubdate']);

const PUBLISHED_META_KEYS = [
	'article:published_time',
	'og:article:published_time',
	'datepublished',
	'pubdate',
	'publishdate',
	'publish-date',
	'publish_date',
	'citation_publication_date',
	'dc.date.issued',
	'dcterms.issued',
	'dc.date',
	'date',
];

/** Publication date and, when it is shown on the page, the element that shows it. */
export function readPublished(
	elements: readonly DomElement[],
	root: DomElement | null,
): { value: string | null; element: DomElement | null } {
	const shown = (el: DomElement): string | null =>
		toIsoDate(attr(el, 'datetime')) ?? toIsoDate(attr(el, 'content')) ?? toIsoDate(inlineText(el));
	// In the content first; outside it only a dateline above the content (header area), not a date in a list
	// of other articles further down.
	const rootIndex = root ? elements.indexOf(root) : -1;
	const inContentFirst = (els: DomElement[]): DomElement[] =>
		root
			? [
					...els.filter((el) => contains(root, el)),
					...els.filter((el) => !contains(root, el) && elements.indexOf(el) < rootIndex),
				]
			: els;

	// A date element visible in the content beats metadata only for locating the dateline, not for its value.
	const visibleDates = inContentFirst(
		elements.filter(
			(el) =>
				el.localName !== 'meta' &&
				!isHidden(el) &&
				(el.localName === 'time' ||
					attr(el, 'itemprop') === 'datePublished' ||
					/\bdc:(date|created)\b/.test(attr(el, 'property')) ||
					attr(el, 'class')
						.toLowerCase()
						.split(/[\s_-]+/)
						.some((word) => DATELINE_CLASS_WORDS.has(word))),
		),
	).filter(
		// A dateline is a short line: never a whole region that happens to carry a "date" class.
		(el) => !isMainMarker(el) && el.localName !== 'body' && inlineText(el).length <= 200 && shown(el) !== null,
	);
	// Prefer the outermost element of a nested dateline (<div class="date"><time …>) so its whole text is kept.
	const dateline = visibleDates.find((el) => !visibleDates.some((o) => o !== el && contains(o, el))) ?? null;

	const fromMeta = metaContent(elements, PUBLISHED_META_KEYS)
		.map(toIsoDate)
		.find((d) => d !== null);
	const value = fromMeta ?? readJsonLdDate(elements) ?? (dateline ? shown(dateline) : null);
	return { value, element: dateline };
}

function readJsonLdDate(elements: readonly DomElement[]): string | null {
	for (const el of elements) {
		if (el.localName !== 'script' || attr(el, 'type').toLowerCase() !== 'application/ld+json') continue;
		try {
			const found = findDatePublished(JSON.parse(el.textContent ?? '') as unknown, 0);
			if (found) return found;
		} catch {
			// Broken structured data is common; the page's other date sources still apply.
		}
	}
	return null;
}

function findDatePublished(value: unknown, depth: number): string | null {
	if (depth > 8 || value === null || typeof value !== 'object') return null;
	if (Array.isArray(value)) {
		for (const item of value) {
			const found = findDatePublished(item, depth + 1);
			if (found) return found;
		}
		return null;
	}
	const record = value as Record<string, unknown>;
	if (typeof record.datePublished === 'string') return toIsoDate(record.datePublished);
	for (const nested of Object.values(record)) {
		const found = findDatePublished(nested, depth + 1);
		if (found) return found;
	}
	return null;
}

export function readCanonicalUrl(elements: readonly DomElement[]): string | null {
	const base = elements.find((el) => el.localName === 'base' && attr(el, 'href') !== '');
	const baseHref = base ? absoluteHttpUrl(attr(base, 'href')) : null;
	const canonical = elements
		.filter((el) => el.localName === 'link' && attr(el, 'rel').toLowerCase().split(/\s+/).includes('canonical'))
		.map((el) => attr(el, 'href'));
	const ogUrl = metaContent(elements, ['og:url']);
	for (const candidate of [...canonical, ...ogUrl]) {
		const url = absoluteHttpUrl(candidate, baseHref ?? ogUrl.map((u) => absoluteHttpUrl(u)).find(Boolean) ?? undefined);
		if (url) return url;
	}
	return null;
}

function absoluteHttpUrl(value: string, base?: string): string | null {
	if (value === '') return null;
	try {
		const url = new URL(value, base);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}
