import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { hidden } from '../src/discord/options.js';
import type { CommandContext, SlashCommand } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import { renderIngestReply } from '../src/render/source-replies.js';

/** Refuses members without Manage Server: default member permissions can be overridden by server admins. */
export function requireManager(ctx: CommandContext, what: string): void {
	if (!ctx.canManageGuild) {
		throw new UserFacingError(`${what} is for server managers (Manage Server permission), in a server.`, 'forbidden');
	}
}

/** /ingest: adds one document from an uploaded file or a web address (Manage Server only). */
export const ingest = {
	data: new SlashCommandBuilder()
		.setName('ingest')
		.setDescription('Add a document: upload a .txt, .md or .html file, or give a web address (server managers)')
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.setContexts(InteractionContextType.Guild)
		.addAttachmentOption((option) => option.setName('file').setDescription('A .txt, .md or .html document'))
		.addStringOption((option) =>
			option.setName('url').setDescription('A public http(s) web address of a page or text file').setMaxLength(2_000),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer (default: yes)')),

	async execute(ctx) {
		requireManager(ctx, '/ingest');
		const file = ctx.getAttachment('file');
		const url = ctx.getString('url')?.trim() || null;
		if ((file === null) === (url === null)) {
			throw new UserFacingError(
				'Give either file: (an uploaded .txt, .md or .html) or url: (a web address), not both.',
			);
		}
		const hide = hidden(ctx, true);
		// Downloading and parsing can take longer than Discord's 3 seconds.
		await ctx.defer({ hidden: hide });
		const result = file ? await ctx.services.sources.ingestUpload(file) : await ctx.services.sources.ingestUrl(url!);
		await ctx.reply(renderIngestReply(result), { hidden: hide });
	},
} satisfies SlashCommand;
