import { DISCORD_LIMITS } from '../render/limits.js';
import { safeText, truncate } from '../render/markdown.js';
import type { RenderedReply } from '../render/reply.js';
import type { StoredWatch } from '../store/watch-store.js';
import { MAX_WATCHES_PER_USER } from './match-watches.js';
import { describeWatch } from './render-watch-notice.js';
import { type PauseNotice, type WatchAddResult, isCliWatcher } from './watch-service.js';
import { timestamp } from '../render/time.js';

const LABEL_CHARS = 120;

/** Where a watch's notifications go, for the user. */
function destination(watch: Pick<StoredWatch, 'channelId' | 'userId'>): string {
	// The command line's own list (the console's /watch) is read with `watch news`, not sent anywhere.
	if (isCliWatcher(watch.userId)) return '`npm run -s cli -- watch news`';
	const { channelId } = watch;
	return channelId === null ? 'your DMs' : `<#${channelId}>`;
}

function watchLine(watch: StoredWatch): string {
	return `\`#${watch.id}\` ${safeText(describeWatch(watch), LABEL_CHARS)} → ${destination(watch)}`;
}

/** What the user must hear first: notifications that stopped, and that they have been switched back on. */
function pauseLines(notices: readonly PauseNotice[]): string[] {
	return notices.map((notice) => {
		const day = timestamp(notice.pausedAt, 'D');
		const where = notice.channelId === null ? 'to your DMs' : `in <#${notice.channelId}>`;
		const fix =
			notice.channelId === null
				? 'If this keeps happening, allow direct messages from this server’s members (server name → Privacy Settings), or add your watches with a channel.'
				: 'If this keeps happening, ask a server manager to let me post there, or watch with another channel.';
		return `⚠️ Watch notifications ${where} were paused on ${day}: ${safeText(notice.reason, 300)}. I will try again with the next ingest. ${fix}`;
	});
}

function reply(lines: readonly string[]): RenderedReply {
	return { content: truncate(lines.join('\n\n'), DISCORD_LIMITS.content) };
}

export function renderWatchAdded(result: WatchAddResult, notices: readonly PauseNotice[]): RenderedReply {
	const { watch } = result;
	const what = safeText(describeWatch(watch), LABEL_CHARS);
	const head = result.added
		? `👀 Watching ${what} (\`#${watch.id}\`). New entries that match go to ${destination(watch)}, one message per ingest.`
		: `You already watch ${what} (\`#${watch.id}\`) → ${destination(watch)}.`;
	const lines = [...pauseLines(notices), head];
	if (result.note) lines.push(safeText(result.note, 300));
	lines.push(`${result.count} of ${MAX_WATCHES_PER_USER} watches · /watch list · /watch remove`);
	return reply(lines);
}

export function renderWatchList(watches: readonly StoredWatch[], notices: readonly PauseNotice[]): RenderedReply {
	if (watches.length === 0) {
		return reply([
			...pauseLines(notices),
			'You watch nothing yet. /watch add ngo:, province: or query: sends you the new entries that match after each ingest.',
		]);
	}
	// An embed: 25 watches with long words do not fit the 2,000 characters of a message.
	const notice = pauseLines(notices);
	return {
		...(notice.length > 0 ? { content: truncate(notice.join('\n\n'), DISCORD_LIMITS.content) } : {}),
		embeds: [
			{
				title: `Your watches (${watches.length} of ${MAX_WATCHES_PER_USER})`,
				description: truncate(watches.map(watchLine).join('\n'), DISCORD_LIMITS.embedDescription),
				footer: { text: 'Remove one with /watch remove · one message per ingest with the new entries that match' },
			},
		],
	};
}

export function renderWatchRemoved(watch: StoredWatch, notices: readonly PauseNotice[]): RenderedReply {
	return reply([
		...pauseLines(notices),
		`Stopped watching ${safeText(describeWatch(watch), LABEL_CHARS)} (\`#${watch.id}\`) → ${destination(watch)}.`,
	]);
}
