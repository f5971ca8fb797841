import type { APIEmbed } from 'discord.js';
import { plural } from '../domain/text.js';
import type { FeedRecord } from '../sources/feed-store.js';
import type { FeedPollResult, SourceIngestResult } from '../sources/source-service.js';
import { DISCORD_LIMITS } from './limits.js';
import { safeText, truncate } from './markdown.js';
import { COLORS, type RenderedReply } from './reply.js';
import type { CrawlSummary } from '../crawl/crawler.js';
import { crawlSummaryLine } from './crawl-text.js';

/** `#3–5, #9`: entry ids as ranges, so a large ingest stays one line; long lists end with "… (N in all)". */
export function formatIdRanges(ids: readonly number[], max = 12): string {
	const sorted = [...new Set(ids)].sort((a, b) => a - b);
	const ranges: string[] = [];
	for (let i = 0; i < sorted.length;) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
		ranges.push(i === j ? `#${sorted[i]}` : `#${sorted[i]}–${sorted[j]}`);
		i = j + 1;
	}
	if (ranges.length <= max) return ranges.join(', ');
	return `${ranges.slice(0, max).join(', ')} … (${sorted.length} in all)`;
}

/** The answer to /ingest: what was added, with the new entry ids to look up with /entry. */
export function renderIngestReply(result: SourceIngestResult): RenderedReply {
	const { report } = result;
	const verb = { added: 'Added', replaced: 'Updated', unchanged: 'Already up to date', failed: 'Failed' }[
		report.status
	];
	const counts =
		report.status === 'unchanged'
			? `${plural(report.entries, 'entry', 'entries')}, nothing changed`
			: `${plural(report.entries, 'entry', 'entries')} (${report.added} new, ${report.kept} kept, ${report.removed} removed)`;
	const lines = [`**${verb}:** ${safeText(result.label, 400)}`, `${report.kind ?? 'document'} · ${counts}`];
	if (result.newEntryIds.length > 0) {
		lines.push(`New entries: ${formatIdRanges(result.newEntryIds)} — see them with \`/entry id\``);
	}
	return { embeds: [{ color: COLORS.digest, title: 'Document ingested', description: lines.join('\n') }] };
}

/** The end of a crawl: what was fetched and stored, and whether it stopped before the end (and how to go on). */
export function renderCrawlReply(summary: CrawlSummary): RenderedReply {
	const title = summary.crawl.state === 'done' ? 'Crawl complete' : 'Crawl stopped';
	return {
		embeds: [{ color: COLORS.digest, title, description: safeText(crawlSummaryLine(summary), 3_000) }],
	};
}

/** Short line for one feed poll: "3 new, 1 changed, 10 already seen". */
export function describePoll(poll: FeedPollResult): string {
	if (poll.error) return `failed: ${poll.error}`;
	const parts = [`${poll.newItems} new`, `${poll.changedItems} changed`, `${poll.repeatedItems} already seen`];
	if (poll.failedItems.length > 0) parts.push(`${poll.failedItems.length} without entries`);
	const entries =
		poll.newEntryIds.length > 0 ? ` → ${plural(poll.newEntryIds.length, 'new entry', 'new entries')}` : '';
	return `${parts.join(', ')}${entries}`;
}

export function renderFeedAddedReply(created: boolean, poll: FeedPollResult, intervalMinutes: number): RenderedReply {
	const lines = [
		`${safeText(poll.feed.title ?? poll.feed.url, 200)} — ${safeText(poll.feed.url, 400)}`,
		`First poll: ${safeText(describePoll(poll), 1_000)}`,
	];
	if (poll.newEntryIds.length > 0) lines.push(`New entries: ${formatIdRanges(poll.newEntryIds)}`);
	lines.push(`Polled every ${plural(intervalMinutes, 'minute')}; remove it with \`/feeds remove\`.`);
	return {
		embeds: [
			{
				color: COLORS.digest,
				title: created ? `Feed #${poll.feed.id} added` : `Feed #${poll.feed.id} was already followed`,
				description: lines.join('\n'),
			},
		],
	};
}

export function renderFeedRemovedReply(feed: FeedRecord): RenderedReply {
	return {
		embeds: [
			{
				color: COLORS.noMatch,
				title: `Feed #${feed.id} removed`,
				description: `${safeText(feed.url, 400)}\nThe ${plural(feed.itemCount, 'item')} already ingested stay searchable.`,
			},
		],
	};
}

/** /feeds list: every feed with its health; failing feeds show their last error and when they are tried again. */
export function renderFeedListReply(feeds: readonly FeedRecord[]): RenderedReply {
	if (feeds.length === 0) {
		return {
			embeds: [{ color: COLORS.noMatch, title: 'No feeds', description: 'Add one with `/feeds add url:https://…`.' }],
		};
	}
	const failing = feeds.filter((feed) => feed.lastError !== null).length;
	const fields: NonNullable<APIEmbed['fields']> = [];
	// Fields are added while the embed stays well inside Discord's 6,000-character total.
	let budget = DISCORD_LIMITS.embedTotal - 200;
	for (const feed of feeds.slice(0, DISCORD_LIMITS.embedFields)) {
		const name = `${feed.lastError ? '⚠️' : '✅'} #${feed.id} ${safeText(feed.title ?? hostOf(feed.url), 200)}`;
		const value = truncate(feedLines(feed).join('\n'), DISCORD_LIMITS.fieldValue);
		budget -= name.length + value.length;
		if (budget < 0) break;
		fields.push({ name, value });
	}
	const more = feeds.length > fields.length ? ` · ${feeds.length - fields.length} more not shown` : '';
	return {
		embeds: [
			{
				color: failing > 0 ? COLORS.error : COLORS.digest,
				title: `${plural(feeds.length, 'feed')}${failing > 0 ? ` · ${failing} failing` : ''}`,
				fields,
				footer: { text: `Times in UTC${more}` },
			},
		],
	};
}

function feedLines(feed: FeedRecord): string[] {
	const pages = feed.fullPage ? ' · fetches each item’s page' : '';
	const lines = [
		safeText(feed.url, 300),
		`${plural(feed.itemCount, 'item')}${pages} · last polled ${when(feed.lastPolledAt)}`,
	];
	if (feed.lastError) {
		lines.push(
			`Error (${plural(feed.failureCount, 'failure')} in a row): ${safeText(feed.lastError, 400)}`,
			`Next try ${when(feed.nextPollAt)}`,
		);
	}
	return lines;
}

function when(iso: string | null): string {
	if (!iso) return 'never';
	const seconds = Math.floor(Date.parse(iso) / 1000);
	return Number.isFinite(seconds) ? `<t:${seconds}:R>` : iso;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
