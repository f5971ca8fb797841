import { createApp } from '../app.js';
import { SEARCH_FILTER_NAMES } from '../command/options.js';
import { readDateBound } from '../query/date-bound.js';
import { ACTIVITY_TYPES, type IsoDate } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';
import { type ExportMeta, csvStart, exportMetaOf, jsonEnd, jsonRecord, jsonStart } from '../export/export-files.js';
import { type ExportRecord, csvLine, toExportRecord } from '../export/export-record.js';
import { exportFailureMessage } from '../export/export-reply.js';
import type { QueryResult, SearchFilters, Subject } from '../query/answers.js';
import { createEntryReader } from '../store/entry-reader.js';
import { type CliCommand, UsageError, choiceOption, stringOptions } from './command.js';
import { todayIn } from './today.js';
import { openExistingDatabase } from './database.js';
import { writeChunk, writeFileAtomically } from './output.js';

const FORMATS = ['jsonl', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export const exportCommand: CliCommand = {
	name: 'export',
	brief: 'Write entries (all, or those a search matches) with their facts and source as jsonl, json or csv.',
	summary:
		'Writes entries with their facts and source: jsonl (one JSON object per line), json ({meta, entries}) or csv\n' +
		'(six "#" lines recording the query, filters, data cut-off and generation time, then the table).\n' +
		'Without --query or filters: every entry in document order. With them: exactly the entries /search matches,\n' +
		'newest first, with no cap. Filters: --province, --ngo, --partner (a Chinese body), --country, --type,\n' +
		'--field (a field of work), --from/--to (yyyy-mm-dd).\n' +
		'Fields: id, position, date, provinces, orgs [{name, country}], partners [{name, role}], fields, type, title,\n' +
		'summary, text, kind, source {path, url, title, published}, document_id, ingested_at.',
	usage:
		'export [--format jsonl|json|csv] [--out FILE] [--query WORDS] [--province P] [--ngo N] [--partner B] ' +
		'[--country C] [--type T] [--field F] [--from yyyy-mm-dd] [--to yyyy-mm-dd]',
	options: {
		format: { type: 'string', short: 'f' },
		out: { type: 'string', short: 'o' },
		query: { type: 'string', short: 'q' },
		// The filters of /search, under the same names.
		...stringOptions(SEARCH_FILTER_NAMES),
	},
	positionals: 'none',
	examples: [
		'npm run -s cli -- export --format jsonl > entries.jsonl',
		'npm run -s cli -- export --format csv --out entries.csv',
		'npm run -s cli -- export --format csv --query "mental health" --province Heilongjiang --out mental-health.csv',
	],
	async run({ values, io, databasePath }) {
		const format = choiceOption(values, 'format', FORMATS, 'jsonl', exportCommand);
		const query = typeof values.query === 'string' ? values.query : '';
		const filters = filtersOf(values);
		const out = typeof values.out === 'string' ? values.out : null;
		const write = async (meta: ExportMeta, records: Iterable<ExportRecord>): Promise<number> => {
			let written = 0;
			const produce = async (stream: NodeJS.WritableStream) => {
				written = await writeRecords(stream, format, meta, records);
			};
			if (out) await writeFileAtomically(out, produce);
			else await produce(io.out);
			return written;
		};

		if (query === '' && Object.keys(filters).length === 0) {
			const db = openExistingDatabase(databasePath);
			try {
				const reader = createEntryReader(db);
				const meta: ExportMeta = {
					generator: 'ngo-bot',
					query: '',
					filters: {},
					resolved: {},
					order: 'document',
					entries: reader.countEntries(),
					data_cutoff: reader.lastIngestAt(),
					corpus_revision: reader.corpusRevision(),
					generated_at: new Date().toISOString(),
				};
				const written = await write(meta, mapRecords(reader.iterateEntries()));
				if (out) io.err.write(`Wrote ${written} entries to ${out}.\n`);
				return 0;
			} finally {
				db.close();
			}
		}

		// Filters are resolved like /search's (names, aliases, close spellings): that needs the org name index.
		openExistingDatabase(databasePath).close();
		const app = createApp({ databasePath });
		try {
			await app.indexes.whenReady();
			const result = app.query.matching(query, filters);
			if (!result.ok) throw new UserFacingError(failureMessage(result));
			const matching = result.value;
			const meta = exportMetaOf(matching, new Date());
			const written = await write(meta, batchedRecords(matching.batches()));
			if (out) io.err.write(`Wrote ${written} entries to ${out}.\n`);
			else if (written === 0) io.err.write('No entries match; the export is empty.\n');
			return 0;
		} finally {
			app.close();
		}
	},
};

function filtersOf(values: Record<string, unknown>): SearchFilters {
	const filters: Record<string, string> = {};
	for (const name of SEARCH_FILTER_NAMES) {
		const value = values[name];
		if (typeof value !== 'string') continue;
		if (value.trim() === '') throw new UsageError(`--${name} needs a value.`, exportCommand);
		filters[name] = value.trim();
	}
	// "--from 'March 2019'" as at the console; what is not one date goes on as written for the query to refuse.
	for (const [name, edge] of [
		['from', 'start'],
		['to', 'end'],
	] as const) {
		const written = filters[name];
		if (written !== undefined) filters[name] = readDateBound(written, edge, todayIn()) ?? written;
	}
	if (filters.type !== undefined && !(ACTIVITY_TYPES as readonly string[]).includes(filters.type)) {
		throw new UsageError(`--type must be one of ${ACTIVITY_TYPES.join(', ')}; got "${filters.type}".`, exportCommand);
	}
	return filters as SearchFilters & { from?: IsoDate; to?: IsoDate };
}

/** The option whose name resolved to nothing. */
const FILTER_OF_SUBJECT: Partial<Record<Subject, string>> = {
	ngo: '--ngo',
	province: '--province',
	partner: '--partner',
};

/** What a filter that resolved to nothing says, naming the option, with the close names to try. */
function failureMessage(result: Exclude<QueryResult<unknown>, { ok: true }>): string {
	const message = exportFailureMessage(result);
	if (result.reason === 'invalid') return message;
	const option = FILTER_OF_SUBJECT[result.subject];
	return option ? `${option}: ${message}` : message;
}

function* mapRecords(entries: Iterable<Parameters<typeof toExportRecord>[0]>): Iterable<ExportRecord> {
	for (const entry of entries) yield toExportRecord(entry);
}

function* batchedRecords(batches: Iterable<readonly Parameters<typeof toExportRecord>[0][]>): Iterable<ExportRecord> {
	for (const batch of batches) for (const entry of batch) yield toExportRecord(entry);
}

/** Streams the records in a format; returns how many were written. */
async function writeRecords(
	stream: NodeJS.WritableStream,
	format: Format,
	meta: ExportMeta,
	records: Iterable<ExportRecord>,
): Promise<number> {
	if (format === 'csv') await writeChunk(stream, csvStart(meta));
	if (format === 'json') await writeChunk(stream, jsonStart(meta));
	let count = 0;
	for (const record of records) {
		if (format === 'jsonl') await writeChunk(stream, `${JSON.stringify(record)}\n`);
		else if (format === 'json') await writeChunk(stream, jsonRecord(record, count));
		else await writeChunk(stream, csvLine(record));
		count++;
	}
	if (format === 'json') await writeChunk(stream, jsonEnd(count));
	return count;
}
