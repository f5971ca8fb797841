import { performance } from 'node:perf_hooks';
import type { IsoDate } from '../domain/entry.js';
import type { QueryResult, SearchFilters } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import { renderAnswerReply, renderErrorReply, renderNoMatchReply } from '../render/discord-reply.js';
import type { RenderedReply } from '../render/reply.js';
import {
	type AnswerSummary,
	summarizeNgo,
	summarizeNoMatch,
	summarizeProvince,
	summarizeSearch,
} from '../summarize/answer-summary.js';

/**
 * One bot answer as the Discord surface produces it: the query, its summary, the rendered embed. The three
 * stages are timed separately so a slow answer says which of them is slow.
 */

export type AnswerKind = 'ngo' | 'province' | 'search';

/** The day answers count "ago" from: fixed, so that runs render the same text. */
export const BENCH_TODAY: IsoDate = '2025-06-01';

export interface SearchQuery {
	readonly text: string;
	readonly filters?: SearchFilters;
	readonly order?: 'newest' | 'relevance';
}

export interface BenchQuery {
	readonly kind: AnswerKind;
	/** What the query stands for in the report ("exact name, rank 1", "broad word"). */
	readonly label: string;
	/** The name for ngo/province, the words for search. */
	readonly text: string;
	readonly filters?: SearchFilters;
	readonly order?: 'newest' | 'relevance';
}

export interface TimedAnswer {
	readonly totalMs: number;
	readonly queryMs: number;
	readonly summarizeMs: number;
	readonly renderMs: number;
	/** 'answer', 'no-match' or 'invalid', so the query set can be checked for what it exercises. */
	readonly outcome: string;
	/** Entries matched (page total) when the query answered. */
	readonly total: number | null;
	/** Characters of the rendered embed: the answer really was built. */
	readonly chars: number;
}

function replyChars(reply: RenderedReply): number {
	let n = reply.content?.length ?? 0;
	for (const embed of reply.embeds ?? []) n += (embed.description?.length ?? 0) + (embed.title?.length ?? 0);
	return n;
}

/** Runs one query through query → summarize → render and times each stage. */
export function answer(query: QueryService, q: BenchQuery, today: IsoDate): TimedAnswer {
	const started = performance.now();
	let result: QueryResult<unknown>;
	let summarize: () => AnswerSummary;
	switch (q.kind) {
		case 'ngo': {
			const r = query.ngo(q.text);
			result = r;
			summarize = () => summarizeNgo((r as Extract<typeof r, { ok: true }>).value, { today });
			break;
		}
		case 'province': {
			const r = query.province(q.text);
			result = r;
			summarize = () => {
				const value = (r as Extract<typeof r, { ok: true }>).value;
				return summarizeProvince(value, { today }, query.placeTerms(value.province));
			};
			break;
		}
		case 'search': {
			const r = query.search(q.text, q.filters ?? {}, { order: q.order ?? 'newest' });
			result = r;
			summarize = () => {
				const value = (r as Extract<typeof r, { ok: true }>).value;
				const province = value.resolved.province;
				return summarizeSearch(value, { today }, province ? query.placeTerms(province) : []);
			};
			break;
		}
	}
	const queried = performance.now();
	let reply: RenderedReply;
	let summarized: number;
	let total: number | null = null;
	if (result.ok) {
		const summary = summarize();
		summarized = performance.now();
		total = summary.page?.total ?? null;
		reply = renderAnswerReply(summary);
	} else if (result.reason === 'invalid') {
		summarized = performance.now();
		reply = renderErrorReply(result.message);
	} else {
		const summary = summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason);
		summarized = performance.now();
		reply = renderNoMatchReply(summary);
	}
	const rendered = performance.now();
	return {
		totalMs: rendered - started,
		queryMs: queried - started,
		summarizeMs: summarized - queried,
		renderMs: rendered - summarized,
		outcome: result.ok ? 'answer' : result.reason,
		total,
		chars: replyChars(reply),
	};
}
