import { z } from 'zod';
import { searchTokens } from '../domain/search-text.js';
import { execAll } from '../domain/matches.js';

/** Canonical English name of a province-level division ("Hunan", "Inner Mongolia", "Hong Kong"). */
export type ProvinceName = string;

export const PROVINCE_KINDS = ['province', 'autonomous_region', 'municipality', 'sar'] as const;
export type ProvinceKind = (typeof PROVINCE_KINDS)[number];

export const CITY_LEVELS = ['prefecture', 'county', 'district', 'area'] as const;
export type CityLevel = (typeof CITY_LEVELS)[number];

/** A place found in text: which division it locates, where, and through which kind of name. */
export interface PlaceMention {
	province: ProvinceName;
	start: number;
	end: number;
	/** The text exactly as written between `start` and `end`. */
	surface: string;
	/** `zh` is a Chinese province name; a city matched in any script is `city`. */
	via: 'name' | 'alias' | 'zh' | 'city';
	/** Canonical name of the city when `via` is `city`. */
	city?: string;
}

export interface CityInfo {
	readonly name: string;
	readonly level: CityLevel;
	readonly zh: readonly string[];
	readonly aliases: readonly string[];
	/** The English `name` is shared with a place in another division, so it locates nothing on its own. */
	readonly ambiguous: boolean;
}

export interface ProvinceInfo {
	readonly name: ProvinceName;
	readonly kind: ProvinceKind;
	readonly zh: readonly string[];
	readonly aliases: readonly string[];
	readonly cities: readonly CityInfo[];
}

export interface Gazetteer {
	readonly provinces: readonly ProvinceInfo[];
	/** Every unambiguous mention of a province-level division or of a city/prefecture in `text`, in text order. */
	findMentions(text: string): PlaceMention[];
	/** Exact resolution of a user query (English, pinyin, Chinese, "X Province", "X City", city names, known misspellings); never fuzzy. */
	resolve(query: string): { province: ProvinceName; matched: string; via: PlaceMention['via'] } | null;
	/** Autocomplete: provinces whose name/alias/zh/city starts with `prefix` (case/diacritic-insensitive), province names first; never fuzzy. */
	suggest(prefix: string, limit?: number): { province: ProvinceName; label: string }[];
}

// English surfaces are words joined by single spaces, hyphens or apostrophes: the text scanner tokenizes the same way.
const ENGLISH_SURFACE = /^[\p{Script=Latin}\p{M}\p{N}]+(?:[ '’-][\p{Script=Latin}\p{M}\p{N}]+)*$/u;
const CHINESE_SURFACE = /^\p{Script=Han}+$/u;

const englishSurface = z.string().regex(ENGLISH_SURFACE, 'must be words joined by spaces, hyphens or apostrophes');
const chineseSurface = z.string().regex(CHINESE_SURFACE, 'must be Chinese characters only');

const CitySchema = z.strictObject({
	name: englishSurface,
	level: z.enum(CITY_LEVELS),
	zh: z.array(chineseSurface),
	aliases: z.array(englishSurface),
	ambiguous: z.boolean().optional(),
});

const ProvinceSchema = z.strictObject({
	name: englishSurface,
	kind: z.enum(PROVINCE_KINDS),
	zh: z.array(chineseSurface).min(1),
	aliases: z.array(englishSurface),
	cities: z.array(CitySchema),
});

export const GazetteerDataSchema = z.strictObject({
	provinces: z.array(ProvinceSchema).min(1),
	/** English phrases that contain a place name without placing anything there ("Nanyang Technological University"). */
	exclusions: z.array(englishSurface),
});

export type GazetteerData = z.infer<typeof GazetteerDataSchema>;

/** Validates parsed provinces.json, throwing an error that names the offending record. */
export function loadGazetteerData(json: unknown): GazetteerData {
	const parsed = GazetteerDataSchema.safeParse(json);
	if (!parsed.success) {
		const details = parsed.error.issues
			.slice(0, 5)
			.map((issue) => `${describePath(json, issue.path)}: ${issue.message}`);
		throw new Error(`Invalid gazetteer data: ${details.join('; ')}`);
	}
	const problems = checkGazetteerData(parsed.data);
	if (problems.length > 0) throw new Error(`Invalid gazetteer data: ${problems.slice(0, 10).join('; ')}`);
	return parsed.data;
}

/** Names a zod issue path by the records it crosses: `provinces[3] "Guangdong" > cities[5] "Foshan" > zh[0]`. */
function describePath(json: unknown, path: readonly PropertyKey[]): string {
	const parts: string[] = [];
	let node: unknown = json;
	for (const key of path) {
		node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
		if (typeof key === 'number') {
			const last = parts.pop() ?? '';
			const name = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)['name'] : undefined;
			parts.push(typeof name === 'string' ? `${last}[${key}] "${name}"` : `${last}[${key}]`);
		} else {
			parts.push(String(key));
		}
	}
	return parts.length > 0 ? parts.join(' > ') : '(root)';
}

/** Cross-record consistency that a schema cannot express; returns one message per problem. */
function checkGazetteerData(data: GazetteerData): string[] {
	const problems: string[] = [];
	const names = new Set<string>();
	for (const province of data.provinces) {
		if (names.has(province.name)) problems.push(`duplicate province "${province.name}"`);
		names.add(province.name);
	}
	const english = collectEnglish(data);
	for (const [key, sources] of english) {
		const provinces = new Set(sources.filter((s) => s.province !== null).map((s) => s.province));
		const excluded = sources.some((s) => s.province === null);
		const where = sources.map((s) => s.label).join(', ');
		if (excluded && provinces.size > 0) problems.push(`exclusion "${key}" is also a place name (${where})`);
		const marked = sources.filter((s) => s.ambiguous);
		if (provinces.size > 1 && marked.length < sources.length) {
			problems.push(
				`English name "${key}" maps to ${[...provinces].join(' and ')} but is not marked ambiguous (${where})`,
			);
		}
		if (marked.length > 0 && provinces.size < 2) {
			problems.push(`English name "${key}" is marked ambiguous but only names a place in ${[...provinces].join('')}`);
		}
	}
	const chinese = new Map<string, Set<string>>();
	for (const province of data.provinces) {
		for (const zh of [...province.zh, ...province.cities.flatMap((c) => c.zh)]) {
			const set = chinese.get(zh) ?? new Set<string>();
			set.add(province.name);
			chinese.set(zh, set);
		}
	}
	for (const [zh, provinces] of chinese) {
		if (provinces.size > 1) problems.push(`Chinese name "${zh}" maps to ${[...provinces].join(' and ')}`);
	}
	return problems;
}

interface EnglishSource {
	province: ProvinceName | null;
	via: PlaceMention['via'];
	city: string | undefined;
	surface: string;
	ambiguous: boolean;
	label: string;
}

/** Every English surface of the data under its normalized key, with where it comes from. */
function collectEnglish(data: GazetteerData): Map<string, EnglishSource[]> {
	const map = new Map<string, EnglishSource[]>();
	const add = (surface: string, source: Omit<EnglishSource, 'surface'>): void => {
		const key = normalizeEnglish(surface);
		const list = map.get(key) ?? [];
		list.push({ ...source, surface });
		map.set(key, list);
	};
	for (const p of data.provinces) {
		add(p.name, { province: p.name, via: 'name', city: undefined, ambiguous: false, label: p.name });
		for (const alias of p.aliases) {
			add(alias, { province: p.name, via: 'alias', city: undefined, ambiguous: false, label: `${p.name} alias` });
		}
		for (const city of p.cities) {
			const label = `${p.name} > ${city.name}`;
			add(city.name, { province: p.name, via: 'city', city: city.name, ambiguous: city.ambiguous === true, label });
			for (const alias of city.aliases) {
				add(alias, { province: p.name, via: 'city', city: city.name, ambiguous: false, label });
			}
		}
	}
	for (const phrase of data.exclusions) {
		add(phrase, { province: null, via: 'name', city: undefined, ambiguous: false, label: 'exclusions' });
	}
	return map;
}

/** Lower case, no diacritics, one apostrophe form, hyphens and whitespace runs as single spaces. */
export function normalizeEnglish(s: string): string {
	return s
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/['’‘ʼ`´]/g, "'")
		.replace(/[\s\u00a0\u2010\u2011\u2013-]+/g, ' ')
		.trim();
}

/** What an English key stands for; `province: null` blocks a phrase (exclusions and ambiguous names). */
interface Target {
	province: ProvinceName | null;
	via: PlaceMention['via'];
	city: string | undefined;
	/** The data's own spelling, returned by `resolve` as `matched`. */
	surface: string;
	kind: ProvinceKind;
}

const VIA_RANK: Record<PlaceMention['via'], number> = { name: 0, alias: 1, zh: 2, city: 3 };

// Given names often equal city names ("Li Jinhua"), so a city right after a common surname is a person, not a place.
const SURNAMES = new Set(
	(
		'li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han ' +
		'feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding ren shen yao cui zhong tan ' +
		'fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao gu mao hao gong shao ' +
		'wan qian dai mo kong xiang'
	).split(' '),
);

// A joiner between two tokens: ' ' (spaces, one line break or a hyphen), "'" (an apostrophe) or null (anything else).
export function classifyJoiner(gap: string): string | null {
	if (gap === ' ') return ' '; // most gaps
	if (gap.length === 1 && /['’‘ʼ`´]/.test(gap)) return "'";
	if (/^[ \t\u00a0\u2009\u202f]*(?:\r?\n)?[ \t\u00a0\u2009\u202f]*$/.test(gap) && gap.length > 0) return ' ';
	if (/^[\u2010\u2011\u2013-]$/.test(gap)) return ' ';
	return null;
}

const TOKEN = /[\p{Script=Latin}\p{M}\p{N}]+/gu;
const ASCII = /^\p{ASCII}*$/u;

/**
 * normalizeEnglish of a TOKEN match. An ASCII one is letters and digits only, which normalizing only lower-cases;
 * most tokens are, and skip the normalization and four replacements.
 */
export function normalizeToken(token: string): string {
	return ASCII.test(token) ? token.toLowerCase() : normalizeEnglish(token);
}
const HAN_RUN = /\p{Script=Han}+/gu;
const UPPER_START = /^\p{Lu}/u;
const UPPER_AT = /\p{Lu}/uy;

/** Whether the character at `index` is upper case: UPPER_START of a token starting there, without slicing it out. */
export function upperAt(text: string, index: number): boolean {
	UPPER_AT.lastIndex = index;
	return UPPER_AT.test(text);
}

const PROVINCE_SUFFIXES = [
	' special administrative region',
	' autonomous region',
	' province',
	' region',
	' sar',
	' sheng',
];
const CITY_SUFFIXES = [
	' autonomous prefecture',
	' prefecture',
	' municipality',
	' new area',
	' district',
	' county',
	' league',
	' city',
	' shi',
];

/** Tokens of every province, alias and city name: never expanded fuzzily nor respelled (Hunan must not find Henan). */
export function placeTokens(gazetteer: Pick<Gazetteer, 'provinces'>): Set<string> {
	const tokens = new Set<string>();
	for (const province of gazetteer.provinces) {
		const names = [province.name, ...province.aliases, ...province.zh];
		for (const city of province.cities) names.push(city.name, ...city.aliases, ...city.zh);
		for (const name of names) for (const token of searchTokens(name)) tokens.add(token);
	}
	return tokens;
}

/** Builds the matcher and lookup tables once; every method is then a table lookup or a linear scan. */
export function createGazetteer(data: GazetteerData): Gazetteer {
	const provinces: ProvinceInfo[] = data.provinces.map((p) => ({
		name: p.name,
		kind: p.kind,
		zh: [...p.zh],
		aliases: [...p.aliases],
		cities: p.cities.map((c) => ({
			name: c.name,
			level: c.level,
			zh: [...c.zh],
			aliases: [...c.aliases],
			ambiguous: c.ambiguous === true,
		})),
	}));
	const kindOf = new Map(provinces.map((p) => [p.name, p.kind]));

	// English: one target per normalized key; a key naming two divisions, or marked ambiguous, blocks instead.
	const english = new Map<string, Target>();
	const prefixes = new Set<string>();
	for (const [key, sources] of collectEnglish(data)) {
		const places = new Set(sources.map((s) => s.province));
		const best = [...sources].sort((a, b) => VIA_RANK[a.via] - VIA_RANK[b.via])[0];
		if (best === undefined) continue;
		const blocked = places.size > 1 || places.has(null) || sources.some((s) => s.ambiguous);
		english.set(key, {
			province: blocked ? null : best.province,
			via: best.via,
			city: best.city,
			surface: best.surface,
			kind: kindOf.get(best.province ?? '') ?? 'province',
		});
		for (let i = 0; i < key.length; i++) if (key[i] === ' ' || key[i] === "'") prefixes.add(key.slice(0, i));
		prefixes.add(key);
	}

	const chinese = new Map<string, Target>();
	let maxZh = 0;
	let minZh = Infinity;
	const addZh = (zh: string, target: Target): void => {
		const existing = chinese.get(zh);
		chinese.set(zh, existing && existing.province !== target.province ? { ...target, province: null } : target);
		maxZh = Math.max(maxZh, zh.length);
		minZh = Math.min(minZh, zh.length);
	};
	for (const p of provinces) {
		for (const zh of p.zh) addZh(zh, { province: p.name, via: 'zh', city: undefined, surface: zh, kind: p.kind });
		for (const c of p.cities) {
			for (const zh of c.zh) addZh(zh, { province: p.name, via: 'city', city: c.name, surface: zh, kind: p.kind });
		}
	}

	function findEnglish(text: string, out: PlaceMention[]): void {
		const starts: number[] = [];
		const ends: number[] = [];
		// exec() on the shared pattern rather than matchAll(), whose iteration cost more than the matching (TOKEN never
		// matches the empty string).
		TOKEN.lastIndex = 0;
		for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
			starts.push(m.index);
			ends.push(m.index + m[0].length);
		}
		// What joins token i to the one before: null before the first token, undefined after the last. Only the tokens
		// from a capitalized one on are asked, so each gap is classified when asked (most tokens are lower-case).
		const joinerAt = (i: number): string | null | undefined =>
			i === 0 ? null : i < starts.length ? classifyJoiner(text.slice(ends[i - 1], starts[i])) : undefined;
		const tokenAt = (i: number): string => text.slice(starts[i], ends[i]);

		let i = 0;
		while (i < starts.length) {
			// Lower-case words are never places, and a token after an apostrophe is the tail of a word like Xi'an.
			if (!upperAt(text, starts[i]!) || joinerAt(i) === "'") {
				i++;
				continue;
			}
			let key = normalizeToken(tokenAt(i));
			let bestEnd = -1;
			let bestTarget: Target | undefined;
			for (let j = i; prefixes.has(key);) {
				const target = english.get(key);
				const next = joinerAt(j + 1);
				// A match may stop before an apostrophe only for a possessive: "Hong Kong’s", not "Xi" of "Xi’an".
				const endsWord = next !== "'" || tokenAt(j + 1).toLowerCase() === 's';
				if (target !== undefined && endsWord) {
					bestEnd = j;
					bestTarget = target;
				}
				if (next === null || next === undefined) break;
				j++;
				key += next + normalizeToken(tokenAt(j));
			}
			if (bestTarget === undefined) {
				i++;
				continue;
			}
			const start = starts[i] ?? 0;
			const end = ends[bestEnd] ?? start;
			const afterSurname = i > 0 && joinerAt(i) === ' ' && SURNAMES.has(tokenAt(i - 1).toLowerCase());
			const personName = bestTarget.via === 'city' && afterSurname && UPPER_START.test(tokenAt(i - 1));
			if (bestTarget.province !== null && !personName) {
				out.push(mention(text, start, end, bestTarget));
			}
			i = bestEnd + 1;
		}
	}

	function findChinese(text: string, out: PlaceMention[]): void {
		if (chinese.size === 0) return;
		for (const run of execAll(HAN_RUN, text)) {
			const s = run[0];
			let i = 0;
			while (i < s.length) {
				let matched = 0;
				for (let len = Math.min(maxZh, s.length - i); len >= minZh; len--) {
					const target = chinese.get(s.slice(i, i + len));
					if (target === undefined) continue;
					if (target.province !== null) out.push(mention(text, run.index + i, run.index + i + len, target));
					matched = len;
					break;
				}
				i += matched > 0 ? matched : 1;
			}
		}
	}

	function findMentions(text: string): PlaceMention[] {
		const out: PlaceMention[] = [];
		findEnglish(text, out);
		const englishCount = out.length;
		findChinese(text, out);
		if (out.length > englishCount && englishCount > 0) out.sort((a, b) => a.start - b.start);
		return out;
	}

	function resolve(query: string): { province: ProvinceName; matched: string; via: PlaceMention['via'] } | null {
		const q = query.normalize('NFKC').trim();
		if (q === '') return null;
		if (/\p{Script=Han}/u.test(q)) {
			const target = chinese.get(q.replace(/\s+/g, ''));
			return target?.province ? { province: target.province, matched: target.surface, via: target.via } : null;
		}
		// "the Xinjiang Uyghur Autonomous Region", "Chengdu, China." name the same place as their core.
		const key = normalizeEnglish(q)
			.replace(/[.,;:!?]+$/, '')
			.replace(/^the /, '')
			.replace(/,? (?:china|prc)$/, '')
			.trim();
		const exact = english.get(key);
		if (exact !== undefined) return answer(exact);
		for (const suffix of PROVINCE_SUFFIXES) {
			if (!key.endsWith(suffix)) continue;
			const target = english.get(key.slice(0, -suffix.length));
			// "X Province" names a province-level division, never a city.
			if (target !== undefined && target.via !== 'city') return answer(target);
			return null;
		}
		for (const suffix of CITY_SUFFIXES) {
			if (!key.endsWith(suffix)) continue;
			const target = english.get(key.slice(0, -suffix.length));
			const cityLike = target?.via === 'city' || target?.kind === 'municipality' || target?.kind === 'sar';
			return target !== undefined && cityLike ? answer(target) : null;
		}
		return null;
	}

	function answer(target: Target): { province: ProvinceName; matched: string; via: PlaceMention['via'] } | null {
		return target.province === null ? null : { province: target.province, matched: target.surface, via: target.via };
	}

	// Autocomplete candidates: rank 0 province names, 1 aliases, 2 Chinese province names, 3 city names, 4 Chinese city names.
	interface Suggestion {
		key: string;
		province: ProvinceName;
		label: string;
		rank: number;
	}
	const suggestions: Suggestion[] = [];
	for (const p of provinces) {
		suggestions.push({ key: normalizeEnglish(p.name), province: p.name, label: p.name, rank: 0 });
		for (const a of p.aliases) {
			suggestions.push({ key: normalizeEnglish(a), province: p.name, label: `${a} (${p.name})`, rank: 1 });
		}
		for (const zh of p.zh) suggestions.push({ key: zh, province: p.name, label: `${zh} (${p.name})`, rank: 2 });
		for (const c of p.cities) {
			for (const n of [c.name, ...c.aliases]) {
				suggestions.push({ key: normalizeEnglish(n), province: p.name, label: `${n} (${p.name})`, rank: 3 });
			}
			for (const zh of c.zh) suggestions.push({ key: zh, province: p.name, label: `${zh} (${p.name})`, rank: 4 });
		}
	}

	// The default limit is Discord's maximum number of autocomplete choices.
	function suggest(prefix: string, limit = 25): { province: ProvinceName; label: string }[] {
		const p = prefix.normalize('NFKC');
		const key = /\p{Script=Han}/u.test(p) ? p.replace(/\s+/g, '') : normalizeEnglish(p);
		const best = new Map<ProvinceName, Suggestion>();
		for (const s of suggestions) {
			if (!s.key.startsWith(key)) continue;
			const current = best.get(s.province);
			if (
				current === undefined ||
				s.rank < current.rank ||
				(s.rank === current.rank && s.label.length < current.label.length)
			) {
				best.set(s.province, s);
			}
		}
		return [...best.values()]
			.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label, 'en'))
			.slice(0, Math.max(0, limit))
			.map((s) => ({ province: s.province, label: s.label }));
	}

	return { provinces, findMentions, resolve, suggest };
}

function mention(text: string, start: number, end: number, target: Target): PlaceMention {
	const m: PlaceMention = {
		province: target.province ?? '',
		start,
		end,
		surface: text.slice(start, end),
		via: target.via,
	};
	if (target.city !== undefined) m.city = target.city;
	return m;
}
