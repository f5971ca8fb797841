import { z } from 'zod';
import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { UserFacingError } from '../src/domain/errors.js';
import { DISCORD_LIMITS } from '../src/render/limits.js';
import { truncate } from '../src/render/markdown.js';
import { renderFeedAddedReply, renderFeedListReply, renderFeedRemovedReply } from '../src/render/source-replies.js';
import { requireManager } from './ingest.js';

/** /feeds add|remove|list: RSS and Atom feeds polled on a schedule (Manage Server only). */
export const feeds = {
	name: 'feeds',
	description: 'RSS and Atom feeds whose new items are ingested on a schedule (server managers)',
	help: 'server managers: follow an RSS or Atom feed (its items are ingested now, then on a schedule), list or stop them',
	examples: ['/feeds add url:https://example.org/rss.xml', '/feeds list'],
	privacy: 'private',
	forManagers: true,
	serverOnly: true,
	subcommands: {
		add: defineLeaf({
			description: 'Follow a feed: it is checked now, then polled on a schedule',
			options: {
				url: {
					kind: 'string',
					description: 'The feed address (RSS or Atom)',
					schema: z.string(),
					required: true,
					maxLength: 2_000,
					words: true,
				},
				full_page: {
					kind: 'boolean',
					description: 'Items are teasers: fetch and ingest the page each item links to instead',
					schema: z.boolean().optional(),
				},
			},
			async execute({ url, full_page: fullPage }, ctx) {
				requireManager(ctx, '/feeds');
				const { sources } = ctx.services;
				await ctx.defer();
				const { created, poll } = await sources.addFeed(url, ctx.userId, { fullPage: fullPage ?? undefined });
				const minutes = Math.round(sources.pollIntervalMs / 60_000);
				return { kind: 'messages', messages: [renderFeedAddedReply(created, poll, minutes)] };
			},
		}),
		remove: defineLeaf({
			description: 'Stop following a feed (its documents stay)',
			options: {
				feed: {
					kind: 'string',
					description: 'The feed address, or its number from /feeds list',
					schema: z.string(),
					required: true,
					maxLength: 2_000,
					words: true,
					suggest: ({ services, typed }) =>
						services.sources
							.listFeeds()
							.filter((feed) =>
								`#${feed.id} ${feed.title ?? ''} ${feed.url}`.toLowerCase().includes(typed.trim().toLowerCase()),
							)
							.slice(0, DISCORD_LIMITS.choices)
							.map((feed) => ({
								name: truncate(
									`#${feed.id} ${feed.title ? `${feed.title} — ` : ''}${feed.url}`.replace(/\s+/g, ' '),
									100,
								),
								value: String(feed.id),
							})),
				},
			},
			async execute({ feed: which }, ctx) {
				requireManager(ctx, '/feeds');
				const removed = ctx.services.sources.removeFeed(which);
				if (!removed) {
					throw new UserFacingError(
						`No feed matches "${which.slice(0, 200)}". See the followed feeds and their numbers with /feeds list.`,
						'not-found',
					);
				}
				return { kind: 'messages', messages: [renderFeedRemovedReply(removed)] };
			},
		}),
		list: defineLeaf({
			description: 'The feeds followed, with their last poll and errors',
			options: {},
			async execute(_values, ctx) {
				requireManager(ctx, '/feeds');
				return { kind: 'messages', messages: [renderFeedListReply(ctx.services.sources.listFeeds())] };
			},
		}),
	},
} satisfies CommandDefinition;
