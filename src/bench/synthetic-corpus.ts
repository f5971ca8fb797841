import { readFileSync } from 'node:fs';
import { MONTH_NAMES } from '../domain/text.js';
import { join } from 'node:path';
import type { IsoDate } from '../domain/entry.js';
import { orgKey } from '../domain/names.js';
import { projectRoot } from '../project-root.js';

/**
 * A deterministic synthetic corpus shaped like the real sources (ChinaFile digests with "Month D, YYYY:" headings,
 * articles, keyword listings), so that a benchmark runs the real extraction and storage pipeline on it. Every
 * document carries what the extractor is meant to find in it (entry count, province, organizations), which the
 * tests check against parseDocument so that the generator cannot drift away from what extraction understands.
 */

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export type Random = () => number;

export function mulberry32(seed: number): Random {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Samples items by rank with weight 1 / rank^exponent: the first few items dominate, the tail stays long. */
export class ZipfSampler<T> {
	private readonly cumulative: Float64Array;

	constructor(
		readonly items: readonly T[],
		exponent: number,
	) {
		if (items.length === 0) throw new RangeError('ZipfSampler needs at least one item');
		this.cumulative = new Float64Array(items.length);
		let total = 0;
		for (let i = 0; i < items.length; i++) {
			total += 1 / (i + 1) ** exponent;
			this.cumulative[i] = total;
		}
		for (let i = 0; i < items.length; i++) this.cumulative[i]! /= total;
	}

	/** Probability of the item at `rank` (0-based). */
	share(rank: number): number {
		return this.cumulative[rank]! - (rank > 0 ? this.cumulative[rank - 1]! : 0);
	}

	sample(random: Random): T {
		const x = random();
		let lo = 0;
		let hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.cumulative[mid]! < x) lo = mid + 1;
			else hi = mid;
		}
		return this.items[lo]!;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Reference data: places, origin countries and the names the extractor already knows (which generated names avoid).

export interface CorpusProvince {
	readonly name: string;
	readonly kind: string;
	readonly zh: string;
	/** English names of its unambiguous cities. */
	readonly cities: readonly string[];
}

export interface CorpusReference {
	/** Provinces in popularity order (the first ones are mentioned far more often). */
	readonly provinces: readonly CorpusProvince[];
	/** Countries of origin written as "(Country)" after a name; each is a name the country lexicon knows. */
	readonly countries: readonly string[];
	/** Lower-cased words that must not appear in generated names: place and country words. */
	readonly blockedWords: ReadonlySet<string>;
	/** Names and aliases of well-known organizations (the extractor's directory): never generated, never inside a name. */
	readonly reservedNames: readonly string[];
}

// Where foreign NGO activity is reported most: a handful of provinces dominate, as in the real digests.
const PROVINCE_POPULARITY = [
	'Beijing',
	'Guangdong',
	'Yunnan',
	'Sichuan',
	'Shanghai',
	'Zhejiang',
	'Jiangsu',
	'Hunan',
	'Guizhou',
	'Fujian',
	'Shaanxi',
	'Hubei',
	'Gansu',
	'Henan',
	'Shandong',
	'Guangxi',
	'Jiangxi',
	'Anhui',
	'Chongqing',
	'Tianjin',
	'Hebei',
	'Heilongjiang',
	'Qinghai',
	'Liaoning',
	'Shanxi',
	'Jilin',
	'Hainan',
	'Inner Mongolia',
	'Ningxia',
	'Xinjiang',
	'Tibet',
	'Hong Kong',
	'Macau',
	'Taiwan',
];

const ORIGINS = [
	'United States',
	'Hong Kong',
	'United Kingdom',
	'Germany',
	'Japan',
	'France',
	'Canada',
	'Australia',
	'Netherlands',
	'Switzerland',
	'Italy',
	'South Korea',
	'Singapore',
	'Sweden',
	'Norway',
	'Denmark',
	'Belgium',
	'Austria',
	'Spain',
	'New Zealand',
	'Macau',
	'Taiwan',
	'Finland',
	'Ireland',
];

interface ProvincesJson {
	provinces: {
		name: string;
		kind: string;
		zh: string[];
		aliases: string[];
		cities: { name: string; aliases: string[]; ambiguous?: boolean }[];
	}[];
	exclusions: string[];
}
interface CountriesJson {
	countries: { name: string; aliases: string[]; demonyms: string[] }[];
}
interface DirectoryJson {
	orgs: { name: string; aliases: string[] }[];
}

const words = (text: string): string[] =>
	text
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);

/** Reads data/reference/*.json (provinces, countries, known organizations) for the generator. */
export function loadCorpusReference(root: string = projectRoot()): CorpusReference {
	const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, 'data', 'reference', file), 'utf8')) as T;
	const places = read<ProvincesJson>('provinces.json');
	const countries = read<CountriesJson>('countries.json');
	const directory = read<DirectoryJson>('ngo-aliases.json');

	const blockedWords = new Set<string>();
	for (const p of places.provinces) {
		for (const name of [p.name, ...p.aliases]) for (const word of words(name)) blockedWords.add(word);
		for (const c of p.cities)
			for (const name of [c.name, ...c.aliases]) for (const w of words(name)) blockedWords.add(w);
	}
	for (const phrase of places.exclusions) for (const word of words(phrase)) blockedWords.add(word);
	const countryNames = new Set<string>();
	for (const c of countries.countries) {
		for (const name of [c.name, ...c.aliases, ...c.demonyms]) {
			countryNames.add(name);
			for (const word of words(name)) blockedWords.add(word);
		}
	}
	// Connecting words of country names ("and", "of", "the") are not what makes a word a place.
	for (const glue of ['of', 'and', 'the', 'new', 'south', 'north', 'east', 'west', 'central', 'united', 'republic'])
		blockedWords.delete(glue);

	const byName = new Map(places.provinces.map((p) => [p.name, p]));
	const provinces = PROVINCE_POPULARITY.map((name): CorpusProvince => {
		const p = byName.get(name);
		if (!p) throw new Error(`provinces.json has no province ${name}`);
		return {
			name: p.name,
			kind: p.kind,
			zh: p.zh[0]!,
			cities: p.cities.filter((c) => !c.ambiguous).map((c) => c.name),
		};
	});
	return {
		provinces,
		countries: ORIGINS.filter((country) => countryNames.has(country)),
		blockedWords,
		reservedNames: directory.orgs.flatMap((o) => [o.name, ...o.aliases]),
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The organization population.

export interface SyntheticOrg {
	/** Popularity rank (0 = named most often). */
	readonly rank: number;
	readonly name: string;
	/** Written as "(ACRONYM)" after the name in some entries. */
	readonly acronym: string | null;
	/** Written as "(Country)" after the name in most entries that name it. */
	readonly country: string | null;
}

const HEADS = ['Foundation', 'Association', 'Society', 'Fund', 'Network', 'Alliance', 'Institute', 'Federation'];
const MORE_HEADS = ['Council', 'Centre', 'Center', 'Club', 'League', 'Union', 'Coalition', 'Fellowship'];
const MODIFIERS = (
	'Green Bright Future Hope Harmony Sunrise Blue Sky Heart Children Rural Women Health Education Water Wildlife ' +
	'Mountain Ocean River Light Bridge Horizon Compass Lotus Bamboo Panda Crane Jade Silk Lantern Kindness Mercy ' +
	'Unity Dawn Star Oak Maple Willow Cedar Pine Meadow Harvest Seed Garden Village Family Youth Elder Care ' +
	'Learning Literacy Reading Clean Air Earth Planet Climate Forest Wetland Coastal Desert Prairie Eagle Dolphin ' +
	'Tiger Snow Leopard Rainbow Sunshine Morning Golden Silver Open Door Path Friends Partners Helping Hands ' +
	'Smile Sight Hearing Medical Nursing Rehabilitation Disability Autism Orphan Migrant Workers Labour Culture ' +
	'Arts Music Heritage Science Innovation Development Environmental Conservation Nature Global International ' +
	'Pacific Overseas Mutual Aid Relief Rescue Shelter Welfare Compassion Legacy Pioneer Valley Harbor ' +
	'Beacon Anchor Lighthouse Keystone Cornerstone Evergreen Blossom Orchid Peony Magnolia Sparrow Swallow Heron ' +
	'Kestrel Falcon Phoenix Dragon Unicorn Starlight Moonlight Daybreak Tomorrow Promise Dream Wish Joy Grace ' +
	'Charitable Humanitarian Volunteer Service Community Neighbourhood Civic Social Education Tutoring Scholars'
).split(' ');
const COMPLEMENTS = [
	'Rural Development',
	'Child Welfare',
	'Environmental Education',
	'Health Promotion',
	'Disaster Relief',
	'Women and Children',
	'Poverty Reduction',
	'Clean Water',
	'Animal Protection',
	'Cultural Exchange',
	'Vocational Training',
	'Elderly Care',
	'Special Education',
	'Ocean Conservation',
	'Sustainable Farming',
	'Mental Health',
	'Inclusive Education',
	'Community Development',
];
const SURNAMES = (
	'Hartley Mason Barrett Whitfield Ashworth Pemberton Sinclair Langley Thornton Caldwell Fairbanks Hollis ' +
	'Prescott Radcliffe Stanhope Ainsworth Beaumont Carrington Davenport Ellery Farnsworth Hawthorne Kendrick ' +
	'Lockwood Merriweather Northcott Oakley Pendleton Quinlan Rutherford Templeton Underwood Winslow Yardley ' +
	'Abernathy Blackwood Cavendish Dunmore Everett Fenwick Gladstone Holloway Ingram Jarvis Kingsley Lancaster ' +
	'Montague Norwood Osborne Percival Rowntree Sherwood Tremaine Vaughan Wakefield Aldridge Bramwell Crichton'
).split(' ');
const TRUST_KINDS = ['Family Trust', 'Charitable Trust', 'Memorial Trust', 'Trust', 'Education Trust'];
const CHAMBER_WORDS = ['Business', 'Trade', 'Industry', 'Enterprise', 'Merchants', 'Investors', 'Commerce'];

function acronymOf(name: string): string | null {
	const initials = name
		.split(/\s+/)
		.filter((word) => /^\p{Lu}/u.test(word))
		.map((word) => word[0]!)
		.join('');
	return initials.length >= 3 && initials.length <= 6 ? initials : null;
}

/** Word sequences (of at least two words) that end a name: an entry naming both would be merged into one org. */
function tailKeys(key: string): string[] {
	const parts = key.split(' ');
	const tails: string[] = [];
	for (let i = 1; i <= parts.length - 2; i++) tails.push(parts.slice(i).join(' '));
	return tails;
}

/**
 * A few thousand organization names with realistic heads ("… Foundation", "… Association", "… Chamber of
 * Commerce", "… Trust", "Fondation …"), some with an origin country and an acronym. Names are distinct by orgKey,
 * no name ends with another name, acronyms are unique, and no name contains a place, country or well-known org.
 */
export function createOrgPopulation(count: number, seed: number, reference: CorpusReference): SyntheticOrg[] {
	const random = mulberry32(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const blocked = (word: string) => words(word).some((w) => reference.blockedWords.has(w));
	const modifiers = MODIFIERS.filter((word) => !blocked(word));
	const surnames = SURNAMES.filter((word) => !blocked(word));
	const reserved = reference.reservedNames.map(
		(name) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'u'),
	);
	const reservedKeys = new Set(reference.reservedNames.map(orgKey));

	const keys = new Set<string>();
	const tails = new Set<string>();
	const acronyms = new Set<string>();
	const orgs: SyntheticOrg[] = [];
	const two = () => {
		const first = pick(modifiers);
		let second = pick(modifiers);
		while (second === first) second = pick(modifiers);
		return `${first} ${second}`;
	};
	for (let attempts = 0; orgs.length < count; attempts++) {
		if (attempts > count * 200) throw new Error(`Cannot generate ${count} distinct organization names`);
		const shape = random();
		let name: string;
		if (shape < 0.42) name = `${random() < 0.5 ? pick(modifiers) : two()} ${pick(HEADS)}`;
		else if (shape < 0.52) name = `${two()} ${pick(MORE_HEADS)}`;
		else if (shape < 0.62) name = `${random() < 0.6 ? pick(modifiers) : two()} Foundation for ${pick(COMPLEMENTS)}`;
		else if (shape < 0.68) name = `${pick(modifiers)} Association for ${pick(COMPLEMENTS)}`;
		else if (shape < 0.78) name = `${pick(modifiers)} ${pick(CHAMBER_WORDS)} Chamber of Commerce`;
		else if (shape < 0.92)
			name = random() < 0.4 ? `${pick(surnames)} & ${pick(surnames)} Trust` : `${pick(surnames)} ${pick(TRUST_KINDS)}`;
		else name = `Fondation ${pick(surnames)}${random() < 0.5 ? ` ${pick(surnames)}` : ''}`;
		if (/\b(\w+) \1\b/.test(name)) continue;
		// "Youth League" names a state body (the Communist Youth League), which the extractor rightly skips.
		if (name.includes('Youth League')) continue;

		const key = orgKey(name);
		if (keys.has(key) || tails.has(key) || reservedKeys.has(key)) continue;
		const ownTails = tailKeys(key);
		if (ownTails.some((tail) => keys.has(tail))) continue;
		if (reserved.some((pattern) => pattern.test(name))) continue;

		let acronym = random() < 0.3 ? acronymOf(name) : null;
		if (acronym !== null && (acronyms.has(acronym) || reservedKeys.has(orgKey(acronym)) || blocked(acronym)))
			acronym = null;
		const country = random() < 0.45 ? pick(reference.countries) : null;

		keys.add(key);
		for (const tail of ownTails) tails.add(tail);
		if (acronym !== null) acronyms.add(acronym);
		orgs.push({ rank: orgs.length, name, acronym, country });
	}
	return orgs;
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Filler vocabulary: real words first (the broad ones), then a long tail of pseudo-words, Zipf-distributed.

const COMMON_WORDS = (
	'community development support local services cooperation public social management activities volunteers ' +
	'residents exchange health education children rural women poverty environment protection assistance medical ' +
	'school students teachers families elderly disability water safety culture youth research policy funding relief ' +
	'disaster emergency capacity partners communication standards guidance service legal procedures materials ' +
	'experience practice innovation technology skills knowledge care mental nutrition sanitation agriculture farmers ' +
	'villages ecological wildlife conservation climate energy housing employment libraries reading hospitals clinics ' +
	'doctors nurses patients vaccines hygiene kindergartens scholarships universities exchanges dialogue networks ' +
	'platforms resources mechanisms governance transparency accountability evaluation monitoring planning budget ' +
	'donors beneficiaries outcomes impact awareness prevention treatment recovery reconstruction livelihoods ' +
	'handicrafts tourism heritage forests rivers grasslands biodiversity recycling pollution waste solar'
).split(' ');
const SYLLABLES = (
	'ka lo mi ren sha tu vel dor ing an fu zhi mar ter po bel cam dra fen gor hal ix jun kel lum nor ost pra qua ' +
	'ris sol tam ur vin wex yor zel bri cor dun el fra gil hem is jor kra lin mol nex or pel rud sen tor ul vok'
).split(' ');

/** Ranked filler words: index 0 is the most frequent. Deterministic for a seed. */
export function createVocabulary(size: number, seed: number): string[] {
	const random = mulberry32(seed);
	const seen = new Set<string>(COMMON_WORDS);
	const vocabulary = [...COMMON_WORDS];
	while (vocabulary.length < size) {
		const length = 2 + Math.floor(random() * 3);
		let word = '';
		for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
		if (seen.has(word)) continue;
		seen.add(word);
		vocabulary.push(word);
	}
	// Real words spread over the head of the ranking, pseudo-words fill the rest: both broad and rare words exist.
	const head = vocabulary.splice(0, COMMON_WORDS.length);
	const ranked: string[] = [];
	for (let i = 0; i < head.length; i++) {
		ranked.push(head[i]!);
		if (i >= 20) for (let k = 0; k < 2 && vocabulary.length > 0; k++) ranked.push(vocabulary.shift()!);
	}
	return [...ranked, ...vocabulary];
}

// ---------------------------------------------------------------------------------------------------------------
// Documents.

export type SyntheticKind = 'digest' | 'article' | 'listing';

export type Activity =
	'registration' | 'training' | 'visit' | 'symposium' | 'donation' | 'project' | 'publicity' | 'temporary';

/** What the extractor should find in one entry. */
export interface ExpectedEntry {
	readonly date: IsoDate | null;
	readonly provinces: readonly string[];
	/** Names of the organizations, in order of first mention. */
	readonly orgs: readonly string[];
	/** Origins written after a name in this entry ("(Japan)"). */
	readonly countries: Readonly<Record<string, string>>;
	readonly activity: Activity;
}

export interface SyntheticDocument {
	/** File name to write it under (unique, sortable). */
	readonly name: string;
	readonly kind: SyntheticKind;
	readonly text: string;
	readonly entries: readonly ExpectedEntry[];
}

export interface CorpusOptions {
	/** Total number of entries over all documents. */
	readonly entries: number;
	readonly seed?: number;
	/** Size of the organization population (default 4,000). */
	readonly orgs?: number;
	/** Size of the filler vocabulary (default 6,000 words). */
	readonly vocabulary?: number;
	readonly reference?: CorpusReference;
}

/** The generated world a corpus is drawn from, exposed so that benchmarks can pick realistic queries. */
export interface CorpusWorld {
	readonly seed: number;
	readonly reference: CorpusReference;
	readonly orgs: readonly SyntheticOrg[];
	readonly vocabulary: readonly string[];
}

export const DEFAULT_SEED = 20_190_319;
const MONTHS = MONTH_NAMES;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2017, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2024, 11, 31) / DAY_MS;

const isoOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
function written(day: number): string {
	const date = new Date(day * DAY_MS);
	return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}
function writtenRange(from: number, to: number): string {
	const a = new Date(from * DAY_MS);
	const b = new Date(to * DAY_MS);
	if (a.getUTCFullYear() !== b.getUTCFullYear()) return `${written(from)}-${written(to)}`;
	if (a.getUTCMonth() !== b.getUTCMonth())
		return `${MONTHS[a.getUTCMonth()]} ${a.getUTCDate()}-${MONTHS[b.getUTCMonth()]} ${b.getUTCDate()}, ${b.getUTCFullYear()}`;
	return `${MONTHS[a.getUTCMonth()]} ${a.getUTCDate()}-${b.getUTCDate()}, ${b.getUTCFullYear()}`;
}

const ACTIVITIES: readonly { activity: Activity; weight: number; minOrgs: number }[] = [
	{ activity: 'registration', weight: 22, minOrgs: 0 },
	{ activity: 'training', weight: 16, minOrgs: 1 },
	{ activity: 'visit', weight: 14, minOrgs: 1 },
	{ activity: 'symposium', weight: 12, minOrgs: 0 },
	{ activity: 'donation', weight: 12, minOrgs: 1 },
	{ activity: 'project', weight: 14, minOrgs: 1 },
	{ activity: 'publicity', weight: 6, minOrgs: 0 },
	{ activity: 'temporary', weight: 4, minOrgs: 1 },
];
const ACTIVITY_TOTAL = ACTIVITIES.reduce((n, a) => n + a.weight, 0);
const ACTIVITY_HEADLINE: Record<Activity, string> = {
	registration: 'Registration',
	training: 'Training',
	visit: 'a Visit',
	symposium: 'a Symposium',
	donation: 'Donations',
	project: 'a New Project',
	publicity: 'Outreach',
	temporary: 'Temporary Activities',
};
const OPENERS = ['Participants', 'Representatives', 'Organizers', 'Local partners', 'Attendees', 'Staff members'];
const VERBS = ['discussed', 'reviewed', 'shared', 'stressed', 'called for', 'exchanged views on', 'reported on'];
const LISTING_TOPICS = [
	'Chinese NGOs Going Out',
	'Foreign NGO Law',
	'Rural Revitalization',
	'Public Welfare',
	'Charity Law',
];

/** Builds the organization population and vocabulary for a seed (independent of the corpus size). */
export function createWorld(
	options: { seed?: number; orgs?: number; vocabulary?: number; reference?: CorpusReference } = {},
): CorpusWorld {
	const seed = options.seed ?? DEFAULT_SEED;
	const reference = options.reference ?? loadCorpusReference();
	return {
		seed,
		reference,
		orgs: createOrgPopulation(options.orgs ?? 4_000, seed ^ 0x5bd1e995, reference),
		vocabulary: createVocabulary(options.vocabulary ?? 6_000, seed ^ 0x27d4eb2f),
	};
}

/** Generates documents until they hold `entries` entries in total; the same options give the same documents. */
export function* generateCorpus(
	options: CorpusOptions,
	world: CorpusWorld = createWorld(options),
): Generator<SyntheticDocument> {
	const random = mulberry32(world.seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	const provinces = new ZipfSampler(world.reference.provinces, 1.0);
	const orgs = new ZipfSampler(world.orgs, 0.9);
	const vocabulary = new ZipfSampler(world.vocabulary, 1.0);

	const filler = (n: number) => Array.from({ length: n }, () => vocabulary.sample(random)).join(' ');
	const sentence = () => `${pick(OPENERS)} ${pick(VERBS)} ${filler(between(3, 6))} and ${filler(between(2, 5))}.`;
	const fillerParagraph = () => Array.from({ length: between(2, 5) }, sentence).join(' ');

	/** Distinct orgs for one entry: no two share a name tail or an acronym, so the extractor keeps them apart. */
	const pickOrgs = (n: number): SyntheticOrg[] => {
		const chosen: SyntheticOrg[] = [];
		for (let tries = 0; chosen.length < n && tries < 50; tries++) {
			const org = orgs.sample(random);
			if (chosen.some((c) => c === org || c.name.endsWith(org.name) || org.name.endsWith(c.name))) continue;
			chosen.push(org);
		}
		return chosen;
	};

	const activityOf = (): { activity: Activity; minOrgs: number } => {
		let x = random() * ACTIVITY_TOTAL;
		for (const a of ACTIVITIES) {
			x -= a.weight;
			if (x < 0) return a;
		}
		return ACTIVITIES[0]!;
	};

	/** One item: its paragraphs and what they name. */
	const item = (date: IsoDate | null, lead: string | null) => {
		const province = provinces.sample(random);
		const { activity, minOrgs } = activityOf();
		const roll = random();
		const count = Math.max(minOrgs, roll < 0.15 ? 0 : roll < 0.65 ? 1 : roll < 0.9 ? 2 : 3);
		const named = pickOrgs(count);
		const countries: Record<string, string> = {};
		const mention = (org: SyntheticOrg): string => {
			let text = `the ${org.name}`;
			if (org.country !== null && random() < 0.8) {
				text += ` (${org.country})`;
				countries[org.name] = org.country;
			} else if (org.acronym !== null && random() < 0.6) text += ` (${org.acronym})`;
			return text;
		};
		const mainland = province.kind !== 'sar' && province.name !== 'Taiwan';
		const office = mainland ? `the ${province.name} PSB Foreign NGO Management Office` : null;
		const place = (): string => {
			const form = random();
			if (form < 0.4 && province.cities.length > 0) return pick(province.cities);
			if (form < 0.55) return `${province.name} (${province.zh})`;
			if (form < 0.75 && province.kind === 'province') return `${province.name} Province`;
			return province.name;
		};
		const n = () => between(2, 60);
		const [o1, o3] = [named[0], named[2]];
		const all = named.map((org) => mention(org));
		const others = all.slice(1);
		const withOthers = others.length ? `, together with ${others.join(' and ')},` : '';
		// Sentences are written in lower case and capitalized here unless a lead ("Recently,", "On May 4, 2020,") opens them.
		const opening = (rest: string) => (lead ? `${lead} ${rest}` : `${rest[0]!.toUpperCase()}${rest.slice(1)}`);
		const authority = office ?? `the authorities in ${province.name}`;
		let first: string;
		switch (activity) {
			case 'registration':
				first = o1
					? opening(
							`${authority} issued a registration certificate to ${all[0]}${withOthers} which will carry out ${filler(2)} projects in ${place()}.`,
						)
					: opening(
							`${authority} issued ${n()} foreign NGO registration certificates and explained the ${filler(2)} requirements.`,
						);
				break;
			case 'training':
				first = opening(
					`${all[0]}${withOthers} held a training session on ${filler(2)} for ${n()} ${filler(1)} workers in ${place()}.`,
				);
				break;
			case 'visit':
				first = opening(
					`the head of ${authority} paid a visit to ${all[0]}${withOthers} to learn about its ${filler(2)} work in ${place()}.`,
				);
				break;
			case 'symposium':
				first = o1
					? opening(`${authority} held a symposium with representatives of ${all.join(' and ')} on ${filler(3)}.`)
					: opening(`${authority} held a symposium on ${filler(3)} with ${n()} foreign NGO representatives.`);
				break;
			case 'donation':
				first = opening(`${all[0]}${withOthers} donated ${n()}0,000 yuan to support ${filler(2)} in ${place()}.`);
				break;
			case 'project':
				first = opening(
					`${all[0]}${withOthers} launched a ${filler(2)} project in ${place()} in collaboration with local ${filler(1)} groups.`,
				);
				break;
			case 'publicity':
				first = o1
					? opening(
							`${authority} carried out publicity on the Foreign NGO Law with ${all.join(' and ')}, handing out ${n()} brochures on ${filler(2)}.`,
						)
					: opening(
							`${authority} carried out publicity on the Foreign NGO Law in ${place()}, handing out ${n()} brochures on ${filler(2)}.`,
						);
				break;
			case 'temporary':
				first = opening(
					`${all[0]}${withOthers} filed a temporary activity on ${filler(2)} in ${place()} with a local ${filler(1)} partner.`,
				);
				break;
		}
		// Every name in the item is said in the first paragraph; a third org may come back in a later one.
		const paragraphs = [first];
		const more = random() < 0.15 ? 0 : between(1, 2);
		for (let i = 0; i < more; i++) paragraphs.push(fillerParagraph());
		if (o3 && more > 0 && random() < 0.5) paragraphs[1] += ` Staff of the ${o3.name} also attended.`;
		const expected: ExpectedEntry = {
			date,
			provinces: [province.name],
			orgs: named.map((org) => org.name),
			countries,
			activity,
		};
		return { paragraphs, expected, province, activity, orgs: named };
	};

	let remaining = options.entries;
	for (let index = 0; remaining > 0; index++) {
		const kindRoll = random();
		const kind: SyntheticKind = kindRoll < 0.7 ? 'digest' : kindRoll < 0.85 ? 'listing' : 'article';
		const name = `doc-${String(index).padStart(6, '0')}-${kind}.txt`;
		const published = between(FIRST_DAY, LAST_DAY);
		if (kind === 'digest') {
			const count = Math.min(remaining, between(5, 20));
			const to = published - between(3, 10);
			const from = to - between(5, 14);
			const days = Array.from({ length: count }, () => between(from, to)).sort((a, b) => a - b);
			const items = days.map((day) => item(isoOf(day), random() < 0.3 ? 'Recently,' : null));
			const headline = items
				.slice(0, 3)
				.map((it) => `${ACTIVITY_HEADLINE[it.activity]} in ${it.province.name}`)
				.join(', ');
			const parts = ['You are here', written(published), headline];
			parts.push(`Ministry of Public Security WeChat Posts—${writtenRange(from, to)}`);
			items.forEach((it, i) => parts.push(`${written(days[i]!)}:`, ...it.paragraphs));
			parts.push('Support ChinaFile');
			remaining -= count;
			yield { name, kind, text: `${parts.join('\n\n')}\n`, entries: items.map((it) => it.expected) };
		} else if (kind === 'listing') {
			const count = Math.min(remaining, between(4, 10));
			const parts = [`Keyword: ${pick(LISTING_TOPICS)}`];
			const entries: ExpectedEntry[] = [];
			let previous = '';
			for (let i = 0; i < count; i++) {
				const day = between(FIRST_DAY, LAST_DAY);
				const it = item(isoOf(day), `On ${written(day)},`);
				const headline = ACTIVITY_HEADLINE[it.activity].replace(/^a /, 'A ');
				// Consecutive teasers with the same (or a prefix of the same) title would read as one repeated title.
				let title = `${headline} in ${it.province.name} on ${filler(2)}`;
				while (previous !== '' && (previous.startsWith(title) || title.startsWith(previous)))
					title = `${headline} in ${it.province.name} on ${filler(3)}`;
				previous = title;
				parts.push(title);
				if (random() < 0.5) parts.push(title);
				parts.push(`${it.paragraphs[0]} ${sentence().slice(0, -1)} …read more`);
				entries.push(it.expected);
			}
			remaining -= count;
			yield { name, kind, text: `${parts.join('\n\n')}\n`, entries };
		} else {
			const it = item(isoOf(published), null);
			const title = `${ACTIVITY_HEADLINE[it.activity].replace(/^a /, 'A ')} in ${it.province.name}: ${filler(3)}`;
			const paragraphs = [...it.paragraphs, fillerParagraph()];
			remaining -= 1;
			yield {
				name,
				kind,
				text: `${[title, written(published), ...paragraphs].join('\n\n')}\n`,
				entries: [it.expected],
			};
		}
	}
}
