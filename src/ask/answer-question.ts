import type { Entry, FieldOfWork, IsoDate } from '../domain/entry.js';
import type { Count, PageInfo, Resolved, SearchFilters } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import { type AskVocabulary, type Reading, readQuestion } from './read-question.js';

/** At most this many matching events are read to count organizations, provinces and dates; the answer says so. */
export const ASK_SCAN_LIMIT = 5_000;
const PAGE_SIZE = 5;

/** An organization among the entries a question matches. */
export interface OrgTally {
	readonly name: string;
	readonly country: string | null;
	readonly n: number;
	readonly first: IsoDate | null;
	readonly last: IsoDate | null;
	/** The newest entry naming it: the citation of its line. */
	readonly newestId: number;
}

/** A question's answer: how it was read, what that matched, and the counts the answer states. */
export interface AskAnswer {
	readonly question: string;
	readonly reading: Reading;
	/** The /search filters the reading is; the answer is exactly what they match. */
	readonly filters: SearchFilters;
	readonly resolved: Resolved;
	/** Matching events (an event several documents tell is one). */
	readonly total: number;
	/** How many of them the counts below were made over (all of them up to ASK_SCAN_LIMIT). */
	readonly counted: number;
	readonly orgs: readonly OrgTally[];
	readonly provinces: readonly Count[];
	readonly types: readonly Count[];
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
	/**
	 * When nothing matches a reading with an activity type, how many match without it (a question often presumes
	 * the activity: "when did X open its office" of an organization whose office was only visited).
	 */
	readonly withoutType: { readonly filters: SearchFilters; readonly total: number } | null;
	/** The supporting entries, newest first, a page at a time. */
	readonly entries: readonly Entry[];
	readonly page: PageInfo;
}

export type AskResult =
	| { readonly ok: true; readonly value: AskAnswer }
	/** A question it cannot read (or a reading no filter can run): what it understood and what it did not. */
	| { readonly ok: false; readonly reading: Reading; readonly message: string };

/** Reads the question with the corpus's own names, runs it as /search filters and counts what matches. */
export function answerQuestion(question: string, query: QueryService, today: IsoDate, page = 1): AskResult {
	const vocabulary: AskVocabulary = {
		province: (words) => query.exactName('province', words),
		organization: (words) => query.exactName('ngo', words),
		country: (words) => query.exactName('country', words),
		partner: (words) => query.exactName('partner', words),
		field: (words) => query.exactName('field', words) as FieldOfWork | null,
	};
	const reading = readQuestion(question, vocabulary, today);
	const filters = filtersOf(reading);
	if (reading.notUnderstood.length > 0) {
		return {
			ok: false,
			reading,
			message: `I did not understand ${reading.notUnderstood.map((w) => `“${w}”`).join(', ')}.`,
		};
	}
	if (Object.keys(filters).length === 0) {
		return { ok: false, reading, message: 'I found no organization, place, origin, activity, field or date in it.' };
	}
	const found = query.search('', filters, { page, pageSize: PAGE_SIZE });
	if (!found.ok) {
		return {
			ok: false,
			reading,
			message: found.reason === 'invalid' ? found.message : `Nothing by the name “${found.query}”.`,
		};
	}
	const tally = tallyMatches(query, filters);
	let withoutType: AskAnswer['withoutType'] = null;
	if (found.value.page.total === 0 && filters.type && Object.keys(filters).length > 1) {
		const { type: _type, ...rest } = filters;
		const relaxed = query.search('', rest, { pageSize: 1 });
		if (relaxed.ok && relaxed.value.page.total > 0) withoutType = { filters: rest, total: relaxed.value.page.total };
	}
	return {
		ok: true,
		value: {
			question,
			reading,
			filters,
			resolved: found.value.resolved,
			total: found.value.page.total,
			...tally,
			withoutType,
			entries: found.value.entries,
			page: found.value.page,
		},
	};
}

/** The reading as the filters of /search. */
export function filtersOf(reading: Reading): SearchFilters {
	const filters: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = {};
	if (reading.province) filters.province = reading.province;
	if (reading.ngo) filters.ngo = reading.ngo;
	if (reading.partner) filters.partner = reading.partner;
	if (reading.field) filters.field = reading.field;
	if (reading.country) filters.country = reading.country;
	if (reading.type) filters.type = reading.type;
	if (reading.from) filters.from = reading.from;
	if (reading.to) filters.to = reading.to;
	return filters;
}

/** Organizations, provinces, types and dates over the matching events (each event once, by the entry standing for it). */
function tallyMatches(
	query: QueryService,
	filters: SearchFilters,
): Pick<AskAnswer, 'counted' | 'orgs' | 'provinces' | 'types' | 'span'> {
	const matching = query.matching('', filters);
	const orgs = new Map<
		string,
		{
			name: string;
			country: string | null;
			n: number;
			first: IsoDate | null;
			last: IsoDate | null;
			newestId: number;
			newestDate: IsoDate | null;
		}
	>();
	const provinces = new Map<string, number>();
	const types = new Map<string, number>();
	let first: IsoDate | null = null;
	let last: IsoDate | null = null;
	let counted = 0;
	if (matching.ok) {
		outer: for (const batch of matching.value.batches(500)) {
			for (const entry of batch) {
				if (entry.eventId !== entry.id) continue;
				if (counted >= ASK_SCAN_LIMIT) break outer;
				counted++;
				const date = entry.date;
				if (date && (first === null || date < first)) first = date;
				if (date && (last === null || date > last)) last = date;
				for (const province of entry.provinces) provinces.set(province, (provinces.get(province) ?? 0) + 1);
				types.set(entry.type, (types.get(entry.type) ?? 0) + 1);
				// "Which Japanese NGOs": the Japanese ones, not every organization an entry about a Japanese one names.
				const named = entry.orgs.filter((o) => !filters.country || o.country === filters.country);
				for (const org of new Map(named.map((o) => [o.name, o])).values()) {
					const known = orgs.get(org.name);
					if (!known) {
						orgs.set(org.name, {
							name: org.name,
							country: org.country,
							n: 1,
							first: date,
							last: date,
							newestId: entry.id,
							newestDate: date,
						});
						continue;
					}
					known.n++;
					known.country ??= org.country;
					if (date && (known.first === null || date < known.first)) known.first = date;
					if (date && (known.last === null || date > known.last)) known.last = date;
					if (date && (known.newestDate === null || date > known.newestDate)) {
						known.newestDate = date;
						known.newestId = entry.id;
					}
				}
			}
		}
	}
	const counts = (map: Map<string, number>): Count[] =>
		[...map]
			.map(([key, n]) => ({ key, label: key.replace('_', ' '), n }))
			.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
	return {
		counted,
		orgs: [...orgs.values()]
			.map(({ newestDate: _newestDate, ...org }) => org)
			.sort((a, b) => b.n - a.n || (b.last ?? '').localeCompare(a.last ?? '') || a.name.localeCompare(b.name)),
		provinces: counts(provinces),
		types: counts(types),
		span: { first, last },
	};
}
