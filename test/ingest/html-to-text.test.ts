import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { htmlToText, toIsoDate } from '../../src/ingest/html-to-text.js';

const fixture = (name: string): string =>
	readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url), 'utf8');

const paragraphs = (text: string): string[] => text.split('\n\n');

describe('htmlToText on a ChinaFile-style digest page', () => {
	const result = htmlToText(fixture('chinafile-digest.html'));

	it('keeps none of the scripts, styles, noscript or structured data', () => {
		expect(result.text).not.toMatch(/SHOULD_NOT_APPEAR|dataLayer|gtag|background|@context|schema\.org/);
	});

	it('drops navigation, breadcrumbs, share links, cookie banner, newsletter, comments, sidebar and footer', () => {
		for (const chrome of [
			'Skip to main content',
			'We use cookies',
			'Reporting & Opinion',
			'The China NGO Project',
			'You are here',
			'NGO Project',
			'Share on Twitter',
			'Email this',
			'Get the NGO Digest',
			'Be the first to comment',
			'Related Posts',
			'An Earlier Digest',
			'All rights reserved',
			'Search',
		]) {
			expect(result.text, chrome).not.toContain(chrome);
		}
	});

	it('prefers the article body but keeps the page’s date line and h1 title before it', () => {
		expect(paragraphs(result.text).slice(0, 5)).toEqual([
			'April 2, 2019',
			'Tea Farmers in Yunnan, a Youth Forum in Shaanxi, and Paperless Filing in Hainan',
			'Ministry of Public Security WeChat Posts—March 18-29, 2019',
			'March 18, 2019:',
			expect.stringMatching(/^The Yunnan Public Security Bureau \(PSB\) Foreign NGO Management Office met/),
		]);
	});

	it('puts every date heading in a paragraph of its own', () => {
		const all = paragraphs(result.text);
		for (const heading of ['March 18, 2019:', 'March 21, 2019:', 'March 29, 2019:']) {
			expect(all).toContain(heading);
		}
	});

	it('joins the lines of one paragraph, decodes entities and keeps Chinese text and curly quotes', () => {
		expect(result.text).toContain('report any change of project partner in advance.');
		expect(result.text).toContain('the filing steps & deadlines.');
		expect(result.text).toContain('(临时活动应当在开展前15日备案)');
		expect(result.text).toContain('“youth exchange and the Foreign NGO Law,”');
		expect(result.text).not.toMatch(/&amp;|&nbsp;|\u00A0/);
	});

	it('ends with the last content paragraph, not with page furniture', () => {
		expect(paragraphs(result.text).at(-1)).toBe(
			'Starting this month, foreign NGOs registered in Hainan may submit their annual reports online. ' +
				'The Hainan PSB said paper copies are no longer required.',
		);
	});

	it('reads title from <title> without the site name, the publication date and the canonical URL', () => {
		expect(result.title).toBe('Tea Farmers in Yunnan, a Youth Forum in Shaanxi, and Paperless Filing in Hainan');
		expect(result.published).toBe('2019-04-02');
		// The canonical link is relative: it is resolved against the page's og:url.
		expect(result.url).toBe('https://www.chinafile.example/ngo/digest/tea-farmers-yunnan');
	});
});

describe('htmlToText on a China Development Brief-style article', () => {
	const result = htmlToText(fixture('cdb-article.html'));

	it('takes the <main> region and drops breadcrumbs, share buttons, related posts, comments and forms', () => {
		expect(result.text.startsWith('Volunteer networks grow in Sichuan villages\n\nPosted on 8 November 2021')).toBe(
			true,
		);
		for (const chrome of [
			'NGO Directory',
			'中文 | English',
			'WeChat',
			'Related articles',
			'Another CDB story',
			'Leave a Reply',
			'FORM_SHOULD_NOT_APPEAR',
			'Keywords',
			'Rural development',
			'Tags:',
			'Contact us',
			'SHOULD_NOT_APPEAR',
			'line-height',
		]) {
			expect(result.text, chrome).not.toContain(chrome);
		}
	});

	it('gives headings, blockquotes and list items their own lines', () => {
		const all = paragraphs(result.text);
		expect(all).toContain('Training for team leaders');
		expect(all).toContain(
			'“Volunteers who live in the village are the first to arrive when something goes wrong,” said one trainer.',
		);
		expect(all).toContain('• Team leaders trained: 6,000\n• Counties covered: 43');
	});

	it('keeps Discord mentions and Chinese text as plain text', () => {
		expect(result.text).toContain('mention this story to @everyone in their groups, or ping <@123456>.');
		expect(result.text).toContain('四川省民政厅表示，将继续支持社区社会组织发展。');
	});

	it('prefers og:title, reads the date from <time datetime> and the URL from og:url', () => {
		expect(result.title).toBe('Volunteer networks grow in Sichuan villages');
		expect(result.published).toBe('2021-11-08');
		expect(result.url).toBe('https://www.cdb.example/news/volunteer-networks-sichuan/');
	});
});

describe('htmlToText on a keyword listing page', () => {
	const result = htmlToText(fixture('cdb-keyword-listing.html'));

	it('keeps every teaser when the page has several articles instead of picking the first', () => {
		expect(result.text).toContain('A Student’s Solar Lamps for Herders in Kenya');
		expect(result.text).toContain('Red Cross Society of China sends relief to Mozambique');
		expect(paragraphs(result.text)[0]).toBe('Keyword: Chinese NGOs Going Out');
	});

	it('drops the pager, navigation and footer', () => {
		expect(result.text).not.toMatch(/next ›|\bHome\b|Keywords$/);
		expect(paragraphs(result.text).at(-1)).toMatch(/cyclone\. …read more$/);
	});

	it('trims the site name from the title and reports no date or URL when the page gives none', () => {
		expect(result.title).toBe('Keyword: Chinese NGOs Going Out');
		expect(result.published).toBeNull();
		expect(result.url).toBeNull();
	});
});

describe('htmlToText layout', () => {
	it('separates block elements by blank lines and joins inline elements as written', () => {
		const html = '<div><p>One <b>bold</b> <i>word</i>, <a href="#">link</a>.</p><div>Two</div><h2>Three</h2>Four</div>';
		expect(htmlToText(html).text).toBe('One bold word, link.\n\nTwo\n\nThree\n\nFour');
	});

	it('does not invent spaces between adjacent inline elements', () => {
		expect(htmlToText('<p><span>Guang</span><span>dong</span> <em>PSB</em>’s office</p>').text).toBe(
			'Guangdong PSB’s office',
		);
	});

	it('turns one <br> into a line break and two into a paragraph break', () => {
		expect(htmlToText('<p>Line one<br>line two<br/><br>next paragraph</p>').text).toBe(
			'Line one\nline two\n\nnext paragraph',
		);
	});

	it('collapses source whitespace, and drops a source line break between Chinese characters', () => {
		expect(htmlToText('<p>  Foreign \n\t NGO   Law  </p><p>境外非政府组织\n   境内活动管理法</p>').text).toBe(
			'Foreign NGO Law\n\n境外非政府组织境内活动管理法',
		);
	});

	it('prefixes list items with a bullet, one item per line', () => {
		expect(htmlToText('<p>Fields:</p><ul><li>education</li><li>health <b>care</b></li></ul>').text).toBe(
			'Fields:\n\n• education\n• health care',
		);
	});

	it('keeps the line breaks of preformatted text', () => {
		expect(htmlToText('<pre>first line\n  second line\n\nafter gap</pre>').text).toBe(
			'first line\nsecond line\n\nafter gap',
		);
	});

	it('puts table rows on their own lines with cells separated by spaces', () => {
		expect(
			htmlToText('<table><tr><th>Province</th><th>Offices</th></tr><tr><td>Fujian</td><td>10</td></tr></table>').text,
		).toBe('Province Offices\nFujian 10');
	});

	it('decodes named and numeric entities, and keeps escaped angle brackets as text', () => {
		expect(htmlToText('<p>Barry &amp; Martin&#8217;s Trust &lt;@123&gt; &#x4E2D;&#25991; &copy; 2019</p>').text).toBe(
			'Barry & Martin’s Trust <@123> 中文 © 2019',
		);
	});

	it('treats "<@123>" and "a < b" in text as text, not as tags', () => {
		expect(htmlToText('<p>Ping <@123> if a < b</p>').text).toBe('Ping <@123> if a < b');
	});

	it('returns empty text for a page with nothing readable', () => {
		expect(htmlToText('<html><head><script>var a = 1;</script></head><body> <nav>Menu</nav> </body></html>').text).toBe(
			'',
		);
	});

	it('copes with pathologically deep nesting without overflowing the stack', () => {
		const depth = 50_000;
		const html = `${'<span>'.repeat(depth)}deep text${'</span>'.repeat(depth)}`;
		expect(htmlToText(html).text).toBe('deep text');
	});
});

describe('htmlToText dropping', () => {
	it.each([
		['script', '<script>var a = "x";</script>'],
		['style', '<style>p { color: red }</style>'],
		['noscript', '<noscript>enable JS</noscript>'],
		['template', '<template><p>later</p></template>'],
		['svg', '<svg><title>icon</title><text>logo</text></svg>'],
		['iframe', '<iframe>frame</iframe>'],
		['form', '<form><label>Email</label><input></form>'],
		['button', '<button>Click</button>'],
		['nav', '<nav><a>Home</a></nav>'],
		['aside', '<aside>Aside</aside>'],
		['footer', '<footer>Footer</footer>'],
		['role=navigation', '<div role="navigation">Links</div>'],
		['role=banner', '<div role="banner">Banner</div>'],
		['role=contentinfo', '<div role="contentinfo">Info</div>'],
		['role=complementary', '<div role="complementary">More</div>'],
		['class breadcrumb', '<ol class="breadcrumb"><li>Home</li></ol>'],
		['class share', '<div class="share-tools">Tweet</div>'],
		['class social-links', '<div class="social-links">Weibo</div>'],
		['id comments', '<div id="comments">Reply</div>'],
		['class menu', '<ul class="menu-primary"><li>About</li></ul>'],
		['class sidebar', '<div class="region-sidebar">Side</div>'],
		['class cookie', '<div class="cookieConsent">Cookies</div>'],
		['class newsletter', '<div class="newsletter">Subscribe</div>'],
		['class related', '<div class="related-stories">Other</div>'],
		['hidden attribute', '<div hidden>Hidden</div>'],
		['aria-hidden', '<span aria-hidden="true">Icon</span>'],
		['display:none', '<div style="display: none">Invisible</div>'],
		['screen-reader text', '<h2 class="element-invisible">You are here</h2>'],
	])('drops %s with its contents', (_, chrome) => {
		const { text } = htmlToText(`<body><p>Before</p>${chrome}<p>After</p></body>`);
		expect(text).toBe('Before\n\nAfter');
	});

	it('keeps content whose classes only mention words like "social organizations" or a layout with a sidebar', () => {
		const html =
			'<div class="page has-sidebar"><div class="tag-social-organizations"><p>Social organizations grew.</p></div>' +
			'<div class="commentary"><p>Analysis.</p></div></div>';
		expect(htmlToText(html).text).toBe('Social organizations grew.\n\nAnalysis.');
	});

	it('never drops the marked main content even when its classes look like chrome', () => {
		expect(htmlToText('<main class="with-related-menu"><p>Body text</p></main><div>Outside</div>').text).toBe(
			'Body text',
		);
	});

	it('falls back to the whole page when the marked main region is empty', () => {
		expect(htmlToText('<main></main><div><p>Real content</p></div>').text).toBe('Real content');
	});

	it('prefers itemprop=articleBody when nothing broader is marked', () => {
		const html = '<div>Site intro</div><div itemprop="articleBody"><p>Article text</p></div><div>Outro</div>';
		expect(htmlToText(html).text).toBe('Article text');
	});
});

describe('htmlToText metadata', () => {
	it('prefers og:title over <title>', () => {
		const html = '<head><meta property="og:title" content="Open Graph Title"><title>Page | Site</title></head>';
		expect(htmlToText(html).title).toBe('Open Graph Title');
	});

	it.each([
		['Headline | Section | ChinaFile', 'Headline'],
		['NGOs urged to take part - China Development Brief', 'NGOs urged to take part'],
		['China – US relations in the NGO sector', 'China – US relations in the NGO sector'],
		['A – B', 'A – B'],
	])('trims the site name from the <title> "%s"', (title, expected) => {
		expect(htmlToText(`<title>${title}</title><p>x</p>`).title).toBe(expected);
	});

	it('trims the og:site_name from either end of the <title>', () => {
		const html =
			'<meta property="og:site_name" content="NGO News Daily"><title>NGO News Daily: Weekly - a look back</title>';
		expect(htmlToText(`${html}<p>x</p>`).title).toBe('NGO News Daily: Weekly - a look back');
		const suffixed = '<meta property="og:site_name" content="The Brief"><title>Big Story — The Brief</title>';
		expect(htmlToText(`${suffixed}<p>x</p>`).title).toBe('Big Story');
	});

	it('keeps a title that contains a dash when the page repeats it in an h1', () => {
		const html = '<title>Fujian PSB - Annual Review</title><h1>Fujian PSB - Annual Review</h1>';
		expect(htmlToText(html).title).toBe('Fujian PSB - Annual Review');
	});

	it('falls back to the first h1 when there is no <title>', () => {
		expect(htmlToText('<h1>Only <em>Heading</em></h1><p>x</p><h1>Second</h1>').title).toBe('Only Heading');
	});

	it('ignores the <title> of an inline SVG icon', () => {
		expect(htmlToText('<body><svg><title>Share icon</title></svg><h1>Real headline</h1></body>').title).toBe(
			'Real headline',
		);
	});

	it('returns null metadata for a fragment that states none', () => {
		expect(htmlToText('<p>Just text</p>')).toEqual({ text: 'Just text', title: null, published: null, url: null });
	});

	it.each([
		['article:published_time', '<meta property="article:published_time" content="2019-03-19T23:00:00-05:00">'],
		['itemprop datePublished', '<meta itemprop="datePublished" content="2019-03-19">'],
		['name pubdate', '<meta name="pubdate" content="2019/03/19">'],
		['JSON-LD', '<script type="application/ld+json">{"@graph":[{"datePublished":"2019-03-19T08:00:00Z"}]}</script>'],
		['time datetime', '<article><time datetime="2019-03-19T10:00">19 March</time><p>x</p></article>'],
		['RDFa dc:date', '<span property="dc:date dc:created" content="2019-03-19T00:00:00-04:00">Tue</span>'],
		['a dated element', '<div class="post-date">Published: March 19th, 2019</div>'],
		['a Chinese date', '<span class="date">发布时间：2019年3月19日</span>'],
	])('reads the publication date from %s as yyyy-mm-dd', (_, html) => {
		expect(htmlToText(`${html}<p>Body</p>`).published).toBe('2019-03-19');
	});

	it('does not take a whole region with a "date" class for the dateline', () => {
		const html =
			'<body class="date-archive"><div class="date-listing"><p>Archive for March 2019, with posts from 1 March 2019 ' +
			`onwards. ${'Filler text. '.repeat(20)}</p></div><main><p>Body</p></main></body>`;
		expect(htmlToText(html)).toMatchObject({ text: 'Body', published: null });
	});

	it('ignores malformed JSON-LD and impossible dates', () => {
		const html =
			'<script type="application/ld+json">{ broken</script><meta property="article:published_time" content="2019-02-30">';
		expect(htmlToText(`${html}<p>x</p>`).published).toBeNull();
	});

	it('reads the canonical URL, else og:url, and ignores non-http URLs', () => {
		expect(
			htmlToText(
				'<link rel="canonical" href="https://a.example/x"><meta property="og:url" content="https://b.example/">',
			).url,
		).toBe('https://a.example/x');
		expect(htmlToText('<meta property="og:url" content="https://b.example/y">').url).toBe('https://b.example/y');
		expect(htmlToText('<link rel="canonical" href="javascript:alert(1)">').url).toBeNull();
	});
});

describe('toIsoDate', () => {
	it.each([
		['2019-03-19', '2019-03-19'],
		['2019-03-19T23:59:59+08:00', '2019-03-19'],
		['2019/3/9', '2019-03-09'],
		['March 19, 2019', '2019-03-19'],
		['Sept. 1, 2020', '2020-09-01'],
		['19 March 2019', '2019-03-19'],
		['Posted on Tue, 5 Nov 2019', '2019-11-05'],
		['2019年3月19日', '2019-03-19'],
		['2020-02-29', '2020-02-29'],
	])('reads %s as %s', (input, expected) => {
		expect(toIsoDate(input)).toBe(expected);
	});

	it.each(['2019-02-29', '2019-13-01', 'Marchers 19, 2019', 'yesterday', '', '1850-01-01'])('rejects %s', (input) => {
		expect(toIsoDate(input)).toBeNull();
	});
});
