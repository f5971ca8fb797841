import { z } from 'zod';
import { type Asker, type CommandDefinition, defineLeaf, type RunContext } from '../src/command/definition.js';
import type { CommandOutcome } from '../src/command/outcome.js';
import type { AttachmentRef } from '../src/discord/types.js';
import { UserFacingError } from '../src/domain/errors.js';
import { crawlProgressLine } from '../src/render/crawl-text.js';
import { renderCrawlReply, renderIngestReply } from '../src/render/source-replies.js';

/** Refuses members without Manage Server: default member permissions can be overridden by server admins. */
export function requireManager(ctx: Asker, what: string): void {
	if (!ctx.canManageGuild) {
		throw new UserFacingError(`${what} is for server managers (Manage Server permission), in a server.`, 'forbidden');
	}
}

/** A crawl from Discord answers within the interaction's 15 minutes: at the default 1 s delay, a few minutes. */
const MAX_DISCORD_PAGES = 300;
const DEFAULT_DISCORD_PAGES = 100;
/** Least time between two progress edits of the acknowledgement (Discord rate-limits edits). */
const PROGRESS_EVERY_MS = 3_000;

/** /ingest url: follow:true — the crawl's progress in the acknowledgement, then its summary. */
async function crawl(url: string, maxPages: number, ctx: RunContext): Promise<CommandOutcome> {
	await ctx.defer();
	let shownAt = 0;
	let shown: Promise<void> = Promise.resolve();
	const summary = await ctx.services.sources.crawl(url, {
		maxPages,
		onProgress: (progress) => {
			if (!ctx.progress || Date.now() - shownAt < PROGRESS_EVERY_MS) return;
			shownAt = Date.now();
			// One edit at a time; a failed edit (the message gone) only stops the updates.
			shown = shown.then(() => ctx.progress!(`Crawling… ${crawlProgressLine(progress)}`)).catch(() => {});
		},
	});
	await shown;
	return { kind: 'messages', messages: [renderCrawlReply(summary)] };
}

/** /ingest: adds one document from an uploaded file or a web address (Manage Server only). */
export const ingest = {
	name: 'ingest',
	description: 'Add a document: upload a .txt, .md or .html file, or give a web address (server managers)',
	help: 'server managers: ingest an uploaded `.txt`, `.md` or `.html` file (Discord) or a web page by its address',
	examples: [
		'/ingest url:https://example.org/ngo-news.html',
		'/ingest url:https://www.chinafile.com/ngo/latest follow:true max_pages:40',
	],
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
			follow: {
				kind: 'boolean',
				description: 'url: is a listing: ingest the pages it lists and follow its next pages (politely, resumable)',
				schema: z.boolean().optional(),
			},
			max_pages: {
				kind: 'integer',
				description: `Pages this crawl fetches at most (1–${MAX_DISCORD_PAGES}); run it again to resume`,
				schema: z.number().int().min(1).max(MAX_DISCORD_PAGES).optional(),
				minValue: 1,
				maxValue: MAX_DISCORD_PAGES,
			},
		},
		// At the Discord door an absent upload is null, at the console undefined.
		check: ({ follow, max_pages: maxPages, url, file }) =>
			follow && (file || !url?.trim())
				? { option: 'follow', message: 'crawls a listing given as url: (a web address), not an upload' }
				: maxPages !== undefined && maxPages !== null && !follow
					? { option: 'max_pages', message: 'limits a crawl: give it with url: and follow:true' }
					: null,
		async execute({ file, url: given, follow, max_pages: maxPages }, ctx) {
			requireManager(ctx, '/ingest');
			const url = given?.trim() || null;
			if (follow && url !== null) return crawl(url, maxPages ?? DEFAULT_DISCORD_PAGES, ctx);
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
