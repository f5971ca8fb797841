import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { ACTIVITY_TYPES } from '../src/domain/entry.js';
import { optionSchemas, parseOptions, hidden } from '../src/discord/options.js';
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
		query: optionSchemas.text.default(''),
		province: optionSchemas.name.optional(),
		ngo: optionSchemas.name.optional(),
		country: optionSchemas.name.optional(),
		type: optionSchemas.type.optional(),
		from: optionSchemas.date.optional(),
		to: optionSchemas.date.optional(),
		format: z.enum(['csv', 'json', 'both'], { error: 'must be csv, json or both' }).default('csv'),
	})
	.refine((o) => !o.from || !o.to || o.from <= o.to, { message: 'must not be after to', path: ['from'] });

export const exportCommand = {
	data: new SlashCommandBuilder()
		.setName('export')
		.setDescription('Every entry a search matches, as CSV and/or JSON files (no cap)')
		.addStringOption((option) =>
			option.setName('query').setDescription('Words to find, e.g. mental health (none: everything)').setMaxLength(500),
		)
		.addStringOption((option) =>
			option.setName('province').setDescription('Only this province').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option.setName('ngo').setDescription('Only this organization').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((option) =>
			option
				.setName('country')
				.setDescription('Only organizations from this country or region')
				.setAutocomplete(true)
				.setMaxLength(100),
		)
		.addStringOption((option) =>
			option
				.setName('type')
				.setDescription('Only this kind of activity')
				.addChoices(...ACTIVITY_TYPES.map((type) => ({ name: type.replace('_', ' '), value: type }))),
		)
		.addStringOption((option) =>
			option.setName('from').setDescription('From this date, yyyy-mm-dd').setMinLength(10).setMaxLength(10),
		)
		.addStringOption((option) =>
			option.setName('to').setDescription('Up to this date, yyyy-mm-dd').setMinLength(10).setMaxLength(10),
		)
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
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	// Reads and compresses the whole matching set: one export per user per half minute.
	cooldownSeconds: 30,

	async execute(ctx) {
		const { query, format, ...filters } = parseOptions(Options, {
			query: ctx.getString('query'),
			province: ctx.getString('province'),
			ngo: ctx.getString('ngo'),
			country: ctx.getString('country'),
			type: ctx.getString('type'),
			from: ctx.getString('from'),
			to: ctx.getString('to'),
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

	async autocomplete(ctx) {
		const kind = ctx.focused.name === 'ngo' ? 'ngo' : ctx.focused.name === 'country' ? 'country' : 'province';
		const choices = ctx.services.query.suggest(kind, ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;
