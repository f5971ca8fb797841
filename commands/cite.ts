import {
	type APIActionRowComponent,
	type APIButtonComponent,
	ButtonStyle,
	ComponentType,
	SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { CITATION_STYLES, type CitationStyle, citeEntry } from '../src/cite/cite-entry.js';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
import { CITE_SELECT_ID } from '../src/discord/cite-select.js';
import { entryNotFoundReply } from '../src/discord/paged-answer.js';
import type { ComponentContext, SlashCommand } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import type { Entry, IsoDate } from '../src/domain/entry.js';
import { DISCORD_LIMITS } from '../src/render/limits.js';
import { neutralizeMentions, safeText, truncate } from '../src/render/markdown.js';
import type { RenderedReply } from '../src/render/reply.js';

const Options = z.object({
	id: optionSchemas.id,
	style: z.enum(CITATION_STYLES, { error: `must be one of ${CITATION_STYLES.join(', ')}` }).default('plain'),
});

const STYLE_CHOICES: readonly { name: string; value: CitationStyle }[] = [
	{ name: 'Plain text', value: 'plain' },
	{ name: 'APA 7', value: 'apa' },
	{ name: 'BibTeX (biblatex @online)', value: 'bibtex' },
];

/** Longest web address shown as a link above the citation; longer ones are in the citation only. */
const HEADER_URL_MAX = 300;

/** Code block text cannot close the fence early: runs of backticks get a zero-width space between them. */
export function fenceSafe(text: string): string {
	return neutralizeMentions(text).replace(/`(?=`)/g, '`\u200b');
}

/** `text` must already be fence-safe. */
function codeBlock(language: string, text: string): string {
	return `\`\`\`${language}\n${text}\n\`\`\``;
}

/** What is being cited, in words: entry, title, source, dates. Bounded, so the citation keeps its room. */
function headerLines(entry: Entry): string {
	const { source } = entry;
	const head = `**Entry #${entry.id}**${entry.title ? ` · *${safeText(entry.title, 150)}*` : ''}`;
	const locator = source.url ?? source.path;
	let where: string | null = null;
	if (source.url && source.url.length <= HEADER_URL_MAX && /^https?:\/\/[^\s<>]+$/.test(source.url))
		where = `<${source.url}>`; // <> keeps Discord from unfurling it
	else if (locator) where = safeText(locator, 200);
	const facts = [
		source.title ? `“${safeText(source.title, 150)}”` : null,
		where,
		source.published ? `published ${source.published}` : null,
		entry.date ? `entry dated ${entry.date}` : 'undated entry',
	].filter(Boolean);
	return `${head}\nSource: ${facts.join(' · ')}`;
}

function withSourceTitle(entry: Entry, title: string): Entry {
	return { ...entry, source: { ...entry.source, title } };
}

/**
 * The citation in a code block (copies cleanly), under a line saying what it cites; the whole content stays
 * within Discord's 2,000 characters. When it would not, the source title is shortened first; only a source
 * address too long for any message shortens the citation itself, and the closing fence is always kept.
 */
export function renderCitationReply(entry: Entry, style: CitationStyle, accessed: IsoDate): RenderedReply {
	const language = style === 'bibtex' ? 'bibtex' : 'text';
	const header = headerLines(entry);
	const budget = DISCORD_LIMITS.content - header.length - 1 - codeBlock(language, '').length;
	const citation = (cited: Entry) => fenceSafe(citeEntry(cited, style, { accessed }));
	let text = citation(entry);
	const title = entry.source.title;
	if (text.length > budget && title) {
		// The longest source title that fits; the citation grows with the title, so bisect.
		let fitted = citation(withSourceTitle(entry, truncate(title, 1)));
		let low = 2;
		let high = title.length - 1;
		while (low <= high) {
			const mid = Math.floor((low + high) / 2);
			const candidate = citation(withSourceTitle(entry, truncate(title, mid)));
			if (candidate.length <= budget) {
				fitted = candidate;
				low = mid + 1;
			} else high = mid - 1;
		}
		text = fitted;
	}
	// Only an address longer than a message gets here: cut the text, never the fences. The text is already
	// fence-safe, and cutting it cannot create a run of backticks.
	if (text.length > budget) text = truncate(text, budget);
	return { content: `${header}\n${codeBlock(language, text)}` };
}

const STYLE_LABELS: Record<CitationStyle, string> = { plain: 'Plain text', apa: 'APA 7', bibtex: 'BibTeX' };

/** The "Cite" button for an entry answer: `cite:<id>`, answered with the citation, privately, by whoever presses it. */
export function citeButtonRow(entryId: number): APIActionRowComponent<APIButtonComponent> {
	return {
		type: ComponentType.ActionRow,
		components: [
			{
				type: ComponentType.Button,
				style: ButtonStyle.Secondary,
				label: 'Cite',
				emoji: { name: '📝' },
				custom_id: `cite:${entryId}`,
			},
		],
	};
}

/** Buttons switching a citation between styles (`cite:<id>:<style>`); the style shown is disabled. */
export function citationStyleRow(entryId: number, shown: CitationStyle): APIActionRowComponent<APIButtonComponent> {
	return {
		type: ComponentType.ActionRow,
		components: CITATION_STYLES.map((style) => ({
			type: ComponentType.Button,
			style: style === shown ? ButtonStyle.Primary : ButtonStyle.Secondary,
			label: STYLE_LABELS[style],
			custom_id: `cite:${entryId}:${style}`,
			disabled: style === shown,
		})),
	};
}

function withStyleButtons(reply: RenderedReply, entryId: number, style: CitationStyle): RenderedReply {
	return { ...reply, components: [citationStyleRow(entryId, style)] };
}

export const cite = {
	data: new SlashCommandBuilder()
		.setName('cite')
		.setDescription('A ready-to-paste citation of an entry: plain text, APA or BibTeX')
		.addIntegerOption((option) =>
			option.setName('id').setDescription('The entry number shown as #12 in answers').setRequired(true).setMinValue(1),
		)
		.addStringOption((option) =>
			option
				.setName('style')
				.setDescription('Citation style (default: plain text)')
				.addChoices(...STYLE_CHOICES),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	async execute(ctx) {
		const { id, style } = parseOptions(Options, { id: ctx.getInteger('id'), style: ctx.getString('style') });
		const result = ctx.services.query.entry(id);
		if (!result.ok) {
			await ctx.reply(entryNotFoundReply(result, id), { hidden: true });
			return;
		}
		const reply = withStyleButtons(renderCitationReply(result.value, style, ctx.today), id, style);
		await ctx.reply(reply, { hidden: hidden(ctx) });
	},

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
} satisfies SlashCommand;

/** The citation with its style buttons: a new private message, or the style-button message updated in place. */
async function replyCitation(
	ctx: ComponentContext,
	id: number,
	style: CitationStyle,
	how: 'reply' | 'update',
): Promise<void> {
	const result = ctx.services.query.entry(id);
	if (!result.ok) {
		await ctx.reply(entryNotFoundReply(result, id), { hidden: true });
		return;
	}
	const reply = withStyleButtons(renderCitationReply(result.value, style, ctx.today), id, style);
	if (how === 'update') await ctx.update(reply);
	else await ctx.reply(reply, { hidden: true });
}
