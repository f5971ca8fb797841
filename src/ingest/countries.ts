import { z } from 'zod';
import { memoize } from '../domain/memo.js';

export interface CountryLexicon {
	/** Canonical country/region for a name or alias ("UK" → "United Kingdom", "Italy"), case-insensitive on whole strings; null if unknown. */
	byName(name: string): string | null;
	/** Canonical country for a demonym ("Italian" → "Italy", "French" → "France"); null if unknown. */
	byDemonym(word: string): string | null;
	/** Canonical country for a two-letter code as written in parentheses after a name ("(FR)", "(KR)"); null if unknown. */
	byCode(code: string): string | null;
	/** Country of a city organizations are said to be based in ("Brussels-based", "established in Washington D.C."). */
	byCity(city: string): string | null;
	/** True for China itself (domestic origin). */
	isDomestic(country: string): boolean;
	/**
	 * A regex source (no flags) matching any country name/alias in running text, longest first, word-bounded, for the
	 * org extractor. Case-sensitive by design ("US" is a country, "us" is not): compile it without the `i` flag.
	 */
	readonly namePattern: string;
	/** Same as `namePattern`, for demonyms ("Italian", "Hong Kong"). */
	readonly demonymPattern: string;
	/** Canonical names of every country and region, in data order. */
	readonly countries: readonly string[];
}

const surface = z
	.string()
	.min(2)
	.refine((s) => s === s.trim() && !/\s{2}/.test(s), 'must have no leading, trailing or doubled spaces');

const CountrySchema = z.strictObject({
	name: surface,
	aliases: z.array(surface),
	demonyms: z.array(surface),
	/** ISO 3166 alpha-2 codes (and "UK"), read only when a code stands alone in parentheses: "(FR)". */
	codes: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be two capital letters')).optional(),
	/** Cities where organizations are based, read only as an origin ("Brussels-based", "based in Geneva"). */
	cities: z.array(surface).optional(),
	zh: z.array(z.string().regex(/^[\p{Script=Han}（）]+$/u, 'must be Chinese characters only')),
	/** China itself: an org from here has no foreign origin. */
	domestic: z.boolean().optional(),
	/** Not a UN member state (Hong Kong, Taiwan, Palestine…). */
	region: z.boolean().optional(),
});

export const CountryDataSchema = z.strictObject({
	countries: z.array(CountrySchema).min(1),
	/** Phrases that contain a name without meaning the country ("Latin America", "Inner Mongolia"). */
	blockers: z.array(surface),
});

export type CountryData = z.infer<typeof CountryDataSchema>;

/** Case, diacritics, periods, apostrophe and hyphen variants and a leading "the" do not distinguish names. */
const ASCII = /^\p{ASCII}*$/u;

export function normalize(s: string): string {
	// Both normalizations leave ASCII as it is, with no marks to drop: most names and words skip three passes.
	const plain = ASCII.test(s) ? s : s.normalize('NFKC').normalize('NFKD').replace(/\p{M}/gu, '');
	return plain
		.toLowerCase()
		.replace(/['’‘ʼ`´]/g, "'")
		.replace(/\./g, '')
		.replace(/[\s\u00a0\u2010\u2011\u2013-]+/g, ' ')
		.trim()
		.replace(/^the /, '');
}

// Letters and digits that may not touch a match; ASCII plus Latin-1/Extended-A/B so the pattern works with or without `u`.
const WORD_CHAR = 'A-Za-z0-9\\u00C0-\\u024F';

function escapeRegex(s: string): string {
	return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** A literal made tolerant of curly apostrophes and of line breaks between words. */
function literal(s: string): string {
	return escapeRegex(s).replace(/['’]/g, "['’]").replace(/ /g, '\\s+');
}

/** One alternative for `s`, refusing the spots where a blocker phrase ("Latin America") contains it. */
function alternative(s: string, blockers: readonly string[]): string {
	let before = '';
	let after = '';
	for (const b of blockers) {
		if (b.length <= s.length) continue;
		if (b.endsWith(s) && /[ -]/.test(b.charAt(b.length - s.length - 1))) {
			before += `(?<!${literal(b.slice(0, b.length - s.length))})`;
		}
		if (b.startsWith(s) && /[ -]/.test(b.charAt(s.length))) after += `(?!${literal(b.slice(s.length))})`;
	}
	return before + literal(s) + after;
}

function buildPattern(surfaces: Iterable<string>, blockers: readonly string[]): string {
	const sorted = [...new Set(surfaces)].sort((a, b) => b.length - a.length || a.localeCompare(b));
	const alternatives = sorted.map((s) => alternative(s, blockers));
	return `(?<![${WORD_CHAR}])(?:${alternatives.join('|')})(?![${WORD_CHAR}])`;
}

/** Validates parsed countries.json and builds lookups and text patterns; throws naming the offending record. */
export function createCountryLexicon(json: unknown): CountryLexicon {
	const parsed = CountryDataSchema.safeParse(json);
	if (!parsed.success) {
		const details = parsed.error.issues.slice(0, 5).map((issue) => {
			const index = issue.path[1];
			const record =
				issue.path[0] === 'countries' && typeof index === 'number' ? describeRecord(json, index) : undefined;
			return `${record ?? issue.path.join('.')}: ${issue.path.slice(2).join('.')} ${issue.message}`.trim();
		});
		throw new Error(`Invalid country data: ${details.join('; ')}`);
	}
	const data = parsed.data;

	const names = new Map<string, string>();
	const demonyms = new Map<string, string>();
	const codes = new Map<string, string>();
	const cities = new Map<string, string>();
	const problems: string[] = [];
	const claim = (map: Map<string, string>, what: string, surfaceText: string, country: string): void => {
		const key = normalize(surfaceText);
		const owner = map.get(key);
		if (owner !== undefined && owner !== country) {
			problems.push(`${what} "${surfaceText}" of "${country}" already belongs to "${owner}"`);
		}
		map.set(key, country);
	};
	for (const c of data.countries) {
		for (const n of [c.name, ...c.aliases, ...c.zh]) claim(names, 'name', n, c.name);
		for (const d of c.demonyms) claim(demonyms, 'demonym', d, c.name);
		for (const code of c.codes ?? []) claim(codes, 'code', code, c.name);
		for (const city of c.cities ?? []) claim(cities, 'city', city, c.name);
	}
	if (problems.length > 0) throw new Error(`Invalid country data: ${problems.slice(0, 10).join('; ')}`);

	const domestic = new Set(data.countries.filter((c) => c.domestic === true).map((c) => c.name));
	// The org extractor asks about the same words again and again (every capitalized run, its prefixes): their
	// normalized forms are kept.
	const key = memoize(normalize);
	const byName = (name: string): string | null => names.get(key(name)) ?? null;

	return {
		byName,
		byDemonym: (word) => demonyms.get(key(word)) ?? null,
		byCity: (city) => cities.get(key(city)) ?? null,
		byCode: (code) => (/^[A-Z]{2}$/.test(code) ? (codes.get(key(code)) ?? null) : null),
		isDomestic: (country) => {
			const canonical = byName(country);
			return canonical !== null && domestic.has(canonical);
		},
		namePattern: buildPattern(
			data.countries.flatMap((c) => [c.name, ...c.aliases, ...c.zh]),
			data.blockers,
		),
		demonymPattern: buildPattern(
			data.countries.flatMap((c) => c.demonyms),
			data.blockers,
		),
		countries: data.countries.map((c) => c.name),
	};
}

function describeRecord(json: unknown, index: number): string {
	const list = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['countries'] : undefined;
	const record = Array.isArray(list) ? (list[index] as unknown) : undefined;
	const name = record !== null && typeof record === 'object' ? (record as Record<string, unknown>)['name'] : undefined;
	return typeof name === 'string' ? `countries[${index}] "${name}"` : `countries[${index}]`;
}
