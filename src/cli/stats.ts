import { type CorpusStats, createEntryReader } from '../store/entry-reader.js';
import { plural } from '../domain/text.js';
import type { CliCommand } from './command.js';
import { openExistingDatabase } from './database.js';

export const statsCommand: CliCommand = {
	name: 'stats',
	brief: 'Count entries by kind, province and type.',
	summary: 'Counts documents and entries by document kind, province and activity type, and the span of entry dates.',
	usage: 'stats [--json]',
	options: { json: { type: 'boolean' } },
	positionals: 'none',
	examples: ['npm run -s cli -- stats', 'npm run -s cli -- stats --json'],
	async run({ values, io, databasePath }) {
		const db = openExistingDatabase(databasePath);
		try {
			const stats = createEntryReader(db).stats();
			io.out.write(values.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
			return 0;
		} finally {
			db.close();
		}
	},
};

/** Plain-text report of corpus counts, aligned for a terminal. */
export function formatStats(stats: CorpusStats): string {
	const lines = [
		`${plural(stats.entries, 'entry', 'entries')} from ${plural(stats.documents, 'document')}, ${plural(stats.orgs, 'organization')}`,
		`Dates: ${stats.dateSpan.from ?? '—'} to ${stats.dateSpan.to ?? '—'} (${stats.undated} entries without an exact date)`,
		`Last ingest: ${stats.lastIngestAt ?? 'never'}`,
		'',
		'By kind:',
		...table(
			stats.byKind.map((row) => [row.kind, plural(row.documents, 'document'), plural(row.entries, 'entry', 'entries')]),
		),
		'',
		'By province:',
		...(stats.byProvince.length
			? table(stats.byProvince.map((row) => [row.province, String(row.entries)]))
			: ['  (none)']),
		'',
		'By type:',
		...table(stats.byType.map((row) => [row.type, String(row.entries)])),
	];
	return `${lines.join('\n')}\n`;
}

function table(rows: readonly string[][]): string[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
	return rows.map(
		(row) => `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
	);
}
