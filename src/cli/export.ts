import { CSV_HEADER, csvLine, toExportRecord } from '../export/export-record.js';
import { createEntryReader } from '../store/entry-reader.js';
import { type CliCommand, choiceOption } from './command.js';
import { openExistingDatabase } from './database.js';
import { writeChunk, writeFileAtomically } from './output.js';

const FORMATS = ['jsonl', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export const exportCommand: CliCommand = {
	name: 'export',
	brief: 'Write every entry with its facts and source as jsonl, json or csv.',
	summary:
		'Writes every entry with its facts and source: jsonl (one JSON object per line), json (one array) or csv.\n' +
		'Fields: id, position, date, provinces, orgs [{name, country}], type, title, summary, text, kind,\n' +
		'source {path, url, title, published}, document_id, ingested_at.',
	usage: 'export [--format jsonl|json|csv] [--out FILE]',
	options: { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } },
	positionals: 'none',
	examples: [
		'npm run -s cli -- export --format jsonl > entries.jsonl',
		'npm run -s cli -- export --format csv --out entries.csv',
	],
	async run({ values, io, databasePath }) {
		const format = choiceOption(values, 'format', FORMATS, 'jsonl', exportCommand);
		const db = openExistingDatabase(databasePath);
		try {
			const reader = createEntryReader(db);
			const produce = (stream: NodeJS.WritableStream) => writeEntries(stream, format, reader.iterateEntries());
			const out = values.out;
			if (typeof out === 'string') {
				await writeFileAtomically(out, produce);
				io.err.write(`Wrote ${reader.countEntries()} entries to ${out}.\n`);
			} else {
				await produce(io.out);
			}
			return 0;
		} finally {
			db.close();
		}
	},
};

async function writeEntries(
	stream: NodeJS.WritableStream,
	format: Format,
	entries: Iterable<Parameters<typeof toExportRecord>[0]>,
): Promise<void> {
	if (format === 'csv') await writeChunk(stream, `\ufeff${CSV_HEADER}`);
	if (format === 'json') await writeChunk(stream, '[');
	let first = true;
	for (const entry of entries) {
		const record = toExportRecord(entry);
		if (format === 'jsonl') await writeChunk(stream, `${JSON.stringify(record)}\n`);
		else if (format === 'json') await writeChunk(stream, `${first ? '\n' : ',\n'}${JSON.stringify(record)}`);
		else await writeChunk(stream, csvLine(record));
		first = false;
	}
	if (format === 'json') await writeChunk(stream, first ? ']\n' : '\n]\n');
}
