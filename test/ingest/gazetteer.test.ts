import { describe, it, expect } from 'vitest';
import provincesJson from '../../data/reference/provinces.json' with { type: 'json' };
import { createGazetteer, loadGazetteerData, type GazetteerData } from '../../src/ingest/gazetteer.js';

const data = loadGazetteerData(provincesJson);
const gazetteer = createGazetteer(data);

const CANONICAL = [
	'Anhui',
	'Beijing',
	'Chongqing',
	'Fujian',
	'Gansu',
	'Guangdong',
	'Guangxi',
	'Guizhou',
	'Hainan',
	'Hebei',
	'Heilongjiang',
	'Henan',
	'Hong Kong',
	'Hubei',
	'Hunan',
	'Inner Mongolia',
	'Jiangsu',
	'Jiangxi',
	'Jilin',
	'Liaoning',
	'Macau',
	'Ningxia',
	'Qinghai',
	'Shaanxi',
	'Shandong',
	'Shanghai',
	'Shanxi',
	'Sichuan',
	'Taiwan',
	'Tianjin',
	'Tibet',
	'Xinjiang',
	'Yunnan',
	'Zhejiang',
];

const provincesIn = (text: string): string[] => gazetteer.findMentions(text).map((m) => m.province);

/** A deep copy of the real data to break on purpose. */
const copyData = (): GazetteerData => structuredClone(data);

describe('provinces.json', () => {
	it('lists exactly the 34 province-level divisions by canonical name', () => {
		expect(gazetteer.provinces.map((p) => p.name).sort()).toEqual(CANONICAL);
	});

	it('gives each division the right kind', () => {
		const kind = (name: string) => gazetteer.provinces.find((p) => p.name === name)?.kind;
		expect(['Beijing', 'Shanghai', 'Tianjin', 'Chongqing'].map(kind)).toEqual(Array(4).fill('municipality'));
		expect(['Hong Kong', 'Macau'].map(kind)).toEqual(['sar', 'sar']);
		const regions = ['Guangxi', 'Inner Mongolia', 'Ningxia', 'Tibet', 'Xinjiang'];
		expect(regions.map(kind)).toEqual(Array(5).fill('autonomous_region'));
		expect(kind('Hunan')).toBe('province');
	});

	it('covers the prefecture-level divisions of the mainland', () => {
		const mainland = gazetteer.provinces.filter((p) => p.name !== 'Taiwan');
		const prefectures = mainland.flatMap((p) => p.cities.filter((c) => c.level === 'prefecture'));
		expect(prefectures.length).toBeGreaterThanOrEqual(330);
		const provinces = gazetteer.provinces.filter((p) => p.kind === 'province' || p.kind === 'autonomous_region');
		for (const p of provinces) expect(p.cities.length, p.name).toBeGreaterThan(0);
	});

	it('gives every division a Chinese name, and simplified and traditional forms where they differ', () => {
		for (const p of gazetteer.provinces) expect(p.zh.length, p.name).toBeGreaterThan(0);
		const zh = (name: string) => gazetteer.provinces.find((p) => p.name === name)?.zh ?? [];
		expect(zh('Guangxi')).toEqual(expect.arrayContaining(['广西', '广西壮族自治区', '廣西']));
		expect(zh('Heilongjiang')).toEqual(expect.arrayContaining(['黑龙江省', '黑龍江省']));
		expect(zh('Taiwan')).toEqual(expect.arrayContaining(['台湾', '臺灣']));
	});

	it('marks every pinyin collision across provinces as ambiguous, on both sides', () => {
		const ambiguous = gazetteer.provinces.flatMap((p) =>
			p.cities.filter((c) => c.ambiguous).map((c) => `${c.name}/${p.name}`),
		);
		for (const pair of [
			'Taizhou/Jiangsu',
			'Taizhou/Zhejiang',
			'Fuzhou/Fujian',
			'Fuzhou/Jiangxi',
			'Suzhou/Jiangsu',
			'Suzhou/Anhui',
			'Yichun/Heilongjiang',
			'Yichun/Jiangxi',
			'Yulin/Shaanxi',
			'Yulin/Guangxi',
		]) {
			expect(ambiguous).toContain(pair);
		}
	});

	it('leaves out city names that are ordinary English words unless suffixed', () => {
		expect(gazetteer.resolve('Ali')).toBeNull();
		expect(gazetteer.resolve('Ali Prefecture')?.province).toBe('Tibet');
		expect(gazetteer.resolve('Ngari')?.province).toBe('Tibet');
		expect(gazetteer.resolve('Aba')).toBeNull();
	});
});

describe('loadGazetteerData', () => {
	it('names the province and city of a malformed record', () => {
		const bad = copyData() as unknown as { provinces: { cities: { zh: unknown }[] }[] };
		const hunan = bad.provinces.findIndex((p) => (p as unknown as { name: string }).name === 'Hunan');
		const city = bad.provinces[hunan]?.cities[6];
		if (city) city.zh = ['Changde'];
		expect(() => loadGazetteerData(bad)).toThrow(/"Hunan".*"Changde".*zh/);
	});

	it('rejects a duplicate canonical province name', () => {
		const bad = copyData();
		const first = bad.provinces[0];
		if (first) bad.provinces.push({ ...first, zh: ['重复'], aliases: [], cities: [] });
		expect(() => loadGazetteerData(bad)).toThrow(/duplicate province "Anhui"/);
	});

	it('rejects an unmarked English city name that maps to two provinces', () => {
		const bad = copyData();
		bad.provinces
			.find((p) => p.name === 'Gansu')
			?.cities.push({
				name: 'Harbin',
				level: 'county',
				zh: [],
				aliases: [],
			});
		expect(() => loadGazetteerData(bad)).toThrow(/"harbin" maps to Gansu and Heilongjiang/);
	});

	it('rejects a city marked ambiguous that collides with nothing', () => {
		const bad = copyData();
		const changde = bad.provinces.find((p) => p.name === 'Hunan')?.cities.find((c) => c.name === 'Changde');
		if (changde) changde.ambiguous = true;
		expect(() => loadGazetteerData(bad)).toThrow(/"changde" is marked ambiguous/);
	});

	it('rejects a Chinese name given to two provinces', () => {
		const bad = copyData();
		bad.provinces.find((p) => p.name === 'Henan')?.zh.push('湖南');
		expect(() => loadGazetteerData(bad)).toThrow(/"湖南" maps to Henan and Hunan|"湖南" maps to Hunan and Henan/);
	});

	it('rejects data that is not a gazetteer at all', () => {
		expect(() => loadGazetteerData({ provinces: 'none' })).toThrow(/Invalid gazetteer data: provinces/);
	});
});

describe('resolve', () => {
	it('resolves all 34 canonical names to themselves', () => {
		for (const name of CANONICAL) {
			expect(gazetteer.resolve(name)).toEqual({ province: name, matched: name, via: 'name' });
		}
	});

	it('ignores case and surrounding spaces', () => {
		expect(gazetteer.resolve('hunan')?.province).toBe('Hunan');
		expect(gazetteer.resolve(' HUNAN ')?.province).toBe('Hunan');
		expect(gazetteer.resolve('inner mongolia')?.province).toBe('Inner Mongolia');
	});

	it('never maps Henan to Hunan, Hubei to Hebei, Shanxi to Shaanxi, Guangxi to Guangdong or Jiangxi to Jiangsu', () => {
		const pairs = [
			['Henan', 'Hunan'],
			['Hubei', 'Hebei'],
			['Shanxi', 'Shaanxi'],
			['Guangxi', 'Guangdong'],
			['Jiangxi', 'Jiangsu'],
		];
		for (const [a = '', b = ''] of pairs) {
			expect(gazetteer.resolve(a)?.province).toBe(a);
			expect(gazetteer.resolve(b)?.province).toBe(b);
			expect(gazetteer.resolve(`${a} Province`)?.province).toBe(a);
			expect(gazetteer.resolve(`${b} Province`)?.province).toBe(b);
		}
	});

	it('accepts "X Province" and the official long forms', () => {
		expect(gazetteer.resolve('Henan Province')?.province).toBe('Henan');
		expect(gazetteer.resolve('Hunan Province')).toEqual({ province: 'Hunan', matched: 'Hunan', via: 'name' });
		expect(gazetteer.resolve('Guangxi Zhuang Autonomous Region')?.province).toBe('Guangxi');
		expect(gazetteer.resolve('Xinjiang Uighur Autonomous Region')?.province).toBe('Xinjiang');
		expect(gazetteer.resolve('Hong Kong SAR')?.province).toBe('Hong Kong');
		expect(gazetteer.resolve('Ningxia Autonomous Region')?.province).toBe('Ningxia');
	});

	it('refuses to read a city as a province through the "Province" suffix', () => {
		expect(gazetteer.resolve('Harbin Province')).toBeNull();
		expect(gazetteer.resolve('Hunan City')).toBeNull();
	});

	it('resolves Chinese names with and without 省, 自治区 and 市, in both scripts', () => {
		expect(gazetteer.resolve('湖南')).toEqual({ province: 'Hunan', matched: '湖南', via: 'zh' });
		expect(gazetteer.resolve('湖南省')?.province).toBe('Hunan');
		expect(gazetteer.resolve('河南省')?.province).toBe('Henan');
		expect(gazetteer.resolve('广西壮族自治区')?.province).toBe('Guangxi');
		expect(gazetteer.resolve('内蒙古')?.province).toBe('Inner Mongolia');
		expect(gazetteer.resolve('西藏')?.province).toBe('Tibet');
		expect(gazetteer.resolve('香港')?.province).toBe('Hong Kong');
		expect(gazetteer.resolve('澳門')?.province).toBe('Macau');
		expect(gazetteer.resolve('北京市')?.province).toBe('Beijing');
		expect(gazetteer.resolve('哈尔滨市')).toEqual({ province: 'Heilongjiang', matched: '哈尔滨市', via: 'city' });
		expect(gazetteer.resolve('廣州')?.province).toBe('Guangdong');
	});

	it('resolves known misspellings and old romanizations', () => {
		expect(gazetteer.resolve('Helongjiang')).toEqual({
			province: 'Heilongjiang',
			matched: 'Helongjiang',
			via: 'alias',
		});
		expect(gazetteer.resolve('Heilongjian')?.province).toBe('Heilongjiang');
		expect(gazetteer.resolve('Peking')?.province).toBe('Beijing');
		expect(gazetteer.resolve('Szechuan')?.province).toBe('Sichuan');
		expect(gazetteer.resolve('Shensi')?.province).toBe('Shaanxi');
		expect(gazetteer.resolve('Shansi')?.province).toBe('Shanxi');
		expect(gazetteer.resolve('Canton')?.province).toBe('Guangdong');
	});

	it('resolves Inner Mongolia, Tibet and the SARs under their other names', () => {
		expect(gazetteer.resolve('Nei Mongol')?.province).toBe('Inner Mongolia');
		expect(gazetteer.resolve('Xizang')?.province).toBe('Tibet');
		expect(gazetteer.resolve('Tibet')?.province).toBe('Tibet');
		expect(gazetteer.resolve('Macao')?.province).toBe('Macau');
		expect(gazetteer.resolve('Hongkong')?.province).toBe('Hong Kong');
	});

	it('resolves city names to their province', () => {
		const cities: [string, string][] = [
			['Chengdu', 'Sichuan'],
			['Harbin', 'Heilongjiang'],
			['Tianshui', 'Gansu'],
			['Nanchang', 'Jiangxi'],
			['Qianxinan', 'Guizhou'],
			['Wuhan', 'Hubei'],
			['Guangzhou', 'Guangdong'],
			['Kunming', 'Yunnan'],
			['Ganzhou', 'Jiangxi'],
			["Ji'an", 'Jiangxi'],
			['Ji’an', 'Jiangxi'],
			['Pingxiang', 'Jiangxi'],
			['Changsha', 'Hunan'],
			['Zhengzhou', 'Henan'],
			['Shijiazhuang', 'Hebei'],
			['Taiyuan', 'Shanxi'],
			["Xi'an", 'Shaanxi'],
			['Xi’an', 'Shaanxi'],
			['Lhasa', 'Tibet'],
			['Urumqi', 'Xinjiang'],
			['Ürümqi', 'Xinjiang'],
			['Hohhot', 'Inner Mongolia'],
			['Shenzhen', 'Guangdong'],
			['Yiwu', 'Zhejiang'],
			['Kunshan', 'Jiangsu'],
			['Pudong', 'Shanghai'],
			['Yanbian', 'Jilin'],
			['Xishuangbanna', 'Yunnan'],
			['Qianxinan Buyi and Miao Autonomous Prefecture', 'Guizhou'],
			['Hainan Prefecture', 'Qinghai'],
		];
		for (const [city, province] of cities) expect(gazetteer.resolve(city)?.province, city).toBe(province);
		expect(gazetteer.resolve('Harbin')).toEqual({ province: 'Heilongjiang', matched: 'Harbin', via: 'city' });
	});

	it('accepts a leading "the" and a trailing ", China"', () => {
		expect(gazetteer.resolve('the Xinjiang Uyghur Autonomous Region')?.province).toBe('Xinjiang');
		expect(gazetteer.resolve('Chengdu, China')?.province).toBe('Sichuan');
		expect(gazetteer.resolve('South China')).toBeNull();
	});

	it('accepts "X City" and "X Prefecture" for cities', () => {
		expect(gazetteer.resolve('Tianshui City')?.province).toBe('Gansu');
		expect(gazetteer.resolve('Qianxinan Prefecture')?.province).toBe('Guizhou');
		expect(gazetteer.resolve('Beijing Municipality')?.province).toBe('Beijing');
	});

	it('returns null for ambiguous city names, in any form', () => {
		for (const q of ['Taizhou', 'Fuzhou', 'Suzhou', 'Yichun', 'Yulin', 'Suzhou City', 'fuzhou']) {
			expect(gazetteer.resolve(q), q).toBeNull();
		}
	});

	it('still resolves the unambiguous Chinese names of ambiguous cities', () => {
		expect(gazetteer.resolve('泰州')?.province).toBe('Jiangsu');
		expect(gazetteer.resolve('台州')?.province).toBe('Zhejiang');
		expect(gazetteer.resolve('福州')?.province).toBe('Fujian');
		expect(gazetteer.resolve('抚州')?.province).toBe('Jiangxi');
		expect(gazetteer.resolve('宿州')?.province).toBe('Anhui');
		expect(gazetteer.resolve('榆林')?.province).toBe('Shaanxi');
		expect(gazetteer.resolve('玉林')?.province).toBe('Guangxi');
	});

	it('never guesses: typos, countries, regions and empty input are null', () => {
		for (const q of ['Hunann', 'Hunam', 'Mongolia', 'China', 'South China', '', '   ', 'Chengd']) {
			expect(gazetteer.resolve(q), JSON.stringify(q)).toBeNull();
		}
	});
});

describe('findMentions', () => {
	it('finds both the city and the province in "Tianshui City (Gansu Province)"', () => {
		const text = 'The Tianshui City (Gansu Province) PSB Foreign NGO Management Office recently held a symposium';
		expect(gazetteer.findMentions(text)).toEqual([
			{ province: 'Gansu', start: 4, end: 12, surface: 'Tianshui', via: 'city', city: 'Tianshui' },
			{ province: 'Gansu', start: 19, end: 24, surface: 'Gansu', via: 'name' },
		]);
	});

	it('splits the Greater Bay Area into Guangdong, Hong Kong and Macau', () => {
		const text = 'the implementation of the “Development Plan for the Guangdong-Hong Kong-Macau Greater Bay Area,”';
		expect(provincesIn(text)).toEqual(['Guangdong', 'Hong Kong', 'Macau']);
	});

	it('takes "Xinjiang Uyghur Autonomous Region" as one mention', () => {
		const mentions = gazetteer.findMentions('Officials from the Xinjiang Uyghur Autonomous Region attended.');
		expect(mentions).toHaveLength(1);
		expect(mentions[0]?.surface).toBe('Xinjiang Uyghur Autonomous Region');
	});

	it('counts a city inside a longer capitalized name', () => {
		expect(provincesIn('visited Wuhan University of Technology and Central China Normal University')).toEqual([
			'Hubei',
		]);
		expect(provincesIn('cooperated with the Harbin Municipal Office of Mental Health and Prevention')).toEqual([
			'Heilongjiang',
		]);
	});

	it('reads the misspelled Helongjiang of a real post', () => {
		const text =
			'The representative office for AIFO (Italy) in Helongjiang cooperated with the Harbin Municipal Office';
		expect(provincesIn(text)).toEqual(['Heilongjiang', 'Heilongjiang']);
	});

	it('accepts curly and straight apostrophes', () => {
		expect(provincesIn("In Ji’an, the number of NGOs reached 116; in Ji'an County too.")).toEqual([
			'Jiangxi',
			'Jiangxi',
		]);
		expect(provincesIn("a forum in Xi’an and another in Ya'an")).toEqual(['Shaanxi', 'Sichuan']);
	});

	it('does not read the first syllable of an apostrophe name as a place on its own', () => {
		expect(gazetteer.findMentions('Daxing’anling')).toEqual([
			expect.objectContaining({ province: 'Heilongjiang', surface: 'Daxing’anling' }),
		]);
		expect(provincesIn('Daxing’s new airport')).toEqual(['Beijing']);
	});

	it('stops a match before a possessive', () => {
		const [m] = gazetteer.findMentions('to promote Hong Kong’s civil society groups');
		expect(m?.surface).toBe('Hong Kong');
	});

	it('matches Inner Mongolia and Nei Mongol but never Mongolia alone', () => {
		expect(provincesIn('herders in Inner Mongolia and Nei Mongol')).toEqual(['Inner Mongolia', 'Inner Mongolia']);
		expect(provincesIn('an NGO from Mongolia visited Ulaanbaatar')).toEqual([]);
		expect(provincesIn('an Inner-Mongolia project')).toEqual(['Inner Mongolia']);
	});

	it('finds no province in China, Central China, South China or All-China', () => {
		const text =
			'China, Central China Normal University, South China, the All-China Federation of Industry and Commerce';
		expect(gazetteer.findMentions(text)).toEqual([]);
	});

	it('never matches lower-case words', () => {
		expect(provincesIn('the hunan office and the changde branch, harbin')).toEqual([]);
		expect(provincesIn('HUNAN PSB')).toEqual(['Hunan']);
	});

	it('is word-bounded', () => {
		expect(provincesIn('Hunanese cuisine, Changdefoo, XHunan')).toEqual([]);
		expect(provincesIn('Shanxi-based and Hunan-born')).toEqual(['Shanxi', 'Hunan']);
	});

	it('keeps Shanxi and Shaanxi, Hubei and Hebei apart in running text', () => {
		expect(provincesIn('Shaanxi and Shanxi, Hebei and Hubei, Henan and Hunan')).toEqual([
			'Shaanxi',
			'Shanxi',
			'Hebei',
			'Hubei',
			'Henan',
			'Hunan',
		]);
	});

	it('produces no mention for an ambiguous city name', () => {
		expect(provincesIn('A workshop in Suzhou, then Fuzhou, Taizhou, Yichun and Yulin')).toEqual([]);
		expect(provincesIn('the Soochow University in Suzhou')).toEqual(['Jiangsu']);
	});

	it('reads a city name after a Chinese surname as a person', () => {
		expect(provincesIn('said Li Jinhua, director of the office in Jinhua')).toEqual(['Zhejiang']);
	});

	it('ignores excluded phrases that only contain a place name', () => {
		expect(provincesIn('researchers at Nanyang Technological University')).toEqual([]);
		expect(provincesIn('the Nanyang PSB')).toEqual(['Henan']);
	});

	it('finds Chinese names as substrings, longest first', () => {
		const text = '湖南省长沙市的项目，以及广西壮族自治区';
		expect(gazetteer.findMentions(text).map((m) => [m.surface, m.province])).toEqual([
			['湖南省', 'Hunan'],
			['长沙市', 'Hunan'],
			['广西壮族自治区', 'Guangxi'],
		]);
	});

	it('does not read 西安 across the boundary of 江西安远', () => {
		expect(provincesIn('江西安远县')).toEqual(['Jiangxi']);
	});

	it('reports mentions of both scripts in text order with offsets into the text', () => {
		const text = 'Qianxinan Prefecture (黔西南州) and Guizhou';
		const mentions = gazetteer.findMentions(text);
		expect(mentions.map((m) => m.surface)).toEqual(['Qianxinan', '黔西南州', 'Guizhou']);
		for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.surface);
	});

	it('matches a long name broken over a line', () => {
		expect(gazetteer.findMentions('the Hong\nKong office')[0]?.surface).toBe('Hong\nKong');
		expect(provincesIn('Hong\n\nKong')).toEqual([]);
	});
});

describe('createGazetteer', () => {
	it('treats an English name shared by two provinces as ambiguous even when the data forgot to mark it', () => {
		const city = (name: string, zh: string) => ({ name, level: 'prefecture' as const, zh: [zh], aliases: [] });
		const small = createGazetteer({
			provinces: [
				{ name: 'Jiangsu', kind: 'province', zh: ['江苏'], aliases: [], cities: [city('Taizhou', '泰州')] },
				{ name: 'Zhejiang', kind: 'province', zh: ['浙江'], aliases: [], cities: [city('Taizhou', '台州')] },
			],
			exclusions: [],
		});
		expect(small.findMentions('Taizhou, 泰州 and 台州').map((m) => m.province)).toEqual(['Jiangsu', 'Zhejiang']);
		expect(small.resolve('Taizhou')).toBeNull();
	});
});

describe('suggest', () => {
	it('lists province names first, then provinces reached through a city', () => {
		const labels = gazetteer.suggest('he').map((s) => s.label);
		expect(labels.slice(0, 3)).toEqual(['Hebei', 'Heilongjiang', 'Henan']);
		expect(labels).toContain('Hefei (Anhui)');
	});

	it('offers each province at most once', () => {
		const provinces = gazetteer.suggest('h', 100).map((s) => s.province);
		expect(new Set(provinces).size).toBe(provinces.length);
	});

	it('is case- and diacritic-insensitive', () => {
		expect(gazetteer.suggest('ÜRÜM')).toEqual([{ province: 'Xinjiang', label: 'Urumqi (Xinjiang)' }]);
		expect(gazetteer.suggest('urum')).toEqual(gazetteer.suggest('Ürüm'));
	});

	it('completes Chinese prefixes', () => {
		expect(gazetteer.suggest('湖').map((s) => s.province)).toEqual(['Hubei', 'Hunan', 'Zhejiang']);
	});

	it('offers both provinces of an ambiguous city', () => {
		expect(gazetteer.suggest('Suzhou').map((s) => s.label)).toEqual(['Suzhou (Anhui)', 'Suzhou (Jiangsu)']);
	});

	it('respects the limit and lists provinces for an empty prefix', () => {
		expect(gazetteer.suggest('', 5).map((s) => s.label)).toEqual(CANONICAL.slice(0, 5));
		expect(gazetteer.suggest('s', 2)).toHaveLength(2);
	});

	it('never suggests by similarity', () => {
		expect(gazetteer.suggest('Hnan')).toEqual([]);
		expect(gazetteer.suggest('unan')).toEqual([]);
	});
});
