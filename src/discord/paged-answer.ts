import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';
import type { IsoDate } from '../domain/entry.js';
import type { QueryResult, SearchFilters } from '../query/answers.js';
import { renderAnswerReply, renderNoMatchReply } from '../render/discord-reply.js';
import { DISCORD_LIMITS } from '../render/limits.js';
import { escapeMarkdown, truncate } from '../render/markdown.js';
import type { RenderedReply } from '../render/reply.js';
import {
	type AnswerSummary,
	summarizeNgo,
	summarizeNoMatch,
	summarizeProvince,
	summarizeSearch,
} from '../summarize/answer-summary.js';
import { citeSelectRow } from './cite-select.js';
import { BUTTON_LIFETIME_SECONDS, type PagedKind, encodePageState } from './page-state.js';
import type { BotServices, CommandContext } from './types.js';

export interface PagedRequest {
	readonly kind: PagedKind;
	/** ngo: [name or "id:N"]; province: [name]; search: [text, order, ...filters as "key=value"]. */
	readonly args: readonly string[];
	readonly page: number;
	readonly hidden: boolean;
	readonly ownerId: string;
}

const FILTER_KEYS = ['province', 'ngo', 'country', 'type', 'from', 'to'] as const;

/** Packs a search into paging arguments (only the filters that are set). */
export function searchArgs(text: string, order: 'newest' | 'relevance', filters: SearchFilters): string[] {
	const args = [text, order];
	for (const key of FILTER_KEYS) if (filters[key]) args.push(`${key}=${filters[key]}`);
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
		if (at > 0 && (FILTER_KEYS as readonly string[]).includes(key)) filters[key] = pair.slice(at + 1);
	}
	return { text, order: order === 'relevance' ? 'relevance' : 'newest', filters: filters as SearchFilters };
}

/**
 * Answers one page of an ngo, province or search request as a reply with paging buttons and, in a row of its own
 * under them, a "Cite an entry…" menu listing the page's entries.
 */
export function answerPage(
	request: PagedRequest,
	services: BotServices,
	context: { today: IsoDate; nowSeconds: number },
): { reply: RenderedReply; found: boolean } {
	const { query } = services;
	let result: QueryResult<unknown>;
	let summary: AnswerSummary;
	let nextArgs = request.args;
	if (request.kind === 'ngo') {
		const answer = query.ngo(request.args[0] ?? '', { page: request.page });
		result = answer;
		if (!answer.ok) return { reply: noMatchReply(answer), found: false };
		summary = summarizeNgo(answer.value, context);
		nextArgs = [`id:${answer.value.org.id}`];
	} else if (request.kind === 'province') {
		const answer = query.province(request.args[0] ?? '', { page: request.page });
		result = answer;
		if (!answer.ok) return { reply: noMatchReply(answer), found: false };
		summary = summarizeProvince(answer.value, context, query.placeTerms(answer.value.province));
		nextArgs = [answer.value.province];
	} else {
		const { text, order, filters } = searchFromArgs(request.args);
		const answer = query.search(text, filters, { page: request.page, order });
		result = answer;
		if (!answer.ok) return { reply: noMatchReply(answer), found: false };
		const province = answer.value.resolved.province;
		summary = summarizeSearch(answer.value, context, province ? query.placeTerms(province) : []);
	}
	const page = result.ok ? (result.value as { page: { offset: number; limit: number; total: number } }).page : null;
	const buttons = page ? pageButtons({ ...request, args: nextArgs }, page, context.nowSeconds) : [];
	const components = [...buttons, ...citeSelectRow(summary.items)];
	const reply = renderAnswerReply(summary);
	return { reply: components.length ? { ...reply, components } : reply, found: true };
}

function noMatchReply(result: Exclude<QueryResult<unknown>, { ok: true }>): RenderedReply {
	if (result.reason === 'invalid') return invalidReply(result.message);
	return renderNoMatchReply(summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason));
}

/** Previous / Next (when there is more than one page) and "Show publicly" (for hidden answers). */
function pageButtons(
	request: PagedRequest,
	page: { offset: number; limit: number; total: number },
	nowSeconds: number,
): APIActionRowComponent<APIButtonComponent>[] {
	const pages = Math.max(1, Math.ceil(page.total / page.limit));
	const current = Math.floor(page.offset / page.limit) + 1;
	const base = {
		kind: request.kind,
		ownerId: request.ownerId,
		expiresAt: nowSeconds + BUTTON_LIFETIME_SECONDS,
		args: request.args,
	};
	const buttons: APIButtonComponent[] = [];
	if (pages > 1) {
		const previous = encodePageState(
			{ ...base, action: 'page', page: Math.max(1, current - 1), hidden: request.hidden },
			'a',
		);
		const indicator = encodePageState({ ...base, action: 'page', page: current, hidden: request.hidden }, 'i');
		const next = encodePageState(
			{ ...base, action: 'page', page: Math.min(pages, current + 1), hidden: request.hidden },
			'b',
		);
		// A state too long for a custom_id (a very long search) gets no buttons; the page option still works.
		if (previous && indicator && next) {
			buttons.push(
				{
					type: ComponentType.Button,
					style: ButtonStyle.Secondary,
					label: '◀ Previous',
					custom_id: previous,
					disabled: current <= 1,
				},
				{
					type: ComponentType.Button,
					style: ButtonStyle.Secondary,
					label: `Page ${current} of ${pages}`,
					custom_id: indicator,
					disabled: true,
				},
				{
					type: ComponentType.Button,
					style: ButtonStyle.Secondary,
					label: 'Next ▶',
					custom_id: next,
					disabled: current >= pages,
				},
			);
		}
	}
	if (request.hidden) {
		const reveal = encodePageState({ ...base, action: 'public', page: current, hidden: false }, 's');
		if (reveal)
			buttons.push({
				type: ComponentType.Button,
				style: ButtonStyle.Primary,
				label: 'Show publicly',
				custom_id: reveal,
			});
	}
	return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

/** Runs a paged command: answers page `page` of `args`, hidden when asked, and "no match" always hidden. */
export async function replyPaged(
	ctx: CommandContext,
	request: { kind: PagedKind; args: readonly string[]; page: number; hidden: boolean },
): Promise<void> {
	const { reply, found } = answerPage({ ...request, ownerId: ctx.userId }, ctx.services, {
		today: ctx.today,
		nowSeconds: Math.floor(Date.now() / 1000),
	});
	// "No match" is noise for everyone else in the channel.
	await ctx.reply(reply, { hidden: request.hidden || !found });
}

/** The hidden reply for an entry id that does not resolve (used by /entry and /cite). */
export function entryNotFoundReply(result: Exclude<QueryResult<unknown>, { ok: true }>, id: number): RenderedReply {
	return result.reason === 'invalid'
		? invalidReply(result.message)
		: renderNoMatchReply(summarizeNoMatch('entry', String(id), []));
}

/** The message quotes what the user typed: shown literally, never pinging, within Discord's limit. */
function invalidReply(message: string): RenderedReply {
	return { content: truncate(`❌ ${escapeMarkdown(message)}`, DISCORD_LIMITS.content) };
}
