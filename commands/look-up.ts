import type { MessageCommandDefinition } from '../src/command/definition.js';
import type { CommandOutcome } from '../src/command/outcome.js';
import { pagedOutcome } from '../src/command/paged.js';
import { UserFacingError } from '../src/domain/errors.js';
import { plural } from '../src/domain/text.js';
import type { NamedInText } from '../src/query/answers.js';
import { COMPONENT } from '../src/render/components.js';
import { DISCORD_LIMITS } from '../src/render/limits.js';
import { truncate } from '../src/render/markdown.js';

const PICK_ID = 'lookup:pick';

/** One thing a message names, as a card to show: an organization (by id) or a province. */
interface Named {
	readonly kind: 'ngo' | 'province';
	readonly arg: string;
	readonly name: string;
	readonly written: string;
	readonly entries: number;
}

function namedThings(named: NamedInText): Named[] {
	return [
		...named.orgs.map((org) => ({
			kind: 'ngo' as const,
			arg: `id:${org.id}`,
			name: org.name,
			written: org.written,
			entries: org.entryCount,
		})),
		...named.provinces.map((place) => ({
			kind: 'province' as const,
			arg: place.province,
			name: place.province,
			written: place.written,
			entries: place.entries,
		})),
	];
}

/** Several names: a menu of them, each with its entry count and how the message wrote it. */
function pickMenu(things: readonly Named[]): CommandOutcome {
	const shown = things.slice(0, DISCORD_LIMITS.selectOptions);
	const options = shown.map((thing) => ({
		label: truncate(`${thing.name} — ${plural(thing.entries, 'entry', 'entries')}`, DISCORD_LIMITS.selectOptionLabel),
		value: `${thing.kind}|${thing.arg}`,
		description: truncate(
			`${thing.kind === 'ngo' ? 'organization' : 'province'}${thing.written !== thing.name ? ` · written “${thing.written}”` : ''}`,
			DISCORD_LIMITS.selectOptionDescription,
		),
	}));
	const count = `${plural(things.filter((t) => t.kind === 'ngo').length, 'organization')} and ${plural(things.filter((t) => t.kind === 'province').length, 'province')}`;
	return {
		kind: 'messages',
		messages: [
			{
				content: `🔎 This message names ${count} ngo-bot knows. Pick one to see its card (only you see it).`,
				components: [
					{
						type: COMPONENT.actionRow,
						components: [
							{
								type: COMPONENT.stringSelect,
								custom_id: PICK_ID,
								placeholder: 'See the card of…',
								min_values: 1,
								max_values: 1,
								options,
							},
						],
					},
				],
			},
		],
		text: things.map((thing) => `${thing.name} (${plural(thing.entries, 'entry', 'entries')})`).join('\n'),
	};
}

/**
 * "Look up NGOs and places" in a message's Apps menu: the organizations (with entries) and provinces the message
 * names, read as ingestion reads names; one is answered with its card, several with a menu; only the asker sees it.
 */
export const lookUp = {
	name: 'Look up NGOs and places',
	help: 'right-click (long-press) any message → Apps: the organizations and provinces it names, as a card or a menu of them, only for you',
	prefix: 'lookup',
	userInstall: true,
	async execute(text, ctx) {
		const things = namedThings(ctx.services.query.namedIn(text));
		if (things.length === 0) {
			return {
				kind: 'messages',
				messages: [
					{
						content: '🔎 This message names no organization or province ngo-bot knows. Try `/search` with its words.',
					},
				],
			};
		}
		const [only] = things;
		if (things.length === 1 && only) return pagedOutcome(only.kind, [only.arg], 1, ctx.services.query, ctx.today);
		return pickMenu(things);
	},

	// `lookup:pick`: the card of the name picked, privately (the menu stays for the next pick).
	async component(ctx) {
		const [kind, arg] = (ctx.values[0] ?? '').split('|');
		if (ctx.customId !== PICK_ID || (kind !== 'ngo' && kind !== 'province') || !arg) {
			throw new UserFacingError('Pick a name from the menu, or run the message command again.');
		}
		await ctx.answer(pagedOutcome(kind, [arg], 1, ctx.services.query, ctx.today), { hidden: true });
	},
} satisfies MessageCommandDefinition;
