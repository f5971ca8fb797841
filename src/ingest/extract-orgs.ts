import type { OrgMention } from '../domain/entry.js';
import { orgKey } from '../domain/names.js';
import type { CountryLexicon } from './countries.js';
import type { OrgSpan } from './extract-provinces.js';
import {
	BUSINESS_WORDS,
	CONNECTORS,
	EVENT_WORDS,
	GENERIC_NAMES,
	GENERIC_PLURAL,
	HEAD_FIRST,
	HEADS_NEEDING_RED,
	NGO_NOUNS,
	NON_NGO_PHRASES,
	NON_NGO_WORDS,
	PARTICLES,
	ROLE_WORDS,
	CIVIC_GROUP,
	PLACE_UNIT_WORDS,
	STATE_UNIT_WORDS,
	isOrgHead,
} from './org-lexicon.js';
import { type KnownOrg, type OrgDirectory, namesOf } from './org-directory.js';
import { execAll } from '../domain/matches.js';

export interface Span {
	readonly start: number;
	readonly end: number;
}

/** Words stating an organization's origin, and which reading found them. */
export interface OriginSpan extends OrgSpan {
	/** The origin they state, null for a domestic one ("China’s Sunflower Care Association"). */
	readonly country: string | null;
	/** How the origin is stated: "in parentheses", "possessive", "X-based", "based in" … */
	readonly how: string;
}

export interface OrgExtraction {
	readonly orgs: OrgMention[];
	/** Every place an organization is named, under its final name. */
	readonly names: OrgSpan[];
	/** Every statement of an organization's origin ("(Hong Kong)", "France’s", "Hong Kong-based"). */
	readonly origins: OriginSpan[];
	/** The spans of `origins`: text that is not a place where the activity happens. */
	readonly originSpans: Span[];
}

export interface OrgExtractorDeps {
	readonly countries: CountryLexicon;
	readonly directory: OrgDirectory;
	/** True for names of Chinese places, which are never organizations on their own. */
	readonly isPlace?: (name: string) => boolean;
}

export interface Token {
	readonly text: string;
	readonly start: number;
	readonly end: number;
	readonly word: boolean;
	/** Number of line breaks before the token: names never run across one. */
	readonly line: number;
}

interface Origin {
	country: string | null;
	start: number;
	end: number;
	how: string;
}

interface Candidate {
	name: string;
	start: number;
	end: number;
	country: string | null;
	origins: Origin[];
	aliases: string[];
	known: KnownOrg | null;
}

// "U.S", "U.K.", "A.I.F.O." are one word; so are words joined by apostrophes and hyphens.
// A token the last alternative matches (captured) is the only kind without a letter or digit: it is tried only where
// no letter or digit starts one of the others.
const TOKEN =
	/(?:\p{Lu}\.){2,}(?:\p{Lu}(?![\p{L}]))?|\p{Lu}\.\p{Lu}(?![\p{L}.])|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|(\S)/gu;
const POSSESSIVE = /['’]s$/;
const ACRONYM = /^[A-Z][A-Z0-9&]{1,9}$/;
// Acronyms of kinds of bodies and of the state, never one organization's name.
const GENERIC_ACRONYMS = new Set([
	'NGO',
	'NGOs',
	'INGO',
	'INGOs',
	'ONGO',
	'ONGOs',
	'GONGO',
	'PSB',
	'PSBs',
	'MPS',
	'MCA',
	'PSU',
	'PSUs',
	'CPU',
	'CPUs',
	'CPC',
	'CCP',
	'PRC',
	'NPC',
	'CPPCC',
	'PLA',
	'UN',
	'EU',
	'NbS',
	'COVID',
	'SARS',
	'HIV',
	'AIDS',
	'CEO',
	'GDP',
]);
const NAME_LIKE = /^[A-Z0-9&]{2,10}$|\p{Ll}\p{Lu}|\p{L}-\p{L}|\d/u;
const CORPORATE_SUFFIX = new Set(['Limited', 'Ltd', 'Inc', 'LLC', 'gGmbH', 'GmbH', 'eV']);

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let line = 0;
	// The first line break at or after the end of the previous token: the gap before a token holds one when the
	// break comes before the token (found once per break instead of slicing every gap).
	let lineBreak = text.indexOf('\n');
	// exec() on the shared pattern rather than matchAll(), which copies it (TOKEN never matches the empty string).
	TOKEN.lastIndex = 0;
	for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
		// A token after a line break opens a new line: glue across it would join a title to the next paragraph.
		if (tokens.length > 0 && lineBreak >= 0 && lineBreak < m.index) line++;
		const end = m.index + m[0].length;
		if (lineBreak >= 0 && lineBreak < end) lineBreak = text.indexOf('\n', end);
		tokens.push({ text: m[0], start: m.index, end, word: m[1] === undefined, line });
	}
	return tokens;
}

const base = (word: string) => word.replace(POSSESSIVE, '');

const isCapWord = (t: Token | undefined) => t !== undefined && t.word && /^\p{Lu}/u.test(t.text);
const lower = (t: Token | undefined) => t?.text.toLowerCase() ?? '';
// "Manufacturers’ Association": a plural possessive inside a name.
const isPluralApostrophe = (tokens: readonly Token[], i: number) =>
	/^['’]$/.test(tokens[i]?.text ?? '') &&
	/s$/.test(tokens[i - 1]?.text ?? '') &&
	tokens[i - 1]!.end === tokens[i]!.start &&
	isCapWord(tokens[i + 1]);

function isHead(tokens: readonly Token[], i: number): boolean {
	const word = base(tokens[i]!.text);
	if (word === 'Group') return civicGroup(tokens, i);
	if (!isOrgHead(word)) return false;
	return !HEADS_NEEDING_RED.has(word) || tokens[i - 1]?.text === 'Red';
}

/** "… Concern Group": a group whose capitalized words (up to five before it) include a word of civic life. */
function civicGroup(tokens: readonly Token[], i: number): boolean {
	const words: string[] = [];
	for (let k = i - 1; k >= 0 && k >= i - 5 && isCapWord(tokens[k]); k--) words.push(tokens[k]!.text);
	return words.length > 0 && CIVIC_GROUP.test(words.join(' '));
}

/**
 * How many tokens after `end` continue a name on the same line: another capitalized word (1), or lower-case
 * glue and the capitalized word after it — "Manufacturers’ Association", "Commerce & industry", "Red Cross
 * Society of China", "Friends of the Earth", "Brot für die Welt" (2 or 3); 0 when the name ends.
 */
function glueAfter(tokens: readonly Token[], end: number): number {
	const next = tokens[end + 1];
	if (next === undefined || next.line !== tokens[end]!.line) return 0;
	if (isCapWord(next)) return 1;
	if (isPluralApostrophe(tokens, end + 1)) return 2;
	if (tokens[end + 2]?.line !== next.line) return 0;
	const glue = lower(next);
	if (glue === '&' && tokens[end + 2]?.word) return 2;
	if ((glue === 'and' || PARTICLES.has(glue) || CONNECTORS.has(glue)) && isCapWord(tokens[end + 2])) return 2;
	if (PARTICLES.has(glue) && PARTICLES.has(lower(tokens[end + 2])) && isCapWord(tokens[end + 3])) return 3;
	if (CONNECTORS.has(glue) && lower(tokens[end + 2]) === 'the' && isCapWord(tokens[end + 3])) return 3;
	return 0;
}

/**
 * Maximal runs of capitalized words with the lower-case glue names use ("Red Cross Society of China",
 * "Barry & Martin’s Trust", "Amici di Raoul Follereau", "Korea Chamber of Commerce & industry").
 */
function capitalizedRuns(tokens: readonly Token[]): [number, number][] {
	const runs: [number, number][] = [];
	let i = 0;
	while (i < tokens.length) {
		if (!isCapWord(tokens[i])) {
			i++;
			continue;
		}
		const start = i;
		let end = i;
		// Possessives stay inside the run ("Barry & Martin’s Trust"); origins are split off later.
		for (let step = glueAfter(tokens, end); step > 0; step = glueAfter(tokens, end)) end += step;
		runs.push([start, end]);
		i = end + 1;
	}
	return runs;
}

/** Extracts the NGOs, foundations, associations … named in a text, with their stated origin. */
export function extractOrgs(text: string, deps: OrgExtractorDeps): OrgExtraction {
	const tokens = tokenize(text);
	const candidates: Candidate[] = [];
	const runs = capitalizedRuns(tokens);

	for (const [runStart, runEnd] of runs) collectHeadedNames(text, tokens, runStart, runEnd, deps, candidates);
	collectNamesByContext(text, tokens, deps, candidates);
	collectListedNames(text, tokens, deps, candidates);
	collectAcronymNames(tokens, deps, candidates);
	collectQuotedNames(text, deps, candidates);
	collectKnownNames(text, deps, candidates);
	completeLists(tokens, runs, deps, candidates);
	const kept = dropNested(candidates);
	readContextOrigins(text, kept, deps);

	const groups = mergeCandidates(kept, deps.directory);
	const names: OrgSpan[] = [];
	const origins: OriginSpan[] = [];
	for (const { mention, members } of groups) {
		for (const member of members) {
			names.push({ start: member.start, end: member.end, org: mention.name });
			for (const origin of member.origins) origins.push({ ...origin, org: mention.name });
		}
	}
	names.sort((a, b) => a.start - b.start);
	origins.sort((a, b) => a.start - b.start);
	return {
		orgs: groups.map((group) => group.mention),
		names,
		origins,
		originSpans: origins.map(({ start, end }) => ({ start, end })),
	};
}

function collectHeadedNames(
	text: string,
	tokens: readonly Token[],
	runStart: number,
	runEnd: number,
	deps: OrgExtractorDeps,
	candidates: Candidate[],
): void {
	let covered = runStart - 1;
	for (let h = runStart; h <= runEnd; h++) {
		if (h <= covered || !isHead(tokens, h)) continue;
		let left = leftBoundary(tokens, runStart, h);
		let right = rightBoundary(tokens, left, h, runEnd);
		// "Cheongju Trade Union Discussion Forum (South Korea)": a country in parentheses closes the whole name.
		if (right < runEnd && tokens[runEnd + 1]?.text === '(' && parenthesizedCountry(tokens, runEnd + 1, deps)) {
			if (!hasHeadAhead(tokens, right + 2, runEnd) && !/^(?:and|&)$/.test(lower(tokens[right + 1]))) right = runEnd;
		}
		covered = right;
		const owner = tokens[left - 1];
		if (left > runStart && owner && POSSESSIVE.test(owner.text) && isOrgHead(base(owner.text))) continue;

		// "Hong Kong’s Grace Charity Foundation": a possessive country before the name is its origin.
		const origin = possessiveOrigin(tokens, left, h, deps);
		left = origin.left;
		while (left < h && (ROLE_WORDS.has(tokens[left]!.text) || !isCapWord(tokens[left]))) left++;
		const candidate = buildCandidate(tokens, left, right, deps);
		if (!candidate) continue;
		if (origin.found) addOrigin(candidate, origin.found);
		candidates.push(candidate);
	}
	// "… Association and Bring Me Hope (United States)": the rest of the run after the last name.
	const restStart = covered < runStart ? runStart : /^(?:and|&|,)$/.test(lower(tokens[covered + 1])) ? covered + 2 : -1;
	if (restStart >= 0 && restStart <= runEnd) collectNameBeforeOrigin(text, tokens, restStart, runEnd, deps, candidates);
}

/**
 * "World Vision (Hong Kong)": a name without a head noun still names an org when a country follows it
 * in parentheses and the sentence speaks of NGOs.
 */
function collectNameBeforeOrigin(
	text: string,
	tokens: readonly Token[],
	runStart: number,
	runEnd: number,
	deps: OrgExtractorDeps,
	candidates: Candidate[],
): void {
	if (tokens[runEnd + 1]?.text !== '(' || !parenthesizedCountry(tokens, runEnd + 1, deps)) return;
	const sentenceStart = Math.max(
		text.lastIndexOf('. ', tokens[runStart]!.start),
		text.lastIndexOf('\n', tokens[runStart]!.start),
	);
	const context = text.slice(Math.max(0, sentenceStart, tokens[runStart]!.start - 400), tokens[runStart]!.start);
	if (!NGO_NOUNS.test(context) && !/representative offices?/i.test(context)) return;
	let left = runStart;
	while (left < runEnd && ROLE_WORDS.has(tokens[left]!.text)) left++;
	if (deps.countries.byName(joinTokens(tokens, left, runEnd))) return;
	const candidate = buildCandidate(tokens, left, runEnd, deps, { minWords: 1 });
	if (candidate) candidates.push(candidate);
}

/** The country inside the parentheses opening at `open`, or null. */
function parenthesizedCountry(tokens: readonly Token[], open: number, deps: OrgExtractorDeps): string | null {
	const close = tokens.findIndex((t, index) => index > open && t.text === ')');
	if (close < 0 || close - open > 8) return null;
	const inside = joinTokens(tokens, open + 1, close - 1);
	return deps.countries.byName(inside) ?? deps.countries.byCode(inside);
}

/** Splits a possessive country off the front of a name ("France’s Children of Madaifu"). */
function possessiveOrigin(
	tokens: readonly Token[],
	from: number,
	to: number,
	deps: OrgExtractorDeps,
	firstOnly = false,
): { left: number; found: Origin | null } {
	for (let i = from; i < to; i++) {
		if (!POSSESSIVE.test(tokens[i]!.text)) continue;
		const origin = deps.countries.byName(joinTokens(tokens, from, i).replace(POSSESSIVE, ''));
		if (origin) {
			const country = deps.countries.isDomestic(origin) ? null : origin;
			return {
				left: i + 1,
				found: { country, start: tokens[from]!.start, end: tokens[i]!.end, how: 'possessive' },
			};
		}
		if (firstOnly) break;
	}
	return { left: from, found: null };
}

/** Extends a name to the left of its head over modifiers, never across "the" or a previous org. */
function leftBoundary(tokens: readonly Token[], runStart: number, head: number): number {
	let left = head;
	while (left > runStart) {
		const previous = tokens[left - 1]!;
		const glue = previous.text.toLowerCase();
		if (glue === 'the') break;
		// "Chinese Art of Tea Craft Union" crosses "of"; the role words trimmed later stop "Director of …".
		if (CONNECTORS.has(glue) && !(glue === 'of' && isCapWord(tokens[left - 2]) && left - 2 >= runStart)) break;
		if (glue === 'and' || glue === '&') {
			// "Jiangxi Charity Federation and China Foundation …" are two orgs; "Science and Technology … Foundation" is one.
			if (left - 2 >= runStart && isHead(tokens, left - 2)) break;
			if (glue === 'and' && left - 2 >= runStart && EVENT_WORDS.has(base(tokens[left - 2]!.text))) break;
		}
		if (isCapWord(previous) && EVENT_WORDS.has(base(previous.text))) break;
		// "… Trust’s AIDS Fund": what follows an org's possessive belongs to that org.
		if (POSSESSIVE.test(previous.text) && isOrgHead(base(previous.text))) break;
		// "Hong Kong-based International Silk Union": the origin is not part of the name.
		if (/-based$/i.test(previous.text)) break;
		left--;
	}
	return left;
}

/** Extends a name to the right: further heads ("Charity Foundation Limited") and "of …"/"for …" complements. */
function rightBoundary(tokens: readonly Token[], left: number, head: number, runEnd: number): number {
	let right = head;
	if (POSSESSIVE.test(tokens[head]!.text)) return right; // "Trust’s AIDS Care …" ends the name
	if (HEAD_FIRST.has(tokens[head]!.text) && head === left) {
		// Head-first names continue with their capitalized words: "Association Generale Chine-Afrique".
		while (right < runEnd && (isCapWord(tokens[right + 1]) || PARTICLES.has(lower(tokens[right + 1])))) {
			if (EVENT_WORDS.has(base(tokens[right + 1]!.text)) || CONNECTORS.has(lower(tokens[right + 1]))) break;
			right++;
			if (POSSESSIVE.test(tokens[right]!.text)) return right;
		}
	}
	for (;;) {
		// Another head or a corporate suffix further on: "Grace Charity Foundation Limited".
		let next = right + 1;
		while (next <= runEnd && isCapWord(tokens[next]) && !isHead(tokens, next) && !isSuffix(tokens[next]!)) {
			if (EVENT_WORDS.has(base(tokens[next]!.text))) break;
			next++;
		}
		if (next <= runEnd && next > right && (isHead(tokens, next) || isSuffix(tokens[next]!)) && next - right <= 3) {
			right = next;
			if (POSSESSIVE.test(tokens[right]!.text)) return right;
			continue;
		}
		// "Commerce & industry", "Manufacturers’ Association": glue the run allowed.
		if (right < runEnd && (lower(tokens[right + 1]) === '&' || isPluralApostrophe(tokens, right + 1))) {
			if (!hasHeadAhead(tokens, right + 2, runEnd) || isPluralApostrophe(tokens, right + 1)) {
				right += 2;
				continue;
			}
		}
		// "… Society of China", "… Foundation for Poverty Alleviation", "… Association for Science and Technology".
		const glue = lower(tokens[right + 1]);
		if (CONNECTORS.has(glue) && right + 1 < runEnd) {
			let end = right + 2;
			if (lower(tokens[end]) === 'the') end++;
			if (!isCapWord(tokens[end])) return right;
			while (end + 1 <= runEnd) {
				const after = lower(tokens[end + 1]);
				if (isCapWord(tokens[end + 1]) && !EVENT_WORDS.has(base(tokens[end + 1]!.text))) end++;
				else if ((after === 'and' || after === '&' || PARTICLES.has(after)) && tokens[end + 2]?.word) {
					// Stop before "and <another org>" and before an acronym named next to it ("… and CUC").
					if (after !== '&' && (hasHeadAhead(tokens, end + 2, runEnd) || ACRONYM.test(base(tokens[end + 2]!.text))))
						break;
					if (after !== '&' && !isCapWord(tokens[end + 2])) break;
					end += 2;
				} else if (CONNECTORS.has(after) && isCapWord(tokens[end + 2])) end += 2;
				else if (
					CONNECTORS.has(after) &&
					after !== '' &&
					lower(tokens[end + 2]) === 'the' &&
					isCapWord(tokens[end + 3])
				)
					end += 3;
				else break;
				if (POSSESSIVE.test(tokens[end]!.text)) break;
			}
			right = end;
			continue;
		}
		return right;
	}
}

function isSuffix(token: Token): boolean {
	return CORPORATE_SUFFIX.has(token.text.replace(/\./g, ''));
}

function hasHeadAhead(tokens: readonly Token[], from: number, runEnd: number): boolean {
	for (let i = from; i <= runEnd; i++) {
		if (!isCapWord(tokens[i]) && !PARTICLES.has(lower(tokens[i]))) return false;
		if (isHead(tokens, i)) return true;
	}
	return false;
}

function joinTokens(tokens: readonly Token[], from: number, to: number): string {
	let out = '';
	for (let i = from; i <= to; i++) {
		const token = tokens[i]!;
		if (i > from && token.start > tokens[i - 1]!.end) out += ' ';
		out += token.text;
	}
	return out;
}

interface BuildOptions {
	readonly minWords?: number;
	/**
	 * The sentence says the name is an NGO's ("a registration certificate to …", "the NGO …"): words that usually
	 * mark research and state bodies (Academy, Institute, Commission, Committee) do not rule it out then.
	 */
	readonly vouched?: boolean;
}

/** Turns a token range into a named candidate, reading "(Country)" and "(ACRONYM)" that follow it. */
function buildCandidate(
	tokens: readonly Token[],
	left: number,
	right: number,
	deps: OrgExtractorDeps,
	options: BuildOptions = {},
): Candidate | null {
	const words = tokens.slice(left, right + 1).filter((t) => t.word);
	if (words.length < (options.minWords ?? 2)) return null;
	if (
		!acceptableWords(
			words.map((t) => base(t.text)),
			options.vouched === true,
		)
	)
		return null;
	const last = words.at(-1)!;
	// "Cheongju Trade Union Discussion Forum (South Korea)": with its origin after it, a forum is a body.
	const closedByCountry = tokens[right + 1]?.text === '(' && parenthesizedCountry(tokens, right + 1, deps) !== null;
	if ((EVENT_WORDS.has(base(last.text)) && !closedByCountry) || EVENT_WORDS.has(words[0]!.text)) return null;
	if (BUSINESS_WORDS.has(tokens[right + 1]?.text ?? '')) return null;
	if (BUSINESS_WORDS.has(base(last.text)) && !(base(last.text) === 'Group' && civicGroup(tokens, right))) return null;
	// "Rotary Club of Hong Kong Sunrise (Charities) Limited": a registered name with a word in parentheses.
	if (tokens[right + 1]?.text === '(' && tokens[right + 3]?.text === ')' && isCapWord(tokens[right + 2])) {
		if (isSuffix(tokens[right + 4] ?? tokens[right]!)) right += 4;
	}
	const name = joinTokens(tokens, left, right).replace(POSSESSIVE, '');
	const folded = name.toLowerCase().replace(/’/g, "'");
	if (GENERIC_NAMES.has(folded) || GENERIC_PLURAL.test(folded) || GENERIC_ACRONYMS.has(name) || name.length > 150)
		return null;
	if (NON_NGO_PHRASES.some((phrase) => folded.includes(phrase))) return null;
	if (deps.isPlace?.(name) || deps.countries.byName(name)) return null;
	// "Wuhan Institute of Dermatosis": an institute named after a mainland place is a state research body.
	if (/^(?:Institute|Hospital)$/.test(base(last.text)) || words.some((t) => /^Institute$/.test(t.text))) {
		if (deps.isPlace?.(words[0]!.text) && !options.vouched) return null;
	}

	const candidate: Candidate = {
		name,
		start: tokens[left]!.start,
		end: tokens[right]!.end - (POSSESSIVE.exec(tokens[right]!.text)?.[0].length ?? 0),
		country: null,
		origins: [],
		aliases: [],
		known: deps.directory.byKey(orgKey(name)),
	};
	// "the Social Benefits Center at the Ministry of Civil Affairs": a unit of a state body.
	if (/^(?:at|of|under|within)$/.test(lower(tokens[right + 1]))) {
		const owner = lower(tokens[right + 2]) === 'the' ? tokens[right + 3] : tokens[right + 2];
		if (owner && NON_NGO_WORDS.has(base(owner.text)) && !/^(?:University|College|School)$/.test(owner.text))
			return null;
	}
	// A long form in parentheses ("AIFO (Associazione …) (Italy)") is followed by its closing parenthesis first.
	let after = tokens[left - 1]?.text === '(' && tokens[right + 1]?.text === ')' ? right + 2 : right + 1;
	// "Fédération Française de Football office (FR)": the country of the office is the org's.
	if (/^(?:office|offices)$/.test(lower(tokens[after])) && tokens[after + 1]?.text === '(') after++;
	readFollowingParentheses(tokens, after, candidate, deps);
	readPrecedingAcronym(tokens, left, candidate);
	const leading = leadingCountry(tokens, left, right, deps.countries);
	if (leading) addOrigin(candidate, { ...leading, how: 'in the name' });
	const trailing = trailingCountry(tokens, left, right, deps.countries);
	if (trailing) addOrigin(candidate, { ...trailing, how: 'in the name' });
	// One capitalized word is a name only when it looks like one ("ApexBrazil", "NIMA", "Green-Net") or the
	// text gives its origin: "Management" after "NGO" is not.
	if (words.length === 1 && !candidate.known && candidate.origins.length === 0 && !NAME_LIKE.test(name)) return null;
	return candidate;
}

/** No word of a state, party, police or education body, unless the name ends in a foundation's head. */
function acceptableWords(words: readonly string[], vouched: boolean): boolean {
	// "Charity Volunteer Association of Gushi County": place units after the head say where the org is.
	const headAt = words.findIndex((word) => isOrgHead(word));
	const named = headAt >= 0 ? words.filter((word, i) => i <= headAt || !PLACE_UNIT_WORDS.has(word)) : words;
	const head = named.at(-1) ?? '';
	// "Nankai University Education Foundation": a university's foundation is an NGO.
	const fundHead =
		/^(?:Foundation|Fund|Trust|Association|Alumni)$/.test(head) ||
		/^(?:Foundation|Fund|Trust|Association)$/.test(words[headAt] ?? '');
	return named.every((word) => {
		if (!NON_NGO_WORDS.has(word)) return true;
		if (fundHead && /^(?:University|College|School|Academy|Hospital)$/.test(word)) return true;
		return vouched && STATE_UNIT_WORDS.has(word);
	});
}

function addOrigin(candidate: Candidate, origin: Origin): void {
	candidate.origins.push(origin);
	if (origin.country !== null) candidate.country ??= origin.country;
}

/** "Animals Asia Foundation (Hong Kong)", "AIFO (Associazione …) (Italy)", "… Rural Sichuan (DORS)", "(FR)". */
function readFollowingParentheses(
	tokens: readonly Token[],
	from: number,
	candidate: Candidate,
	deps: OrgExtractorDeps,
): void {
	let i = from;
	for (let guard = 0; guard < 3 && tokens[i]?.text === '('; guard++) {
		const close = tokens.findIndex((t, index) => index > i && t.text === ')');
		if (close < 0 || close - i > 16) return;
		const inside = joinTokens(tokens, i + 1, close - 1);
		const country = deps.countries.byName(inside) ?? deps.countries.byCode(inside);
		if (country) {
			addOrigin(candidate, {
				country: deps.countries.isDomestic(country) ? null : country,
				start: tokens[i]!.start,
				end: tokens[close]!.end,
				how: 'in parentheses',
			});
		} else if (ACRONYM.test(inside) || /\p{Script=Han}/u.test(inside)) {
			candidate.aliases.push(inside);
		} else {
			return;
		}
		i = close + 1;
	}
}

/** "AIFO (Associazione Italiana …)": an acronym right before the parenthesized long form. */
function readPrecedingAcronym(tokens: readonly Token[], left: number, candidate: Candidate): void {
	if (tokens[left - 1]?.text !== '(') return;
	const acronym = tokens[left - 2];
	if (acronym && ACRONYM.test(acronym.text) && acronym.text[0] === candidate.name[0]?.toUpperCase()) {
		candidate.aliases.push(acronym.text);
	}
}

/** "Sri Lanka Red Cross Society" states its origin; "Japan-China Economic Association" does not say whose it is. */
function leadingCountry(
	tokens: readonly Token[],
	left: number,
	right: number,
	countries: CountryLexicon,
): Omit<Origin, 'how'> | null {
	const first = tokens[left]!;
	if (/\p{L}-\p{Lu}/u.test(first.text)) return null;
	for (let n = Math.min(4, right - left); n >= 1; n--) {
		const prefix = joinTokens(tokens, left, left + n - 1);
		const country = countries.byName(prefix) ?? (n === 1 ? countries.byDemonym(prefix) : null);
		if (country) {
			if (countries.isDomestic(country)) return null;
			return { country, start: first.start, end: tokens[left + n - 1]!.end };
		}
	}
	return null;
}

/** "… dos Moradores de Macau": a name that ends "of/de <country>" says where the org is from. */
function trailingCountry(
	tokens: readonly Token[],
	left: number,
	right: number,
	countries: CountryLexicon,
): Omit<Origin, 'how'> | null {
	for (let n = 1; n <= 3 && right - n > left; n++) {
		const glue = lower(tokens[right - n]);
		if (!/^(?:of|de|du|di|da|do|des|del|della)$/.test(glue)) continue;
		const country = countries.byName(joinTokens(tokens, right - n + 1, right));
		if (country && !countries.isDomestic(country)) {
			return { country, start: tokens[right - n + 1]!.start, end: tokens[right]!.end };
		}
	}
	return null;
}

/** A name read from `from` rightwards: a capitalized run (after an optional "the"), up to a possessive or "(". */
function nameAt(
	tokens: readonly Token[],
	from: number,
	isCountry?: (word: string) => boolean,
	inList = false,
): [number, number] | null {
	let i = from;
	if (lower(tokens[i]) === 'the') i++;
	// "the Hong Kong-based International Silk Union": the origin prefix is read apart.
	for (let k = i; k < i + 4 && isCapWord(tokens[k]); k++) {
		if (/-based$/i.test(tokens[k]!.text)) {
			i = k + 1;
			break;
		}
	}
	// "… the Hong Kong-based NGO Social Workers Across Borders": the kind of body is not the name.
	if (GENERIC_ACRONYMS.has(tokens[i]?.text ?? '') && isCapWord(tokens[i + 1])) i++;
	if (!isCapWord(tokens[i]) || ROLE_WORDS.has(tokens[i]!.text)) return null;
	let end = i;
	for (;;) {
		const next = tokens[end + 1];
		const step = glueAfter(tokens, end);
		if (step === 0) break;
		// "Canada-China Children’s Health Foundation" and "Germany’s NIMA" go on; "Green-Net’s (Japan) office" ends
		// at the possessive.
		if (POSSESSIVE.test(tokens[end]!.text)) {
			const owner = end === i && isCountry?.(base(tokens[i]!.text));
			if (!(isCapWord(next) && (hasHeadAhead(tokens, end + 1, end + 6) || owner))) break;
		}
		if (/-based$/i.test(tokens[end]!.text)) break;
		// "… Association and Bring Me Hope", "World Vision and China Cable": "and" joins two orgs unless a head
		// follows ("Science and Technology Exchange Association").
		if (lower(next) === 'and' && (isHead(tokens, end) || (inList && !hasHeadAhead(tokens, end + 2, end + 8)))) break;
		end += step;
	}
	return [i, end];
}

function tokenIndexAt(tokens: readonly Token[], offset: number): number {
	let lo = 0;
	let hi = tokens.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (tokens[mid]!.start < offset) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

// What a sentence says that makes the following name an NGO's.
export const NAME_CONTEXTS: readonly {
	pattern: RegExp;
	how: string;
	list?: boolean;
	/** Words every match has in it or right after it (same flags): a text without any is not searched. */
	requires?: RegExp;
}[] = [
	// "issued a registration certificate to the X", "registration and chief representative certificates to X".
	{
		pattern:
			/\b(?:registration(?: and chief representative)? (?:certificates?|credentials)|certificates? of registration)(?: and chief representative certificates?)?\s+(?:to|for)\s+/gi,
		how: 'registration certificate',
		list: true,
	},
	// "issued the X its registration credentials", "presented X and Y with registration certificates".
	{
		pattern:
			/\b(?:issued|presented|granted|awarded|gave)\s+(?=(?:the\s+)?\p{Lu}[^.;]{2,160}?\s+(?:its|their|with)\s+(?:registration|certificates?|credentials))/giu,
		how: 'registration certificate',
		list: true,
		// A case-insensitive Unicode "\b" is slow to scan for (~0.2 s over 30k entries); few texts have these words.
		requires: /registration|certificate|credentials/iu,
	},
	// "the Hong Kong-based NGO Social Workers Across Borders", "the well-known US organization Global Volunteers".
	{
		pattern:
			/\b(?:NGO|INGO|non-?governmental organi[sz]ation|non-?profit(?: organi[sz]ation)?|charity|foundation|organi[sz]ation|association|charitable organi[sz]ation)\s+(?=\p{Lu})/gu,
		how: 'named as an NGO',
	},
	// "Tibet’s first registered foreign NGO, Germany’s NIMA, attended".
	{ pattern: /\b(?:NGO|INGO|organi[sz]ation|charity|foundation),\s+(?=\p{Lu})/gu, how: 'named as an NGO' },
	// "the Hong Kong branch of the Salvation Army", "the Hainan representative office of the X".
	{
		pattern: /\b(?:branch(?: office)?|representative office|office)\s+of\s+(?=(?:the\s+)?\p{Lu})/gu,
		how: 'office of an NGO',
	},
	// "supported by Germany’s Brot für die Welt", "funded by the X Foundation and the Y Trust".
	{
		pattern: /\b(?:[Ss]upported|[Ff]unded|[Ss]ponsored|[Ff]inanced|[Ii]nitiated)\s+by\s+(?=(?:the\s+)?\p{Lu})/gu,
		how: 'funder',
		list: true,
	},
	// "the chief representative of the X", "chief representatives from X and Y".
	{ pattern: /\b[Cc]hief [Rr]epresentatives?\s+(?:of|from)\s+(?=(?:the\s+)?\p{Lu})/gu, how: 'chief representative' },
];

/** Names found by what the sentence says about them, not by a head noun. */
function collectNamesByContext(
	text: string,
	tokens: readonly Token[],
	deps: OrgExtractorDeps,
	candidates: Candidate[],
): void {
	for (const { pattern, how, list, requires } of NAME_CONTEXTS) {
		if (requires !== undefined && !requires.test(text)) continue;
		for (const m of execAll(pattern, text)) {
			// "the German NGO X", "the Hong Kong-based NGO X"; not "Foreign NGO Law" or "2018 NGO Seminar", where the
			// noun is part of a longer name.
			if (how === 'named as an NGO' && !introducesName(text, m.index, deps)) continue;
			let i = tokenIndexAt(tokens, m.index + m[0].length);
			for (let item = 0; item < (list ? 12 : 1); item++) {
				const span = nameAt(tokens, i, (word) => deps.countries.byName(word) !== null, list);
				if (!span) break;
				const [left, right] = span;
				const possessed = possessiveOrigin(tokens, left, right, deps, true);
				const candidate = buildCandidate(tokens, possessed.left, right, deps, { minWords: 1, vouched: true });
				if (candidate && !isStateName(candidate.name)) {
					if (possessed.found) addOrigin(candidate, possessed.found);
					candidates.push(candidate);
				}
				if (!list) break;
				i = nextListItem(tokens, right);
				if (i < 0) break;
			}
		}
	}
}

/** The word before a generic noun lets a name follow: an article or adjective, a country or an "X-based". */
function introducesName(text: string, nounStart: number, deps: OrgExtractorDeps): boolean {
	const before = /(\S+)\s*$/.exec(text.slice(Math.max(0, nounStart - 40), nounStart))?.[1] ?? '';
	if (before === '' || /^\p{Ll}/u.test(before)) return !/^\d/.test(before);
	if (/-based$/i.test(before)) return true;
	const word = before.replace(/[’']s$/, '');
	return deps.countries.byName(word) !== null || deps.countries.byDemonym(word) !== null;
}

/** "Inner Mongolia PSB", "Hainan Health Commission" read after "office of": state bodies stay out. */
function isStateName(name: string): boolean {
	return /\b(?:PSBs?|Public Security|Ministry|Bureau|Department|Government|Party|Communist|Police)\b/.test(name);
}

/** Index of the next list item after the item ending at `right` (", ", "and", "as well as", "(Country)"), or -1. */
function nextListItem(tokens: readonly Token[], right: number): number {
	let i = right + 1;
	if (POSSESSIVE.test(tokens[right]?.text ?? '')) return -1;
	// Skip what follows a name: "(United States)", "(WRI)", "office (FR)".
	for (let guard = 0; guard < 3; guard++) {
		if (/^(?:office|offices)$/.test(lower(tokens[i])) && tokens[i + 1]?.text === '(') i++;
		if (tokens[i]?.text !== '(') break;
		const close = tokens.findIndex((t, index) => index > i && t.text === ')');
		if (close < 0 || close - i > 16) return -1;
		i = close + 1;
	}
	const sep = lower(tokens[i]);
	if (sep === ',' || sep === ';') i++;
	else if (sep === 'and') i++;
	else if (sep === 'as' && lower(tokens[i + 1]) === 'well' && lower(tokens[i + 2]) === 'as') i += 3;
	else return -1;
	if (lower(tokens[i]) === 'and') i++;
	if (lower(tokens[i]) === 'the') i++;
	return isCapWord(tokens[i]) ? i : -1;
}

// "foreign NGOs such as France’s Children of Madaifu as well as …", "organizations including X, Y and Z",
// "These foreign NGOs were: A, B and C", "to three foreign NGOs: A (Hong Kong), B …", "The NGOs that registered are the X".
export const LIST_INTRO =
	/\b(?:NGOs|INGOs|organi[sz]ations|groups|foundations|charities|associations|institutions|offices)\s*(?:,?\s+(?:such as|including|like|namely)\s+|\s(?:that\s+\w+\s+)?(?:were|are|include)\s*:?\s+|:\s*)/g;

// The nouns LIST_INTRO needs, without its word boundaries, which make a scan slower: a text without any has no list.
export const LIST_NOUNS = /NGOs|organi[sz]ations|groups|foundations|charities|associations|institutions|offices/;

function collectListedNames(
	text: string,
	tokens: readonly Token[],
	deps: OrgExtractorDeps,
	candidates: Candidate[],
): void {
	if (!LIST_NOUNS.test(text)) return;
	for (const m of execAll(LIST_INTRO, text)) {
		let i = tokenIndexAt(tokens, m.index + m[0].length);
		if (lower(tokens[i]) === 'the') i++;
		for (let item = 0; item < 30 && i >= 0 && i < tokens.length; item++) {
			const span = nameAt(tokens, i, (word) => deps.countries.byName(word) !== null, true);
			if (!span) break;
			const [start, end] = span;
			// "the Yunnan branch office of the Go and Love Foundation": the org is what the office belongs to.
			const ofOffice = officeOwner(tokens, start, end);
			const [from, to] = ofOffice ?? [start, end];
			const { left, found } = possessiveOrigin(tokens, from, to, deps, true);
			const candidate = buildCandidate(tokens, left, to, deps, { minWords: 1 });
			if (candidate && !isStateName(candidate.name)) {
				if (found) addOrigin(candidate, found);
				candidates.push(candidate);
			}
			i = nextListItem(tokens, ofOffice ? ofOffice[1] : end);
		}
	}
}

/** For "Yunnan branch office of the Go and Love Foundation", the span of "Go and Love Foundation". */
function officeOwner(tokens: readonly Token[], start: number, end: number): [number, number] | null {
	for (let i = start; i <= end; i++) {
		if (!/^(?:office|offices|branch)$/i.test(tokens[i]!.text) || lower(tokens[i + 1]) !== 'of') continue;
		return nameAt(tokens, i + 2);
	}
	if (/^(?:branch|office)$/.test(lower(tokens[end + 1]))) {
		const at = lower(tokens[end + 2]) === 'office' ? end + 3 : end + 2;
		if (lower(tokens[at]) === 'of') return nameAt(tokens, at + 1);
	}
	return null;
}

/**
 * "the Organisation for Industrial, Spiritual and Cultural Advancement (OISCA)": a name with commas in it,
 * told by the acronym whose letters are its words' initials.
 */
function collectAcronymNames(tokens: readonly Token[], deps: OrgExtractorDeps, candidates: Candidate[]): void {
	for (let close = 0; close < tokens.length; close++) {
		if (tokens[close]!.text !== ')' || tokens[close - 2]?.text !== '(') continue;
		const acronym = tokens[close - 1]!.text;
		if (!/^[A-Z]{3,8}$/.test(acronym)) continue;
		let letters = '';
		for (let i = close - 3; i >= 0 && close - 3 - i < 20; i--) {
			const token = tokens[i]!;
			if (isCapWord(token)) letters = token.text[0]! + letters;
			else if (!(CONNECTORS.has(lower(token)) || lower(token) === 'and' || token.text === ',' || token.text === '&'))
				break;
			if (letters.length > acronym.length) break;
			if (letters === acronym && isCapWord(token)) {
				if (!tokens.slice(i, close - 2).some((t) => t.text === ',')) break;
				const candidate = buildCandidate(tokens, i, close - 3, deps, { minWords: 2 });
				if (candidate && tokens.slice(i, close - 2).some((_, k) => isHead(tokens, i + k))) {
					candidate.aliases.push(acronym);
					candidates.push(candidate);
				}
				break;
			}
		}
	}
}

// "the Australian NGO “Charitable Aid Service Company”": a quoted name right after a generic noun.
export const QUOTED_AFTER_NOUN =
	/\b(?:([A-Z][a-z]+)\s+)?(?:NGO|INGO|non-?governmental organi[sz]ation|non-?profit|charity|foundation|organi[sz]ation)\s+[“"]([^”"]{3,100})[”"]/g;

function collectQuotedNames(text: string, deps: OrgExtractorDeps, candidates: Candidate[]): void {
	// Every match has a quotation mark; most texts have none, and the pattern is slow to run over them.
	if (!text.includes('"') && !text.includes('“')) return;
	for (const m of execAll(QUOTED_AFTER_NOUN, text)) {
		const name = m[2]!.trim();
		const words = name.split(/\s+/);
		if (words.length < 2 || !/^\p{Lu}/u.test(name) || words.some((w) => NON_NGO_WORDS.has(base(w)))) continue;
		const start = m.index + m[0].length - m[2]!.length - 1;
		const candidate: Candidate = {
			name,
			start,
			end: start + name.length,
			country: null,
			origins: [],
			aliases: [],
			known: deps.directory.byKey(orgKey(name)),
		};
		const demonym = m[1] ? deps.countries.byDemonym(m[1]) : null;
		if (demonym) {
			addOrigin(candidate, {
				country: deps.countries.isDomestic(demonym) ? null : demonym,
				start: m.index,
				end: m.index + m[1]!.length,
				how: 'nationality',
			});
		}
		candidates.push(candidate);
	}
}

function collectKnownNames(text: string, deps: OrgExtractorDeps, candidates: Candidate[]): void {
	for (const mention of deps.directory.findMentions(text)) {
		const inside = candidates.find((c) => c.start <= mention.start && mention.end <= c.end);
		if (inside) {
			inside.known ??= mention.org;
			continue;
		}
		const candidate: Candidate = {
			name: mention.surface,
			start: mention.start,
			end: mention.end,
			country: null,
			origins: [],
			aliases: [],
			known: mention.org,
		};
		const origin = /^(?:['’]s)?\s*\(([^()]{2,40})\)/.exec(text.slice(mention.end));
		const country = origin ? (deps.countries.byName(origin[1]!) ?? deps.countries.byCode(origin[1]!)) : null;
		if (origin && country) {
			addOrigin(candidate, {
				country: deps.countries.isDomestic(country) ? null : country,
				start: mention.end + origin[0].indexOf('('),
				end: mention.end + origin[0].length,
				how: 'in parentheses',
			});
		}
		candidates.push(candidate);
	}
}

/**
 * "the Caterpillar Foundation (United States), OVCI la Nostra Famiglia (Italy), Environmental Defense Fund
 * (United States), and ApexBrazil": the other items of a list of orgs are orgs too.
 */
function completeLists(
	tokens: readonly Token[],
	runs: readonly [number, number][],
	deps: OrgExtractorDeps,
	candidates: Candidate[],
): void {
	const isCandidate = (left: number, right: number) =>
		candidates.some((c) => c.start <= tokens[left]!.start && tokens[right]!.end <= c.end + 1);
	for (let r = 0; r < runs.length; r++) {
		// Walk a list of runs joined by "," / ", and" / "and", each maybe followed by "(…)".
		const items: [number, number][] = [runs[r]!];
		let k = r;
		for (;;) {
			const next = nextListItem(tokens, runs[k]![1]);
			if (next < 0) break;
			const found = runs.findIndex((run, index) => index > k && run[0] === next);
			if (found < 0) break;
			items.push(runs[found]!);
			k = found;
		}
		// "…, World Vision and China Cable": the run of the last item holds two items.
		const lastItem = items.at(-1)!;
		for (let t = lastItem[0] + 1; t < lastItem[1] && items.length >= 2; t++) {
			if (lower(tokens[t]) === 'and' && !hasHeadAhead(tokens, t + 1, lastItem[1])) {
				items.splice(items.length - 1, 1, [lastItem[0], t - 1], [t + 1, lastItem[1]]);
				break;
			}
		}
		if (items.length >= 3) {
			const known = items.filter(([left, right]) => isCandidate(left, right)).length;
			if (known >= 2 && known < items.length) {
				for (const [left, right] of items) {
					if (isCandidate(left, right)) continue;
					const candidate = buildCandidate(tokens, left, right, deps, { minWords: 1 });
					if (candidate && !isStateName(candidate.name)) candidates.push(candidate);
				}
			}
		}
		r = k;
	}
}

/** One candidate per stretch of text: a name inside a longer name found another way goes. */
function dropNested(candidates: readonly Candidate[]): Candidate[] {
	const kept: Candidate[] = [];
	const ordered = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
	for (const candidate of ordered) {
		const outer = kept.find(
			(other) => other.start <= candidate.start && candidate.end <= other.end && other !== candidate,
		);
		if (outer) {
			if (outer.start === candidate.start && outer.end === candidate.end) {
				for (const origin of candidate.origins)
					if (!outer.origins.some((o) => o.start === origin.start)) addOrigin(outer, origin);
				outer.aliases.push(...candidate.aliases.filter((alias) => !outer.aliases.includes(alias)));
				outer.known ??= candidate.known;
				continue;
			}
			// "Children" inside "Save the Children", "Zhi-Shan Foundation" inside "Zhi-Shan Foundation Taiwan".
			for (const origin of candidate.origins) addOrigin(outer, origin);
			continue;
		}
		kept.push(candidate);
	}
	return kept;
}

// Origins stated around a name rather than next to it.
export const BASED_PREFIX =
	/([\p{Lu}][\p{L}’'.]*(?:\s[\p{Lu}][\p{L}’'.]*)?)-based\s+(?:(?:NGO|INGO|organi[sz]ation|foundation|charity|group|association|non-?profit)\s+)?(?:the\s+)?$/u;
const NOUN_BEFORE =
	/(?:^|\s)(?:[Tt]he\s+|[Aa]n?\s+)?(?:well-known\s+|renowned\s+|international\s+|registered\s+|first\s+)*([\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}]*)?)\s+(?:NGO|INGO|organi[sz]ation|foundation|charity|group|association|non-?profit|chamber)\s+(?:the\s+)?$/u;
const BASED_AFTER =
	/^(?:\s*\([^()]{1,40}\))?,?\s+(?:which is\s+|that is\s+)?(?:based|headquartered|incorporated)\s+in\s+(?:the\s+)?([\p{Lu}][\p{L}’']*(?:\s[\p{Lu}][\p{L}’']*){0,3})/u;
const APPOSITIVE_AFTER =
	/^(?:\s*\([^()]{1,40}\))?,\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}([\p{Lu}][\p{L}]*(?:\s[\p{Lu}][\p{L}]*)?)\s+(?:NGO|organi[sz]ation|foundation|charity|group|association|non-?profit)\b/u;
export const BRANCH_BEFORE =
	/(?:the\s+)?([\p{Lu}][\p{L}’'.]*(?:\s[\p{Lu}][\p{L}’'.]*)?)\s+(?:branch|chapter)(?:\s+office)?\s+of\s+(?:the\s+)?$/u;
export const FOUNDED_IN =
	/\s+(?:was|is|has been)\s+(?:first\s+)?(?:incorporated|registered|founded|established|based|headquartered)\s+in\s+([\p{Lu}][\p{L}]*(?:\s[\p{Lu}][\p{L}]*){0,2})/gu;
// "two Japanese NGOs …": the NGOs the next sentences name are from there.
export const COUNTED_NGOS =
	/\b(?:two|three|four|five|six|seven|eight|nine|ten|several|\d{1,2})\s+([\p{Lu}][\p{L}.]+(?:\s[\p{Lu}][\p{L}]+)?)\s+(?:NGOs|INGOs|organi[sz]ations|foundations|charities|associations|groups)\b/gu;

// Words FOUNDED_IN and COUNTED_NGOS cannot match without (same flags, no boundaries): cheap to look for first.
export const FOUNDED_VERBS = /incorporated|registered|founded|established|based|headquartered/u;
export const COUNTED_NOUNS = /NGOs|organi[sz]ations|foundations|charities|associations|groups/u;

/** Origins the text states around a name: "Hong Kong-based X", "X, based in Belgium", "two Japanese NGOs". */
function readContextOrigins(text: string, candidates: Candidate[], deps: OrgExtractorDeps): void {
	// The longest leading words that name a country: "Hong Kong. The" → Hong Kong.
	const countryOf = (words: string): string | null => {
		const list = words.split(/\s+/);
		for (let n = list.length; n >= 1; n--) {
			const phrase = list
				.slice(0, n)
				.join(' ')
				.replace(/[.,;:]+$/, '');
			const country =
				deps.countries.byName(phrase) ?? deps.countries.byDemonym(phrase) ?? deps.countries.byCity(phrase);
			if (country) return deps.countries.isDomestic(country) ? null : country;
		}
		return null;
	};
	// Read once per text: each statement is then matched to the name written right before it.
	const foundings = FOUNDED_VERBS.test(text) ? execAll(FOUNDED_IN, text) : [];
	for (const candidate of candidates) {
		const before = text.slice(Math.max(0, candidate.start - 120), candidate.start);
		const after = text.slice(candidate.end, candidate.end + 160);
		const at = (m: RegExpExecArray, group: number, offset: number) => {
			const index = m[0].indexOf(m[group]!) + m.index;
			return { start: offset + index, end: offset + index + m[group]!.length };
		};
		const origin = (country: string | null, span: Span, how: string) => {
			if (country) addOrigin(candidate, { country, ...span, how });
		};
		const offsetBefore = candidate.start - before.length;
		// Each pattern needs a word of its own ("-based", "branch"/"chapter"): most names have none before them.
		let m = before.includes('-based') ? BASED_PREFIX.exec(before) : null;
		if (m) {
			const span = at(m, 1, offsetBefore);
			origin(countryOf(m[1]!), { start: span.start, end: span.end + '-based'.length }, 'X-based');
		}
		m = NOUN_BEFORE.exec(before);
		if (m) origin(countryOf(m[1]!), at(m, 1, offsetBefore), 'nationality');
		m = before.includes('branch') || before.includes('chapter') ? BRANCH_BEFORE.exec(before) : null;
		if (m) origin(countryOf(m[1]!), at(m, 1, offsetBefore), 'branch');
		m = BASED_AFTER.exec(after);
		if (m) origin(countryOf(m[1]!), at(m, 1, candidate.end), 'based in');
		m = APPOSITIVE_AFTER.exec(after);
		if (m) origin(countryOf(m[1]!), at(m, 1, candidate.end), 'nationality');
		// "The Chi Heng Foundation was incorporated in Hong Kong in 1998."
		for (const founded of foundings) {
			if (text.slice(Math.max(0, founded.index - candidate.name.length), founded.index) !== candidate.name) continue;
			origin(countryOf(founded[1]!), at(founded, 1, 0), 'founded in');
			break;
		}
	}
	if (!COUNTED_NOUNS.test(text)) return;
	for (const m of execAll(COUNTED_NGOS, text)) {
		const country = countryOf(m[1]!);
		if (!country) continue;
		const count = Number(m[0].split(/\s+/)[0]) || WORD_NUMBERS[m[0].split(/\s+/)[0]!.toLowerCase()] || 3;
		const limit = sentenceEnd(text, sentenceEnd(text, m.index) + 1);
		const named = candidates.filter((c) => c.start > m.index && c.start < limit && c.country === null).slice(0, count);
		const start = m.index + m[0].indexOf(m[1]!);
		for (const candidate of named)
			addOrigin(candidate, { country, start, end: start + m[1]!.length, how: 'nationality' });
	}
}

const WORD_NUMBERS: Readonly<Record<string, number>> = {
	two: 2,
	three: 3,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8,
	nine: 9,
	ten: 10,
	several: 5,
};

function sentenceEnd(text: string, from: number): number {
	const m = /[.!?](?=\s|$)/.exec(text.slice(from));
	return m ? from + m.index + 1 : text.length;
}

/** One mention per organization: same names, aliases, or a shortened second reference ("the Cooperation Network"). */
function mergeCandidates(
	candidates: readonly Candidate[],
	directory: OrgDirectory,
): { mention: OrgMention; members: Candidate[] }[] {
	const ordered = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
	const groups: { members: Candidate[]; keys: Set<string>; words: string[] }[] = [];
	for (const candidate of ordered) {
		const keys = new Set([candidate.name, ...candidate.aliases].map(orgKey));
		if (candidate.known) for (const name of namesOf(candidate.known)) keys.add(orgKey(name));
		const words = orgKey(candidate.name).split(' ');
		const group = groups.find(
			(g) => [...keys].some((k) => g.keys.has(k)) || (words.length >= 2 && endsWith(g.words, words)),
		);
		if (group) {
			group.members.push(candidate);
			for (const key of keys) group.keys.add(key);
		} else {
			groups.push({ members: [candidate], keys, words });
		}
	}
	return groups.map(({ members }) => {
		const known = members.find((m) => m.known)?.known ?? directory.byKey(orgKey(members[0]!.name));
		const written = members.map((m) => m.name);
		const name =
			written.find((n) => known && orgKey(n) === orgKey(known.name)) ??
			written.find((n) => !ACRONYM.test(n)) ??
			written[0]!;
		const aliases = new Set<string>();
		for (const m of members) for (const alias of [m.name, ...m.aliases]) aliases.add(alias);
		if (known) for (const alias of namesOf(known)) aliases.add(alias);
		for (const alias of [...aliases]) if (orgKey(alias) === orgKey(name)) aliases.delete(alias);
		// A shortened second reference is not a name the org goes by elsewhere.
		for (const alias of [...aliases]) {
			const aliasWords = orgKey(alias).split(' ');
			if (aliasWords.length >= 2 && endsWith(orgKey(name).split(' '), aliasWords) && !known) aliases.delete(alias);
		}
		return {
			members,
			mention: { name, country: members.find((m) => m.country)?.country ?? null, aliases: [...aliases] },
		};
	});
}

function endsWith(words: readonly string[], suffix: readonly string[]): boolean {
	if (suffix.length >= words.length) return false;
	return suffix.every((word, i) => words[words.length - suffix.length + i] === word);
}
