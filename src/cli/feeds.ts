import { createApp } from '../app.js';
import { BaseEnv, loadConfig } from '../config.js';
import { plural } from '../domain/text.js';
import { describePoll } from '../render/source-replies.js';
import type { FeedRecord } from '../sources/feed-store.js';
import type { FeedPollResult } from '../sources/source-service.js';
import { createSourceServiceFor } from '../sources/sources-config.js';
import { type CliCommand, UsageError } from './command.js';

const ACTIONS = ['add', 'list', 'remove', 'poll'] as const;

export const feedsCommand: CliCommand = {
	name: 'feeds',
	brief: 'Follow RSS/Atom feeds: add, list, remove, poll (new items are ingested).',
	summary:
		'Feeds are polled by the bot every FEED_POLL_MINUTES; a failing feed backs off (the interval doubles per\n' +
		'failure, up to a day) and its error shows in `feeds list`. `feeds poll` runs one pass now (due feeds, or all\n' +
		'with --all) and exits 1 when any feed failed. New and changed items are ingested, keyed by their link.',
	usage: 'feeds add <url> [--full-page] | feeds list | feeds remove <url|id> | feeds poll [--all]  [--json]',
	options: { all: { type: 'boolean' }, json: { type: 'boolean' }, 'full-page': { type: 'boolean' } },
	positionals: 'one-or-more',
	examples: [
		'npm run -s cli -- feeds add https://www.chinafile.com/ngo/rss.xml',
		'npm run -s cli -- feeds add https://chinadevelopmentbrief.org/feed/ --full-page',
		'npm run -s cli -- feeds list',
		'npm run -s cli -- feeds poll --all',
		'npm run -s cli -- feeds remove 2',
	],
	async run({ values, positionals, io, databasePath }) {
		const [action, ...rest] = positionals;
		if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
			throw new UsageError(`Unknown action "${action}". Use one of: ${ACTIONS.join(', ')}.`, feedsCommand);
		}
		const needsArg = action === 'add' || action === 'remove';
		if (needsArg ? rest.length !== 1 : rest.length !== 0) {
			throw new UsageError(
				needsArg
					? `"feeds ${action}" takes one ${action === 'add' ? 'URL' : 'URL or feed number'}.`
					: `"feeds ${action}" takes no arguments.`,
				feedsCommand,
			);
		}
		const config = loadConfig(BaseEnv);
		const app = createApp({ databasePath });
		const json = values.json === true;
		const write = (text: string) => io.out.write(`${text}\n`);
		try {
			const sources = createSourceServiceFor(app, config);
			switch (action) {
				case 'add': {
					const fullPage = values['full-page'] === true ? true : undefined;
					const { created, poll } = await sources.addFeed(rest[0]!, null, { fullPage });
					if (json) write(JSON.stringify({ created, ...poll }, null, 2));
					else
						write(
							`${created ? 'added' : 'already followed'}  #${poll.feed.id} ${poll.feed.url}\n  ${describePoll(poll)}`,
						);
					return poll.error ? 1 : 0;
				}
				case 'remove': {
					const removed = sources.removeFeed(rest[0]!);
					if (!removed) {
						io.err.write(
							`No feed matches "${rest[0]}". See the feeds and their numbers with: npm run -s cli -- feeds list\n`,
						);
						return 1;
					}
					if (json) write(JSON.stringify(removed, null, 2));
					else write(`removed  #${removed.id} ${removed.url} (its ${plural(removed.itemCount, 'item')} stay ingested)`);
					return 0;
				}
				case 'list': {
					const feeds = sources.listFeeds();
					if (json) write(JSON.stringify(feeds, null, 2));
					else if (feeds.length === 0) write('No feeds. Add one with: npm run -s cli -- feeds add <url>');
					else for (const feed of feeds) write(describeFeed(feed));
					return 0;
				}
				default: {
					const results = await sources.pollFeeds({ all: values.all === true });
					if (json) write(JSON.stringify(results, null, 2));
					else {
						for (const result of results) write(describeResult(result));
						const failed = results.filter((r) => r.error).length;
						write(
							`\n${plural(results.length, 'feed')} polled${failed ? `, ${failed} failed` : ''}; ` +
								`${plural(
									results.reduce((n, r) => n + r.newEntryIds.length, 0),
									'new entry',
									'new entries',
								)}.`,
						);
					}
					return results.some((r) => r.error) ? 1 : 0;
				}
			}
		} finally {
			await app.indexes.whenReady().catch(() => {});
			app.close();
		}
	},
};

function describeFeed(feed: FeedRecord): string {
	const lines = [
		`#${feed.id} ${feed.lastError ? 'FAILING' : 'ok     '} ${feed.url}${feed.title ? `  (${feed.title})` : ''}`,
		`   ${plural(feed.itemCount, 'item')}${feed.fullPage ? ' (full pages)' : ''}, last polled ${feed.lastPolledAt ?? 'never'}, next ${feed.nextPollAt}`,
	];
	if (feed.lastError) lines.push(`   error (${plural(feed.failureCount, 'failure')} in a row): ${feed.lastError}`);
	return lines.join('\n');
}

function describeResult(result: FeedPollResult): string {
	const lines = [
		`${result.error ? 'failed' : 'ok    '}  #${result.feed.id} ${result.feed.url}: ${describePoll(result)}`,
	];
	for (const item of result.failedItems) lines.push(`   item without entries: ${item.message}`);
	return lines.join('\n');
}
