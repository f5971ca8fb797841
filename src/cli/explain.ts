import { EVIDENCE_FACTS, type Entry, type Evidence } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';
import { createEntryReader } from '../store/entry-reader.js';
import { evidenceLine, notCountedLine } from '../summarize/entry-evidence.js';
import { type CliCommand, UsageError } from './command.js';
import { openExistingDatabase } from './database.js';

/** Characters of the title or text shown on either side of a quote. */
const CONTEXT = 40;
/** Longest quote shown inside its context; longer ones are cut with "…". */
const QUOTE_IN_CONTEXT_MAX = 200;

export const explainCommand: CliCommand = {
	name: 'explain',
	brief: 'Show why an entry has its facts: the words each date, province, org, origin and type came from.',
	summary:
		'Prints an entry (id, date, provinces, type, source) and, for each of its facts, the words it was read from:\n' +
		'the quote in its context in the title or text, marked [[like this]], or the words on the page around the entry\n' +
		'(a date heading). Places mentioned but not counted (an org’s origin) are listed apart. --json prints the\n' +
		'evidence rows. Entries stored before ngo-bot kept evidence have none until a newer extractor re-reads them.',
	usage: 'explain <id> [--json]',
	options: { json: { type: 'boolean' } },
	positionals: 'some',
	examples: ['npm run -s cli -- explain 9', 'npm run -s cli -- explain 9 --json'],
	async run({ values, positionals, io, databasePath }) {
		const id = entryId(positionals);
		const db = openExistingDatabase(databasePath);
		try {
			const reader = createEntryReader(db);
			// One read transaction: the entry and its evidence come from the same snapshot, whoever writes meanwhile.
			const [entry, evidence] = db.transaction(() => [reader.getEntry(id), reader.getEvidence(id)] as const)();
			if (entry === null) {
				throw new UserFacingError(`There is no entry #${id} in ${databasePath}.`, 'not-found');
			}
			io.out.write(values.json ? `${JSON.stringify(evidence, null, 2)}\n` : explainText(entry, evidence));
			return 0;
		} finally {
			db.close();
		}
	},
};

function entryId(positionals: readonly string[]): number {
	if (positionals.length === 0) throw new UsageError('"explain" needs an entry id, e.g. explain 9.', explainCommand);
	if (positionals.length > 1) {
		throw new UsageError(`"explain" takes one entry id, got: ${positionals.join(' ')}`, explainCommand);
	}
	const raw = positionals[0]!;
	const id = /^#?\d+$/.test(raw) ? Number(raw.replace('#', '')) : Number.NaN;
	if (!Number.isSafeInteger(id) || id < 1) {
		throw new UsageError(`"${raw}" is not an entry id: ids are whole numbers from 1, e.g. explain 9.`, explainCommand);
	}
	return id;
}

/** The entry's head, then every evidence row: counted facts in the order of the entry's facts, then the rest. */
export function explainText(entry: Entry, evidence: readonly Evidence[]): string {
	const source = entry.source.title ?? entry.source.path ?? entry.source.url ?? 'unknown source';
	const where = entry.source.url ?? entry.source.path;
	const lines = [
		[
			`Entry #${entry.id}`,
			entry.date ?? 'no exact date',
			entry.provinces.join(', ') || 'no province',
			entry.type.replace(/_/g, ' '),
		].join(' · '),
	];
	if (entry.title) lines.push(`Title: ${entry.title}`);
	lines.push(`Source: ${source}${where && where !== source ? ` (${where})` : ''}`);
	lines.push(...eventLines(entry), '');
	if (evidence.length === 0) {
		lines.push(
			'No evidence is stored for this entry: it was stored before ngo-bot kept the words each fact came from.',
		);
		return `${lines.join('\n')}\n`;
	}
	const order = (row: Evidence) => EVIDENCE_FACTS.indexOf(row.fact);
	const counted = evidence.filter((row) => row.counted).sort((a, b) => order(a) - order(b));
	const notCounted = evidence.filter((row) => !row.counted);
	if (counted.length) {
		lines.push('Why these facts:');
		for (const row of counted) lines.push(`  ${evidenceLine(row)}`, `      ${placeOf(entry, row)}`);
	}
	if (notCounted.length) {
		lines.push('Not counted:');
		for (const row of notCounted) lines.push(`  ${notCountedLine(row)}`, `      ${placeOf(entry, row)}`);
	}
	return `${lines.join('\n')}\n`;
}

/** Which other documents tell the same event and why, and which entry counts for it. */
function eventLines(entry: Entry): string[] {
	if (entry.otherSources.length === 0) return [];
	const lines = [
		entry.eventId === entry.id
			? `Same event told by (counted once, as this entry):`
			: `Same event as #${entry.eventId} (counted there, not here), told by:`,
	];
	for (const other of entry.otherSources) {
		const where = other.source.url ?? other.source.path ?? other.source.title ?? 'unknown source';
		lines.push(
			`  #${other.entryId} ${other.date ?? 'no exact date'} · ${where}${other.reason ? ` — ${other.reason}` : ''}`,
		);
	}
	return lines;
}

/** Where the words are: "text: …the [[Hunan PSB]] issued…", or on the page outside the entry. */
function placeOf(entry: Entry, row: Evidence): string {
	const source = row.field === 'title' ? entry.title : row.field === 'text' ? entry.text : null;
	if (source === null || row.start === null || row.end === null)
		return 'page: around the entry, not in its title or text';
	// The store checks quotes against their offsets on every save; this only guards against a hand-edited file.
	if (source.slice(row.start, row.end) !== row.quote) return `${row.field}: “${row.quote}” (not at its offsets)`;
	const oneLine = (text: string) => text.replace(/\s+/g, ' ');
	let before = oneLine(source.slice(Math.max(0, row.start - CONTEXT), row.start));
	let after = oneLine(source.slice(row.end, row.end + CONTEXT));
	// Cut context at word boundaries, marking with "…" what was left out.
	if (row.start > CONTEXT) before = `…${before.replace(/^\S*\s/, '')}`;
	if (row.end + CONTEXT < source.length) after = `${after.replace(/\s\S*$/, '')}…`;
	const quote = oneLine(row.quote);
	const shown = quote.length > QUOTE_IN_CONTEXT_MAX ? `${quote.slice(0, QUOTE_IN_CONTEXT_MAX - 1)}…` : quote;
	return `${row.field}: ${before}[[${shown}]]${after}`;
}
