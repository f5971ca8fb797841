import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { UserFacingError } from '../src/domain/errors.js';
import { renderHealthReply, renderHealthText } from '../src/render/health-reply.js';

/** /health: for server managers, always hidden (it names the host's database path and process). */
export const health = {
	name: 'health',
	description: 'Bot health: uptime, shards, database, indexes, last ingest and digest, error counts',
	help: 'server managers: status, uptime, shards, the database and its integrity, indexes, last ingest and digest, error counts',
	examples: ['/health'],
	privacy: 'always private',
	forManagers: true,
	leaf: defineLeaf({
		options: {},
		async execute(_values, ctx) {
			// Server admins can override default member permissions; check again.
			if (!ctx.canManageGuild) {
				throw new UserFacingError('/health is for server managers (Manage Server permission), in a server.');
			}
			// The integrity check reads the whole database file: acknowledge first.
			await ctx.defer();
			const report = await ctx.services.health.report();
			return { kind: 'messages', messages: [renderHealthReply(report)], text: renderHealthText(report) };
		},
	}),
} satisfies CommandDefinition;
