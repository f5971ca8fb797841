import type { Entry, FieldOfWork, IsoDate } from '../domain/entry.js';
import type { PageInfo, Resolved, SearchFilters } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import { type AskVocabulary, type Reading, readQuestion } from './read-question.js';
import { type OrgTally, type Tally, tallyMatches } from './tally-matches.js';

export type { OrgTally };

const PAGE_SIZE = 5;

/** A question's answer: how it was read, what that matched, and the counts the answer states. */
export interface AskAnswer extends Tally {
	readonly question: string;
	readonly reading: Reading;
	/** The /search filters the reading is; the answer is exactly what they match. */
	readonly filters: SearchFilters;
	readonly resolved: Resolved;
	/** Matching events (an event several documents tell is one). */
	readonly total: number;
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
	if (reading.alsoNamed.length > 0) {
		const [first] = reading.alsoNamed;
		return {
			ok: false,
			reading,
			message: `I can look up one ${first!.as} at a time, and “${first!.words}” is a second one: ask about each on its own.`,
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
	const tally = tallyMatches(query, '', filters);
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
