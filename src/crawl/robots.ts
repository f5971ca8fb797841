import { createRequire } from 'node:module';

/** robots-parser's parsed file (its typings declare an ES default export the CommonJS package does not have). */
interface ParsedRobots {
	isAllowed(url: string, userAgent?: string): boolean | undefined;
	getCrawlDelay(userAgent?: string): number | undefined;
}
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => ParsedRobots;

/** The user-agent token robots.txt groups are matched against (the full User-Agent header adds a contact URL). */
export const ROBOTS_AGENT = 'ngo-bot';

/** What a site's robots.txt says ngo-bot may fetch. */
export interface RobotsRules {
	/** `rules`: a robots.txt was read; `none`: there is none (4xx), everything is allowed; `unreachable`: it could
	 * not be read (5xx, network), nothing is fetched from the site this run (RFC 9309, 2.3.1.4). */
	readonly state: 'rules' | 'none' | 'unreachable';
	allows(url: string): boolean;
	/** Crawl-delay for ngo-bot (or *), in milliseconds; null when none is set. */
	readonly crawlDelayMs: number | null;
}

/** Rules from a robots.txt fetch: its status and text, or null when the request itself failed. */
export function readRobots(robotsUrl: string, fetched: { status: number; text: string } | null): RobotsRules {
	if (fetched === null || fetched.status >= 500) {
		return { state: 'unreachable', allows: () => false, crawlDelayMs: null };
	}
	if (fetched.status >= 400) return { state: 'none', allows: () => true, crawlDelayMs: null };
	const robots = robotsParser(robotsUrl, fetched.text);
	const delay = robots.getCrawlDelay(ROBOTS_AGENT);
	return {
		state: 'rules',
		// undefined: the URL is not on this robots.txt's site; the crawler never asks that.
		allows: (url) => robots.isAllowed(url, ROBOTS_AGENT) !== false,
		crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay * 1000 : null,
	};
}

/** Where a URL's site keeps its robots.txt. */
export function robotsUrlOf(url: string): string {
	return new URL('/robots.txt', url).href;
}
