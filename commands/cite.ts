import { CITATION_STYLES, type CitationStyle, citeEntry } from '../src/cite/cite-entry.js';
import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { choiceSchema, entryIdOption } from '../src/command/options.js';
import { noMatchOutcome } from '../src/command/paged.js';
import { CITE_SELECT_ID } from '../src/render/cite-select.js';
import type { ComponentContext } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import { renderCitationWithStyles } from '../src/render/citation-reply.js';
import { renderErrorReply, renderNoMatchReply } from '../src/render/discord-reply.js';

export const cite = {
	name: 'cite',
	description: 'A ready-to-paste citation of an entry: plain text, APA or BibTeX',
	help: 'a ready-to-paste citation of one entry: `plain`, `apa` or `bibtex`; `/ngo`, `/province`, `/partner`, `/search` have a **Cite an entry…** menu',
	examples: ['/cite 9 style:bibtex'],
	privacy: 'public',
	userInstall: true,
	aimable: true,
	leaf: defineLeaf({
		options: {
			id: entryIdOption(),
			style: {
				kind: 'string',
				description: 'Citation style (default: plain text)',
				schema: choiceSchema(CITATION_STYLES).default('plain'),
				choices: [
					{ name: 'Plain text', value: 'plain' },
					{ name: 'APA 7', value: 'apa' },
					{ name: 'BibTeX (biblatex @online)', value: 'bibtex' },
				],
			},
		},
		async execute({ id, style }, ctx) {
			const result = ctx.services.query.entry(id);
			if (!result.ok) return noMatchOutcome(result);
			const text = citeEntry(result.value, style, { accessed: ctx.today });
			return { kind: 'citation', entry: result.value, style, text };
		},
	}),

	// `cite:<id>` (the Cite button of an entry answer) and `cite:pick` (the "Cite an entry…" menu of paged answers,
	// the id in its picked value): a private citation, so the channel is not flooded;
	// `cite:<id>:<style>` (a style button under a citation): the same message in another style.
	async component(ctx) {
		if (ctx.customId === CITE_SELECT_ID) {
			const picked = ctx.values.length === 1 ? /^\d{1,16}$/.exec(ctx.values[0] ?? '') : null;
			if (!picked) throw new UserFacingError('Pick one entry from the menu, or run /cite with its id.');
			await replyCitation(ctx, Number(picked[0]), 'plain', 'reply');
			return;
		}
		const match = /^cite:(\d{1,16})(?::(plain|apa|bibtex))?$/.exec(ctx.customId);
		if (!match) throw new UserFacingError('This button belongs to an older version of the bot. Run /cite instead.');
		const style = (match[2] ?? 'plain') as CitationStyle;
		await replyCitation(ctx, Number(match[1]), style, match[2] ? 'update' : 'reply');
	},
} satisfies CommandDefinition;

/** The citation with its style buttons: a new private message, or the style-button message updated in place. */
async function replyCitation(
	ctx: ComponentContext,
	id: number,
	style: CitationStyle,
	how: 'reply' | 'update',
): Promise<void> {
	const result = ctx.services.query.entry(id);
	if (!result.ok) {
		const outcome = noMatchOutcome(result);
		const reply = outcome.kind === 'refused' ? renderErrorReply(outcome.message) : renderNoMatchReply(outcome.summary);
		await ctx.reply(reply, { hidden: true });
		return;
	}
	const reply = renderCitationWithStyles(result.value, style, ctx.today);
	if (how === 'update') await ctx.update(reply);
	else await ctx.reply(reply, { hidden: true });
}
