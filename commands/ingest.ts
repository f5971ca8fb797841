import { z } from 'zod';
import { type Asker, type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import type { AttachmentRef } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import { renderIngestReply } from '../src/render/source-replies.js';

/** Refuses members without Manage Server: default member permissions can be overridden by server admins. */
export function requireManager(ctx: Asker, what: string): void {
	if (!ctx.canManageGuild) {
		throw new UserFacingError(`${what} is for server managers (Manage Server permission), in a server.`, 'forbidden');
	}
}

/** /ingest: adds one document from an uploaded file or a web address (Manage Server only). */
export const ingest = {
	name: 'ingest',
	description: 'Add a document: upload a .txt, .md or .html file, or give a web address (server managers)',
	help: 'server managers: ingest an uploaded `.txt`, `.md` or `.html` file (Discord) or a web page by its address',
	examples: ['/ingest url:https://example.org/ngo-news.html'],
	privacy: 'private',
	forManagers: true,
	serverOnly: true,
	leaf: defineLeaf({
		options: {
			file: {
				kind: 'attachment',
				description: 'A .txt, .md or .html document',
				schema: z.custom<AttachmentRef>().optional(),
				door: 'discord',
			},
			url: {
				kind: 'string',
				description: 'A public http(s) web address of a page or text file',
				schema: z.string().optional(),
				maxLength: 2_000,
				words: true,
			},
		},
		async execute({ file, url: given }, ctx) {
			requireManager(ctx, '/ingest');
			const url = given?.trim() || null;
			if ((file === undefined) === (url === null)) {
				throw new UserFacingError(
					ctx.door.name === 'discord'
						? 'Give either file: (an uploaded .txt, .md or .html) or url: (a web address), not both.'
						: 'Give url: (a web address); uploads are for Discord, and the command line ingests files: npm run -s cli -- ingest <file>.',
				);
			}
			// Downloading and parsing can take longer than Discord's 3 seconds.
			await ctx.defer();
			const result = file ? await ctx.services.sources.ingestUpload(file) : await ctx.services.sources.ingestUrl(url!);
			return { kind: 'messages', messages: [renderIngestReply(result)] };
		},
	}),
} satisfies CommandDefinition;
