import type { CorpusFacts } from '../query/answers.js';
import { plural } from '../domain/text.js';
import { DISCORD_LIMITS } from './limits.js';
import { safeText, truncate } from './markdown.js';
import { COLORS, type RenderedReply } from './reply.js';

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
		{ name: 'Last update', value: facts.lastIngestAt ?? 'never', inline: true },
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

const HELP = [
	['/ngo name', 'an organization: names, origin, provinces, activities and newest entries', '/ngo Animals Asia'],
	[
		'/province name',
		'a province (English, pinyin, 中文 or a city): counts, top NGOs, newest entries',
		'/province 湖南',
	],
	[
		'/search query',
		'entries with these words; filters: province, ngo, country, type, from, to, order',
		'/search mental health province:Heilongjiang',
	],
	['/entry id', 'one entry in full, with the words each fact came from; its Cite button cites it', '/entry 12'],
	['/cite id [style]', 'a ready-to-paste citation: plain, APA-like or BibTeX', '/cite 12 style:bibtex'],
	[
		'/export [filters] [format]',
		'every entry a search matches as CSV and/or JSON files (the filters of /search)',
		'/export province:Hunan format:both',
	],
	['/stats', 'counts by province, type and year (optionally for one province or NGO)', '/stats province:Hunan'],
	[
		'/timeline',
		'a chart of entries per month, quarter or year (optionally for one NGO and/or province)',
		'/timeline province:Hunan by:quarter',
	],
	[
		'/watch add|list|remove',
		'a message with the new entries about an NGO, a province or words after each ingest',
		'/watch add province:Hunan',
	],
	[
		'/ingest, /feeds add|list|remove',
		'server managers: add a document (an upload or a web address), or follow an RSS/Atom feed',
		'/feeds add url:https://example.org/rss.xml',
	],
	['/about', 'sources, coverage, last update and how to cite', '/about'],
] as const;

export function renderHelpReply(): RenderedReply {
	const lines = HELP.map(([command, what, example]) => `**${command}** — ${what}\n\`${example}\``);
	lines.push(
		'Every command has **hide**: only you see the answer, with a *Show publicly* button. Long answers have *Previous*/*Next* buttons. Names autocomplete as you type.',
	);
	return { embeds: [{ title: 'How to ask ngo-bot', color: COLORS.entry, description: lines.join('\n\n') }] };
}
