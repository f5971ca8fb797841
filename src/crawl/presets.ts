/** How to tell a listing's items and next page by their paths (pathname + search), when structure is not enough. */
export interface CrawlPatterns {
	readonly item?: RegExp;
	readonly next?: RegExp;
}

/** Patterns known for a site's listings. */
export interface CrawlPreset extends CrawlPatterns {
	readonly name: string;
	readonly description: string;
	readonly hosts: RegExp;
}

/**
 * The two sources ngo-bot is made for. ChinaFile's NGO project: "Latest" and keyword listings paged with ?page=N
 * (from 0), items under /ngo/latest/<slug>. China Development Brief: tag, post-tag, category and report archives
 * paged with /page/N/, items under /news/, /articles/, /reports/ and /publications/<slug>/ (.cn and .org sites).
 */
export const CRAWL_PRESETS: readonly CrawlPreset[] = [
	{
		name: 'chinafile-ngo',
		description: "ChinaFile's NGO Latest and keyword listings",
		hosts: /(^|\.)chinafile\.com$/i,
		item: /^\/ngo\/latest\/[^/?#]+\/?$/,
		next: /^\/ngo\/[^?#]*\?(?:[^#]*&)?page=\d+/,
	},
	{
		name: 'cdb',
		description: "China Development Brief's tag, keyword and report archives",
		hosts: /(^|\.)chinadevelopmentbrief\.(cn|org)$/i,
		item: /^\/(?:news|articles|reports|publications)\/(?!page\/)[^/?#]+\/?$/,
		next: /\/page\/\d+\/?$/,
	},
];

/** The preset for a listing URL's site, if ngo-bot knows it. */
export function presetFor(url: string): CrawlPreset | null {
	const host = new URL(url).hostname;
	return CRAWL_PRESETS.find((preset) => preset.hosts.test(host)) ?? null;
}
