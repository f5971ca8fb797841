import { DEFAULT_MAX_BYTES } from '../ingest/load-source.js';
import { loadReference } from '../ingest/load-reference.js';
import { type DocumentReport, runIngest } from '../ingest/run-ingest.js';
import { plural } from '../domain/text.js';
import { openDatabase } from '../store/open-database.js';
import { type CliCommand, UsageError } from './command.js';
import { crawlProgressLine, crawlSummaryLine } from '../render/crawl-text.js';
import { ingestFollow } from './ingest-follow.js';
import { ingestUrls, isWebAddress, mergeReports } from './ingest-urls.js';
import { createProgressBar } from './output.js';

export const ingestCommand: CliCommand = {
	name: 'ingest',
	brief: 'Read documents (files, directories or web addresses) into dated, fact-tagged entries.',
	summary:
		'Reads .txt, .md and .html documents (files or whole directories), splits them into dated entries, extracts\n' +
		'provinces, organizations and activity types, and stores them. Each document is stored whole or not at all;\n' +
		're-ingesting an unchanged document changes nothing, a changed one replaces its entries. http(s) addresses are\n' +
		'fetched (public addresses only unless FETCH_ALLOW_PRIVATE allows them) and keyed by their URL.',
	usage:
		'ingest <file|dir|url>... [--max-size MB] [--json]\n' +
		'       ingest --follow <listing url> [--max-pages N] [--delay SECONDS] [--item-pattern RE] [--next-pattern RE]',
	options: {
		'max-size': { type: 'string' },
		json: { type: 'boolean' },
		follow: { type: 'string' },
		'max-pages': { type: 'string' },
		delay: { type: 'string' },
		'item-pattern': { type: 'string' },
		'next-pattern': { type: 'string' },
	},
	positionals: 'some',
	examples: [
		'npm run -s cli -- ingest data/sample',
		'npm run -s cli -- ingest report.html notes.md --max-size 20',
		'npm run -s cli -- ingest https://www.chinafile.com/ngo/latest',
		'npm run -s cli -- ingest --follow https://www.chinafile.com/ngo/latest --max-pages 50',
	],
	async run({ values, positionals, io, databasePath }) {
		const maxBytes = parseMaxSize(values['max-size']);
		if (values.follow !== undefined) {
			if (positionals.length > 0) {
				throw new UsageError(
					'--follow crawls one listing; give files and other addresses in another run.',
					ingestCommand,
				);
			}
			return follow(String(values.follow), values, io, databasePath, maxBytes);
		}
		if (positionals.length === 0) {
			throw new UsageError(
				'"ingest" needs at least one file, directory or web address, or --follow <listing url>.',
				ingestCommand,
			);
		}
		const opened: { db: ReturnType<typeof openDatabase> | null } = { db: null };
		const progress = createProgressBar(io.err, { enabled: io.progress });
		try {
			const paths = positionals.filter((arg) => !isWebAddress(arg));
			const urls = positionals.filter(isWebAddress);
			const db = () => (opened.db ??= openDatabase(databasePath));
			const reference = loadReference();
			const fileReport = await runIngest(paths, {
				// Opened only once there is something to store: a mistyped path creates no empty database.
				db,
				reference,
				now: () => new Date(),
				maxBytes,
				onProgress: (done, total, path) => progress.update(done, total, path),
			});
			const report =
				urls.length === 0
					? fileReport
					: mergeReports(
							fileReport,
							await ingestUrls(urls, {
								db,
								reference,
								maxBytes: values['max-size'] === undefined ? undefined : maxBytes,
								onProgress: (done, total, url) => progress.update(done, total, url),
							}),
						);
			progress.clear();
			if (values.json) {
				io.out.write(`${JSON.stringify(report, null, 2)}\n`);
			} else {
				for (const document of report.documents) io.out.write(`${describe(document)}\n`);
				const { totals } = report;
				io.out.write(
					`\n${plural(totals.documents, 'document')} ingested, ${plural(totals.entries, 'entry', 'entries')} ` +
						`(${totals.added} new, ${totals.kept} kept, ${totals.removed} removed, ${totals.unchanged} documents unchanged)` +
						`${totals.failed ? `, ${totals.failed} failed` : ''}` +
						`${report.skipped ? `; ${plural(report.skipped, 'file')} of other types skipped` : ''}.\n`,
				);
			}
			if (report.totals.failed > 0) {
				io.err.write(
					`${plural(report.totals.failed, 'input')} could not be ingested; the report lists ${report.totals.failed === 1 ? 'it' : 'them'} as failed.\n`,
				);
				return 1;
			}
			return 0;
		} finally {
			opened.db?.close();
		}
	},
};

/** `ingest --follow`: a crawl with a progress line on a terminal and a summary at the end (or JSON). */
async function follow(
	seed: string,
	values: Record<string, unknown>,
	io: Parameters<CliCommand['run']>[0]['io'],
	databasePath: string,
	maxBytes: number,
): Promise<number> {
	const maxPages = parseCount(values['max-pages'], '--max-pages', 'pages', 1_000_000);
	const delay = values.delay === undefined ? undefined : parseSeconds(values.delay);
	if (!isWebAddress(seed)) throw new UsageError(`--follow takes a web address, got "${seed}".`, ingestCommand);
	const db = openDatabase(databasePath);
	const controller = new AbortController();
	// Ctrl-C stops after the page in hand; the crawl is recorded as stopped and the next run resumes it.
	const stop = () => controller.abort();
	process.once('SIGINT', stop);
	const interactive = io.progress !== false && (io.err as { isTTY?: boolean }).isTTY === true;
	try {
		const summary = await ingestFollow(seed, {
			db,
			reference: loadReference(),
			maxPages,
			delaySeconds: delay,
			itemPattern: values['item-pattern'] as string | undefined,
			nextPattern: values['next-pattern'] as string | undefined,
			maxBytes: values['max-size'] === undefined ? undefined : maxBytes,
			signal: controller.signal,
			onProgress: interactive ? (progress) => io.err.write(`\r${crawlProgressLine(progress)}\x1b[K`) : undefined,
		});
		if (interactive) io.err.write('\r\x1b[K');
		io.out.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : `${crawlSummaryLine(summary)}\n`);
		return summary.crawl.failed > 0 ? 1 : 0;
	} finally {
		process.off('SIGINT', stop);
		db.close();
	}
}

function parseCount(raw: unknown, flag: string, what: string, max: number): number | undefined {
	if (raw === undefined) return undefined;
	const n = Number(raw);
	if (typeof raw !== 'string' || !Number.isInteger(n) || n < 1 || n > max) {
		throw new UsageError(`${flag} takes a number of ${what} from 1 to ${max}, got "${String(raw)}".`, ingestCommand);
	}
	return n;
}

function parseSeconds(raw: unknown): number {
	const n = Number(raw);
	if (typeof raw !== 'string' || !Number.isFinite(n) || n < 0.05 || n > 3_600) {
		throw new UsageError(
			`--delay takes seconds between requests to a site (0.05 to 3600), got "${String(raw)}".`,
			ingestCommand,
		);
	}
	return n;
}

function describe(document: DocumentReport): string {
	if (document.status === 'failed') return `failed     ${document.message ?? document.path}`;
	const counts =
		document.status === 'unchanged'
			? `${plural(document.entries, 'entry', 'entries')}, unchanged`
			: `${plural(document.entries, 'entry', 'entries')} (${document.added} new, ${document.kept} kept, ${document.removed} removed)`;
	return `${document.status.padEnd(10)} ${(document.kind ?? '').padEnd(8)} ${counts}  ${document.path}`;
}

function parseMaxSize(raw: unknown): number {
	if (raw === undefined) return DEFAULT_MAX_BYTES;
	const megabytes = Number(raw);
	if (typeof raw !== 'string' || !Number.isFinite(megabytes) || megabytes <= 0 || megabytes > 1024) {
		throw new UsageError(
			`--max-size takes a size in megabytes (more than 0, at most 1024), got "${String(raw)}".`,
			ingestCommand,
		);
	}
	return Math.round(megabytes * 1024 * 1024);
}
