import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { choiceSchema, datesInOrder, queryOption, searchFilters } from '../src/command/options.js';
import { UserFacingError } from '../src/domain/errors.js';
import { type ExportFormat, collectExportRecords, exportMetaOf, packageExport } from '../src/export/export-files.js';
import { exportFailureMessage, renderExportReplies } from '../src/export/export-reply.js';

/** Left for the message's JSON and the multipart framing around the files. */
const UPLOAD_MARGIN = 64 * 1024;

const FORMATS: Record<'csv' | 'json' | 'both', readonly ExportFormat[]> = {
	csv: ['csv'],
	json: ['json'],
	both: ['csv', 'json'],
};

/** Entries an export unit pays for, and the most an export is charged beyond its base cost. */
const ENTRIES_PER_UNIT = 1_000;
const MAX_EXPORT_CHARGE = 60;

/**
 * What an export costs beyond its base, in rate-limit units: one per thousand entries, at most 60 (an export of a
 * 100,000-entry corpus then waits about two minutes before the next command; a few hundred entries cost nothing).
 */
export function exportCost(entries: number): number {
	return Math.min(MAX_EXPORT_CHARGE, Math.floor(entries / ENTRIES_PER_UNIT));
}

export const exportCommand = {
	name: 'export',
	description: 'Every entry a search matches, as CSV and/or JSON files (no cap)',
	help: 'every entry a search matches, as CSV and/or JSON files: `query:` and the filters of `/search`, `format:csv|json|both`',
	examples: ['/export province:Hunan format:both', '/export field:Health partner:"Jiangxi PSB"'],
	privacy: 'public',
	// Reading and compressing the matching set: a small export costs about two lookups, a big one more (charged
	// below, once its size is known).
	cost: 2,
	leaf: defineLeaf({
		options: {
			query: queryOption('Words to find, e.g. mental health (none: everything)'),
			...searchFilters,
			format: {
				kind: 'string',
				description: 'File format (default: CSV)',
				schema: choiceSchema(['csv', 'json', 'both'], 'must be csv, json or both').default('csv'),
				choices: [
					{ name: 'CSV (spreadsheets)', value: 'csv' },
					{ name: 'JSON', value: 'json' },
					{ name: 'CSV and JSON', value: 'both' },
				],
			},
		},
		check: datesInOrder,
		async execute({ query, format, ...filters }, ctx) {
			// Resolving the filters and listing the ids is quick. Refusals are errors, so they cost nothing.
			const result = ctx.services.query.matching(query, filters);
			if (!result.ok) throw new UserFacingError(exportFailureMessage(result));
			const matching = result.value;
			if (matching.ids.length === 0) {
				throw new UserFacingError(
					'No entries match this search, so there is nothing to export. Try fewer words or filters.',
				);
			}
			ctx.charge(exportCost(matching.ids.length));
			// Reading, writing and compressing a large set takes longer than Discord's 3 seconds.
			await ctx.defer();
			const meta = exportMetaOf(matching, ctx.services.now());
			const records = await collectExportRecords(matching);
			// Files over a message's upload limit are gzipped, then split; the console writes them whole.
			const limit = ctx.door.uploadLimit ?? Number.POSITIVE_INFINITY;
			const formats = FORMATS[format];
			const pkg = await packageExport(
				records,
				{ ...meta, entries: records.length },
				{ formats, baseName: `ngo-bot-export-${ctx.today}`, maxMessageBytes: limit - UPLOAD_MARGIN },
			);
			return {
				kind: 'messages',
				messages: renderExportReplies({ ...meta, entries: records.length }, pkg, formats, limit),
			};
		},
	}),
} satisfies CommandDefinition;
