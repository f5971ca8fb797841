import { DomUtils, ElementType, parseDocument } from 'htmlparser2';

import { normalizeText } from './normalize-text.js';

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

type HtmlDocument = ReturnType<typeof parseDocument>;
type HtmlNode = HtmlDocument['children'][number];
type HtmlElement = Extract<HtmlNode, { attribs: Record<string, string> }>;
type HtmlTextNode = Extract<HtmlNode, { type: typeof ElementType.Text }>;

// domutils 4 no longer exports its type guards; these match its definitions (tags, scripts and styles are elements).
function isElement(node: object): node is HtmlElement {
	return 'attribs' in node && 'name' in node;
}

function isTextNode(node: HtmlNode): node is HtmlTextNode {
	return node.type === ElementType.Text;
}

// Never text a reader sees as the document: code, embeds, forms, navigation, page furniture.
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
// "has-sidebar", "no-comments" describe the layout of a wrapper, not chrome.
const LAYOUT_PREFIXES = new Set(['has', 'with', 'no', 'without']);

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

/** Readable text and page metadata (title, publication date, canonical URL) of an HTML document. */
export function htmlToText(html: string): HtmlText {
	const doc = parseDocument(html, { recognizeSelfClosing: true });
	const elements = DomUtils.findAll(() => true, doc.children);

	const chosen = chooseContent(doc, elements);
	const h1s = elements.filter((el) => el.name === 'h1' && inlineText(el) !== '');
	const pageTitle = readTitle(elements, h1s);
	const heading = chooseHeading(h1s, chosen.root, pageTitle);
	const date = readPublished(elements, chosen.root);

	// The main-content region often starts below the headline and dateline: carry them over when they were left out.
	const rescued = [heading, date.element]
		.filter((el): el is HtmlElement => el !== null && !chosen.visited.has(el))
		.filter((el, index, all) => all.indexOf(el) === index && !all.some((other) => other !== el && contains(other, el)))
		.sort((a, b) => elements.indexOf(a) - elements.indexOf(b))
		.map((el) => inlineText(el))
		.filter((text) => text !== '' && !chosen.text.startsWith(text));

	return {
		text: normalizeText([...rescued, chosen.text].join('\n\n')),
		title: pageTitle ?? (heading ? inlineText(heading) || null : null),
		published: date.value,
		url: readCanonicalUrl(elements),
	};
}

/** Calendar date `yyyy-mm-dd` found in a date string (ISO, "March 19, 2019", "19 March 2019", "2019年3月19日"). */
export function toIsoDate(value: string): string | null {
	for (const m of value.matchAll(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g)) {
		const date = validDate(m[1], m[2], m[3]);
		if (date) return date;
	}
	for (const m of value.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g)) {
		const date = validDate(m[1], m[2], m[3]);
		if (date) return date;
	}
	for (const m of value.matchAll(/\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/g)) {
		const date = validDate(m[3], monthNumber(m[1]), m[2]);
		if (date) return date;
	}
	for (const m of value.matchAll(/\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/g)) {
		const date = validDate(m[3], monthNumber(m[2]), m[1]);
		if (date) return date;
	}
	return null;
}

const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december',
];

function monthNumber(name: string | undefined): string | undefined {
	const lower = name?.toLowerCase() ?? '';
	// Full names and abbreviations ("Mar", "Sept"), not words that merely start like a month ("Marchers", "Maybe").
	const index = MONTHS.findIndex((month) => month === lower || (lower.length <= 4 && month.startsWith(lower)));
	return index < 0 || lower.length < 3 ? undefined : String(index + 1);
}

function validDate(year?: string, month?: string, day?: string): string | null {
	const y = Number(year);
	const m = Number(month);
	const d = Number(day);
	if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1900 || y > 2100) return null;
	if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// What to drop

function attr(el: HtmlElement, name: string): string {
	return (DomUtils.getAttributeValue(el, name) ?? '').trim();
}

function isMainMarker(el: HtmlElement): boolean {
	return (
		el.name === 'main' ||
		el.name === 'article' ||
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
	return (
		words.includes('social') &&
		words.every((word) => word === 'social' || SOCIAL_COMPANIONS.has(word) || word === 'block' || word === 'widget')
	);
}

// Each check is asked many times per element (rendering, candidates, ancestors); parsed trees are per call.
const droppedCache = new WeakMap<HtmlElement, boolean>();
const hiddenCache = new WeakMap<HtmlElement, boolean>();

/** Whether the element itself (not its ancestors) is furniture that must not reach the text. */
function isDropped(el: HtmlElement): boolean {
	let dropped = droppedCache.get(el);
	if (dropped === undefined) {
		dropped = computeDropped(el);
		droppedCache.set(el, dropped);
	}
	return dropped;
}

function computeDropped(el: HtmlElement): boolean {
	if (DROPPED_TAGS.has(el.name)) return true;
	if (DomUtils.hasAttrib(el, 'hidden') || attr(el, 'aria-hidden').toLowerCase() === 'true') return true;
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
	if (isMainMarker(el) || el.name === 'html' || el.name === 'body') return false;
	const classes = attr(el, 'class').split(/\s+/);
	if (classes.some((name) => HIDDEN_CLASSES.has(name.toLowerCase()))) return true;
	return [...classes, ...attr(el, 'id').split(/\s+/)].some((token) => token !== '' && isChromeToken(token));
}

/** Whether the element or one of its ancestors is dropped. */
function isHidden(el: HtmlElement): boolean {
	// Iterative so a pathologically deep tree cannot overflow the stack.
	const unknown: HtmlElement[] = [];
	let node: HtmlElement | null = el;
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

function parentElement(el: HtmlElement): HtmlElement | null {
	const parent = el.parent;
	return parent && isElement(parent) ? parent : null;
}

function contains(ancestor: HtmlElement, el: HtmlElement): boolean {
	return hasAncestor(el, (node) => node === ancestor);
}

function hasAncestor(el: HtmlElement, test: (node: HtmlElement) => boolean): boolean {
	for (let node = parentElement(el); node; node = parentElement(node)) {
		if (test(node)) return true;
	}
	return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Main content

interface Rendered {
	readonly root: HtmlElement | null;
	readonly text: string;
	readonly visited: ReadonlySet<HtmlElement>;
}

function chooseContent(doc: HtmlDocument, elements: readonly HtmlElement[]): Rendered {
	const visible = elements.filter((el) => !isHidden(el));
	const single = (matches: HtmlElement[]): HtmlElement[] => (matches.length === 1 ? matches : []);
	// Broadest marked region first: <main> usually holds the headline, dateline and subtitle that an
	// articleBody leaves out; chrome inside it is dropped element by element anyway.
	const candidates = [
		...visible.filter((el) => el.name === 'main' || attr(el, 'role').toLowerCase() === 'main'),
		// Several <article>s mean a listing page: take the whole page rather than its first teaser.
		...single(visible.filter((el) => el.name === 'article' && !hasAncestor(el, (o) => o.name === 'article'))),
		...single(visible.filter((el) => attr(el, 'itemprop') === 'articleBody')),
	];
	for (const root of candidates) {
		const rendered = render(root.children);
		if (rendered.text !== '') return { root, ...rendered };
	}
	return { root: null, ...render(doc.children) };
}

/** Text of a subtree with block structure kept as line and paragraph breaks. Iterative: pages can nest deeply. */
function render(nodes: readonly HtmlNode[]): { text: string; visited: Set<HtmlElement> } {
	const out = new TextSink();
	const visited = new Set<HtmlElement>();
	type Step = { node: HtmlNode; pre: boolean } | { exit: HtmlElement; pre: boolean };
	const stack: Step[] = [...nodes].reverse().map((node) => ({ node, pre: false }));
	for (let step = stack.pop(); step; step = stack.pop()) {
		if ('exit' in step) {
			exitElement(step.exit, out);
			continue;
		}
		const { node, pre } = step;
		if (isTextNode(node)) {
			if (pre) out.preformatted(node.data);
			else out.text(node.data);
			continue;
		}
		if (!isElement(node) || isDropped(node)) continue;
		visited.add(node);
		if (node.name === 'br') {
			out.lineBreak();
			continue;
		}
		enterElement(node, out);
		const inPre = pre || node.name === 'pre' || node.name === 'listing' || node.name === 'xmp';
		stack.push({ exit: node, pre });
		for (let i = node.children.length - 1; i >= 0; i--) {
			const child = node.children[i];
			if (child) stack.push({ node: child, pre: inPre });
		}
	}
	return { text: normalizeText(out.toString()), visited };
}

function enterElement(el: HtmlElement, out: TextSink): void {
	const brk = BLOCK_BREAKS.get(el.name);
	if (brk) out.block(brk);
	if (el.name === 'li') out.bullet('• ');
	if (el.name === 'td' || el.name === 'th') out.space();
}

function exitElement(el: HtmlElement, out: TextSink): void {
	const brk = BLOCK_BREAKS.get(el.name);
	if (brk) out.block(brk);
	if (el.name === 'li') out.bullet(null);
	if (el.name === 'td' || el.name === 'th') out.space();
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
		if (collapsed.startsWith(' ')) this.pendingSpace = true;
		const words = collapsed.trim();
		if (words !== '') this.write(words);
		if (collapsed.endsWith(' ') && words !== '') this.pendingSpace = true;
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

function inlineText(el: HtmlElement): string {
	return render([el]).text.replace(/\s*\n+\s*/g, ' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata

/** Contents of <meta> tags named by any of `keys` (property, name or itemprop), in the order of `keys`. */
function metaContent(elements: readonly HtmlElement[], keys: readonly string[]): string[] {
	const found = new Map<string, string[]>();
	for (const el of elements) {
		if (el.name !== 'meta') continue;
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

function readTitle(elements: readonly HtmlElement[], h1s: readonly HtmlElement[]): string | null {
	const og = metaContent(elements, ['og:title'])[0];
	if (og && oneLine(og)) return oneLine(og);
	// <title> also occurs inside inline <svg>; only the document's own counts.
	const titleEl = elements.find(
		(el) => el.name === 'title' && !elements.some((o) => o.name === 'svg' && contains(o, el)),
	);
	const title = titleEl ? oneLine(DomUtils.textContent(titleEl)) : '';
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
function chooseHeading(
	h1s: readonly HtmlElement[],
	root: HtmlElement | null,
	title: string | null,
): HtmlElement | null {
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
function readPublished(
	elements: readonly HtmlElement[],
	root: HtmlElement | null,
): { value: string | null; element: HtmlElement | null } {
	const shown = (el: HtmlElement): string | null =>
		toIsoDate(attr(el, 'datetime')) ?? toIsoDate(attr(el, 'content')) ?? toIsoDate(inlineText(el));
	// In the content first; outside it only a dateline above the content (header area), not a date in a list
	// of other articles further down.
	const rootIndex = root ? elements.indexOf(root) : -1;
	const inContentFirst = (els: HtmlElement[]): HtmlElement[] =>
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
				el.name !== 'meta' &&
				!isHidden(el) &&
				(el.name === 'time' ||
					attr(el, 'itemprop') === 'datePublished' ||
					/\bdc:(date|created)\b/.test(attr(el, 'property')) ||
					attr(el, 'class')
						.toLowerCase()
						.split(/[\s_-]+/)
						.some((word) => word === 'date' || word === 'published' || word === 'pubdate')),
		),
	).filter(
		// A dateline is a short line: never a whole region that happens to carry a "date" class.
		(el) => !isMainMarker(el) && el.name !== 'body' && inlineText(el).length <= 200 && shown(el) !== null,
	);
	// Prefer the outermost element of a nested dateline (<div class="date"><time …>) so its whole text is kept.
	const dateline = visibleDates.find((el) => !visibleDates.some((o) => o !== el && contains(o, el))) ?? null;

	const fromMeta = metaContent(elements, PUBLISHED_META_KEYS)
		.map(toIsoDate)
		.find((d) => d !== null);
	const value = fromMeta ?? readJsonLdDate(elements) ?? (dateline ? shown(dateline) : null);
	return { value, element: dateline };
}

function readJsonLdDate(elements: readonly HtmlElement[]): string | null {
	for (const el of elements) {
		if (el.name !== 'script' || attr(el, 'type').toLowerCase() !== 'application/ld+json') continue;
		try {
			const found = findDatePublished(JSON.parse(DomUtils.textContent(el)) as unknown, 0);
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

function readCanonicalUrl(elements: readonly HtmlElement[]): string | null {
	const base = elements.find((el) => el.name === 'base' && attr(el, 'href') !== '');
	const baseHref = base ? absoluteHttpUrl(attr(base, 'href')) : null;
	const canonical = elements
		.filter((el) => el.name === 'link' && attr(el, 'rel').toLowerCase().split(/\s+/).includes('canonical'))
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
