import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { hidden } from '../src/discord/options.js';
import type { SlashCommand } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import { DISCORD_LIMITS } from '../src/render/limits.js';
import { truncate } from '../src/render/markdown.js';
import { renderFeedAddedReply, renderFeedListReply, renderFeedRemovedReply } from '../src/render/source-replies.js';
import { requireManager } from './ingest.js';

/** /feeds add|remove|list: RSS and Atom feeds polled on a schedule (Manage Server only). */
export const feeds = {
	data: new SlashCommandBuilder()
		.setName('feeds')
		.setDescription('RSS and Atom feeds whose new items are ingested on a schedule (server managers)')
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.setContexts(InteractionContextType.Guild)
		.addSubcommand((sub) =>
			sub
				.setName('add')
				.setDescription('Follow a feed: it is checked now, then polled on a schedule')
				.addStringOption((option) =>
					option.setName('url').setDescription('The feed address (RSS or Atom)').setRequired(true).setMaxLength(2_000),
				)
				.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer (default: yes)')),
		)
		.addSubcommand((sub) =>
			sub
				.setName('remove')
				.setDescription('Stop following a feed (its documents stay)')
				.addStringOption((option) =>
					option
						.setName('feed')
						.setDescription('The feed address, or its number from /feeds list')
						.setRequired(true)
						.setAutocomplete(true)
						.setMaxLength(2_000),
				)
				.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer (default: yes)')),
		)
		.addSubcommand((sub) =>
			sub
				.setName('list')
				.setDescription('The feeds followed, with their last poll and errors')
				.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer (default: yes)')),
		),

	async autocomplete(ctx) {
		const typed = ctx.focused.value.trim().toLowerCase();
		const choices = ctx.services.sources
			.listFeeds()
			.filter((feed) => `#${feed.id} ${feed.title ?? ''} ${feed.url}`.toLowerCase().includes(typed))
			.slice(0, DISCORD_LIMITS.choices)
			.map((feed) => ({
				name: truncate(`#${feed.id} ${feed.title ? `${feed.title} — ` : ''}${feed.url}`.replace(/\s+/g, ' '), 100),
				value: String(feed.id),
			}));
		await ctx.respond(choices);
	},

	async execute(ctx) {
		requireManager(ctx, '/feeds');
		const hide = hidden(ctx, true);
		const { sources } = ctx.services;
		switch (ctx.subcommand) {
			case 'add': {
				const url = ctx.getString('url') ?? '';
				await ctx.defer({ hidden: hide });
				const { created, poll } = await sources.addFeed(url, ctx.userId);
				await ctx.reply(renderFeedAddedReply(created, poll, Math.round(sources.pollIntervalMs / 60_000)), {
					hidden: hide,
				});
				return;
			}
			case 'remove': {
				const which = ctx.getString('feed') ?? '';
				const removed = sources.removeFeed(which);
				if (!removed) {
					throw new UserFacingError(
						`No feed matches "${which.slice(0, 200)}". See the followed feeds and their numbers with /feeds list.`,
						'not-found',
					);
				}
				await ctx.reply(renderFeedRemovedReply(removed), { hidden: hide });
				return;
			}
			case 'list':
				await ctx.reply(renderFeedListReply(sources.listFeeds()), { hidden: hide });
				return;
			default:
				throw new UserFacingError('Use /feeds add, /feeds remove or /feeds list.');
		}
	},
} satisfies SlashCommand;
