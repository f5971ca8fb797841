/**
 * HTML written for the crawl tests in the layouts of the two sources ngo-bot follows: ChinaFile's NGO "Latest"
 * listing (Drupal, ?page=N from 0, teaser blocks) and China Development Brief's tag archives (WordPress,
 * /page/N/, article blocks). Page furniture (menus, footers, tag clouds, share links) sits around the items as on
 * the real sites, so link choice is tested against it.
 */
import { MONTH_NAMES } from '../../src/domain/text.js';

export interface SiteItem {
	readonly slug: string;
	readonly title: string;
	/** The item page's paragraphs. */
	readonly paragraphs: readonly string[];
	readonly date: string;
}

const FURNITURE_TOP = `<header class="site-header"><nav class="navbar"><a href="/">Home</a> <a href="/ngo/latest">Latest</a>
<a href="/about-us-and-our-mission">About</a> <a href="/ngo/contact-the-ngo-project">Contact</a></nav></header>`;
const FURNITURE_BOTTOM = `<aside class="sidebar"><h3>Keywords</h3><a href="/ngo/keyword/registration-certificates">Registration</a>
<a href="/ngo/keyword/temporary-activities-filing">Temporary activities</a></aside>
<footer class="site-footer"><a href="/terms-of-use-and-privacy">Terms</a> <a href="https://twitter.com/example">Twitter</a></footer>`;

/** A ChinaFile-like NGO Latest listing page: teasers in views-row blocks, a Drupal pager. */
export function chinafileListing(
	items: readonly SiteItem[],
	page: number,
	pages: number,
	base = '/ngo/latest',
): string {
	const rows = items
		.map(
			(item) => `<div class="views-row"><article class="node-teaser">
	<h2 class="node-title"><a href="/ngo/latest/${item.slug}">${item.title}</a></h2>
	<div class="date">${longDate(item.date)}</div>
	<p>${item.paragraphs[0]!} <a class="read-more" href="/ngo/latest/${item.slug}">Read more</a></p>
</article></div>`,
		)
		.join('\n');
	const pager = Array.from({ length: pages }, (_, n) =>
		n === page ? `<li class="pager-current">${n + 1}</li>` : `<li><a href="${base}?page=${n}">${n + 1}</a></li>`,
	).join('');
	const next = page + 1 < pages ? `<li class="pager-next"><a href="${base}?page=${page + 1}">next ›</a></li>` : '';
	return `<!doctype html><html><head><title>Latest | The China NGO Project</title></head><body>
${FURNITURE_TOP}<main><h1>Latest</h1><div class="view-content">
${rows}
</div><ul class="pager">${pager}${next}</ul></main>${FURNITURE_BOTTOM}</body></html>`;
}

/** A China Development Brief-like tag archive page: article blocks, WordPress /page/N/ navigation. */
export function cdbArchive(
	items: readonly SiteItem[],
	page: number,
	pages: number,
	base = '/tag/overseas-ngos',
): string {
	const articles = items
		.map(
			(item) => `<article class="post type-post"><header class="entry-header">
	<h2 class="entry-title"><a href="/news/${item.slug}/" rel="bookmark">${item.title}</a></h2>
	<span class="posted-on">${longDate(item.date)}</span></header>
	<div class="entry-summary"><p>${item.paragraphs[0]!.slice(0, 150)} [&hellip;]</p></div>
	<footer class="entry-footer"><span class="tags-links"><a href="/tag/overseas-ngos/" rel="tag">Overseas NGOs</a></span></footer>
</article>`,
		)
		.join('\n');
	const older =
		page < pages ? `<div class="nav-previous"><a href="${base}/page/${page + 1}/">Older posts</a></div>` : '';
	const newer =
		page > 1
			? `<div class="nav-next"><a href="${page === 2 ? `${base}/` : `${base}/page/${page - 1}/`}">Newer posts</a></div>`
			: '';
	return `<!doctype html><html><head><title>Overseas NGOs – China Development Brief</title>
${page < pages ? `<link rel="next" href="${base}/page/${page + 1}/">` : ''}</head><body>
<div class="top-bar"><a href="/zh/">中文</a></div><nav class="main-navigation"><a href="/news/">News</a> <a href="/reports/">Reports</a></nav>
<main id="main" class="site-main">${articles}<nav class="navigation posts-navigation">${older}${newer}</nav></main>
<aside class="widget-area"><a href="/news/most-read-story-of-the-year/">Most read</a></aside></body></html>`;
}

/** An item page in either layout: a headline, a date line and the paragraphs. */
export function itemPage(item: SiteItem): string {
	return `<!doctype html><html><head><title>${item.title}</title>
<meta property="article:published_time" content="${item.date}T09:00:00+08:00"></head><body>
${FURNITURE_TOP}<main><article><h1>${item.title}</h1><p class="date">${longDate(item.date)}</p>
${item.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article></main>${FURNITURE_BOTTOM}</body></html>`;
}

/** "2021-03-01" as the sites print it: "March 1, 2021". */
function longDate(iso: string): string {
	const [year, month, day] = iso.split('-').map(Number);
	return `${MONTH_NAMES[month! - 1]} ${day}, ${year}`;
}
