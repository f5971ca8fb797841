import type { QueryResult } from '../query/answers.js';
import { safeText } from '../render/markdown.js';
import type { RenderedReply } from '../render/reply.js';
import { timestamp } from '../render/time.js';
import { summarizeNoMatch } from '../summarize/answer-summary.js';
import { type ExportFormat, type ExportMeta, type ExportPackage, describeFilters } from './export-files.js';

const FORMAT_NAMES: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON' };

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A moment as a Discord timestamp (the console reads it back as "2026-11-20 10:00 UTC"). */
function minute(iso: string | null): string {
	return iso ? timestamp(iso) : 'nothing ingested yet';
}

function count(n: number, one: string, many: string): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** What an export matched, in words (user text escaped). */
function subject(meta: ExportMeta): string {
	const parts: string[] = [];
	if (meta.query) parts.push(`matching “${safeText(meta.query, 200)}”`);
	const filters = describeFilters(meta.filters);
	if (filters !== 'none') parts.push(`filters ${safeText(filters.replaceAll('=', ': '), 600)}`);
	// Names that resolved to another spelling say so (a field's key is only the spelling of its name).
	for (const key of ['ngo', 'partner'] as const) {
		const resolved = meta.resolved[key];
		if (resolved && resolved !== meta.filters[key]) parts.push(`(${key} → ${safeText(resolved, 150)})`);
	}
	return parts.length ? ` ${parts.join(' · ')}` : ' (the whole corpus)';
}

/**
 * The messages of an export reply: the first says what the files hold and, when it had to, that they were
 * compressed or split; each further message carries the next files.
 */
export function renderExportReplies(
	meta: ExportMeta,
	pkg: ExportPackage,
	formats: readonly ExportFormat[],
	limitBytes: number,
): RenderedReply[] {
	const lines = [
		`📦 **Export of ${count(meta.entries, 'entry', 'entries')}**${subject(meta)}`,
		`${formats.map((f) => FORMAT_NAMES[f]).join(' and ')} · newest first · data cut-off ${minute(meta.data_cutoff)} ` +
			`(corpus revision ${meta.corpus_revision}) · generated ${minute(meta.generated_at)}`,
	];
	if (pkg.compressed) {
		lines.push(
			`🗜️ Compressed with gzip (.gz): the files came to ${megabytes(pkg.plainBytes)}, over the ${megabytes(limitBytes)} ` +
				'Discord accepts per message. Open them with any unzip tool, or read them directly (pandas and R read .gz).',
		);
	}
	if (pkg.parts > 1) {
		lines.push(
			`✂️ Split into ${pkg.parts} parts per format, each a complete file with its own header; ` +
				(pkg.messages.length > 1
					? `sent in ${pkg.messages.length} messages (this one and the next ${count(pkg.messages.length - 1, 'message', 'messages')}).`
					: 'all attached here.'),
		);
	} else if (pkg.messages.length > 1) {
		lines.push(`The files are sent in ${pkg.messages.length} messages (this one and the next).`);
	}
	return pkg.messages.map((files, i) => ({
		content: i === 0 ? lines.join('\n') : `📦 Export, message ${i + 1} of ${pkg.messages.length}`,
		files,
	}));
}

/** Why a search cannot be exported, in one line with the close names to try ("did you mean"). */
export function exportFailureMessage(result: Exclude<QueryResult<unknown>, { ok: true }>): string {
	if (result.reason === 'invalid') return result.message;
	if (result.subject === 'entry') return `No entry ${result.query}.`;
	const summary = summarizeNoMatch(result.subject, result.query, result.suggestions, result.reason);
	const names = summary.suggestions.slice(0, 5).map((s) => s.name);
	return names.length ? `${summary.message} ${names.join(' · ')}` : summary.message;
}
