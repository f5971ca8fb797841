import { describe, it, expect } from 'vitest';
import provincesJson from '../../data/reference/provinces.json' with { type: 'json' };
import { extractOrgs } from '../../src/ingest/extract-orgs.js';
import { extractProvinces, readPlaces } from '../../src/ingest/extract-provinces.js';
import { createGazetteer, loadGazetteerData } from '../../src/ingest/gazetteer.js';
import { loadReference } from '../../src/ingest/load-reference.js';

const gazetteer = createGazetteer(loadGazetteerData(provincesJson));
const reference = loadReference();

/** Activity provinces of a text read the way ingestion reads it: with the orgs it names and their origins. */
function provinces(text: string): string[] {
	const { names, origins } = extractOrgs(text, {
		countries: reference.countries,
		directory: reference.directory,
		isPlace: (name) => gazetteer.resolve(name) !== null,
	});
	return extractProvinces(text, gazetteer, { orgNames: names, origins });
}

/** Each place mention as "Province: role (counted|not counted) «quote»". */
function roles(text: string): string[] {
	const { names, origins } = extractOrgs(text, {
		countries: reference.countries,
		directory: reference.directory,
		isPlace: (name) => gazetteer.resolve(name) !== null,
	});
	return readPlaces(text, gazetteer, { orgNames: names, origins }).map(
		(place) =>
			`${place.province}: ${place.role} ${place.counted ? '(counted)' : '(not counted)'} «${text.slice(place.quote.start, place.quote.end)}»`,
	);
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

describe('place roles: where an organization comes from is not where the activity is', () => {
	it('does not count an origin in parentheses, a possessive, "X-based" or "based in"', () => {
		expect(
			provinces(
				'The Sichuan PSB Foreign NGO Management Office met the Animals Aid Foundation (Hong Kong), Macau’s Harbour Care Association and the Taipei-based Lantern Society.',
			),
		).toEqual(['Sichuan']);
		expect(provinces('The Gansu PSB gave a certificate to the Hong Kong-based Silk Weavers Union.')).toEqual(['Gansu']);
		expect(provinces('The Hubei office of Kindred Hands, based in Hong Kong, trained volunteers in Wuhan.')).toEqual([
			'Hubei',
		]);
	});

	it('does not count a region that only names an organization', () => {
		expect(
			provinces('The Hunan PSB met the Hong Kong Society for the Blind and the Taiwan Tea Growers Association.'),
		).toEqual(['Hunan']);
	});

	it('counts Hong Kong, Macau and Taiwan only when something happens there', () => {
		expect(provinces('The Guangdong PSB said exchanges between Macau and Guangdong would grow.')).toEqual([
			'Guangdong',
		]);
		expect(provinces('Foreign NGOs from Hong Kong and Macau met officials of the Guangdong PSB.')).toEqual([
			'Guangdong',
		]);
		expect(provinces('A forum on youth exchange was held in Hong Kong by the Bright Futures Foundation.')).toEqual([
			'Hong Kong',
		]);
		expect(provinces('The Dawn Fund donated 400,000 yuan to support schools in Macau.')).toEqual(['Macau']);
		expect(provinces('Will changes to Hong Kong’s extradition law affect civil society groups in Hong Kong?')).toEqual(
			[],
		);
	});

	it('does not count where people come from', () => {
		expect(provinces('The trip brought 30 Hong Kong high school students to Hubei.')).toEqual(['Hubei']);
		expect(provinces('Volunteers from Shenzhen taught in a Guizhou village school.')).toEqual(['Guizhou']);
	});

	it('counts the province of the acting authority, in any of the ways it is written', () => {
		expect(roles('The Public Security Bureau of Xinjiang Autonomous Region held a training.')).toEqual([
			'Xinjiang: authority (counted) «Public Security Bureau of Xinjiang Autonomous Region»',
		]);
		expect(roles('Shanxi’s Public Security Bureau awarded two certificates.')[0]).toMatch(
			/^Shanxi: authority \(counted\) «Shanxi’s Public Security Bureau»/,
		);
		expect(provinces('The Taiwan Affairs Office of Shanghai attended a meeting in Shanghai.')).toEqual(['Shanghai']);
	});

	it('counts an org’s office elsewhere only when nothing else says where it happened', () => {
		expect(provinces('The Yunnan PSB met the chief representatives of Oxfam’s Beijing and Yunnan offices.')).toEqual([
			'Yunnan',
		]);
		expect(
			provinces(
				'The Xinjiang PSB met the chief representative of Save the Children’s representative office in Beijing.',
			),
		).toEqual(['Xinjiang']);
		expect(provinces('The World Wildlife Trust registered its representative office in Beijing.')).toEqual(['Beijing']);
	});

	it('does not count a remark in parentheses when the entry says where it happened', () => {
		expect(
			provinces(
				'The Yunnan PSB met Oxfam staff (in addition to Yunnan, Oxfam is also registered in Guangdong and Gansu).',
			),
		).toEqual(['Yunnan']);
	});

	it('does not count a dateline or a company’s home city', () => {
		expect(provinces('BEIJING - The Red Cross Society of China sent tents to Ya’an in Sichuan.')).toEqual(['Sichuan']);
		expect(provinces('Dalian Harbour Group Corporation donated 10 million yuan to quake relief in Sichuan.')).toEqual([
			'Sichuan',
		]);
	});

	it('counts the province named in a domestic NGO’s name', () => {
		expect(provinces('The Yunnan Youth Development Foundation sent a team after the earthquake.')).toEqual(['Yunnan']);
	});

	it('keeps the words each place was read from', () => {
		expect(
			roles('Recently, the Hunan PSB Foreign NGO Management Office issued a certificate to Green Hills (Japan).'),
		).toEqual(['Hunan: authority (counted) «Hunan PSB Foreign NGO Management Office»']);
	});
});
