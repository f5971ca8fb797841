import type { FieldOfWork } from '../domain/entry.js';

/**
 * Words that say what an entry's work is about, one list per field of ChinaFile's scheme. Following ChinaFile:
 * "youth" is children and school age, "education" is the sector (schools, teachers, scholarships), not a way of
 * working (a training is not education), and need-based school aid is also poverty alleviation.
 */
export const FIELD_WORDS: Readonly<Record<FieldOfWork, RegExp>> = {
	aging:
		/\b(?:elderly|older (?:people|persons|adults)|old-age|ag(?:e)?ing population|senior citizens|elder(?:ly)? care|nursing homes?|pensioners?)\b/i,
	agriculture:
		/\b(?:agricultur\w*|farmers?|farming|farmland|crops?|livestock|herders?|tea growers?|smallholders?|fisher(?:y|ies|men)|seeds?)\b/i,
	animal_protection:
		/\b(?:animal (?:welfare|protection|rights)|wildlife|stray (?:dogs|cats|animals)|bears?|pandas?|endangered species|animals)\b/i,
	arts_culture:
		/\b(?:cultur(?:e|al)|arts?|artists?|music\w*|museums?|heritage|films?|theat(?:er|re)s?|dance|literature|painting|calligraphy|tea craft)\b/i,
	civil_society:
		/\b(?:civil society|capacity[- ]building|philanthrop\w+|social work(?:ers)?|non-?profit sector|charity sector|incubat\w+|grassroots (?:NGOs|organi[sz]ations))\b/i,
	disabilities:
		/\b(?:disabilit\w+|disabled|blind|deaf|autis\w+|wheelchairs?|special needs|rehabilitation|sign language|visually impaired)\b/i,
	disaster_relief:
		/\b(?:disasters?|earthquakes?|quake|floods?|flooding|typhoons?|landslides?|drought|emergency (?:relief|rescue|response)|rescue (?:teams?|efforts)|relief (?:supplies|materials|efforts|work))\b/i,
	economic_development:
		/\b(?:economic (?:development|growth|cooperation)|investment|entrepreneur\w*|enterprises?|industr(?:y|ies|ial)|business development|economy)\b/i,
	education:
		/\b(?:educat(?:ion|ional)|schools?|teachers?|students?|universit(?:y|ies)|colleges?|scholarships?|tuition|kindergartens?|literacy|libraries|headmasters?|curricul\w+|academic)\b/i,
	energy: /\b(?:energy|renewable|solar|wind power|electricity|clean cooking)\b/i,
	environment:
		/\b(?:environment\w*|pollution|climate|emissions?|desertification|deserts?|afforestation|tree[- ]planting|greening|conservation|ecolog\w+|biodiversity|recycl\w+|waste|air quality|forest(?:s|ry)?|wetlands?|rivers? basin)\b/i,
	ethnic_affairs: /\b(?:ethnic\w*|minorit(?:y|ies) (?:groups|areas|nationalities)|Tibetan|Uy?ghurs?|Uighurs?)\b/i,
	health:
		/\b(?:health|medical|medicine|hospitals?|clinics?|diseases?|HIV|AIDS|leprosy|doctors?|nurses?|patients?|eye (?:care|health)|cataracts?|surgery|treatment|vaccin\w+|epidemic|COVID(?:-19)?|coronavirus|nutrition|anti-aging|dermatolog\w+)\b/i,
	infrastructure: /\b(?:infrastructure|roads?|bridges?|water supply|drinking water|sanitation|toilets|reservoirs?)\b/i,
	international_exchange:
		/\b(?:exchanges?|cross-strait|friendship|people-to-people|international cooperation|Belt and Road|One Belt,? One Road|sister cit(?:y|ies)|two shores)\b/i,
	labor_migrants: /\b(?:labou?r|workers['’]? rights|migrant workers?|migrants?|employment|vocational|seamen)\b/i,
	law_governance:
		/\b(?:legal aid|legal services|rule of law|judicial|lawyers?|governance|human rights|access to justice)\b/i,
	lgbtq: /\b(?:LGBT\w*|gay|lesbian|transgender|sexual minorit(?:y|ies))\b/i,
	media: /\b(?:media|journalis\w+|broadcast\w*|newspapers?|television|publishing|communication association)\b/i,
	poverty_alleviation:
		/\b(?:poverty|poor|impoverished|needy|financial aid|underprivileged|low-income|disadvantaged)\b|助学/i,
	rural_development: /\b(?:rural|villages?|villagers|countryside|township)\b/i,
	sport: /\b(?:sports?|football|volleyball|basketball|marathons?|athlet\w+|olympic)\b/i,
	technology: /\b(?:technolog\w+|science|scientific|digital\w*|innovation|internet|software|engineering)\b/i,
	tourism: /\b(?:touris[mt]\w*)\b/i,
	trade: /\b(?:trade|commerce|commercial|imports?|exports?|business council|meat export|wine)\b/i,
	womens_issues: /\b(?:women|woman|girls?|gender|maternal|domestic violence|female)\b/i,
	youth:
		/\b(?:child(?:ren)?|youths?|young people|teenagers?|adolescents?|kids|pupils|kindergartens?|primary school|middle school|high schools?|orphan\w*|babies|infants?|juveniles?)\b/i,
};

// Proper names say who, not what the work is: "Wuhan University", "the Foreign NGO Law", "Red Cross Society".
const PROPER_NAME = /^\p{Lu}/u;

export interface FieldCue {
	readonly field: FieldOfWork;
	readonly start: number;
	readonly end: number;
}

const FIELD_PATTERNS = Object.entries(FIELD_WORDS) as [FieldOfWork, RegExp][];

/**
 * Where a field's words may start: a word boundary, or the Chinese "助学" (the one alternative that needs none).
 * Every match of every field pattern starts at such a place (test/property/fast-paths.test.ts checks it).
 */
const FIELD_START = String.raw`(?:\b|(?=助学))`;
// Every place where some field's pattern matches, in one pass: the fields are then tried there only, instead of each
// of the 27 patterns scanning the whole text (most of which match nowhere in it). The general way, for patterns
// whose openings cannot be read (see FIELD_OPENINGS).
const ANY_FIELD = new RegExp(
	`${FIELD_START}(?=${FIELD_PATTERNS.map(([, pattern]) => `(?:${pattern.source})`).join('|')})`,
	'gi',
);
// Each pattern anchored where it is tried (sticky): its match there is the one its global scan would find there.
const STICKY_FIELD_WORDS = FIELD_PATTERNS.map(
	([field, pattern]) => [field, new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`)] as const,
);

/** The letters every match of one alternative of a pattern opens with, and whether a word boundary comes first. */
export interface FieldOpening {
	/** Lower case, at most three characters when after a boundary (ASCII then); the whole literal opening otherwise. */
	readonly prefix: string;
	readonly boundary: boolean;
}

// Characters that end an alternative's literal opening, and the quantifiers that make its last character optional.
const SPECIAL = new Set('\\()[]{}?*+|.^$');
const QUANTIFIER = new Set('?*+{');

/** Splits a pattern source at its top-level "|" (outside groups, classes and escapes). */
function topLevelAlternatives(source: string): string[] {
	const parts: string[] = [];
	let from = 0;
	scanSource(source, (i, depth) => {
		if (source[i] === '|' && depth === 0) {
			parts.push(source.slice(from, i));
			from = i + 1;
		}
		return true;
	});
	parts.push(source.slice(from));
	return parts;
}

/** Index of the ")" closing the group opened at `open`, or -1. */
function closingParen(source: string, open: number): number {
	let close = -1;
	scanSource(source, (i, depth) => {
		if (i > open && depth === 0 && source[i] === ')') close = i;
		return close < 0;
	});
	return close;
}

/**
 * Calls `visit` with each unescaped character outside character classes and the depth of groups around it (an
 * opening "(" counts itself, a closing ")" does not), while it returns true.
 */
function scanSource(source: string, visit: (index: number, depth: number) => boolean): void {
	let depth = 0;
	let inClass = false;
	for (let i = 0; i < source.length; i++) {
		const char = source[i]!;
		if (char === '\\') {
			i++;
			continue;
		}
		if (inClass) {
			inClass = char !== ']';
			continue;
		}
		if (char === '[') inClass = true;
		else if (char === '(') depth++;
		else if (char === ')') depth--;
		if (!visit(i, depth)) return;
	}
}

/** The literal characters an alternative opens with (a character a quantifier makes optional is not one of them). */
function literalOpening(alternative: string): string {
	let end = 0;
	while (end < alternative.length && !SPECIAL.has(alternative[end]!)) end++;
	if (end > 0 && QUANTIFIER.has(alternative[end] ?? '')) end--;
	return alternative.slice(0, end);
}

/**
 * The openings of a field pattern made of `\b(?:word|word …)\b` and plain literal alternatives, or null for any
 * other shape (the pattern is then found the general way). Only case-insensitive patterns without the `u` flag are
 * read: there `\b` is an ASCII word boundary and an ASCII letter matches ASCII letters only.
 */
export function fieldOpenings(pattern: RegExp): FieldOpening[] | null {
	if (pattern.flags.replace(/[gy]/g, '') !== 'i') return null;
	const openings: FieldOpening[] = [];
	for (const branch of topLevelAlternatives(pattern.source)) {
		// "\b(?:word|word …)\b": one group between two boundaries, whose every alternative opens after a boundary.
		const grouped =
			branch.startsWith('\\b(?:') && branch.endsWith(')\\b') && closingParen(branch, 2) === branch.length - 3;
		if (!grouped) {
			// A literal opening without a boundary, found by indexOf: only one case cannot change ("助学").
			const literal = literalOpening(branch);
			if (literal === '' || literal.toLowerCase() !== literal.toUpperCase()) return null;
			openings.push({ prefix: literal, boundary: false });
			continue;
		}
		for (const word of topLevelAlternatives(branch.slice(5, -3))) {
			const prefix = literalOpening(word).slice(0, 3).toLowerCase();
			// After a boundary a match opens with a word character; an ASCII one, looked up by its code.
			if (!/^\w[\x20-\x7e]*$/.test(prefix)) return null;
			openings.push({ prefix, boundary: true });
		}
	}
	return openings;
}

/**
 * Fields whose words may open where a word opens, by its first one, two or three characters (ASCII codes, lower
 * case): arrays indexed by code, which a word is looked up in far faster than in a map of strings or numbers.
 */
interface OpeningTable {
	/** Fields with a one-character opening, by its code. */
	readonly one: (number[] | undefined)[];
	/** By the codes of the first two characters (first × 128 + second). */
	readonly two: (TwoCharacters | undefined)[];
}

interface TwoCharacters {
	/** Fields with a two-character opening. */
	fields?: number[];
	/** Fields with a three-character opening, by the third character's code. */
	third?: (number[] | undefined)[];
}

function addField(list: number[] | undefined, field: number): number[] {
	if (list === undefined) return [field];
	if (!list.includes(field)) list.push(field);
	return list;
}

/** The openings of every field, or null when a pattern's cannot be read. */
function openingTable(): { words: OpeningTable; literals: { prefix: string; field: number }[] } | null {
	const words: OpeningTable = { one: new Array(128).fill(undefined), two: new Array(128 * 128).fill(undefined) };
	const literals: { prefix: string; field: number }[] = [];
	for (let field = 0; field < FIELD_PATTERNS.length; field++) {
		const openings = fieldOpenings(FIELD_PATTERNS[field]![1]);
		if (openings === null) return null;
		for (const { prefix, boundary } of openings) {
			if (!boundary) {
				literals.push({ prefix, field });
				continue;
			}
			const [first, second, third] = [...prefix].map((char) => char.charCodeAt(0));
			if (second === undefined) {
				words.one[first!] = addField(words.one[first!], field);
				continue;
			}
			const two = (words.two[first! * 128 + second] ??= {});
			if (third === undefined) two.fields = addField(two.fields, field);
			else {
				two.third ??= new Array(128).fill(undefined);
				two.third[third] = addField(two.third[third], field);
			}
		}
	}
	return { words, literals };
}

const FIELD_OPENINGS = openingTable();

function isWordCode(code: number): boolean {
	// \w without the u flag: ASCII letters and digits, and "_".
	return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** ASCII lower case of a character code, or -1 for a character no boundary opening holds. */
function openingCode(code: number): number {
	if (code >= 65 && code <= 90) return code + 32;
	return code >= 0x20 && code <= 0x7e ? code : -1;
}

/** The fields of work a text is about, each with the first words that say so, in the scheme's order. */
export function classifyFields(text: string): FieldCue[] {
	if (FIELD_OPENINGS === null) return classifyFieldsByScan(text);
	const search = new FieldSearch(text);
	search.tryWhereWordsOpen(FIELD_OPENINGS.words, FIELD_OPENINGS.literals);
	return search.found.filter((cue) => cue !== undefined);
}

/** classifyFields the general way, for patterns whose openings cannot be read: where ANY_FIELD matches. */
export function classifyFieldsByScan(text: string): FieldCue[] {
	const search = new FieldSearch(text);
	search.tryWhereAnyMatches();
	return search.found.filter((cue) => cue !== undefined);
}

/** One text's search: the first counted cue of each field, trying the fields at places in text order. */
class FieldSearch {
	readonly found: (FieldCue | undefined)[] = new Array<FieldCue | undefined>(STICKY_FIELD_WORDS.length);
	// Where each field's scan goes on: after a match that did not count, as a global scan would.
	private readonly from = new Array<number>(STICKY_FIELD_WORDS.length).fill(0);
	open = STICKY_FIELD_WORDS.length;

	constructor(private readonly text: string) {}

	/** Tries a field where its pattern may match: a place where it does not is passed over. */
	tryField(i: number, at: number): void {
		if (this.found[i] !== undefined || at < this.from[i]!) return;
		const [field, sticky] = STICKY_FIELD_WORDS[i]!;
		sticky.lastIndex = at;
		const m = sticky.exec(this.text);
		if (m === null) return;
		this.from[i] = at + Math.max(1, m[0].length);
		// "aids" is a verb; the disease is written AIDS.
		if (m[0].toLowerCase() === 'aids' && m[0] !== 'AIDS') return;
		if (insideProperName(this.text, at, m[0])) return;
		this.found[i] = { field, start: at, end: at + m[0].length };
		this.open--;
	}

	/** Every field at every place where some field matches (ANY_FIELD). */
	tryWhereAnyMatches(): void {
		const { text } = this;
		ANY_FIELD.lastIndex = 0;
		for (let start = ANY_FIELD.exec(text); start !== null && this.open > 0; start = ANY_FIELD.exec(text)) {
			const at = start.index;
			ANY_FIELD.lastIndex = at + 1; // the match is empty (a lookahead)
			for (let i = 0; i < STICKY_FIELD_WORDS.length; i++) this.tryField(i, at);
		}
		ANY_FIELD.lastIndex = 0;
	}

	/**
	 * The fields whose openings the text has there, where a word opens (the first to third characters looked up) and
	 * where a literal opening without a boundary is written: each pattern is tried at a few places rather than all of
	 * them at every word boundary, which cost ~5 % of parsing.
	 */
	tryWhereWordsOpen(words: OpeningTable, literals: readonly { prefix: string; field: number }[]): void {
		const { text } = this;
		const places = literalPlaces(text, literals);
		let next = 0;
		let nextPlace = places.length > 0 ? places[0]![0] : Infinity;
		let afterWord = false;
		for (let at = 0; at < text.length; at++) {
			const isWord = isWordCode(text.charCodeAt(at));
			const opensWord = isWord && !afterWord;
			afterWord = isWord;
			if (!opensWord && nextPlace > at) continue;
			if (this.open === 0) return;
			while (nextPlace <= at) {
				this.tryField(places[next]![1], nextPlace);
				next++;
				nextPlace = next < places.length ? places[next]![0] : Infinity;
			}
			if (opensWord) this.tryWordOpening(words, at, text.charCodeAt(at));
		}
		for (; next < places.length && this.open > 0; next++) this.tryField(places[next]![1], places[next]![0]);
	}

	/** The fields whose openings are the first one, two or three characters of the word opening at `at`. */
	private tryWordOpening(words: OpeningTable, at: number, first: number): void {
		const { text } = this;
		const code = openingCode(first);
		this.tryFields(words.one[code], at);
		const second = openingCode(text.charCodeAt(at + 1));
		const two = second < 0 ? undefined : words.two[code * 128 + second];
		if (two === undefined) return;
		this.tryFields(two.fields, at);
		const third = openingCode(text.charCodeAt(at + 2));
		if (third >= 0 && two.third !== undefined) this.tryFields(two.third[third], at);
	}

	private tryFields(fields: readonly number[] | undefined, at: number): void {
		if (fields !== undefined) for (const field of fields) this.tryField(field, at);
	}
}

/** Where each literal opening is written, in text order: [place, field]. */
function literalPlaces(text: string, literals: readonly { prefix: string; field: number }[]): [number, number][] {
	const places: [number, number][] = [];
	for (const { prefix, field } of literals) {
		for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) places.push([at, field]);
	}
	return places.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** A word written with a capital inside a run of capitalized words is part of a name. */
export function insideProperName(text: string, index: number, word: string): boolean {
	if (!PROPER_NAME.test(word) || /^(?:HIV|AIDS|COVID|LGBT|Tibetan|Uy?ghur|Uighur|Belt and Road|One Belt)/.test(word))
		return false;
	const before = text.slice(Math.max(0, index - 2), index);
	const after = text.slice(index + word.length, index + word.length + 2);
	// Capitalized next to another capitalized word: "Jiangxi Agricultural University", "Health Commission".
	return (
		/\p{Lu}[\p{L}’']*\s$/u.test(text.slice(Math.max(0, index - 30), index)) || /^\s\p{Lu}/u.test(after) || before === ''
	);
}
