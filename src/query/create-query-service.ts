import { z } from 'zod';
import { ACTIVITY_TYPES, FIELD_LABELS, FIELDS_OF_WORK, type FieldOfWork, type IsoDate } from '../domain/entry.js';
import { bodyKey, orgKey } from '../domain/names.js';
import { ftsMatchExpression, indexableText, queryTerms, searchTokens } from '../domain/search-text.js';
import {
	clearWinner,
	MIN_CORRECTED_LENGTH,
	mayCorrect,
	oneEditAway,
	type Respelling,
	respelledText,
	respellings,
} from '../domain/spelling.js';
import { cleanUserText } from '../domain/text.js';
import type { CountryLexicon } from '../ingest/countries.js';
import { extractOrgs } from '../ingest/extract-orgs.js';
import { type Gazetteer, placeTokens } from '../ingest/gazetteer.js';
import type { OrgDirectory } from '../ingest/org-directory.js';
import type { OrgHit } from '../index/org-index.js';
import type { SearchIndexes } from '../index/search-indexes.js';
import type { EntryReader, StoredOrg } from '../store/entry-reader.js';
import type { EntrySearch, SearchCriteria } from '../store/entry-search.js';
import type { FacetCount, FacetName, FacetReader, FacetScope } from '../store/facets.js';
import type { PartnerReader, StoredBody } from '../store/partner-reader.js';
import type {
	Count,
	MatchingEntries,
	BodyProfile,
	NgoAnswer,
	OrgProfile,
	PartnerAnswer,
	ProvinceAnswer,
	QueryResult,
	Resolved,
	SearchAnswer,
	SearchFilters,
	StatsAnswer,
	Suggestion,
} from './answers.js';
import {
	DEFAULT_PAGE_SIZE,
	MAX_PAGE_SIZE,
	type PageRequest,
	type QueryService,
	type SearchRequest,
	type SuggestKind,
} from './query-service.js';
import { MAX_TIMELINE_PERIODS, TIMELINE_PERIODS, type TimelineAnswer, timelineFromMonths } from './timeline.js';

export interface QueryServiceDeps {
	readonly reader: EntryReader;
	readonly partners: PartnerReader;
	readonly facets: FacetReader;
	readonly search: EntrySearch;
	readonly indexes: SearchIndexes;
	readonly gazetteer: Gazetteer;
	readonly countries: CountryLexicon;
	readonly directory: OrgDirectory;
}

/** Longest name or query accepted: Discord caps options at 100 characters, search text at a few hundred. */
export const MAX_NAME_LENGTH = 200;
export const MAX_QUERY_LENGTH = 500;
/** Facets of a broad search are counted over its newest matches, so the answer stays fast. */
export const FACET_SAMPLE = 1_000;
/** A fuzzy hit at or above this closeness, clearly ahead of the next, is taken as the answer. */
const FUZZY_ACCEPT = 0.9;
const FUZZY_SUGGEST = 0.5;
/** A typo or a cut name (the org index's DID_YOU_MEAN_MIN_CONFIDENCE): answered when no other name comes near. */
const FUZZY_CLOSE = 0.75;
/** Orgs looked at for a name that holds the words typed: enough that a second such name is seen. */
const PARTIAL_CANDIDATES = 25;

const MAX_AUTOCOMPLETE = 25;
/** Characters of a message read for the names it holds (Discord messages are at most 4,000, embeds 6,000). */
const MAX_NAMED_TEXT = 10_000;
const ISO_DAY = z.iso.date();
const CHOICE_MAX = 100;
/** Close spellings tried per word, combinations of them per search, and entries counted for each (see respell). */
const RESPELL_OPTIONS = 8;
const RESPELL_COMBINATIONS = 16;
const RESPELL_COUNT = 101;
/** Entries read per query when a whole matching set is walked (exports). */
const EXPORT_BATCH = 500;

/** Before any dated entry and after the undated ones' sort date. */
const EARLIEST_DATE = '0001-01-01';

/** Whether every word typed is a word of the name, or the start of one ("Hay" of "Hayden"); Chinese as a run. */
function holdsEveryWord(label: string, typed: string): boolean {
	const words = searchTokens(label);
	const terms = queryTerms(typed);
	return (
		terms.length > 0 &&
		terms.every((group) =>
			group.length > 1 || /\p{Script=Han}/u.test(group[0]!)
				? group.every((gram) => words.includes(gram))
				: words.some((word) => word.startsWith(group[0]!)),
		)
	);
}

function invalid(message: string): QueryResult<never> {
	return { ok: false, reason: 'invalid', message };
}

function pageOf(request: PageRequest | undefined): { limit: number; offset: number } {
	const limit = Math.min(Math.max(1, Math.floor(request?.pageSize ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
	const page = Math.max(1, Math.floor(request?.page ?? 1));
	return { limit, offset: (page - 1) * limit };
}

function choiceLabel(text: string): string {
	return text.length <= CHOICE_MAX ? text : `${text.slice(0, CHOICE_MAX - 1)}…`;
}

/**
 * The criteria a text search runs with. One province narrows the full-text match itself, so FTS5 intersects the
 * two lists (exact: that column holds the canonical names) instead of collecting every hit of a broad word first;
 * the match then holds the province, so the filter is not checked again row by row.
 */
function searchCriteria(words: string | null, criteria: SearchCriteria): SearchCriteria {
	const { provinces, ...others } = criteria;
	if (words === null || provinces?.length !== 1) return { ...criteria, match: words };
	return { ...others, match: `${words} AND provinces : "${indexableText(provinces[0]!)}"` };
}

/** The answers behind every command, from SQLite lookups, facet counts and the org name index. */
export function createQueryService(deps: QueryServiceDeps): QueryService {
	const { reader, partners, facets, search, indexes, gazetteer, countries, directory } = deps;
	const provinceInfo = new Map(gazetteer.provinces.map((p) => [p.name, p]));
	const placeTermsCache = new Map<string, string[]>();

	const profile = (org: StoredOrg): OrgProfile => ({
		id: org.id,
		name: org.name,
		aliases: org.aliases.filter((alias) => alias !== org.name),
		country: org.country,
		// Events: the stored count also counts the other sources of an event, which keep the org's row alive.
		entryCount: facets.total('org', org.id),
	});

	const orgCounts = (counts: readonly FacetCount[]): Count[] =>
		counts.flatMap((c) => {
			const org = reader.getOrg(Number(c.key));
			return org ? [{ key: c.key, label: org.name, n: c.n }] : [];
		});
	const plainCounts = (counts: readonly FacetCount[]): Count[] =>
		counts.map((c) => ({ key: c.key, label: c.key.startsWith('0000') ? 'undated' : c.key.replace('_', ' '), n: c.n }));

	/** Top values of a facet in a scope, with org ids turned into names. */
	const topCounts = (scope: FacetScope, key: string | number, facet: FacetName, limit: number): Count[] => {
		const counts = facets.top(scope, key, facet, limit);
		return facet === 'org' ? orgCounts(counts) : plainCounts(counts);
	};

	const orgSuggestion = (org: { id: number; name: string; entryCount: number }): Suggestion => {
		const [top] = facets.top('org', org.id, 'province', 1);
		return {
			name: org.name,
			value: org.name.length <= CHOICE_MAX ? org.name : `id:${org.id}`,
			entries: facets.total('org', org.id),
			...(top ? { detail: top.key } : {}),
		};
	};

	const mostActiveOrgs = (limit: number): Suggestion[] =>
		facets.top('all', '', 'org', limit).flatMap((c) => {
			const org = reader.getOrg(Number(c.key));
			return org ? [{ ...orgSuggestion(org), reason: 'popular' as const }] : [];
		});

	/** The corpus org a name of the directory of known organizations stands for (by any of its other names). */
	function knownOrg(key: string): { org: StoredOrg; names: string[] } | null {
		const known = directory.byKey(key);
		if (!known) return null;
		const names = [known.name, ...known.aliases, ...known.zh];
		for (const other of names) {
			const org = reader.findOrgByKey(orgKey(other));
			if (org) return { org, names };
		}
		return null;
	}

	/**
	 * Exact name or alias, then a known org's other names, then a clearly closest spelling, then the one org whose
	 * name holds every word typed ("Hayden" → Philip Hayden Foundation) or the one close spelling; `matched` is the
	 * name or alias that matched, as written.
	 */
	function resolveOrg(
		name: string,
	):
		| { ok: true; org: StoredOrg; by: NgoAnswer['resolvedBy']; matched: string }
		| { ok: false; reason: 'no-match' | 'ambiguous'; suggestions: Suggestion[] } {
		const byId = /^id:(\d+)$/.exec(name);
		if (byId) {
			const org = reader.getOrg(Number(byId[1]));
			if (org) return { ok: true, org, by: 'name', matched: org.name };
		}
		const key = orgKey(name);
		const exact = key ? reader.findOrgByKey(key) : null;
		if (exact) {
			if (exact.key === key) return { ok: true, org: exact, by: 'name', matched: exact.name };
			return { ok: true, org: exact, by: 'alias', matched: exact.aliases.find((a) => orgKey(a) === key) ?? name };
		}
		const known = key ? knownOrg(key) : null;
		if (known) {
			const matched = known.names.find((n) => orgKey(n) === key) ?? name;
			return { ok: true, org: known.org, by: 'alias', matched };
		}
		const hits = indexes.searchOrgs(name, { limit: PARTIAL_CANDIDATES }) ?? [];
		const [best, second] = hits;
		const found = (hit: OrgHit, by: NgoAnswer['resolvedBy']) => {
			const org = reader.getOrg(hit.id);
			return org ? ({ ok: true, org, by, matched: hit.match.text } as const) : null;
		};
		// Words (or starts of words) of one name only: that organization, not a question back ("did you mean …?").
		const containing = hits.filter((hit) => holdsEveryWord(hit.match.text, name));
		if (containing.length === 1) {
			const org = found(containing[0]!, 'partial');
			if (org) return org;
		}
		if (best && best.confidence >= FUZZY_ACCEPT && (!second || second.confidence < best.confidence - 0.05)) {
			const org = found(best, 'fuzzy');
			if (org) return org;
		}
		const close = hits.filter((hit) => hit.confidence >= FUZZY_SUGGEST);
		if (containing.length === 0 && close.length === 1 && best!.confidence >= FUZZY_CLOSE) {
			const org = found(best!, 'fuzzy');
			if (org) return org;
		}
		const suggestions = close.slice(0, 6).map((hit) => ({ ...orgSuggestion(hit), reason: 'close' as const }));
		if (best && second && best.confidence >= FUZZY_ACCEPT && second.confidence >= best.confidence - 0.05) {
			return { ok: false, reason: 'ambiguous', suggestions };
		}
		return { ok: false, reason: 'no-match', suggestions: suggestions.length ? suggestions : mostActiveOrgs(5) };
	}

	function resolveProvinceName(name: string) {
		return gazetteer.resolve(name);
	}

	const provinceSuggestions = (text: string): Suggestion[] => {
		const prefix = text.replace(/\s*(province|省)$/i, '').slice(0, 3);
		return gazetteer.suggest(prefix, 5).map((s) => ({
			name: s.label,
			value: s.province,
			entries: facets.total('province', s.province),
			reason: 'close' as const,
		}));
	};

	const entriesFor = (ids: readonly number[]) => reader.getEntries(ids);
	const placeWords = placeTokens(gazetteer);

	/** One /search page for a full-text match (null: filters alone) under the criteria, with its count up to 1,000. */
	function searchRun(
		words: string | null,
		criteria: SearchCriteria,
		order: 'newest' | 'relevance',
		{ limit, offset }: { limit: number; offset: number },
	) {
		const full = searchCriteria(words, criteria);
		// Measured at 100k: ranking a top-1,000 sample in one query costs more than a ranked page plus the
		// newest-first sample, so relevance takes its facet sample the same way as newest order.
		// Counted up to the facet sample: "more than 1,000" costs a page's work, an exact 83,000 reads every hit.
		// Newest first, a page inside the sample is read with it: one walk over the newest 1,001 matches gives the
		// page, the count and the sample (a filter-only search keeps its exact total from the facet counts).
		const walk =
			full.match !== null && order === 'newest' && offset + limit <= FACET_SAMPLE
				? search.idsForFacets(full, FACET_SAMPLE + 1)
				: null;
		const found = walk
			? {
					ids: walk.slice(offset, offset + limit),
					total: Math.min(walk.length, FACET_SAMPLE),
					more: walk.length > FACET_SAMPLE,
				}
			: search.find(full, { limit, offset, countUpTo: FACET_SAMPLE + 1 });
		return { full, walk, entries: entriesFor(found.ids), total: found.total, more: found.more === true };
	}

	/**
	 * Close spellings of a search that matched nothing: each word the full-text index has never seen, one edit
	 * away from words it has (place names, numbers and words under four letters are never respelled); each
	 * combination counted under the same filters, up to RESPELL_COUNT. The one clearly ahead is searched instead;
	 * when several match about as much, none is guessed and they are offered.
	 */
	function respell(text: string, criteria: SearchCriteria): { chosen: Respelling | null; options: string[] } {
		const groups = queryTerms(text);
		// A Chinese run is a phrase of bigrams: it is searched as typed.
		const words = groups.map(
			(group) =>
				group[0]! +
				group
					.slice(1)
					.map((gram) => gram.slice(-1))
					.join(''),
		);
		const lastIsPrefix = groups.at(-1)!.length === 1;
		const close = words.map((word, i) => {
			if (groups[i]!.length !== 1 || !mayCorrect(word, placeWords)) return [];
			const asPrefix = lastIsPrefix && i === words.length - 1;
			if (search.indexedSpellings([word], asPrefix).length > 0) return [];
			// Not shorter than a word that may be respelled: "woo" of "wooq" would prefix every "wood" and "wool".
			const spellings = oneEditAway(word).filter((close) => close.length >= MIN_CORRECTED_LENGTH);
			// Whole words first, even for the last word ("yunan" is Yunnan, not "yunn…" and "yunna…" besides).
			const whole = search.indexedSpellings(spellings, false);
			if (whole.length > 0 || !asPrefix) return whole.slice(0, RESPELL_OPTIONS);
			// A last word still being typed ("regstr"): starts of indexed words, the longest of those nested in others.
			const starts = search.indexedSpellings(spellings, true);
			return starts
				.filter((start) => !starts.some((other) => other !== start && other.startsWith(start)))
				.slice(0, RESPELL_OPTIONS);
		});
		const counted = respellings(words, close, RESPELL_COMBINATIONS).map((candidate) => ({
			...candidate,
			matches: search.idsForFacets(
				{ ...criteria, match: ftsMatchExpression(candidate.query, { prefixLast: true }) },
				RESPELL_COUNT,
			).length,
		}));
		// Shown in the user's words where they can be: "Save the Childern" → "Save the children".
		const shown = (c: Respelling) => respelledText(text, c.replaced) ?? c.query;
		const chosen = clearWinner(counted);
		if (chosen) return { chosen: { query: shown(chosen), replaced: chosen.replaced }, options: [] };
		const matching = counted.filter((c) => c.matches > 0).sort((a, b) => b.matches - a.matches);
		return { chosen: null, options: matching.slice(0, 3).map(shown) };
	}

	const bodyProfile = (body: StoredBody): BodyProfile => ({
		id: body.id,
		name: body.name,
		aliases: body.aliases,
		level: body.level,
		province: body.province,
		entryCount: partners.eventCountOfBody(body.id),
	});
	// entry_fields holds only the keys of FIELDS_OF_WORK (a CHECK constraint), so the cast is safe.
	const fieldFacet = (ids: readonly number[]) => search.facetsOf(ids, 'field') as { key: FieldOfWork; n: number }[];
	const fieldCounts = (counts: readonly { key: FieldOfWork; n: number }[]): Count[] =>
		counts.map(({ key, n }) => ({ key, label: FIELD_LABELS[key], n }));
	/**
	 * Any spelling of a body, or "id:N" (what paging and long autocomplete values carry), else the one body whose
	 * name has a word starting with what was typed.
	 */
	const resolveBody = (name: string): { ok: true; body: StoredBody } | { ok: false; suggestions: Suggestion[] } => {
		const byId = /^id:(\d+)$/.exec(name);
		const numbered = byId ? partners.getBody(Number(byId[1])) : null;
		if (numbered) return { ok: true, body: numbered };
		const known = partners.findBodyByKey(bodyKey(name));
		if (known) return { ok: true, body: known };
		const close = partners.suggestBodies(name, 5);
		const containing = close.filter((candidate) => candidate.name.toLowerCase().includes(name.toLowerCase()));
		if (containing.length === 1) return { ok: true, body: containing[0]! };
		if (close.length) return { ok: false, suggestions: close.map((body) => bodySuggestion(body, 'close')) };
		return { ok: false, suggestions: partners.suggestBodies('', 5).map((body) => bodySuggestion(body, 'popular')) };
	};
	/** A field by key ("disaster_relief") or by ChinaFile's name ("Disaster Relief"), any case. */
	const fieldOf = (text: string): FieldOfWork | null => {
		const wanted = cleanUserText(text).toLowerCase();
		return (
			FIELDS_OF_WORK.find(
				(field) => field === wanted.replace(/[\s-]+/g, '_') || FIELD_LABELS[field].toLowerCase() === wanted,
			) ?? null
		);
	};
	const bodySuggestion = (body: StoredBody, reason?: Suggestion['reason']): Suggestion => ({
		name: body.name,
		// Discord takes choice values of at most 100 characters.
		value: body.name.length <= CHOICE_MAX ? body.name : `id:${body.id}`,
		// Events, like the card's count: the stored count also counts other reports of an event.
		entries: partners.eventCountOfBody(body.id),
		...(body.province ? { detail: body.province } : {}),
		...(reason ? { reason } : {}),
	});

	return {
		ngo(rawName, request) {
			const name = cleanUserText(rawName);
			if (!name) return invalid('Give an organization name, e.g. /ngo Animals Asia.');
			if (name.length > MAX_NAME_LENGTH)
				return invalid(`That name is ${name.length} characters; names are at most ${MAX_NAME_LENGTH}.`);
			const resolved = resolveOrg(name);
			if (!resolved.ok) {
				return { ok: false, reason: resolved.reason, subject: 'ngo', query: name, suggestions: resolved.suggestions };
			}
			const { org } = resolved;
			const { limit, offset } = pageOf(request);
			const ids = reader.entryIdsByOrg(org.id, { limit, offset });
			const answer: NgoAnswer = {
				query: name,
				resolvedBy: resolved.by,
				matched: resolved.matched,
				org: profile(org),
				span: facets.span('org', org.id),
				provinces: topCounts('org', org.id, 'province', 10),
				types: topCounts('org', org.id, 'type', 12),
				partners: partners.bodiesOfOrg(org.id, 12),
				fields: fieldCounts(partners.fieldsOfOrg(org.id)),
				entries: entriesFor(ids),
				// Events, like every count: an event two documents report is one entry here.
				page: { offset, limit, total: facets.total('org', org.id) },
			};
			return { ok: true, value: answer };
		},

		partner(rawName, request) {
			const name = cleanUserText(rawName);
			if (!name) return invalid('Give the name of a Chinese body, e.g. /partner Zhejiang Department of Commerce.');
			if (name.length > MAX_NAME_LENGTH)
				return invalid(`That name is ${name.length} characters; names are at most ${MAX_NAME_LENGTH}.`);
			const resolvedBody = resolveBody(name);
			if (!resolvedBody.ok) {
				return {
					ok: false,
					reason: 'no-match',
					subject: 'partner',
					query: name,
					suggestions: resolvedBody.suggestions,
				};
			}
			const { body } = resolvedBody;
			const { limit, offset } = pageOf(request);
			const ids = partners.entryIdsByBody(body.id, { limit, offset });
			const answer: PartnerAnswer = {
				query: name,
				body: bodyProfile(body),
				span: partners.bodySpan(body.id),
				roles: partners.bodyRoles(body.id).map(({ role, n }) => ({ key: role, label: role.replace('_', ' '), n })),
				orgs: partners.orgsOfBody(body.id, 12),
				entries: entriesFor(ids),
				page: { offset, limit, total: partners.eventCountOfBody(body.id) },
			};
			return { ok: true, value: answer };
		},

		province(rawName, request) {
			const name = cleanUserText(rawName);
			if (!name) return invalid('Give a province, e.g. /province Hunan or /province 湖南.');
			if (name.length > MAX_NAME_LENGTH)
				return invalid(`That name is ${name.length} characters; names are at most ${MAX_NAME_LENGTH}.`);
			const resolved = resolveProvinceName(name);
			if (!resolved)
				return {
					ok: false,
					reason: 'no-match',
					subject: 'province',
					query: name,
					suggestions: provinceSuggestions(name),
				};
			const province = resolved.province;
			const { limit, offset } = pageOf(request);
			const ids = reader.entryIdsByProvince(province, { limit, offset });
			const answer: ProvinceAnswer = {
				query: name,
				province,
				zh: provinceInfo.get(province)?.zh[0] ?? null,
				matched: resolved.matched,
				span: facets.span('province', province),
				orgs: topCounts('province', province, 'org', 8),
				types: topCounts('province', province, 'type', 12),
				entries: entriesFor(ids),
				page: { offset, limit, total: facets.total('province', province) },
			};
			return { ok: true, value: answer };
		},

		search(rawText, filters = {}, request: SearchRequest = {}) {
			const text = cleanUserText(rawText);
			if (text.length > MAX_QUERY_LENGTH) {
				return invalid(`That search is ${text.length} characters; searches are at most ${MAX_QUERY_LENGTH}.`);
			}
			const criteria = criteriaFor(filters, request.order ?? 'newest');
			if (!criteria.ok) return criteria.result;
			const { limit, offset } = pageOf(request);
			const words = text ? ftsMatchExpression(text, { prefixLast: true }) : null;
			if (text && !words) return invalid(`“${text}” has no words to search for. Try letters or numbers.`);
			const order = request.order ?? 'newest';
			let run = searchRun(words, criteria.value, order, { limit, offset });
			let matchedBy: SearchAnswer['matchedBy'] = words ? 'fulltext' : 'filters';
			let didYouMean: Suggestion[] = [];
			let respelled: SearchAnswer['respelled'] = null;
			let spellings: string[] = [];
			if (run.total === 0 && text) {
				// Words with typos: search again with the words respelled against the full-text vocabulary.
				const spelling = respell(text, criteria.value);
				spellings = spelling.options;
				if (spelling.chosen) {
					run = searchRun(ftsMatchExpression(spelling.chosen.query, { prefixLast: true }), criteria.value, order, {
						limit,
						offset,
					});
					matchedBy = 'respelled';
					respelled = spelling.chosen;
					spellings = [];
				}
			}
			if (run.total === 0 && text) {
				// Names close to the words are offered only with an empty answer (the summary shows them there).
				const close = (indexes.searchOrgs(text, { limit: 3 }) ?? []).filter((hit) => hit.confidence >= 0.75);
				didYouMean = close.map((hit) => orgSuggestion(hit));
			}
			const { entries, total, more } = run;
			const sample = run.walk?.slice(0, FACET_SAMPLE) ?? (total > 0 ? search.idsForFacets(run.full, FACET_SAMPLE) : []);
			const answer: SearchAnswer = {
				query: text,
				filters,
				order,
				resolved: criteria.resolved,
				entries,
				page: more ? { offset, limit, total, more } : { offset, limit, total },
				provinces: plainCounts(search.facetsOf(sample, 'province', 10)),
				orgs: orgCounts(search.facetsOf(sample, 'org', 8)),
				types: plainCounts(search.facetsOf(sample, 'type', 12)),
				sampled: Math.min(total, FACET_SAMPLE),
				didYouMean,
				matchedBy,
				respelled,
				spellings,
			};
			return { ok: true, value: answer };
		},

		entry(id) {
			if (!Number.isSafeInteger(id) || id < 1) return invalid('Entry ids are whole numbers from 1, e.g. /entry 9.');
			const entry = reader.getEntry(id);
			if (entry) return { ok: true, value: entry };
			return { ok: false, reason: 'no-match', subject: 'entry', query: String(id), suggestions: [] };
		},

		evidence(id) {
			return Number.isSafeInteger(id) && id >= 1 ? reader.getEvidence(id) : [];
		},

		exactName(kind, words) {
			const text = cleanUserText(words);
			if (text === '' || text.length > 200) return null;
			switch (kind) {
				case 'province':
					return resolveProvinceName(text)?.province ?? null;
				case 'ngo': {
					const key = orgKey(text);
					const org = key ? reader.findOrgByKey(key) : null;
					if (org) return org.name;
					const known = key ? directory.byKey(key) : null;
					for (const other of known ? [known.name, ...known.aliases, ...known.zh] : []) {
						const listed = reader.findOrgByKey(orgKey(other));
						if (listed) return listed.name;
					}
					return null;
				}
				case 'partner':
					return partners.findBodyByKey(bodyKey(text))?.name ?? null;
				case 'country':
					return countries.byName(text) ?? countries.byDemonym(text);
				case 'field':
					return fieldOf(text);
			}
		},

		matching(rawText, filters = {}) {
			const text = cleanUserText(rawText);
			if (text.length > MAX_QUERY_LENGTH) {
				return invalid(`That search is ${text.length} characters; searches are at most ${MAX_QUERY_LENGTH}.`);
			}
			const criteria = criteriaFor(filters, 'newest');
			if (!criteria.ok) return criteria.result;
			const words = text ? ftsMatchExpression(text, { prefixLast: true }) : null;
			if (text && !words) return invalid(`“${text}” has no words to search for. Try letters or numbers.`);
			// The same criteria /search builds, so an export holds exactly what the search counts (no fuzzy fallback).
			const full = searchCriteria(words, criteria.value);
			const { total } = search.find(full, { limit: 0 });
			// A row per source: every document's report of a matching event, the event's own entry first.
			const ids = total > 0 ? reader.withOtherSources(search.idsForFacets(full, total)) : [];
			const answer: MatchingEntries = {
				query: text,
				filters,
				resolved: criteria.resolved,
				ids,
				cutoff: { lastIngestAt: reader.lastIngestAt(), corpusRevision: reader.corpusRevision() },
				*batches(size = EXPORT_BATCH) {
					for (let at = 0; at < ids.length; at += size) yield reader.getEntries(ids.slice(at, at + size));
				},
			};
			return { ok: true, value: answer };
		},

		stats(filters = {}) {
			const criteria = criteriaFor(filters, 'newest');
			if (!criteria.ok) return criteria.result;
			const scope = singleScope(filters, criteria.value);
			const documents = reader.documentCount();
			const lastIngestAt = reader.lastIngestAt();
			if (scope) {
				const [name, key] = scope;
				const answer: StatsAnswer = {
					filters,
					resolved: criteria.resolved,
					total: facets.total(name, key),
					span: facets.span(name, key),
					byProvince: topCounts(name, key, 'province', 34),
					byType: topCounts(name, key, 'type', ACTIVITY_TYPES.length),
					byField: fieldCounts(
						name === 'all'
							? partners.fieldCounts()
							: name === 'org'
								? partners.fieldsOfOrg(Number(key))
								: fieldFacet(search.idsForFacets(criteria.value, Math.max(facets.total(name, key), 1))),
					),
					byMonth: plainCounts(facets.all(name, key, 'month')),
					byYear: plainCounts(facets.all(name, key, 'year')),
					documents,
					lastIngestAt,
				};
				return { ok: true, value: answer };
			}
			// Several filters at once: count over the matching entries themselves.
			const { total } = search.find(criteria.value, { limit: 0 });
			const ids = search.idsForFacets(criteria.value, Math.max(total, 1));
			const months = plainCounts(search.facetsOf(ids, 'month')).sort((a, b) => a.key.localeCompare(b.key));
			const years = plainCounts(search.facetsOf(ids, 'year')).sort((a, b) => a.key.localeCompare(b.key));
			const answer: StatsAnswer = {
				filters,
				resolved: criteria.resolved,
				total,
				span: months.length ? spanOfMonths(ids) : { first: null, last: null },
				byProvince: plainCounts(search.facetsOf(ids, 'province')),
				byType: plainCounts(search.facetsOf(ids, 'type')),
				byField: fieldCounts(fieldFacet(ids)),
				byMonth: months,
				byYear: years,
				documents,
				lastIngestAt,
			};
			return { ok: true, value: answer };
		},

		timeline(filters = {}, by = 'month') {
			if (!(TIMELINE_PERIODS as readonly string[]).includes(by)) {
				return invalid(`by must be one of ${TIMELINE_PERIODS.join(', ')}; got “${by}”.`);
			}
			const criteria = criteriaFor(filters, 'newest');
			if (!criteria.ok) return criteria.result;
			const scope = singleScope(filters, criteria.value);
			let months: FacetCount[];
			let total: number;
			let span: TimelineAnswer['span'];
			if (scope) {
				// One filter or none: the precomputed month counts of that scope, one index range read.
				months = facets.all(scope[0], scope[1], 'month');
				total = facets.total(scope[0], scope[1]);
				span = facets.span(scope[0], scope[1]);
			} else {
				total = search.find(criteria.value, { limit: 0 }).total;
				const ids = search.idsForFacets(criteria.value, Math.max(total, 1));
				months = search.facetsOf(ids, 'month');
				span = months.some((m) => !m.key.startsWith('0000')) ? spanOfMonths(ids) : { first: null, last: null };
			}
			const { points, undated } = timelineFromMonths(months, by);
			if (points.length > MAX_TIMELINE_PERIODS) {
				const coarser = by === 'month' ? 'quarter or year' : 'year';
				return invalid(
					`That timeline has ${points.length} ${by}s, more than a chart can show (${MAX_TIMELINE_PERIODS}). Group by ${coarser} instead.`,
				);
			}
			const answer: TimelineAnswer = { filters, resolved: criteria.resolved, by, points, undated, total, span };
			return { ok: true, value: answer };
		},

		suggest(kind: SuggestKind, rawPrefix: string, limit = MAX_AUTOCOMPLETE): Suggestion[] {
			const prefix = cleanUserText(rawPrefix).slice(0, MAX_NAME_LENGTH);
			const max = Math.min(Math.max(1, limit), MAX_AUTOCOMPLETE);
			switch (kind) {
				case 'ngo': {
					const found = indexes.suggestOrgs(prefix, max) ?? [];
					return found.map((s) => {
						const base = orgSuggestion({ id: s.id, name: s.name, entryCount: s.entryCount });
						const via = s.alias ? ` (${s.alias})` : '';
						const entries = `${base.entries} ${base.entries === 1 ? 'entry' : 'entries'}`;
						return {
							...base,
							name: choiceLabel(`${s.name}${via} — ${entries}${base.detail ? ` · ${base.detail}` : ''}`),
						};
					});
				}
				case 'province':
					return gazetteer.suggest(prefix, max).map((s) => {
						const n = facets.total('province', s.province);
						return {
							name: choiceLabel(`${s.label} — ${n} ${n === 1 ? 'entry' : 'entries'}`),
							value: s.province,
							entries: n,
						};
					});
				case 'type': {
					const needle = prefix.toLowerCase().replace(/\s+/g, '_');
					return ACTIVITY_TYPES.filter((type) => type.startsWith(needle) || type.includes(needle))
						.map((type) => {
							const n = facets.total('type', type);
							return {
								name: `${type.replace('_', ' ')} — ${n} ${n === 1 ? 'entry' : 'entries'}`,
								value: type,
								entries: n,
							};
						})
						.slice(0, max);
				}
				case 'partner':
					return partners.suggestBodies(prefix, max).map((body) => {
						const suggestion = bodySuggestion(body);
						const n = suggestion.entries;
						return { ...suggestion, name: choiceLabel(`${body.name} — ${n} ${n === 1 ? 'entry' : 'entries'}`) };
					});
				case 'field': {
					const needle = prefix.toLowerCase();
					const counts = new Map(partners.fieldCounts().map(({ key, n }) => [key, n]));
					return FIELDS_OF_WORK.filter(
						(field) =>
							field.includes(needle.replace(/\s+/g, '_')) || FIELD_LABELS[field].toLowerCase().includes(needle),
					)
						.map((field) => {
							const n = counts.get(field) ?? 0;
							return {
								name: `${FIELD_LABELS[field]} — ${n} ${n === 1 ? 'entry' : 'entries'}`,
								value: field,
								entries: n,
							};
						})
						.sort((a, b) => b.entries - a.entries)
						.slice(0, max);
				}
				case 'country': {
					const needle = prefix.toLowerCase();
					return facets
						.top('all', '', 'country', 200)
						.filter((c) => c.key.toLowerCase().startsWith(needle))
						.slice(0, max)
						.map((c) => ({
							name: choiceLabel(`${c.key} — ${c.n} ${c.n === 1 ? 'entry' : 'entries'}`),
							value: c.key,
							entries: c.n,
						}));
				}
			}
		},

		namedIn(rawText) {
			const text = cleanUserText(rawText).slice(0, MAX_NAMED_TEXT);
			const orgs = new Map<number, OrgProfile & { written: string; at: number }>();
			const take = (written: string, at: number) => {
				const key = orgKey(written);
				const found = key ? (reader.findOrgByKey(key) ?? knownOrg(key)?.org ?? null) : null;
				if (found && !orgs.has(found.id)) orgs.set(found.id, { ...profile(found), written, at });
			};
			const extraction = extractOrgs(text, {
				countries,
				directory,
				isPlace: (name) => gazetteer.resolve(name) !== null,
			});
			for (const span of extraction.names) take(text.slice(span.start, span.end), span.start);
			for (const mention of directory.findMentions(text)) take(mention.surface, mention.start);
			const provinces = new Map<string, { province: string; written: string; entries: number; at: number }>();
			for (const mention of gazetteer.findMentions(text)) {
				if (provinces.has(mention.province)) continue;
				const entries = facets.total('province', mention.province);
				provinces.set(mention.province, {
					province: mention.province,
					written: mention.surface,
					entries,
					at: mention.start,
				});
			}
			const byPlace = <T extends { at: number }>(items: Iterable<T>) =>
				[...items].sort((a, b) => a.at - b.at).map(({ at: _at, ...rest }) => rest);
			return {
				orgs: byPlace(orgs.values()).filter((org) => org.entryCount > 0),
				provinces: byPlace(provinces.values()),
			};
		},

		placeTerms(province) {
			// The same array each time lets summaries reuse their folded copy of these ~100 names.
			let terms = placeTermsCache.get(province);
			if (!terms) {
				const info = provinceInfo.get(province);
				const cities = (info?.cities ?? [])
					.filter((city) => !city.ambiguous)
					.flatMap((city) => [city.name, ...city.aliases, ...city.zh]);
				terms = info ? [info.name, ...info.aliases, ...info.zh, ...cities] : [province];
				placeTermsCache.set(province, terms);
			}
			return terms;
		},
	};

	function spanOfMonths(ids: readonly number[]): { first: IsoDate | null; last: IsoDate | null } {
		const dates = reader
			.getEntries(ids.length > 2_000 ? [...ids.slice(0, 1_000), ...ids.slice(-1_000)] : ids)
			.map((entry) => entry.date)
			.filter((date): date is IsoDate => date !== null)
			.sort();
		return { first: dates[0] ?? null, last: dates.at(-1) ?? null };
	}

	/** Turns user filters into store criteria, resolving names; a name that resolves to nothing is an answer too. */
	function criteriaFor(
		filters: SearchFilters,
		order: 'newest' | 'relevance',
	):
		| { ok: true; value: SearchCriteria; resolved: SearchAnswer['resolved'] }
		| { ok: false; result: QueryResult<never> } {
		const resolved: { -readonly [K in keyof Resolved]: Resolved[K] } = {};
		const criteria: { -readonly [K in keyof SearchCriteria]: SearchCriteria[K] } = { order };
		if (filters.province) {
			const place = resolveProvinceName(cleanUserText(filters.province));
			if (!place) {
				const suggestions = provinceSuggestions(filters.province);
				return {
					ok: false,
					result: { ok: false, reason: 'no-match', subject: 'province', query: filters.province, suggestions },
				};
			}
			resolved.province = place.province;
			criteria.provinces = [place.province];
		}
		if (filters.ngo) {
			const org = resolveOrg(cleanUserText(filters.ngo));
			if (!org.ok)
				return {
					ok: false,
					result: { ok: false, reason: org.reason, subject: 'ngo', query: filters.ngo, suggestions: org.suggestions },
				};
			resolved.org = profile(org.org);
			criteria.orgIds = [org.org.id];
		}
		if (filters.partner) {
			const wanted = cleanUserText(filters.partner);
			const body = resolveBody(wanted);
			if (!body.ok) {
				return {
					ok: false,
					result: { ok: false, reason: 'no-match', subject: 'partner', query: wanted, suggestions: body.suggestions },
				};
			}
			resolved.partner = bodyProfile(body.body);
			criteria.bodyIds = [body.body.id];
		}
		if (filters.field) {
			const field = fieldOf(filters.field);
			if (!field) {
				return {
					ok: false,
					result: invalid(
						`“${filters.field}” is not a field of work. Try one of: ${FIELDS_OF_WORK.slice(0, 8)
							.map((key) => FIELD_LABELS[key])
							.join(', ')} … (the autocomplete lists all ${FIELDS_OF_WORK.length}).`,
					),
				};
			}
			resolved.field = field;
			criteria.fields = [field];
		}
		if (filters.country) {
			const country =
				countries.byName(cleanUserText(filters.country)) ?? countries.byDemonym(cleanUserText(filters.country));
			if (!country)
				return {
					ok: false,
					result: invalid(
						`“${filters.country}” is not a country or region ngo-bot knows. Try e.g. Japan, United Kingdom or Hong Kong.`,
					),
				};
			criteria.countries = [country];
		}
		if (filters.type) {
			if (!(ACTIVITY_TYPES as readonly string[]).includes(filters.type)) {
				return { ok: false, result: invalid(`type must be one of ${ACTIVITY_TYPES.join(', ')}.`) };
			}
			criteria.types = [filters.type];
		}
		for (const key of ['from', 'to'] as const) {
			const value = filters[key];
			if (value === undefined) continue;
			// Date.parse would roll 2019-02-30 over to March; the ISO check knows month lengths.
			if (!ISO_DAY.safeParse(value).success) {
				return { ok: false, result: invalid(`${key} must be a real date written yyyy-mm-dd; got “${value}”.`) };
			}
			criteria[key] = value;
		}
		// Undated entries sort first (0000-01-01): "up to a date" must not take them for the oldest dated ones.
		if (criteria.to && !criteria.from) criteria.from = EARLIEST_DATE;
		if (criteria.from && criteria.to && criteria.from > criteria.to) {
			return { ok: false, result: invalid(`from (${criteria.from}) is after to (${criteria.to}).`) };
		}
		return { ok: true, value: criteria, resolved };
	}
}

/** A stats request that one precomputed facet scope answers exactly. */
function singleScope(filters: SearchFilters, criteria: SearchCriteria): [FacetScope, string] | null {
	const given = Object.entries(filters).filter(([, value]) => value !== undefined && value !== '');
	if (given.length === 0) return ['all', ''];
	if (given.length > 1) return null;
	if (criteria.provinces?.length === 1) return ['province', criteria.provinces[0]!];
	if (criteria.orgIds?.length === 1) return ['org', String(criteria.orgIds[0])];
	if (criteria.types?.length === 1) return ['type', criteria.types[0]!];
	if (criteria.countries?.length === 1) return ['country', criteria.countries[0]!];
	return null;
}
