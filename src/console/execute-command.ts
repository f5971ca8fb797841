import { z } from 'zod';
import { CITATION_STYLES, type CitationStyle, citeEntry } from '../cite/cite-entry.js';
import { ACTIVITY_TYPES, type IsoDate } from '../domain/entry.js';
import type { SearchFilters } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';
import {
	type AnswerSummary,
	type EntryDetail,
	type NoMatchSummary,
	summarizeEntry,
	summarizeNgo,
	summarizeNoMatch,
	summarizeProvince,
	summarizeSearch,
	summarizeStats,
} from '../summarize/answer-summary.js';
import { TIMELINE_PERIODS, type TimelinePeriod } from '../query/timeline.js';
import { type TimelineSummary, summarizeTimeline } from '../summarize/chart-summary.js';
import type { ParsedCommand } from './parse-command.js';

/** What a command produced, before rendering: one of the summaries, help, or a message to fix the input. */
export type CommandOutcome =
	| { readonly kind: 'answer'; readonly summary: AnswerSummary; readonly data: unknown }
	| { readonly kind: 'entry'; readonly detail: EntryDetail; readonly data: unknown }
	| { readonly kind: 'timeline'; readonly summary: TimelineSummary; readonly data: unknown }
	| { readonly kind: 'no-match'; readonly summary: NoMatchSummary }
	| { readonly kind: 'help'; readonly text: string }
	| { readonly kind: 'error'; readonly message: string };

export const CONSOLE_HELP = `Commands (the same as the Discord slash commands):
  /ngo <name>                 an organization's card: names, origin, provinces, newest entries   /ngo Animals Asia
  /province <name>            a province's card; English, pinyin, 中文 or a city                 /province 湖南
  /search <words> [filters]   entries containing the words                       /search mental health province:Heilongjiang
  /entry <id>                 one entry in full: why each fact is there, and its citation       /entry 9
  /cite <id> [style:]         a ready-to-paste citation: plain, apa or bibtex                   /cite 9 style:bibtex
  /stats [filters]            counts by province, type and year                                 /stats province:Hunan
  /timeline [ngo:] [province:] [by:]  entries per month, quarter or year     /timeline province:Hunan by:quarter
  /help                       this list
Filters: province:<name> ngo:<name> country:<origin> type:<${ACTIVITY_TYPES.join('|')}> from:<yyyy-mm-dd> to:<yyyy-mm-dd>
Options: page:<n> order:newest|relevance. Quote values with spaces: ngo:"Animals Asia".`;

const FILTER_KEYS = ['province', 'ngo', 'country', 'type', 'from', 'to'] as const;
const PAGE_KEYS = ['page', 'order'] as const;

const isoDay = z.iso.date({ error: 'must be a date written yyyy-mm-dd, e.g. 2019-02-25' });

function readFilters(options: Readonly<Record<string, string>>, allowed: readonly string[]): SearchFilters | string {
	const unknown = Object.keys(options).filter((key) => !allowed.includes(key));
	if (unknown.length) {
		return `Unknown filter ${unknown.map((key) => `${key}:`).join(', ')}. Known: ${allowed.map((key) => `${key}:`).join(' ')}.`;
	}
	const filters: { -readonly [K in keyof SearchFilters]: SearchFilters[K] } = {};
	if (options.province) filters.province = options.province;
	if (options.ngo) filters.ngo = options.ngo;
	if (options.country) filters.country = options.country;
	if (options.type) {
		const type = options.type.toLowerCase().replace(/[\s-]+/g, '_');
		if (!(ACTIVITY_TYPES as readonly string[]).includes(type))
			return `type: must be one of ${ACTIVITY_TYPES.join(', ')}.`;
		filters.type = type as SearchFilters['type'];
	}
	for (const key of ['from', 'to'] as const) {
		const value = options[key];
		if (value === undefined) continue;
		const parsed = isoDay.safeParse(value);
		if (!parsed.success) return `${key}: ${parsed.error.issues[0]?.message ?? 'is not a date'} (got “${value}”).`;
		filters[key] = parsed.data as IsoDate;
	}
	if (filters.from && filters.to && filters.from > filters.to)
		return `from: ${filters.from} is after to: ${filters.to}.`;
	return filters;
}

function readPage(options: Readonly<Record<string, string>>): number | string {
	if (options.page === undefined) return 1;
	const page = Number(options.page);
	return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 'page: must be a whole number from 1.';
}

/** Runs one parsed command against the query service and summarizes the answer (no rendering). */
export function executeCommand(
	command: ParsedCommand,
	query: QueryService,
	context: { today: IsoDate },
): CommandOutcome {
	const { name, text, options } = command;
	const needText = (what: string, example: string): CommandOutcome => ({
		kind: 'error',
		message: `/${name} needs ${what}, e.g. ${example}.`,
	});
	switch (name) {
		case 'help':
			return { kind: 'help', text: CONSOLE_HELP };
		case 'ngo': {
			if (!text) return needText('an organization name', '/ngo Animals Asia');
			const page = readPage(options);
			if (typeof page === 'string') return { kind: 'error', message: page };
			const result = query.ngo(text, { page });
			if (!result.ok) return noMatch(result);
			return { kind: 'answer', summary: summarizeNgo(result.value, context), data: result.value };
		}
		case 'province': {
			if (!text) return needText('a province', '/province Hunan');
			const page = readPage(options);
			if (typeof page === 'string') return { kind: 'error', message: page };
			const result = query.province(text, { page });
			if (!result.ok) return noMatch(result);
			const summary = summarizeProvince(result.value, context, query.placeTerms(result.value.province));
			return { kind: 'answer', summary, data: result.value };
		}
		case 'search': {
			const filters = readFilters(options, [...FILTER_KEYS, ...PAGE_KEYS]);
			if (typeof filters === 'string') return { kind: 'error', message: filters };
			if (!text && Object.keys(filters).length === 0) return needText('words or a filter', '/search mental health');
			const page = readPage(options);
			if (typeof page === 'string') return { kind: 'error', message: page };
			const order = options.order ?? 'newest';
			if (order !== 'newest' && order !== 'relevance')
				return { kind: 'error', message: 'order: must be newest or relevance.' };
			const result = query.search(text, filters, { page, order });
			if (!result.ok) return noMatch(result);
			const province = result.value.resolved.province;
			const summary = summarizeSearch(result.value, context, province ? query.placeTerms(province) : []);
			return { kind: 'answer', summary, data: result.value };
		}
		case 'entry': {
			const id = Number(text.replace(/^#/, ''));
			if (!text || !Number.isSafeInteger(id) || id < 1) return needText('an entry number', '/entry 9');
			const result = query.entry(id);
			if (!result.ok) return noMatch(result);
			const detail = summarizeEntry(result.value, context, query.evidence(id));
			return { kind: 'entry', detail, data: result.value };
		}
		case 'cite': {
			const id = Number(text.replace(/^#/, ''));
			if (!text || !Number.isSafeInteger(id) || id < 1) return needText('an entry number', '/cite 9 style:bibtex');
			const style = (options.style ?? 'plain').toLowerCase();
			if (!(CITATION_STYLES as readonly string[]).includes(style)) {
				return { kind: 'error', message: `style: must be one of ${CITATION_STYLES.join(', ')}.` };
			}
			const result = query.entry(id);
			if (!result.ok) return noMatch(result);
			return { kind: 'help', text: citeEntry(result.value, style as CitationStyle, { accessed: context.today }) };
		}
		case 'stats': {
			if (text) return { kind: 'error', message: 'Write /stats filters as key:value, e.g. /stats province:Hunan.' };
			const filters = readFilters(options, FILTER_KEYS);
			if (typeof filters === 'string') return { kind: 'error', message: filters };
			const result = query.stats(filters);
			if (!result.ok) return noMatch(result);
			return { kind: 'answer', summary: summarizeStats(result.value, context), data: result.value };
		}
		case 'timeline': {
			if (text) return { kind: 'error', message: 'Write /timeline options as key:value, e.g. /timeline ngo:AIFO.' };
			const filters = readFilters(options, ['province', 'ngo', 'by']);
			if (typeof filters === 'string') return { kind: 'error', message: filters };
			const by = (options.by ?? 'month').toLowerCase();
			if (!(TIMELINE_PERIODS as readonly string[]).includes(by)) {
				return { kind: 'error', message: `by: must be one of ${TIMELINE_PERIODS.join(', ')}.` };
			}
			const result = query.timeline(filters, by as TimelinePeriod);
			if (!result.ok) return noMatch(result);
			return { kind: 'timeline', summary: summarizeTimeline(result.value, context), data: result.value };
		}
		default: {
			const cli = DISCORD_ONLY[name];
			if (cli) {
				return {
					kind: 'error',
					message: `/${name} works in Discord; here, use the command line: npm run -s cli -- ${cli}`,
				};
			}
			return { kind: 'error', message: `Unknown command /${name}. Type /help for the list.` };
		}
	}
}

/** Discord commands that act on a server or a user (permissions, channels, DMs), with their CLI counterparts. */
const DISCORD_ONLY: Readonly<Record<string, string>> = {
	digest: 'digest --week 2019-W09',
	ingest: 'ingest <file|dir|url>',
	feeds: 'feeds list',
	export: 'export --format csv --province Hunan',
	watch: 'watch add --ngo NAME',
	health: 'health',
};

function noMatch(result: Exclude<ReturnType<QueryService['ngo']>, { ok: true }>): CommandOutcome {
	if (result.reason === 'invalid') return { kind: 'error', message: result.message };
	return {
		kind: 'no-match',
		summary: summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason),
	};
}
