import type { ActivityType, Entry, Evidence } from '../domain/entry.js';
import type {
	MatchingEntries,
	NamedInText,
	NgoAnswer,
	PartnerAnswer,
	ProvinceAnswer,
	QueryResult,
	SearchAnswer,
	SearchFilters,
	StatsAnswer,
	Suggestion,
} from './answers.js';
import type { TimelineAnswer, TimelineFilters, TimelinePeriod } from './timeline.js';

export interface PageRequest {
	/** 1-based page number. */
	readonly page?: number;
	readonly pageSize?: number;
}

export interface SearchRequest extends PageRequest {
	readonly order?: 'newest' | 'relevance';
}

export type ExactKind = 'province' | 'ngo' | 'partner' | 'country' | 'field';

export type SuggestKind = 'ngo' | 'province' | 'type' | 'country' | 'partner' | 'field';

/** Every question the bot and the CLI can ask, answered synchronously from SQLite and the org name index. */
export interface QueryService {
	/** An organization by name or alias, then by close spelling; its card and newest entries. */
	ngo(name: string, request?: PageRequest): QueryResult<NgoAnswer>;
	/** A Chinese body (bureau, department, partner unit) by any of its spellings, else by the start of a word of its name. */
	partner(name: string, request?: PageRequest): QueryResult<PartnerAnswer>;
	/** A province-level division by English, pinyin, Chinese, city or known misspelling; never fuzzy. */
	province(name: string, request?: PageRequest): QueryResult<ProvinceAnswer>;
	/** Words in the text, narrowed by filters; newest first unless relevance is asked for. */
	search(text: string, filters?: SearchFilters, request?: SearchRequest): QueryResult<SearchAnswer>;
	entry(id: number): QueryResult<Entry>;
	/**
	 * Why an entry's facts are there: the words each came from, in stored order. Read per entry, apart from
	 * `entry` so lists never load it; empty for an unknown id and for entries stored before evidence was kept.
	 */
	evidence(id: number): readonly Evidence[];
	/** Every entry a search matches, with no page cap (exports): newest first, read in batches. */
	matching(text: string, filters?: SearchFilters): QueryResult<MatchingEntries>;
	stats(filters?: SearchFilters): QueryResult<StatsAnswer>;
	/** Entries per month, quarter or year for everything or one NGO and/or province; gaps as zeros, undated apart. */
	timeline(filters?: TimelineFilters, by?: TimelinePeriod): QueryResult<TimelineAnswer>;
	/** Autocomplete choices (≤ 25) with entry counts. */
	suggest(kind: SuggestKind, prefix: string, limit?: number): Suggestion[];
	/**
	 * What a few words name exactly, never by close spelling: a province (names, cities, Chinese), an organization
	 * (name or alias), a Chinese body (any spelling), a country or region (name or demonym), a field of work.
	 */
	exactName(kind: ExactKind, words: string): string | null;
	/** Words that name a province in text (its names, Chinese names, cities), to pick sentences about it. */
	placeTerms(province: string): string[];
	/**
	 * The organizations with entries and the provinces a piece of text names (a message someone wrote), in text
	 * order: names read as ingestion reads them, then matched exactly or by alias, never by close spelling.
	 */
	namedIn(text: string): NamedInText;
}

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 25;

export type { ActivityType };
