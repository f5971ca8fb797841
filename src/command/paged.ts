import type { IsoDate } from '../domain/entry.js';
import type { QueryResult, SearchFilters } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import {
	summarizeNgo,
	summarizeNoMatch,
	summarizePartner,
	summarizeProvince,
	summarizeSearch,
} from '../summarize/answer-summary.js';
import { SEARCH_FILTER_NAMES } from './options.js';
import type { CommandOutcome, PagedKind } from './outcome.js';

/** Packs a search into paging arguments (only the filters that are set). */
export function searchArgs(text: string, order: 'newest' | 'relevance', filters: SearchFilters): string[] {
	const args = [text, order];
	for (const key of SEARCH_FILTER_NAMES) if (filters[key]) args.push(`${key}=${filters[key]}`);
	return args;
}

function searchFromArgs(args: readonly string[]): {
	text: string;
	order: 'newest' | 'relevance';
	filters: SearchFilters;
} {
	const [text = '', order = 'newest', ...rest] = args;
	const filters: Record<string, string> = {};
	for (const pair of rest) {
		const at = pair.indexOf('=');
		const key = pair.slice(0, at);
		if (at > 0 && (SEARCH_FILTER_NAMES as readonly string[]).includes(key)) filters[key] = pair.slice(at + 1);
	}
	return { text, order: order === 'relevance' ? 'relevance' : 'newest', filters: filters as SearchFilters };
}

/**
 * One page of an ngo, partner, province or search answer. `args` are what paging asks again: ngo and partner
 * [name or "id:N"], province [name], search [text, order, ...filters as "key=value"]; the outcome carries the
 * resolved ones.
 */
export function pagedOutcome(
	kind: PagedKind,
	args: readonly string[],
	page: number,
	query: QueryService,
	today: IsoDate,
): Extract<CommandOutcome, { kind: 'answer' | 'no-match' | 'refused' }> {
	const context = { today };
	if (kind === 'ngo') {
		const answer = query.ngo(args[0] ?? '', { page });
		if (!answer.ok) return noMatchOutcome(answer);
		const summary = summarizeNgo(answer.value, context);
		return { kind: 'answer', summary, data: answer.value, paging: { kind, args: [`id:${answer.value.org.id}`] } };
	}
	if (kind === 'partner') {
		const answer = query.partner(args[0] ?? '', { page });
		if (!answer.ok) return noMatchOutcome(answer);
		const summary = summarizePartner(answer.value, context);
		// By id: a body's name can be longer than a button's state holds.
		return { kind: 'answer', summary, data: answer.value, paging: { kind, args: [`id:${answer.value.body.id}`] } };
	}
	if (kind === 'province') {
		const answer = query.province(args[0] ?? '', { page });
		if (!answer.ok) return noMatchOutcome(answer);
		const summary = summarizeProvince(answer.value, context, query.placeTerms(answer.value.province));
		return { kind: 'answer', summary, data: answer.value, paging: { kind, args: [answer.value.province] } };
	}
	const { text, order, filters } = searchFromArgs(args);
	const answer = query.search(text, filters, { page, order });
	if (!answer.ok) return noMatchOutcome(answer);
	const province = answer.value.resolved.province;
	const summary = summarizeSearch(answer.value, context, province ? query.placeTerms(province) : []);
	return { kind: 'answer', summary, data: answer.value, paging: { kind, args } };
}

/** A query that found nothing: suggestions when there are some, the query's own words when the input was bad. */
export function noMatchOutcome(
	result: Exclude<QueryResult<unknown>, { ok: true }>,
): Extract<CommandOutcome, { kind: 'no-match' | 'refused' }> {
	if (result.reason === 'invalid') return { kind: 'refused', message: result.message };
	return {
		kind: 'no-match',
		summary: summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason),
	};
}
