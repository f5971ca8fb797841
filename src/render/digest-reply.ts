import type { APIEmbed } from 'discord.js';
import { changeText, type DigestItem, type WeeklyDigest } from '../digest/build-digest.js';
import { plural } from '../domain/text.js';
import { DISCORD_LIMITS } from './limits.js';
import { safeText, truncate } from './markdown.js';
import { COLORS, type RenderedReply } from './reply.js';

/** A scheduled digest never sends more messages than this; the last one says what was left out. */
export const MAX_DIGEST_MESSAGES = 10;
// Room left in each description for the continuation notes.
const DESCRIPTION_BUDGET = DISCORD_LIMITS.embedDescription - 200;
const URL_MAX = 300;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Feb 25 – Mar 3, 2019". */
export function weekRangeText(digest: Pick<WeeklyDigest, 'week'>): string {
	const { startDate, endDate } = digest.week;
	const day = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
	const startYear = startDate.slice(0, 4);
	const endYear = endDate.slice(0, 4);
	return startYear === endYear
		? `${day(startDate)} – ${day(endDate)}, ${endYear}`
		: `${day(startDate)}, ${startYear} – ${day(endDate)}, ${endYear}`;
}

/** The digest's headline facts in one sentence (shared by Discord and Markdown). */
export function overviewText(digest: WeeklyDigest): string {
	const what = digest.basis === 'ingested' ? 'new' : 'dated this week';
	const count = `${plural(digest.total, 'entry', 'entries')} ${what}`;
	const groups =
		digest.groups.length > 0
			? ` in ${plural(digest.groups.length, digest.groupBy === 'province' ? 'province group' : 'activity type')}`
			: '';
	return `${count}${groups}, ${changeText(digest.total, digest.previousTotal)}.`;
}

export function staleText(digest: WeeklyDigest): string | null {
	if (digest.staleDays === null) return null;
	return Number.isFinite(digest.staleDays)
		? `The data may be stale: the last ingest was ${plural(digest.staleDays, 'day')} ago.`
		: 'The data may be stale: no ingest has been recorded.';
}

export function digestTitle(digest: WeeklyDigest): string {
	return `Weekly digest · ${digest.week.label.replace(/\+7d$/, '')} · ${weekRangeText(digest)}`;
}

function sourceRef(item: DigestItem): string {
	const { citation } = item;
	const label = safeText(citation.sourceTitle ?? citation.sourcePath ?? 'source', 60);
	const url = citation.sourceUrl;
	if (url && url.length <= URL_MAX && /^https?:\/\/[^\s<>()]+$/.test(url)) return `[${label}](<${url}>)`;
	return label;
}

/** One entry: date · provinces · type — its line — id and source. Never longer than ~700 characters. */
export function renderDigestLine(item: DigestItem): string {
	const where = item.provinces.length ? ` · ${safeText(item.provinces.join(', '), 80)}` : '';
	return `• **${item.date ?? 'undated'}**${where} — ${safeText(item.line, 260)} \`#${item.id}\` ${sourceRef(item)}`;
}

/** Longest intro line a moderator can add to a digest. */
export const DIGEST_INTRO_MAX = 300;

export interface DigestRenderOptions {
	/** An empty week renders a short note (default) or nothing. */
	readonly emptyNote?: boolean;
	/** A moderator's line above the digest (escaped: it never pings or formats). */
	readonly intro?: string | null;
	/** Entries a moderator left out in review (already removed from the groups): said, not hidden. */
	readonly leftOut?: number;
}

/** The digest's messages and, for each, the ids of the entries it lists (the review's drop menu offers these). */
export interface DigestParts {
	readonly messages: RenderedReply[];
	readonly entryIds: number[][];
}

/**
 * The digest as messages of one embed each, within Discord's limits. Entries are never cut: a part ends before
 * the entry that would not fit, and a group that continues repeats its heading.
 */
export function renderDigestMessages(digest: WeeklyDigest, options: DigestRenderOptions = {}): RenderedReply[] {
	return renderDigestParts(digest, options).messages;
}

export function renderDigestParts(digest: WeeklyDigest, options: DigestRenderOptions = {}): DigestParts {
	const leftOut = options.leftOut ?? 0;
	const head: string[] = [];
	if (options.intro?.trim()) head.push(safeText(options.intro.trim(), DIGEST_INTRO_MAX), '');
	head.push(`**${overviewText(digest)}**`);
	if (leftOut > 0) head.push(`*${plural(leftOut, 'of them was', 'of them were')} left out by the moderators.*`);
	if (digest.filterLabels.length) head.push(`Only ${safeText(digest.filterLabels.join(', '), 300)}.`);
	const stale = staleText(digest);
	if (stale) head.push(`⚠️ ${stale}`);
	if (digest.total === 0) {
		if (options.emptyNote === false) return { messages: [], entryIds: [] };
		head.push(digest.basis === 'ingested' ? 'No new entries this week.' : 'No entries are dated this week.');
	}

	const descriptions: string[] = [];
	const entryIds: number[][] = [];
	let ids: number[] = [];
	let lines: string[] = [...head, ''];
	let length = lines.join('\n').length;
	let shown = 0;
	let full = false;
	const flush = () => {
		descriptions.push(lines.join('\n').trim());
		entryIds.push(ids);
		lines = [];
		ids = [];
		length = 0;
	};
	outer: for (const group of digest.groups) {
		const heading = (continued: boolean) =>
			`__**${safeText(group.label, 100)}**__ — ${plural(group.items.length, 'entry', 'entries')}${continued ? ' (continued)' : ''}`;
		let needsHeading = true;
		let continued = false;
		let shownInGroup = 0;
		for (const item of group.items) {
			const line = renderDigestLine(item);
			const headingLine = needsHeading ? `${heading(continued)}\n` : '';
			if (length + headingLine.length + line.length + 1 > DESCRIPTION_BUDGET) {
				if (descriptions.length + 1 >= MAX_DIGEST_MESSAGES) {
					full = true;
					break outer;
				}
				flush();
				continued = shownInGroup > 0;
				needsHeading = true;
			}
			const add = `${needsHeading ? `${heading(continued)}\n` : ''}${line}`;
			lines.push(add);
			ids.push(item.id);
			length += add.length + 1;
			needsHeading = false;
			shown++;
			shownInGroup++;
		}
		lines.push('');
		length += 1;
	}
	if (full)
		lines.push(
			`*${plural(digest.total - leftOut - shown, 'more entry', 'more entries')} not shown: narrow the digest with a filter, or run \`digest\` in the CLI.*`,
		);
	flush();

	const title = truncate(digestTitle(digest), DISCORD_LIMITS.embedTitle);
	const messages = descriptions.map((description, index): RenderedReply => {
		const embed: APIEmbed = {
			...(index === 0 ? { title } : {}),
			color: COLORS.digest,
			description: truncate(description, DISCORD_LIMITS.embedDescription),
			...(descriptions.length > 1
				? { footer: { text: `Part ${index + 1} of ${descriptions.length} · cite entries by id` } }
				: { footer: { text: 'Cite entries by id' } }),
		};
		return { embeds: [embed] };
	});
	return { messages, entryIds };
}
