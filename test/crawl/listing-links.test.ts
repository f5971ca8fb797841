import { describe, expect, it } from 'vitest';
import { pageMarker, readListing } from '../../src/crawl/listing-links.js';
import { CRAWL_PRESETS, presetFor } from '../../src/crawl/presets.js';
import { type SiteItem, cdbArchive, chinafileListing } from '../helpers/crawl-site.js';

const items = (prefix: string, n: number): SiteItem[] =>
	Array.from({ length: n }, (_, i) => ({
		slug: `${prefix}-registration-news-item-${i}`,
		title: `Item ${i}`,
		date: '2021-03-0' + (1 + (i % 9)),
		paragraphs: [`The Yunnan PSB issued a registration certificate to the Example Foundation number ${i}.`],
	}));

describe('readListing without a preset (page structure)', () => {
	it('takes the links of the repeated teaser blocks and the Drupal pager’s next page, not the furniture', () => {
		const origin = 'https://ngo.example.org';
		const listing = readListing(chinafileListing(items('cf', 5), 0, 3), `${origin}/ngo/latest`);
		expect(listing.items).toEqual(items('cf', 5).map((item) => `${origin}/ngo/latest/${item.slug}`));
		expect(listing.next).toBe(`${origin}/ngo/latest?page=1`);
		const middle = readListing(chinafileListing(items('cf', 5), 1, 3), `${origin}/ngo/latest?page=1`);
		expect(middle.next).toBe(`${origin}/ngo/latest?page=2`);
		expect(readListing(chinafileListing(items('cf', 5), 2, 3), `${origin}/ngo/latest?page=2`).next).toBeNull();
	});

	it('takes WordPress article blocks and rel="next", and stops on the last page', () => {
		const origin = 'https://brief.example.org';
		const first = readListing(cdbArchive(items('cdb', 4), 1, 2), `${origin}/tag/overseas-ngos/`);
		expect(first.items).toEqual(items('cdb', 4).map((item) => `${origin}/news/${item.slug}/`));
		expect(first.next).toBe(`${origin}/tag/overseas-ngos/page/2/`);
		const last = readListing(cdbArchive(items('cdb', 4), 2, 2), `${origin}/tag/overseas-ngos/page/2/`);
		expect(last.next).toBeNull();
		// "Newer posts" leads back to page 1: never taken for an item or for the next page.
		expect(last.items).not.toContain(`${origin}/tag/overseas-ngos/`);
	});

	it('finds nothing to follow on a page that lists nothing', () => {
		expect(readListing('<html><body><p>No links here.</p></body></html>', 'https://x.example/a')).toEqual({
			items: [],
			next: null,
		});
	});
});

describe('presets', () => {
	it('know ChinaFile and China Development Brief by host, and their item and pager paths', () => {
		expect(presetFor('https://www.chinafile.com/ngo/latest')?.name).toBe('chinafile-ngo');
		expect(presetFor('http://www.chinadevelopmentbrief.cn/tag/overseas-ngos/')?.name).toBe('cdb');
		expect(presetFor('https://chinadevelopmentbrief.org/post-tag/public-welfare/page/3/')?.name).toBe('cdb');
		expect(presetFor('https://example.org/news')).toBeNull();
		const [chinafile, cdb] = CRAWL_PRESETS;
		expect(chinafile!.item!.test('/ngo/latest/guangdong-gives-awards-foreign-ngos')).toBe(true);
		expect(chinafile!.item!.test('/ngo/latest?page=2')).toBe(false);
		expect(cdb!.item!.test('/reports/two-overseas-ngos-register-in-shanxi/')).toBe(true);
		expect(cdb!.item!.test('/reports/page/2/')).toBe(false);
		expect(cdb!.next!.test('/tag/community-development/page/3/')).toBe(true);
	});

	it('pick a preset site’s items by path even where the structure is unusual', () => {
		const origin = 'https://www.chinafile.com';
		const html = `<ul><li><a href="/ngo/latest/one-item-about-registration">One</a></li>
			<li><a href="/ngo/latest/two-item-about-inspection">Two</a></li><li><a href="/ngo/latest?page=3">4</a></li></ul>`;
		const listing = readListing(html, `${origin}/ngo/latest?page=2`, presetFor(origin)!);
		expect(listing.items).toEqual([
			`${origin}/ngo/latest/one-item-about-registration`,
			`${origin}/ngo/latest/two-item-about-inspection`,
		]);
		expect(listing.next).toBe(`${origin}/ngo/latest?page=3`);
	});
});

describe('pageMarker', () => {
	it('reads ?page=N and /page/N/ and the root the pages share', () => {
		expect(pageMarker('https://a.example/ngo/latest?page=4')).toEqual({
			root: 'https://a.example/ngo/latest',
			style: 'query',
			n: 4,
		});
		expect(pageMarker('https://a.example/tag/x/page/3/')).toMatchObject({ root: 'https://a.example/tag/x', n: 3 });
		expect(pageMarker('https://a.example/tag/x/')).toMatchObject({ root: 'https://a.example/tag/x', n: null });
	});
});
