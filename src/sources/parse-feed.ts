import { createHash } from 'node:crypto';
import { parseFeed as parseFeedXml } from 'htmlparser2';
import { UserFacingError } from '../domain/errors.js';

/** One item of an RSS or Atom feed, ready to ingest and to recognize again on the next poll. */
export interface FeedItem {
	/** The guid (RSS) or id (Atom), else the link: how the item is recognized on later polls. */
	readonly key: string;
	readonly link: string | null;
	readonly title: string | null;
	/** The item's content or summary, usually HTML. */
	readonly html: string;
	/** `yyyy-mm-dd`, or null when the feed gives no date. */
	readonly published: string | null;
	/** Changes when the item's title, text, link or date change: a changed item is ingested again. */
	readonly contentHash: string;
}

export interface ParsedFeed {
	readonly kind: 'rss' | 'atom' | 'rdf';
	readonly title: string | null;
	readonly items: readonly FeedItem[];
}

/** Reads an RSS, RDF or Atom document; refuses anything else with a message naming `label`. */
export function parseFeed(xml: string, label: string): ParsedFeed {
	const feed = parseFeedXml(xml, { xmlMode: true });
	if (!feed || (feed.type !== 'rss' && feed.type !== 'atom' && feed.type !== 'rdf')) {
		throw new UserFacingError(
			`${label} is not an RSS or Atom feed. Give the feed's own address (often ending in /feed, /rss or .xml).`,
			'unsupported-file',
		);
	}
	const items: FeedItem[] = [];
	const seen = new Set<string>();
	for (const item of feed.items) {
		const link = cleanLink(item.link);
		const key = item.id?.trim() || link;
		// An item with neither id nor link cannot be recognized on the next poll: skipping it avoids re-ingesting.
		if (!key || seen.has(key)) continue;
		seen.add(key);
		const title = item.title?.trim() || null;
		const html = item.description?.trim() ?? '';
		const published =
			item.pubDate && !Number.isNaN(item.pubDate.getTime()) ? item.pubDate.toISOString().slice(0, 10) : null;
		const contentHash = createHash('sha256')
			.update(JSON.stringify([title, html, link, published]))
			.digest('hex');
		items.push({ key, link, title, html, published, contentHash });
	}
	return { kind: feed.type, title: feed.title?.trim() || null, items };
}

/** The document text of an item: its title as a heading over its content, as one HTML page. */
export function feedItemDocument(item: FeedItem): string {
	const title = item.title ? escapeHtml(item.title) : '';
	return `<!doctype html><html><head>${title ? `<title>${title}</title>` : ''}</head><body>${
		title ? `<h1>${title}</h1>` : ''
	}${item.html}</body></html>`;
}

function cleanLink(link: string | undefined): string | null {
	const trimmed = link?.trim();
	if (!trimmed) return null;
	try {
		const url = new URL(trimmed);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
