import type { APIActionRowComponent, APIButtonComponent, APIComponentInMessageActionRow } from 'discord.js';
import { DISCORD_LIMITS } from './limits.js';
import { BUTTON_STYLE, COMPONENT } from './components.js';
import type { RenderedReply } from './reply.js';

/*
 * Buttons under an answer that act on the message itself: Delete (its asker, for 15 minutes, on public answers)
 * and "Send to my DMs" (anyone who sees it: a saved copy with its citations). Their state is in the custom_id, so
 * any process can answer a click: `del:<asker, base 36>:<until, unix seconds base 36>` and `dm:`.
 */

export const DELETE_PREFIX = 'del:';
export const SEND_TO_DMS_ID = 'dm:';
/** How long the asker can delete a public answer with its button (Discord lets a bot edit its reply that long). */
export const DELETE_WINDOW_SECONDS = 15 * 60;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface DeleteState {
	readonly ownerId: string;
	/** Unix seconds after which the button no longer deletes. */
	readonly until: number;
}

export function encodeDeleteState(state: DeleteState): string {
	return `${DELETE_PREFIX}${BigInt(state.ownerId).toString(36)}:${state.until.toString(36)}`;
}

/** The state of a Delete button's custom_id; null for anything else (tampering, old formats). */
export function decodeDeleteState(customId: string): DeleteState | null {
	const match = /^del:([0-9a-z]{1,16}):([0-9a-z]{1,10})$/.exec(customId);
	if (!match) return null;
	let owner = 0n;
	for (const char of match[1]!) owner = owner * 36n + BigInt(parseInt(char, 36));
	const until = parseInt(match[2]!, 36);
	return Number.isSafeInteger(until) ? { ownerId: owner.toString(), until } : null;
}

/** Whether a component is one of these buttons (they stay on a message through its updates). */
export function isAnswerAction(customId: string): boolean {
	return customId.startsWith(DELETE_PREFIX) || customId === SEND_TO_DMS_ID;
}

/** The buttons for an answer: Delete on a public one (its asker only), "Send to my DMs" on every one. */
export function answerActionButtons(
	asker: { readonly ownerId: string; readonly hidden: boolean },
	nowSeconds: number,
): APIButtonComponent[] {
	const buttons: APIButtonComponent[] = [];
	if (!asker.hidden) {
		buttons.push({
			type: COMPONENT.button,
			style: BUTTON_STYLE.secondary,
			label: 'Delete',
			emoji: { name: '🗑️' },
			custom_id: encodeDeleteState({ ownerId: asker.ownerId, until: nowSeconds + DELETE_WINDOW_SECONDS }),
		});
	}
	buttons.push({
		type: COMPONENT.button,
		style: BUTTON_STYLE.secondary,
		label: 'Send to my DMs',
		emoji: { name: '📬' },
		custom_id: SEND_TO_DMS_ID,
	});
	return buttons;
}

/**
 * A reply with `buttons` added: into its first row of buttons when they fit there (five a row), else in a row of
 * their own (at most five rows; with no room left they are not added).
 */
export function withButtons(reply: RenderedReply, buttons: readonly APIButtonComponent[]): RenderedReply {
	if (buttons.length === 0) return reply;
	const rows: Row[] = [...(reply.components ?? [])];
	const fits = rows.findIndex(
		(row) =>
			row.components.every((component) => component.type === COMPONENT.button) &&
			row.components.length + buttons.length <= DISCORD_LIMITS.componentsPerRow,
	);
	if (fits >= 0) rows[fits] = { ...rows[fits]!, components: [...rows[fits]!.components, ...buttons] };
	else if (rows.length < DISCORD_LIMITS.actionRows) rows.push({ type: COMPONENT.actionRow, components: [...buttons] });
	else return reply;
	return { ...reply, components: rows };
}

/** An answer with its Delete and "Send to my DMs" buttons. */
export function withAnswerActions(
	reply: RenderedReply,
	asker: { readonly ownerId: string; readonly hidden: boolean },
	nowSeconds: number,
): RenderedReply {
	return withButtons(reply, answerActionButtons(asker, nowSeconds));
}
