import { Parser } from 'htmlparser2';
import type { CrawlPatterns } from './presets.js';

/** A link of a page, with where it sits: enough to tell a listing's items from its furniture. */
export interface PageLink {
	/** Absolute http(s) URL without its #fragment. */
	readonly url: string;
	readonly text: string;
	readonly rel: readonly string[];
	/** The chain of enclosing elements ("main > article.post > h2.entry-title"), nearest last. */
	readonly block: string;
	/** Inside navigation, header, footer or a sidebar: never an item. */
	readonly furniture: boolean;
}

/** What a listing page leads to: the pages it lists, and the next page of the listing. */
export interface ListingLinks {
	readonly items: readonly string[];
	readonly next: string | null;
}

const FURNITURE_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const FURNITURE_CLASS = /\b(nav|navbar|menu|breadcrumbs?|footer|sidebar|widget|share|social|tags?|pager|pagination)\b/i;
// "Next", "Older posts", "›", "»", Chinese "下一页", with or without arrows around them.
const NEXT_TEXT = /^[\s›»>→]*(next( page)?|older( posts| entries)?|下一页|後一頁)?[\s›»>→]*$/i;
/** Levels of enclosing elements a link's block is named by. */
const BLOCK_DEPTH = 4;
/** Fewer links than this in one kind of block is not a list. */
const MIN_ITEMS = 2;

/** Every link of an HTML page, resolved against the page's URL (or its <base href>). */
export function pageLinks(html: string, pageUrl: string): PageLink[] {
	const links: PageLink[] = [];
	const stack: { tag: string; name: string; furniture: boolean }[] = [];
	let base = pageUrl;
	let open: { href: string; rel: string[]; text: string; block: string; furniture: boolean } | null = null;
	const resolve = (href: string): string | null => {
		try {
			const url = new URL(href, base);
			if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
			url.hash = '';
			return url.href;
		} catch {
			return null;
		}
	};
	const parser = new Parser(
		{
			onopentag(tag, attributes) {
				if (tag === 'base' && attributes.href) base = resolve(attributes.href) ?? base;
				const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
				if (tag === 'link' && rel.includes('next') && attributes.href) {
					const url = resolve(attributes.href);
					if (url) links.push({ url, text: '', rel, block: 'head', furniture: false });
				}
				const className = (attributes.class ?? '').trim().split(/\s+/)[0] ?? '';
				// An article's own header and footer (its title, its tags) belong to it; the page's are furniture.
				const inArticle = stack.some((element) => element.tag === 'article');
				const furniture =
					(FURNITURE_TAGS.has(tag) && !(inArticle && (tag === 'header' || tag === 'footer'))) ||
					FURNITURE_CLASS.test(attributes.class ?? '') ||
					FURNITURE_CLASS.test(attributes.id ?? '') ||
					attributes.role === 'navigation';
				if (tag === 'a' && attributes.href) {
					const block = stack
						.slice(-BLOCK_DEPTH)
						.map((element) => element.name)
						.join(' > ');
					open = { href: attributes.href, rel, text: '', block, furniture: stack.some((e) => e.furniture) };
				}
				stack.push({ tag, name: className ? `${tag}.${className}` : tag, furniture });
			},
			ontext(text) {
				if (open) open.text += text;
			},
			onclosetag(tag) {
				if (tag === 'a' && open) {
					const url = resolve(open.href);
					if (url) {
						links.push({
							url,
							text: open.text.replace(/\s+/g, ' ').trim(),
							rel: open.rel,
							block: open.block,
							furniture: open.furniture,
						});
					}
					open = null;
				}
				// Pop back to the matching element: htmlparser2 closes implied tags, but stray ones must not unbalance us.
				const at = stack.map((element) => element.tag).lastIndexOf(tag);
				if (at >= 0) stack.length = at;
			},
		},
		{ decodeEntities: true, lowerCaseTags: true },
	);
	parser.write(html);
	parser.end();
	return links;
}

/**
 * The items and the next page of a listing page. With patterns (a site's preset or the user's), links whose path
 * matches them; otherwise the page's structure: the kind of block holding the most distinct article-like links on
 * the same site (a listing repeats one block per item), and the link marked next (rel="next", "Next ›") or the
 * numbered page after this one (?page=N, /page/N/).
 */
export function readListing(html: string, pageUrl: string, patterns: CrawlPatterns = {}): ListingLinks {
	const links = pageLinks(html, pageUrl);
	const page = new URL(pageUrl);
	const sameSite = (url: string) => new URL(url).host === page.host;
	const next = nextPage(links, pageUrl, patterns.next);
	const root = pageMarker(pageUrl).root;
	// The listing's own pages (this one, the next, any numbered one) are navigation, never items.
	const isNavigation = (url: string) => url === next || pageMarker(url).root === root;

	let items: string[];
	if (patterns.item) {
		const item = patterns.item;
		items = links.filter((link) => sameSite(link.url) && item.test(pathOf(link.url))).map((link) => link.url);
	} else {
		const byBlock = new Map<string, Set<string>>();
		for (const link of links) {
			if (link.furniture || !sameSite(link.url) || isNavigation(link.url) || !articleLike(link.url)) continue;
			const urls = byBlock.get(link.block) ?? new Set<string>();
			urls.add(link.url);
			byBlock.set(link.block, urls);
		}
		const best = [...byBlock.values()]
			.filter((urls) => urls.size >= MIN_ITEMS)
			.sort((a, b) => b.size - a.size || depthOf(b) - depthOf(a))[0];
		items = best ? [...best] : [];
	}
	return { items: [...new Set(items.filter((url) => !isNavigation(url)))], next };
}

function nextPage(links: readonly PageLink[], pageUrl: string, pattern: RegExp | undefined): string | null {
	// A pattern narrows the candidates (a site's pager links); which one is next is decided as without it.
	const forward = links.filter((link) => link.url !== pageUrl && (!pattern || pattern.test(pathOf(link.url))));
	const marked = forward.find((link) => link.rel.includes('next'));
	if (marked) return marked.url;
	const here = pageMarker(pageUrl);
	const numbered = (url: string) => {
		const marker = pageMarker(url);
		return marker !== null && marker.root === here.root && marker.n !== null ? marker : null;
	};
	const worded = forward.find((link) => /\S/.test(link.text) && NEXT_TEXT.test(link.text));
	if (worded && numbered(worded.url)) return worded.url;
	// Numbered pagination: the smallest page number after this page's. A page without a number is the first:
	// page 0 of a ?page= listing (Drupal counts from 0), page 1 of a /page/N/ one (WordPress).
	let best: { url: string; n: number } | null = null;
	for (const link of forward) {
		const marker = numbered(link.url);
		if (marker === null) continue;
		const current = here.n ?? (marker.style === 'query' ? 0 : 1);
		if (marker.n! > current && (best === null || marker.n! < best.n)) best = { url: link.url, n: marker.n! };
	}
	return best?.url ?? worded?.url ?? (pattern ? (forward[0]?.url ?? null) : null);
}

/** A listing URL without its page number (the root all its pages share), and that number (null: none). */
export function pageMarker(url: string): { root: string; style: 'query' | 'path'; n: number | null } {
	const parsed = new URL(url);
	const query = parsed.searchParams.get('page');
	if (query !== null && /^\d+$/.test(query)) {
		parsed.searchParams.delete('page');
		return { root: parsed.href.replace(/\/$/, ''), style: 'query', n: Number(query) };
	}
	const path = /^(.*?)\/page\/(\d+)\/?$/.exec(parsed.pathname);
	if (path) {
		parsed.pathname = path[1] || '/';
		return { root: parsed.href.replace(/\/$/, ''), style: 'path', n: Number(path[2]) };
	}
	return { root: parsed.href.replace(/\/$/, ''), style: 'query', n: null };
}

function pathOf(url: string): string {
	const parsed = new URL(url);
	return `${parsed.pathname}${parsed.search}`;
}

/** A page of its own: a path with a slug, not a site section, tag, author or feed. */
function articleLike(url: string): boolean {
	const { pathname, search } = new URL(url);
	if (search && /[?&](page|s|q)=/.test(search)) return false;
	const segments = pathname.split('/').filter(Boolean);
	if (segments.length === 0) return false;
	if (/^(tag|post-tag|category|author|feed|rss|search|login|wp-admin|keyword)$/i.test(segments[0]!)) return false;
	if (/\.(jpe?g|png|gif|svg|pdf|zip|css|js|xml)$/i.test(pathname)) return false;
	return segments.at(-1)!.length >= 8 || segments.length >= 2;
}

function depthOf(urls: ReadonlySet<string>): number {
	let total = 0;
	for (const url of urls) total += new URL(url).pathname.split('/').filter(Boolean).length;
	return total / urls.size;
}
