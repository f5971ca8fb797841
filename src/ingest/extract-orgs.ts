import type { OrgMention } from '../domain/entry.js';
import { orgKey } from '../domain/names.js';
import type { CountryLexicon } from './countries.js';
import {
	BUSINESS_WORDS,
	CONNECTORS,
	EVENT_WORDS,
	GENERIC_NAMES,
	HEAD_FIRST,
	HEADS_NEEDING_RED,
	NGO_NOUNS,
	NON_NGO_PHRASES,
	NON_NGO_WORDS,
	ORG_HEADS,
	PARTICLES,
	ROLE_WORDS,
} from './org-lexicon.js';
import { type KnownOrg, type OrgDirectory, namesOf } from './org-directory.js';

export interface Span {
	readonly start: number;
	readonly end: number;
}

export interface OrgExtraction {
	readonly orgs: OrgMention[];
	/** Text stating an org's origin ("(Hong Kong)", "France’s"): not a place where the activity happens. */
	readonly originSpans: Span[];
}

export interface OrgExtractorDeps {
	readonly countries: CountryLexicon;
	readonly directory: OrgDirectory;
	/** True for names of Chinese places, which are never organizations on their own. */
	readonly isPlace?: (name: string) => boolean;
}

interface Token {
	readonly text: string;
	readonly start: number;
	readonly end: number;
	readonly word: boolean;
}

interface Candidate {
	name: string;
	start: number;
	end: number;
	country: string | null;
	aliases: string[];
	known: KnownOrg | null;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|\S/gu;
const POSSESSIVE = /['’]s$/;
const ACRONYM = /^[A-Z][A-Z0-9&]{1,9}$/;
const CORPORATE_SUFFIX = new Set(['Limited', 'Ltd', 'Inc', 'LLC', 'gGmbH', 'GmbH', 'eV']);

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	for (const m of text.matchAll(TOKEN)) {
		tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length, word: /[\p{L}\p{N}]/u.test(m[0]) });
	}
	return tokens;
}

const base = (word: string) => word.replace(POSSESSIVE, '');
const isCapWord = (t: Token | undefined) => t !== undefined && t.word && /^\p{Lu}/u.test(t.text);
const lower = (t: Token | undefined) => t?.text.toLowerCase() ?? '';

function isHead(tokens: readonly Token[], i: number): boolean {
	const word = base(tokens[i]!.text);
	if (!ORG_HEADS.has(word)) return false;
	return !HEADS_NEEDING_RED.has(word) || tokens[i - 1]?.text === 'Red';
}

/**
 * Maximal runs of capitalized words with the lower-case glue names use
 * ("Red Cross Society of China", "Barry & Martin’s Trust", "Amici di Raoul Follereau").
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
		for (;;) {
			const next = tokens[end + 1];
			// Possessives stay inside the run ("Barry & Martin’s Trust"); origins are split off later.
			if (isCapWord(next)) {
				end++;
				continue;
			}
			const glue = lower(next);
			if ((glue === '&' || glue === 'and' || PARTICLES.has(glue)) && isCapWord(tokens[end + 2])) {
				end += 2;
				continue;
			}
			if (CONNECTORS.has(glue)) {
				if (isCapWord(tokens[end + 2])) {
					end += 2;
					continue;
				}
				if (lower(tokens[end + 2]) === 'the' && isCapWord(tokens[end + 3])) {
					end += 3;
					continue;
				}
			}
			break;
		}
		runs.push([start, end]);
		i = end + 1;
	}
	return runs;
}

/** Extracts the NGOs, foundations, associations … named in a text, with their stated origin. */
export function extractOrgs(text: string, deps: OrgExtractorDeps): OrgExtraction {
	const tokens = tokenize(text);
	const candidates: Candidate[] = [];
	const originSpans: Span[] = [];

	for (const [runStart, runEnd] of capitalizedRuns(tokens)) {
		collectHeadedNames(text, tokens, runStart, runEnd, deps, candidates, originSpans);
	}
	collectListedNames(text, tokens, deps, candidates, originSpans);
	collectQuotedNames(text, deps, candidates);
	collectKnownNames(text, deps, candidates, originSpans);

	return { orgs: mergeCandidates(candidates, deps.directory), originSpans };
}

function collectHeadedNames(
	text: string,
	tokens: readonly Token[],
	runStart: number,
	runEnd: number,
	deps: OrgExtractorDeps,
	candidates: Candidate[],
	originSpans: Span[],
): void {
	let heads = 0;
	let covered = runStart - 1;
	for (let h = runStart; h <= runEnd; h++) {
		if (h <= covered || !isHead(tokens, h)) continue;
		let left = leftBoundary(tokens, runStart, h);
		const right = rightBoundary(tokens, left, h, runEnd);
		covered = right;
		const owner = tokens[left - 1];
		if (left > runStart && owner && POSSESSIVE.test(owner.text) && ORG_HEADS.has(base(owner.text))) continue;

		// "Hong Kong’s Grace Charity Foundation": a possessive country before the name is its origin.
		const origin = possessiveOrigin(tokens, left, h, deps, originSpans);
		const country = origin.country;
		left = origin.left;
		while (left < h && (ROLE_WORDS.has(tokens[left]!.text) || !isCapWord(tokens[left]))) left++;
		const candidate = buildCandidate(tokens, left, right, deps, originSpans);
		heads++;
		if (!candidate) continue;
		candidate.country ??= country;
		candidates.push(candidate);
	}
	if (heads === 0) collectNameBeforeOrigin(text, tokens, runStart, runEnd, deps, candidates, originSpans);
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
	originSpans: Span[],
): void {
	if (tokens[runEnd + 1]?.text !== '(') return;
	const close = tokens.findIndex((t, index) => index > runEnd + 1 && t.text === ')');
	if (close < 0 || close - runEnd > 8 || !deps.countries.byName(joinTokens(tokens, runEnd + 2, close - 1))) return;
	const sentenceStart = Math.max(
		text.lastIndexOf('. ', tokens[runStart]!.start),
		text.lastIndexOf('\n', tokens[runStart]!.start),
	);
	const context = text.slice(Math.max(0, sentenceStart, tokens[runStart]!.start - 400), tokens[runStart]!.start);
	if (!NGO_NOUNS.test(context) && !/representative offices?/i.test(context)) return;
	let left = runStart;
	while (left < runEnd && ROLE_WORDS.has(tokens[left]!.text)) left++;
	if (deps.countries.byName(joinTokens(tokens, left, runEnd))) return;
	const candidate = buildCandidate(tokens, left, runEnd, deps, originSpans, 1);
	if (candidate) candidates.push(candidate);
}

/**
 * Splits a possessive country off the front of a name ("France’s Children of Madaifu") and records it as the
 * org's origin; `firstOnly` looks at the first possessive only (list items).
 */
function possessiveOrigin(
	tokens: readonly Token[],
	from: number,
	to: number,
	deps: OrgExtractorDeps,
	originSpans: Span[],
	firstOnly = false,
): { left: number; country: string | null } {
	for (let i = from; i < to; i++) {
		if (!POSSESSIVE.test(tokens[i]!.text)) continue;
		const origin = deps.countries.byName(joinTokens(tokens, from, i).replace(POSSESSIVE, ''));
		if (origin) {
			originSpans.push({ start: tokens[from]!.start, end: tokens[i]!.end });
			return { left: i + 1, country: deps.countries.isDomestic(origin) ? null : origin };
		}
		if (firstOnly) break;
	}
	return { left: from, country: null };
}

/** Extends a name to the left of its head over modifiers, never across "of"/"for" or a previous org. */
function leftBoundary(tokens: readonly Token[], runStart: number, head: number): number {
	let left = head;
	while (left > runStart) {
		const previous = tokens[left - 1]!;
		const glue = previous.text.toLowerCase();
		if (CONNECTORS.has(glue) || glue === 'the') break;
		if (glue === 'and' || glue === '&') {
			// "Jiangxi Charity Federation and China Foundation …" are two orgs; "Science and Technology … Foundation" is one.
			if (left - 2 >= runStart && isHead(tokens, left - 2)) break;
			if (glue === 'and' && left - 2 >= runStart && EVENT_WORDS.has(base(tokens[left - 2]!.text))) break;
		}
		if (isCapWord(previous) && EVENT_WORDS.has(base(previous.text))) break;
		// "… Trust’s AIDS Fund": what follows an org's possessive belongs to that org.
		if (POSSESSIVE.test(previous.text) && ORG_HEADS.has(base(previous.text))) break;
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
		// "… Society of China", "… Foundation for Poverty Alleviation", "… Association for Science and Technology".
		const glue = lower(tokens[right + 1]);
		if (CONNECTORS.has(glue) && right + 1 < runEnd) {
			let end = right + 2;
			if (lower(tokens[end]) === 'the') end++;
			if (!isCapWord(tokens[end])) return right;
			while (end + 1 <= runEnd) {
				const after = lower(tokens[end + 1]);
				if (isCapWord(tokens[end + 1]) && !EVENT_WORDS.has(base(tokens[end + 1]!.text))) end++;
				else if ((after === 'and' || after === '&' || PARTICLES.has(after)) && isCapWord(tokens[end + 2])) {
					// Stop before "and <another org>".
					if (after !== '&' && hasHeadAhead(tokens, end + 2, runEnd)) break;
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

/** Turns a token range into a named candidate, reading "(Country)" and "(ACRONYM)" that follow it. */
function buildCandidate(
	tokens: readonly Token[],
	left: number,
	right: number,
	deps: OrgExtractorDeps,
	originSpans: Span[],
	minWords = 2,
): Candidate | null {
	const words = tokens.slice(left, right + 1).filter((t) => t.word);
	if (words.length < minWords) return null;
	if (words.some((t) => NON_NGO_WORDS.has(base(t.text)))) return null;
	const last = words.at(-1)!;
	if (EVENT_WORDS.has(base(last.text))) return null;
	if (BUSINESS_WORDS.has(tokens[right + 1]?.text ?? '')) return null;
	const name = joinTokens(tokens, left, right).replace(POSSESSIVE, '');
	const folded = name.toLowerCase().replace(/’/g, "'");
	if (GENERIC_NAMES.has(folded) || name.length > 150) return null;
	if (NON_NGO_PHRASES.some((phrase) => folded.includes(phrase))) return null;
	if (deps.isPlace?.(name)) return null;

	const candidate: Candidate = {
		name,
		start: tokens[left]!.start,
		end: tokens[right]!.end,
		country: null,
		aliases: [],
		known: deps.directory.byKey(orgKey(name)),
	};
	// A long form in parentheses ("AIFO (Associazione …) (Italy)") is followed by its closing parenthesis first.
	const after = tokens[left - 1]?.text === '(' && tokens[right + 1]?.text === ')' ? right + 2 : right + 1;
	readFollowingParentheses(tokens, after, candidate, deps, originSpans);
	readPrecedingAcronym(tokens, left, candidate);
	candidate.country ??= leadingCountry(tokens, left, right, deps.countries);
	return candidate;
}

/** "Animals Asia Foundation (Hong Kong)", "AIFO (Associazione …) (Italy)", "… Rural Sichuan (DORS)". */
function readFollowingParentheses(
	tokens: readonly Token[],
	from: number,
	candidate: Candidate,
	deps: OrgExtractorDeps,
	originSpans: Span[],
): void {
	let i = from;
	for (let guard = 0; guard < 3 && tokens[i]?.text === '('; guard++) {
		const close = tokens.findIndex((t, index) => index > i && t.text === ')');
		if (close < 0 || close - i > 16) return;
		const inside = joinTokens(tokens, i + 1, close - 1);
		const country = deps.countries.byName(inside);
		if (country) {
			if (!deps.countries.isDomestic(country)) candidate.country ??= country;
			originSpans.push({ start: tokens[i]!.start, end: tokens[close]!.end });
		} else if (ACRONYM.test(inside) || /\p{Script=Han}/u.test(inside)) {
			candidate.aliases.push(inside);
		} else if (/^[\d\s–-]+$/.test(inside)) {
			return;
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
): string | null {
	const first = tokens[left]!;
	if (first.text.includes('-')) return null;
	for (let n = Math.min(4, right - left); n >= 1; n--) {
		const prefix = joinTokens(tokens, left, left + n - 1);
		const country = countries.byName(prefix) ?? (n === 1 ? countries.byDemonym(prefix) : null);
		if (country) return countries.isDomestic(country) ? null : country;
	}
	return null;
}

// "foreign NGOs such as France’s Children of Madaifu as well as …", "organizations including X, Y and Z".
const LIST_INTRO =
	/\b(?:NGOs|INGOs|organi[sz]ations|groups|foundations|charities|associations|institutions)\s+(?:such as|including|like|namely)\s+/g;

function collectListedNames(
	text: string,
	tokens: readonly Token[],
	deps: OrgExtractorDeps,
	candidates: Candidate[],
	originSpans: Span[],
): void {
	for (const m of text.matchAll(LIST_INTRO)) {
		let i = tokens.findIndex((t) => t.start >= m.index + m[0].length);
		while (i >= 0 && i < tokens.length) {
			const start = i;
			let end = i - 1;
			while (isCapWord(tokens[end + 1]) || (CONNECTORS.has(lower(tokens[end + 1])) && isCapWord(tokens[end + 2]))) {
				end += CONNECTORS.has(lower(tokens[end + 1])) ? 2 : 1;
			}
			if (end < start) break;
			const { left, country } = possessiveOrigin(tokens, start, end, deps, originSpans, true);
			const candidate = buildCandidate(tokens, left, end, deps, originSpans);
			if (candidate) {
				candidate.country ??= country;
				candidates.push(candidate);
			}
			// Next list item after ",", "and", "as well as".
			const sep = lower(tokens[end + 1]);
			if (sep === ',' || sep === 'and') i = end + 2;
			else if (sep === 'as' && lower(tokens[end + 2]) === 'well' && lower(tokens[end + 3]) === 'as') i = end + 4;
			else break;
			if (lower(tokens[i]) === 'and') i++;
			if (!isCapWord(tokens[i])) break;
		}
	}
}

// "the Australian NGO “Charitable Aid Service Company”": a quoted name right after a generic noun.
const QUOTED_AFTER_NOUN =
	/\b(?:([A-Z][a-z]+)\s+)?(?:NGO|INGO|non-?governmental organi[sz]ation|non-?profit|charity|foundation|organi[sz]ation)\s+[“"]([^”"]{3,100})[”"]/g;

function collectQuotedNames(text: string, deps: OrgExtractorDeps, candidates: Candidate[]): void {
	for (const m of text.matchAll(QUOTED_AFTER_NOUN)) {
		const name = m[2]!.trim();
		const words = name.split(/\s+/);
		if (words.length < 2 || !/^\p{Lu}/u.test(name) || words.some((w) => NON_NGO_WORDS.has(base(w)))) continue;
		const demonym = m[1] ? deps.countries.byDemonym(m[1]) : null;
		const start = m.index + m[0].length - m[2]!.length - 1;
		candidates.push({
			name,
			start,
			end: start + name.length,
			country: demonym && !deps.countries.isDomestic(demonym) ? demonym : null,
			aliases: [],
			known: deps.directory.byKey(orgKey(name)),
		});
	}
}

function collectKnownNames(text: string, deps: OrgExtractorDeps, candidates: Candidate[], originSpans: Span[]): void {
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
			aliases: [],
			known: mention.org,
		};
		const origin = /^\s*\(([^()]{2,40})\)/.exec(text.slice(mention.end));
		const country = origin ? deps.countries.byName(origin[1]!) : null;
		if (origin && country) {
			if (!deps.countries.isDomestic(country)) candidate.country = country;
			originSpans.push({ start: mention.end, end: mention.end + origin[0].length });
		}
		candidates.push(candidate);
	}
}

/** One mention per organization: same names, aliases, or a shortened second reference ("the Cooperation Network"). */
function mergeCandidates(candidates: readonly Candidate[], directory: OrgDirectory): OrgMention[] {
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
			name,
			country: members.find((m) => m.country)?.country ?? null,
			aliases: [...aliases],
		};
	});
}

function endsWith(words: readonly string[], suffix: readonly string[]): boolean {
	if (suffix.length >= words.length) return false;
	return suffix.every((word, i) => words[words.length - suffix.length + i] === word);
}
