import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, hidden } from '../src/discord/options.js';
import {
	autocompleteSearchFilter,
	datesInOrder,
	readSearchFilters,
	searchFilterFields,
	searchFilterOptions,
} from '../src/discord/search-filters.js';
import type { SlashCommand } from '../src/discord/types.js';
import { type ExportFormat, collectExportRecords, exportMetaOf, packageExport } from '../src/export/export-files.js';
import { exportFailureMessage, renderExportReplies } from '../src/export/export-reply.js';
import { UserFacingError } from '../src/domain/errors.js';

/** Discord's upload limit for bots when the interaction does not say (10 MiB per message). */
export const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;
/** Left for the message's JSON and the multipart framing around the files. */
const UPLOAD_MARGIN = 64 * 1024;

const FORMATS: Record<'csv' | 'json' | 'both', readonly ExportFormat[]> = {
	csv: ['csv'],
	json: ['json'],
	both: ['csv', 'json'],
};

const Options = z
	.object({
		...searchFilterFields,
		format: z.enum(['csv', 'json', 'both'], { error: 'must be csv, json or both' }).default('csv'),
	})
	.refine(...datesInOrder);

function commandData(): SlashCommandBuilder {
	const builder = new SlashCommandBuilder()
		.setName('export')
		.setDescription('Every entry a search matches, as CSV and/or JSON files (no cap)');
	for (const option of searchFilterOptions('Words to find, e.g. mental health (none: everything)')) {
		builder.addStringOption(option);
	}
	builder
		.addStringOption((option) =>
			option
				.setName('format')
				.setDescription('File format (default: CSV)')
				.addChoices(
					{ name: 'CSV (spreadsheets)', value: 'csv' },
					{ name: 'JSON', value: 'json' },
					{ name: 'CSV and JSON', value: 'both' },
				),
		)
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer'));
	return builder;
}

export const exportCommand = {
	data: commandData(),

	// Reads and compresses the whole matching set: one export per user per half minute.
	cooldownSeconds: 30,

	async execute(ctx) {
		const { query, format, ...filters } = parseOptions(Options, {
			...readSearchFilters(ctx),
			format: ctx.getString('format'),
		});
		// Resolving the filters and listing the ids is quick. Refusals are errors, so they do not start the cooldown.
		const result = ctx.services.query.matching(query, filters);
		if (!result.ok) throw new UserFacingError(exportFailureMessage(result));
		const matching = result.value;
		if (matching.ids.length === 0) {
			throw new UserFacingError(
				'No entries match this search, so there is nothing to export. Try fewer words or filters.',
			);
		}
		const isHidden = hidden(ctx);
		// Reading, writing and compressing a large set takes longer than Discord's 3 seconds.
		await ctx.defer({ hidden: isHidden });
		const meta = exportMetaOf(matching, ctx.services.now());
		const records = await collectExportRecords(matching);
		const limit = ctx.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_LIMIT;
		const formats = FORMATS[format];
		const pkg = await packageExport(
			records,
			{ ...meta, entries: records.length },
			{
				formats,
				baseName: `ngo-bot-export-${ctx.today}`,
				maxMessageBytes: limit - UPLOAD_MARGIN,
			},
		);
		for (const reply of renderExportReplies({ ...meta, entries: records.length }, pkg, formats, limit)) {
			await ctx.reply(reply, { hidden: isHidden });
		}
	},

	autocomplete: autocompleteSearchFilter,
} satisfies SlashCommand;
