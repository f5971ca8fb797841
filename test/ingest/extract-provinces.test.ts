import { describe, it, expect } from 'vitest';
import provincesJson from '../../data/reference/provinces.json' with { type: 'json' };
import { extractProvinces } from '../../src/ingest/extract-provinces.js';
import { createGazetteer, loadGazetteerData } from '../../src/ingest/gazetteer.js';

const gazetteer = createGazetteer(loadGazetteerData(provincesJson));

/** The span of `needle` in `text`, for ignore options. */
function spanOf(text: string, needle: string): { start: number; end: number } {
	const start = text.indexOf(needle);
	if (start < 0) throw new Error(`"${needle}" is not in the text`);
	return { start, end: start + needle.length };
}

describe('extractProvinces', () => {
	it('lists each province once, in order of first mention', () => {
		const text =
			'The Hunan PSB met Changsha groups; later Guangdong officials visited Hunan again, then Shenzhen and Changde.';
		expect(extractProvinces(text, gazetteer)).toEqual(['Hunan', 'Guangdong']);
	});

	it('reads a province through its cities', () => {
		const text =
			'In Ganzhou, the campaign was carried out with NGOs; in Nanchang, 121 NGOs were mobilized; in Ji’an, ' +
			'the number reached 116; in Pingxiang, this number reached 350.';
		expect(extractProvinces(text, gazetteer)).toEqual(['Jiangxi']);
	});

	it('skips an org’s stated origin inside an ignore span', () => {
		const text =
			'Sichuan PSB Foreign NGO Management Office visited the Chengdu representative offices for the ' +
			'Japan-China Economic Association and the Animals Asia Foundation (Hong Kong).';
		expect(extractProvinces(text, gazetteer)).toEqual(['Sichuan', 'Hong Kong']);
		expect(extractProvinces(text, gazetteer, { ignore: [spanOf(text, '(Hong Kong)')] })).toEqual(['Sichuan']);
	});

	it('keeps a province mentioned again outside the ignore span', () => {
		const text = 'The Animals Asia Foundation (Hong Kong) held a training session in Hong Kong.';
		expect(extractProvinces(text, gazetteer, { ignore: [spanOf(text, '(Hong Kong)')] })).toEqual(['Hong Kong']);
	});

	it('skips a mention that only partly overlaps an ignore span', () => {
		const text = 'Grace Charity Foundation (Hong Kong) in Guizhou';
		const start = text.indexOf('Kong');
		expect(extractProvinces(text, gazetteer, { ignore: [{ start, end: start + 4 }] })).toEqual(['Guizhou']);
	});

	it('does not let an ignore span hide a later, separate mention of another province', () => {
		const text = 'The AIFO (Italy) office in Heilongjiang worked with the Harbin Municipal Office.';
		expect(extractProvinces(text, gazetteer, { ignore: [spanOf(text, '(Italy)')] })).toEqual(['Heilongjiang']);
	});

	it('finds the province of a real Guizhou post with its long prefecture name', () => {
		const text =
			'Recently, the Qianxinan Buyi and Miao Autonomous Prefecture Small Group Office for Helping Develop ' +
			'Border Areas presented a banner to the Guizhou Public Security Bureau (PSB) Foreign NGO Management Office. ' +
			'As part of the work done by the All-China Federation of Industry and Commerce, the office launched ' +
			'activities with Hong Kong’s Grace Charity Foundation Limited.';
		const ignore = [spanOf(text, 'Hong Kong’s')];
		expect(extractProvinces(text, gazetteer, { ignore })).toEqual(['Guizhou']);
	});

	it('skips ambiguous city names rather than guess', () => {
		expect(extractProvinces('A symposium in Taizhou and Suzhou on poverty relief.', gazetteer)).toEqual([]);
		expect(extractProvinces('A symposium in Taizhou, Zhejiang.', gazetteer)).toEqual(['Zhejiang']);
	});

	it('merges English and Chinese mentions of the same province', () => {
		const text = 'the “Digital Fujian” (数字福建) drive and 厦门 partners in Fujian';
		expect(extractProvinces(text, gazetteer)).toEqual(['Fujian']);
	});

	it('orders provinces by their first mention across scripts', () => {
		expect(extractProvinces('四川 partners met Yunnan officials', gazetteer)).toEqual(['Sichuan', 'Yunnan']);
		expect(extractProvinces('Yunnan officials met 四川 partners', gazetteer)).toEqual(['Yunnan', 'Sichuan']);
	});

	it('returns nothing for text about China as a whole', () => {
		const text = 'As an important part of China’s grassroots governance, the country’s social organizations…';
		expect(extractProvinces(text, gazetteer)).toEqual([]);
	});
});
