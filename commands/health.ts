import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { UserFacingError } from '../src/domain/errors.js';
import type { SlashCommand } from '../src/discord/types.js';
import { renderHealthReply } from '../src/render/health-reply.js';

/** /health: for server managers, always hidden (it names the host's database path and process). */
export const health = {
	data: new SlashCommandBuilder()
		.setName('health')
		.setDescription('Bot health: uptime, shards, database, indexes, last ingest and digest, error counts')
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),

	async execute(ctx) {
		// Server admins can override default member permissions; check again.
		if (!ctx.canManageGuild) {
			throw new UserFacingError('/health is for server managers (Manage Server permission), in a server.');
		}
		// The integrity check reads the whole database file: acknowledge first (hidden, as the answer will be).
		await ctx.defer({ hidden: true });
		await ctx.reply(renderHealthReply(await ctx.services.health.report()), { hidden: true });
	},
} satisfies SlashCommand;
