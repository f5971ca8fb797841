import type { CorpusFacts } from '../query/answers.js';
import { plural } from '../domain/text.js';
import { DISCORD_LIMITS } from './limits.js';
import { safeText, truncate } from './markdown.js';
import { COLORS, type RenderedReply } from './reply.js';
import { moment } from './time.js';

/** Coverage: what the corpus holds, how fresh it is, and how to cite it. */
export function renderAboutReply(facts: CorpusFacts): RenderedReply {
	const kinds = facts.byKind.map(
		(k) => `${k.kind}: ${plural(k.documents, 'document')}, ${plural(k.entries, 'entry', 'entries')}`,
	);
	const sources = facts.sources.slice(0, 10).map((s) => `• ${safeText(s.title, 150)} (${s.entries})`);
	const fields = [
		{
			name: 'Entries',
			value: `${facts.entries} from ${plural(facts.documents, 'document')}, ${plural(facts.orgs, 'organization')}`,
			inline: false,
		},
		{ name: 'Documents', value: kinds.join('\n') || 'none yet', inline: false },
		{
			name: 'Data cut-off',
			value: facts.latestEntryDate
				? `Entries dated ${facts.earliestEntryDate} to ${facts.latestEntryDate}`
				: 'No dated entries yet',
			inline: true,
		},
		{ name: 'Last update', value: moment(facts.lastIngestAt), inline: true },
		{
			name: 'How to cite',
			value:
				'Cite the original source shown with each entry. /entry <id> gives a ready-to-paste citation with the entry number, date, source and access date.',
			inline: false,
		},
	];
	if (sources.length)
		fields.splice(2, 0, {
			name: 'Largest sources',
			value: truncate(sources.join('\n'), DISCORD_LIMITS.fieldValue),
			inline: false,
		});
	return {
		embeds: [
			{
				title: 'About ngo-bot',
				color: COLORS.stats,
				description:
					'Answers questions about what NGOs are doing in China from dated entries extracted from published sources: ChinaFile translations of Ministry of Public Security WeChat posts and China Development Brief news. Every answer cites its entries and sources.',
				fields,
			},
		],
	};
}

/**
 * /help: each command as typed, what it answers and its first example (the lines come from the command
 * definitions, src/command/help.ts).
 */
export function renderHelpReply(
	lines: readonly { readonly usage: string; readonly help: string; readonly examples: readonly string[] }[],
	filters: readonly string[],
): RenderedReply {
	const items = lines.map(
		(line) => `**${line.usage}** — ${line.help}${line.examples[0] ? `\n\`${line.examples[0]}\`` : ''}`,
	);
	if (filters.length) items.push(`**[filters]** ${filters.map((name) => `\`${name}:\``).join(' ')}`);
	items.push(
		'With **hide** only you see the answer, with a *Show publicly* button. Long answers have *Previous*/*Next* buttons. Names autocomplete as you type.',
		'**mention:** aims a public answer at one member (it pings only them). On any message: *Apps* → *Look up NGOs and places*. Under answers: *Delete* (yours, for 15 minutes) and *Send to my DMs*. Add the bot to your own account to use the lookups in DMs and other servers.',
	);
	const description = truncate(items.join('\n\n'), DISCORD_LIMITS.embedDescription);
	return { embeds: [{ title: 'How to ask ngo-bot', color: COLORS.entry, description }] };
}
