import { readFileSync } from 'node:fs';

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

import { readHtml } from '../../src/ingest/html-to-text.js';

// Pages written for these tests in common layouts of the web at large (none marks its content with <main> or
// <article>), and what a reader of each must get: the article's words, none of the page's furniture.
const page = (name: string): string => readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url), 'utf8');

describe('pages in layouts nobody described', () => {
	it('a news article: the story, not the menu, most-read rail, related links, comments or ads', () => {
		const { page: read, source } = readHtml(page('layouts/news-article.html'));
		expect(source).toBe('readability');
		expect(read.text.split('\n\n')).toEqual([
			'Lanzhou clinic opens with help from a Swiss foundation',
			'Published June 14, 2021',
			expect.stringMatching(/^A village clinic on the outskirts of Lanzhou .* in 2019\.$/),
			expect.stringMatching(/^The clinic will serve about 12,000 residents/),
			expect.stringMatching(/^“We listened to what the township health centres needed/),
			'The foundation plans a second clinic in Dingxi next year, subject to approval of its annual activity plan.',
		]);
		for (const furniture of [
			'Log in',
			'Most Popular',
			'Trending',
			'More on this story',
			'Responses',
			'wanderer88',
			'Advertisement',
			'Copyright',
			'AD_SCRIPT',
			'Tags:',
		]) {
			expect(read.text, furniture).not.toContain(furniture);
		}
		expect(read).toMatchObject({
			title: 'Lanzhou clinic opens with help from a Swiss foundation',
			published: '2021-06-14',
		});
	});

	it('a blog post: the post, not the blog’s header, post footer, comments, pager or sidebar widgets', () => {
		const { page: read, source } = readHtml(page('layouts/blog-post.html'));
		expect(source).toBe('readability');
		const paragraphs = read.text.split('\n\n');
		expect(paragraphs).toHaveLength(4);
		expect(paragraphs[1]).toMatch(/^I spent last week with the volunteers of the Bright Pages Reading Network/);
		expect(paragraphs[3]).toMatch(/whenever the community centres need the space\.$/);
		for (const furniture of [
			'Field Notes from the Pearl River Delta',
			'Posted by',
			'Labels',
			'comments:',
			'Older Post',
			'Blog Archive',
			'About Me',
			'Powered by',
		]) {
			expect(read.text, furniture).not.toContain(furniture);
		}
		expect(read).toMatchObject({
			published: '2020-09-03',
			url: 'https://fieldnotes.example/2020/09/migrant-libraries.html',
		});
	});

	it('a listing: every teaser with its date, not the site header, menu, pager, sidebar or footer', () => {
		const { page: read, source } = readHtml(page('layouts/listing.html'));
		// Teasers are too short for an article: Readability's own check says so, and the page is read whole.
		expect(source).toBe('whole page');
		for (const teaser of [
			'Seed bank opens in Guizhou',
			'March 3, 2022',
			'A community seed bank run with the Qiandongnan Agricultural Bureau now keeps 300 local rice varieties.',
			'Training for women cooperative leaders in Yunnan',
			"Forty leaders of women's cooperatives from Dali and Lijiang took part in a three-day course on bookkeeping.",
			'Our 2021 annual report is out',
		]) {
			expect(read.text).toContain(teaser);
		}
		for (const furniture of ['Rural Development Network', 'Donate', 'Next page', 'Subscribe', 'Registered charity']) {
			expect(read.text, furniture).not.toContain(furniture);
		}
	});

	it('a page with JSON-LD: the article, dated by its structured data, without share row or read-next links', () => {
		const { page: read, source } = readHtml(page('layouts/json-ld.html'));
		expect(source).toBe('readability');
		expect(read.published).toBe('2023-05-28');
		expect(read.title).toBe('Ningxia desert planting season ends with record survival rate');
		expect(read.text).toMatch(
			/^Ningxia desert planting season ends with record survival rate\n\nThe spring planting season/,
		);
		expect(read.text).toMatch(/near Shapotou next spring if funding allows\.$/);
		for (const furniture of ['中文', 'Our work', 'WeChat', 'Read next', 'checkerboards stop', 'CC BY', '@context']) {
			expect(read.text, furniture).not.toContain(furniture);
		}
	});
});

describe('the layouts of the two sources are read from the region they mark, not by Readability', () => {
	const readability = (html: string): string =>
		new Readability(parseHTML(html).document as never).parse()?.textContent?.replace(/\s+/g, ' ') ?? '';

	it('because Readability keeps the newsletter box of a ChinaFile digest and leaves out its dateline', () => {
		const html = page('chinafile-digest.html');
		expect(readability(html)).toContain('Get the NGO Digest by email');
		expect(readability(html)).not.toContain('April 2, 2019');
		const { page: read, source } = readHtml(html);
		expect(source).toBe('marked region');
		expect(read.text).not.toContain('Get the NGO Digest');
		expect(read.text.split('\n\n')[0]).toBe('April 2, 2019');
	});

	it('an article of China Development Brief from its <main>; its listing (several <article>s) by Readability, whole', () => {
		expect(readHtml(page('cdb-article.html')).source).toBe('marked region');
		const listing = readHtml(page('cdb-keyword-listing.html'));
		expect(listing.source).toBe('readability');
		expect(listing.page.text).toContain('A Student’s Solar Lamps for Herders in Kenya');
		expect(listing.page.text).toContain('Red Cross Society of China sends relief to Mozambique');
	});
});
