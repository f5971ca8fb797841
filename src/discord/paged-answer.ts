import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';
import type { CommandOutcome, PagedKind } from '../command/outcome.js';
import { pagedOutcome } from '../command/paged.js';
import type { CommandServices } from '../command/services.js';
import type { IsoDate } from '../domain/entry.js';
import type { PageInfo } from '../query/answers.js';
import { renderAnswerReply, renderErrorReply, renderNoMatchReply } from '../render/discord-reply.js';
import type { RenderedReply } from '../render/reply.js';
import { citeSelectRow } from '../render/cite-select.js';
import { BUTTON_LIFETIME_SECONDS, encodePageState } from './page-state.js';

export interface PagedRequest {
	readonly kind: PagedKind;
	/** ngo, partner: [name or "id:N"]; province: [name]; search: [text, order, ...filters as "key=value"]. */
	readonly args: readonly string[];
	readonly page: number;
	readonly hidden: boolean;
	readonly ownerId: string;
}

type AnswerOutcome = Extract<CommandOutcome, { kind: 'answer' }>;

/**
 * A paged answer as a reply: paging buttons and, in a row of its own under them, a "Cite an entry…" menu listing
 * the page's entries. The buttons ask the outcome's own `paging.args` again (an org by id, a province by name).
 */
export function pagedAnswerReply(
	outcome: AnswerOutcome,
	asker: { readonly ownerId: string; readonly hidden: boolean },
	nowSeconds: number,
): RenderedReply {
	const { summary, paging } = outcome;
	const buttons =
		summary.page && paging
			? pageButtons({ kind: paging.kind, args: paging.args, ...asker }, summary.page, nowSeconds)
			: [];
	const components = [...buttons, ...runAsSearchRow(outcome, asker, nowSeconds), ...citeSelectRow(summary.items)];
	const reply = renderAnswerReply(summary);
	return components.length ? { ...reply, components } : reply;
}

/**
 * Under an /ask answer: "Run as /search", which posts the equivalent search (every entry the answer counts, in
 * pages) as a new message, leaving the answer in place.
 */
function runAsSearchRow(
	outcome: AnswerOutcome,
	asker: { readonly ownerId: string },
	nowSeconds: number,
): APIActionRowComponent<APIButtonComponent>[] {
	if (outcome.summary.kind !== 'ask' || outcome.paging?.kind !== 'search') return [];
	const customId = encodePageState(
		{
			action: 'public',
			kind: 'search',
			ownerId: asker.ownerId,
			expiresAt: nowSeconds + BUTTON_LIFETIME_SECONDS,
			page: 1,
			hidden: false,
			args: outcome.paging.args,
		},
		'r',
	);
	if (!customId) return [];
	return [
		{
			type: ComponentType.ActionRow,
			components: [
				{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Run as /search', custom_id: customId },
			],
		},
	];
}

/** "No match" with suggestions, or the input refused in the query's own words. */
export function unansweredReply(outcome: Extract<CommandOutcome, { kind: 'no-match' | 'refused' }>): RenderedReply {
	return outcome.kind === 'refused' ? renderErrorReply(outcome.message) : renderNoMatchReply(outcome.summary);
}

/** Answers one page of an ngo, partner, province or search request (a paging button), as the command would. */
export function answerPage(
	request: PagedRequest,
	services: CommandServices,
	context: { today: IsoDate; nowSeconds: number },
): { reply: RenderedReply; found: boolean } {
	const outcome = pagedOutcome(request.kind, request.args, request.page, services.query, context.today);
	if (outcome.kind !== 'answer') return { reply: unansweredReply(outcome), found: false };
	return { reply: pagedAnswerReply(outcome, request, context.nowSeconds), found: true };
}

/** Previous / Next (when there is more than one page) and "Show publicly" (for hidden answers). */
function pageButtons(
	request: Omit<PagedRequest, 'page'>,
	page: PageInfo,
	nowSeconds: number,
): APIActionRowComponent<APIButtonComponent>[] {
	const current = Math.floor(page.offset / page.limit) + 1;
	// A total counted only up to a point ("1000+") has pages beyond the last one counted: Next stays open.
	const counted = Math.max(1, Math.ceil(page.total / page.limit));
	const pages = page.more ? Math.max(counted, current + 1) : counted;
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
					label: `Page ${current} of ${pages}${page.more ? '+' : ''}`,
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
