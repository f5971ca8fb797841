import type Database from 'better-sqlite3';
import { BaseEnv, loadConfig } from '../config.js';
import { isUserFacingError } from '../domain/errors.js';
import type { ExtractionReference } from '../ingest/parse-document.js';
import { type DocumentReport, type IngestReport, type MemorySource, runIngestSources } from '../ingest/run-ingest.js';
import { parseAllowList } from '../sources/address-policy.js';
import { safeFetch } from '../sources/safe-fetch.js';

/** Whether a CLI argument is a web address rather than a path. */
export function isWebAddress(arg: string): boolean {
	return /^https?:\/\//i.test(arg.trim());
}

/**
 * Fetches http(s) arguments through the safe fetch (FETCH_* settings; `maxBytes` when --max-size was given) and
 * ingests them like files: one transaction per document, the URL as the document's key.
 */
export async function ingestUrls(
	urls: readonly string[],
	options: {
		readonly db: () => Database.Database;
		readonly reference: ExtractionReference;
		readonly maxBytes?: number;
		readonly onProgress?: (done: number, total: number, label: string) => void;
	},
): Promise<IngestReport> {
	const config = loadConfig(BaseEnv);
	const policy = {
		allow: parseAllowList(config.FETCH_ALLOW_PRIVATE),
		maxBytes: options.maxBytes ?? config.FETCH_MAX_BYTES,
		timeoutMs: config.FETCH_TIMEOUT_SECONDS * 1000,
	};
	const problems: DocumentReport[] = [];
	const sources: MemorySource[] = [];
	for (const [index, url] of urls.entries()) {
		options.onProgress?.(index, urls.length, url);
		try {
			const fetched = await safeFetch(url, 'document', policy);
			sources.push({
				key: fetched.url,
				label: fetched.url,
				text: fetched.text,
				format: fetched.format ?? 'html',
				url: fetched.url,
			});
		} catch (error) {
			if (!isUserFacingError(error)) throw error;
			problems.push({
				path: url,
				status: 'failed',
				kind: null,
				entries: 0,
				added: 0,
				kept: 0,
				removed: 0,
				message: error.message,
			});
		}
	}
	const report = await runIngestSources(sources, {
		db: options.db,
		reference: options.reference,
		now: () => new Date(),
	});
	return mergeReports({ documents: problems, skipped: 0, totals: { ...ZERO, failed: problems.length } }, report);
}

const ZERO: IngestReport['totals'] = {
	documents: 0,
	failed: 0,
	entries: 0,
	added: 0,
	kept: 0,
	removed: 0,
	unchanged: 0,
};

/** One report of two runs (files, then URLs); every total is a sum. */
export function mergeReports(a: IngestReport, b: IngestReport): IngestReport {
	const totals = Object.fromEntries(
		(Object.keys(ZERO) as (keyof IngestReport['totals'])[]).map((key) => [key, a.totals[key] + b.totals[key]]),
	) as unknown as IngestReport['totals'];
	return { documents: [...a.documents, ...b.documents], skipped: a.skipped + b.skipped, totals };
}
