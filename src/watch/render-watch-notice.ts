import type { APIEmbed } from 'discord.js';
import type { Entry } from '../domain/entry.js';
import { DISCORD_LIMITS } from '../render/limits.js';
import { escapeMarkdown, safeText } from '../render/markdown.js';
import type { RenderedReply } from '../render/reply.js';
import type { WatchHit, WatchKind, WatchRule } from './match-watches.js';

/** Colour of watch notifications. */
const WATCH_COLOR = 0xf2c94c;
/** Room kept in the description for the "…and N more" line. */
const MORE_LINE_ROOM = 120;
const SUMMARY_CHARS = 220;

export interface WatchNotice {
	readonly hits: readonly WatchHit[];
	/** The hit entries (missing ones were deleted since the ingest and are left out). */
	readonly entries: ReadonlyMap<number, Entry>;
	/** When the ingest finished (ISO). */
	readonly finishedAt: string;
	/** Set for a channel target: whose watches these are (a mention that never pings: allowed_mentions is empty). */
	readonly ownerId: string | null;
}

const KIND_LABEL: Record<WatchKind, string> = { ngo: 'NGO', province: 'province', query: 'words' };

/** How a watch is shown to its user: `NGO Animals Asia Foundation`, `words "mental health"`. */
export function describeWatch(watch: Pick<WatchRule, 'kind' | 'label'>): string {
	const label = watch.kind === 'query' ? `"${watch.label}"` : watch.label;
	return `${KIND_LABEL[watch.kind]} ${label}`;
}

/** One message listing an ingest's new entries that match a target's watches. */
export function renderWatchNotice(notice: WatchNotice): RenderedReply {
	const shown = notice.hits.filter((hit) => notice.entries.has(hit.entryId));
	const lines: string[] = [];
	let length = 0;
	let listed = 0;
	for (const hit of shown) {
		const entry = notice.entries.get(hit.entryId)!;
		const facts = [entry.date ?? 'undated', ...entry.provinces, entry.type].join(' · ');
		const block = [
			`**#${entry.id}** ${escapeMarkdown(facts)}`,
			safeText(entry.summary, SUMMARY_CHARS),
			`-# matches ${hit.watches.map((watch) => safeText(describeWatch(watch), 120)).join(', ')}`,
		].join('\n');
		if (length + block.length + 2 > DISCORD_LIMITS.embedDescription - MORE_LINE_ROOM) break;
		lines.push(block);
		length += block.length + 2;
		listed += 1;
	}
	const more = shown.length - listed;
	if (more > 0) lines.push(`…and ${more} more. Open any entry with /entry id, or look with /search.`);
	const count = shown.length;
	const embed: APIEmbed = {
		title: `${count} new ${count === 1 ? 'entry matches' : 'entries match'} your watches`,
		description: [...(notice.ownerId ? [`Watches of <@${notice.ownerId}>`] : []), lines.join('\n\n')].join('\n\n'),
		color: WATCH_COLOR,
		footer: { text: 'Manage with /watch list and /watch remove · cite with /cite id' },
		timestamp: notice.finishedAt,
	};
	return { embeds: [embed] };
}
