import type { ActivityType, BodyLevel, BodyRole, Entry, FieldOfWork, IsoDate } from '../domain/entry.js';
import type { Respelling } from '../domain/spelling.js';

/** A name offered back when a query did not match exactly ("did you mean …"). */
export interface Suggestion {
	readonly name: string;
	/** What to type to get it (an org name, a province, an entry id). */
	readonly value: string;
	readonly entries: number;
	readonly detail?: string;
	/** Close to what was typed, or offered because nothing was (the most active names). */
	readonly reason?: 'close' | 'popular';
}

export type Subject = 'ngo' | 'province' | 'entry' | 'partner';

/** Expected outcomes of a query are values, not exceptions. */
export type QueryResult<T> =
	| { readonly ok: true; readonly value: T }
	| {
			readonly ok: false;
			readonly reason: 'no-match' | 'ambiguous';
			/** What was not found: a name of an organization or province, or an entry id. */
			readonly subject: Subject;
			readonly query: string;
			readonly suggestions: readonly Suggestion[];
	  }
	| { readonly ok: false; readonly reason: 'invalid'; readonly message: string };

export interface Count {
	readonly key: string;
	readonly label: string;
	readonly n: number;
}

export interface PageInfo {
	readonly offset: number;
	readonly limit: number;
	/** Entries in all pages; when `more`, the number counted before counting stopped. */
	readonly total: number;
	/** More than `total` entries match (a broad search is counted only up to a point). */
	readonly more?: boolean;
}

/** A page's total as answers show it: "83" or, when counting stopped, "1000+". */
export function totalText(page: PageInfo): string {
	return page.more ? `${page.total}+` : String(page.total);
}

export interface OrgProfile {
	readonly id: number;
	readonly name: string;
	readonly aliases: readonly string[];
	readonly country: string | null;
	readonly entryCount: number;
}

/** A Chinese body or an organization counted in one role (an org's supervisor, a body's partner). */
export interface RoleCount {
	readonly id: number;
	readonly name: string;
	readonly role: BodyRole;
	readonly n: number;
}

export interface NgoAnswer {
	readonly query: string;
	/**
	 * How the name was found: its own name, another of its names, a close spelling, or words of one name only
	 * ("Hayden" → Philip Hayden Foundation).
	 */
	readonly resolvedBy: 'name' | 'alias' | 'fuzzy' | 'partial';
	/** The name or alias that matched, as written in the corpus or the directory of known organizations. */
	readonly matched: string;
	readonly org: OrgProfile;
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
	readonly provinces: readonly Count[];
	readonly types: readonly Count[];
	/** Chinese bodies its entries name, by role (its supervisors, partner units, partners, the authorities). */
	readonly partners: readonly RoleCount[];
	/** Fields of work of its entries (key: the field, label: ChinaFile's name). */
	readonly fields: readonly Count[];
	readonly entries: readonly Entry[];
	readonly page: PageInfo;
}

export interface BodyProfile {
	readonly id: number;
	readonly name: string;
	readonly aliases: readonly string[];
	readonly level: BodyLevel | null;
	readonly province: string | null;
	readonly entryCount: number;
}

/** A Chinese body: whom it supervised, partnered with, registered or met, with dates and citations. */
export interface PartnerAnswer {
	readonly query: string;
	readonly body: BodyProfile;
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
	/** In how many entries it appears in each role. */
	readonly roles: readonly Count[];
	/** Organizations named with it, by its role there. */
	readonly orgs: readonly RoleCount[];
	readonly entries: readonly Entry[];
	readonly page: PageInfo;
}

export interface ProvinceAnswer {
	readonly query: string;
	readonly province: string;
	readonly zh: string | null;
	readonly matched: string;
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
	readonly orgs: readonly Count[];
	readonly types: readonly Count[];
	readonly entries: readonly Entry[];
	readonly page: PageInfo;
}

export interface SearchFilters {
	readonly province?: string;
	readonly ngo?: string;
	/** A Chinese body named in any role: "Zhejiang Department of Commerce", "Jiangxi PSB". */
	readonly partner?: string;
	/** A field of work, by key or ChinaFile's name: "health", "Disaster Relief". */
	readonly field?: string;
	readonly country?: string;
	readonly type?: ActivityType;
	readonly from?: IsoDate;
	readonly to?: IsoDate;
}

/** What the names in filters resolved to. */
export interface Resolved {
	readonly province?: string;
	readonly org?: OrgProfile;
	readonly partner?: BodyProfile;
	readonly field?: FieldOfWork;
}

export interface SearchAnswer {
	readonly query: string;
	readonly filters: SearchFilters;
	readonly order: 'newest' | 'relevance';
	/** Provinces and orgs the filters resolved to, for display ("Heilongjiang", "AIFO → Associazione …"). */
	readonly resolved: Resolved;
	readonly entries: readonly Entry[];
	readonly page: PageInfo;
	/** Facets over the newest `sampled` matches (all of them when total ≤ sampled). */
	readonly provinces: readonly Count[];
	readonly orgs: readonly Count[];
	readonly types: readonly Count[];
	readonly sampled: number;
	/** Set when the words matched nothing and a close name did ("Animal Asia" → Animals Asia Foundation). */
	readonly didYouMean: readonly Suggestion[];
	/** How the text was matched: as typed, respelled (the words as typed matched nothing), or filters alone. */
	readonly matchedBy: 'fulltext' | 'respelled' | 'filters';
	/** The search run instead of the one typed, and the words it replaced ("trainnig" → "training"). */
	readonly respelled: Respelling | null;
	/** Nothing matched and several close spellings would, about equally: the searches to suggest, most matches first. */
	readonly spellings: readonly string[];
}

/** The whole set a search matches (exports): ids newest first, entries read in batches. */
export interface MatchingEntries {
	readonly query: string;
	readonly filters: SearchFilters;
	readonly resolved: Resolved;
	/** Matching events newest first (the order /search lists them), each followed by its other sources. */
	readonly ids: readonly number[];
	/** The data cut-off: when the corpus last changed, and its revision. */
	readonly cutoff: { readonly lastIngestAt: string | null; readonly corpusRevision: number };
	/** The matching entries in `ids` order, `size` at a time (an id deleted meanwhile is skipped). */
	batches(size?: number): IterableIterator<readonly Entry[]>;
}

export interface StatsAnswer {
	readonly filters: SearchFilters;
	readonly resolved: Resolved;
	readonly total: number;
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
	readonly byProvince: readonly Count[];
	readonly byType: readonly Count[];
	/** Fields of work (key: the field, label: ChinaFile's name). */
	readonly byField: readonly Count[];
	readonly byMonth: readonly Count[];
	readonly byYear: readonly Count[];
	readonly documents: number;
	readonly lastIngestAt: string | null;
}

/** What a text names that the corpus knows: organizations with entries and provinces, in text order. */
export interface NamedInText {
	readonly orgs: readonly (OrgProfile & { readonly written: string })[];
	readonly provinces: readonly { readonly province: string; readonly written: string; readonly entries: number }[];
}

/** What the corpus holds and how fresh it is (/about). */
export interface CorpusFacts {
	readonly entries: number;
	readonly documents: number;
	readonly orgs: number;
	readonly byKind: readonly { kind: string; documents: number; entries: number }[];
	readonly lastIngestAt: string | null;
	readonly latestEntryDate: IsoDate | null;
	readonly earliestEntryDate: IsoDate | null;
	readonly sources: readonly { title: string; entries: number }[];
}
