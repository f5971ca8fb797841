import type Database from 'better-sqlite3';
import type { DocumentKind, ParsedDocument } from '../domain/entry.js';
import { isUserFacingError } from '../domain/errors.js';
import {
	type DocumentStore,
	type PreparedDocument,
	InvalidDocumentError,
	type SaveOptions,
	type SaveResult,
	createDocumentStore,
	prepareDocument,
} from '../store/document-store.js';
import { recordIngestRun } from '../store/watch-store.js';
import { compactAfterRun } from '../store/search-compaction.js';
import { collectFiles, type SourceFile, type SourceFormat } from './collect-files.js';
import { isStandardReference } from './load-reference.js';
import { leanHeap } from './lean-heap.js';
import { sourceFromString } from './load-source.js';
import { normalizeText } from './normalize-text.js';
import { EXTRACTOR_VERSION, type ExtractionReference, parseDocument } from './parse-document.js';
import { startParsePool } from './parse-pool.js';
import { readDocument } from './read-document.js';
import { storageFailure } from '../store/storage-failure.js';

export interface DocumentReport {
	readonly path: string;
	readonly status: 'added' | 'unchanged' | 'replaced' | 'failed';
	readonly kind: DocumentKind | null;
	readonly entries: number;
	readonly added: number;
	readonly kept: number;
	readonly removed: number;
	/** Why a document failed, and how to fix it. */
	readonly message?: string;
}

export interface IngestReport {
	readonly documents: readonly DocumentReport[];
	/** Files skipped inside directories because ngo-bot does not read their type. */
	readonly skipped: number;
	readonly totals: {
		readonly documents: number;
		readonly failed: number;
		readonly entries: number;
		readonly added: number;
		readonly kept: number;
		readonly removed: number;
		readonly unchanged: number;
	};
}

export interface IngestOptions {
	/** The database, or a function opening it when the first document is ready to be stored. */
	readonly db: Database.Database | (() => Database.Database);
	readonly reference: ExtractionReference;
	readonly now: () => Date;
	readonly maxBytes?: number;
	readonly cwd?: string;
	/** Called after each committed save, so derived indexes can follow. */
	readonly onSaved?: (result: SaveResult) => void;
	/** Called before each document (for a progress bar). */
	readonly onProgress?: (done: number, total: number, path: string) => void;
}

/**
 * Ingests files and directories: each document is read, parsed and saved in its own transaction, so a
 * bad file or a crash never leaves a partial document, and good files still go in.
 */
export async function runIngest(inputs: readonly string[], options: IngestOptions): Promise<IngestReport> {
	const collected = await collectFiles(inputs, { cwd: options.cwd });
	// The worker loads the standard reference data itself: a caller's own reference is used in-process.
	const parser =
		collected.files.length >= WORKER_MIN_DOCUMENTS && isStandardReference(options.reference)
			? startParsePool(collected.files, { maxBytes: options.maxBytes })
			: null;
	const readInProcess = async (file: SourceFile) => ({
		document: await readDocument(file, options.reference, { maxBytes: options.maxBytes }),
	});
	const items = collected.files.map((file, index): IngestItem => ({
		label: file.path,
		sourceKey: file.absolutePath,
		read: parser ? () => parser.parse(index) : () => readInProcess(file),
		reread: () => readInProcess(file),
	}));
	const problems = collected.problems.map((problem) => failed(problem.path, problem.message));
	try {
		return await ingestItems(items, problems, collected.skipped, options);
	} finally {
		await parser?.close();
	}
}

/**
 * Files from which parsing moves to a worker thread. Starting one and loading its reference data costs about
 * 0.2 s of the other core; a few documents parse faster in-process than that.
 */
const WORKER_MIN_DOCUMENTS = 24;

/** A document already in memory: a fetched page, an uploaded file, a feed item. */
export interface MemorySource {
	/** Stable identity (the URL): ingesting the same key again updates that document instead of adding one. */
	readonly key: string;
	/** How reports name it (the URL, or the uploaded file's name). */
	readonly label: string;
	readonly text: string;
	readonly format: SourceFormat;
	readonly url: string | null;
	/** Title and date known from outside the text (a feed item's); the document's own win when it has them. */
	readonly title?: string | null;
	readonly published?: string | null;
	/**
	 * Called after this document's save, inside the transaction that commits it: what the caller records about the
	 * source (a crawl marking the page done) is committed with the document or not at all.
	 */
	readonly onSaved?: (result: SaveResult) => void;
}

/** Ingests in-memory sources through the same checks, parsing and one-transaction-per-document saving as files. */
export async function runIngestSources(
	sources: readonly MemorySource[],
	options: IngestOptions,
): Promise<IngestReport> {
	const items = sources.map((source): IngestItem => {
		const read = async () => {
			const clean = sourceFromString(source.text, source.format, source.label);
			const document = parseDocument(
				{
					text: normalizeText(clean.text),
					path: null,
					url: source.url ?? clean.meta.url,
					meta: {
						title: clean.meta.title ?? source.title ?? null,
						published: clean.meta.published ?? source.published ?? null,
					},
				},
				options.reference,
			);
			return { document };
		};
		return { label: source.label, sourceKey: source.key, onSaved: source.onSaved, read, reread: read };
	});
	return ingestItems(items, [], 0, options);
}

interface IngestItem {
	readonly label: string;
	readonly sourceKey: string;
	readonly onSaved?: (result: SaveResult) => void;
	/** The parsed document, and when it was made ready for the store elsewhere (the parse worker), that too. */
	read(): Promise<{ document: ParsedDocument; prepared?: PreparedDocument | null }>;
	/** The same again, parsed in this thread: a batch's documents are read again only when the batch is replayed. */
	reread(): Promise<{ document: ParsedDocument }>;
}

/** Every run stores with the heap's growth bounded (lean-heap.ts): a bulk load's garbage would double its memory. */
function ingestItems(
	items: readonly IngestItem[],
	problems: readonly DocumentReport[],
	skipped: number,
	options: IngestOptions,
): Promise<IngestReport> {
	return leanHeap.during(() => storeItems(items, problems, skipped, options));
}

async function storeItems(
	items: readonly IngestItem[],
	problems: readonly DocumentReport[],
	skipped: number,
	options: IngestOptions,
): Promise<IngestReport> {
	let db: Database.Database | null = null;
	let store: DocumentStore | null = null;
	const openStore = () => {
		db ??= typeof options.db === 'function' ? options.db() : options.db;
		store ??= createDocumentStore(db);
		batch.begin(db, store);
		return store;
	};
	const batch = createCommitBatcher(BATCH_MS);
	// The uncommitted batch's saves, in order. They take no savepoint of their own (about a tenth of the writer's time
	// in a bulk load), so when one fails the batch is rolled back and these are read and saved again, each in its own
	// savepoint. Only what names them is kept: holding 2 s of parsed documents raised a 100k ingest's peak RSS by 40 MB.
	let pending: PendingSave[] = [];
	const committed = () => {
		for (const save of pending) options.onSaved?.(save.result);
		pending = [];
	};
	// Recorded with the run's last documents, so /watch notifications see each ingest whole (store/watch-store.ts).
	const recordRun = () => {
		if (db) recordIngestRun(db, options.now());
	};
	const reports: DocumentReport[] = [...problems];
	/** A save failed midway: undo the batch, then read and save its documents again one by one. */
	const replayBatch = async () => {
		const replayed = pending;
		pending = [];
		batch.rollback();
		for (const save of replayed) {
			const { label } = save.file;
			let document: ParsedDocument;
			try {
				({ document } = await save.file.reread());
			} catch (error) {
				// Changed on disk since (a file removed or grown too big): it goes unsaved, as if read so first.
				if (!isUserFacingError(error)) throw error;
				reports[save.report] = failed(label, error.message);
				continue;
			}
			if (document.entries.length === 0) {
				reports[save.report] = noEntries(label, document);
				continue;
			}
			const result = openStore().savePrepared(prepareDocument(document, save.file.sourceKey), save.options);
			save.result = result;
			save.file.onSaved?.(result);
			reports[save.report] = savedReport(label, document, result);
			pending.push(save);
		}
	};
	const total = items.length;
	let current = '';

	try {
		for (const [index, file] of items.entries()) {
			const path = file.label;
			current = path;
			options.onProgress?.(index, total, path);
			try {
				const read = await file.read();
				const { document } = read;
				if (document.entries.length === 0) {
					reports.push(noEntries(path, document));
					continue;
				}
				const prepared = read.prepared ?? prepareDocument(document, file.sourceKey);
				const saveOptions = { sourceKey: file.sourceKey, extractorVersion: EXTRACTOR_VERSION, now: options.now() };
				let result: SaveResult;
				try {
					result = openStore().savePrepared(prepared, saveOptions, { savepoint: false });
				} catch (error) {
					if (storageFailure(error, path)) throw error;
					// Part of this document may be in the batch: redo the batch without it, then save it in a savepoint
					// of its own, which fails alone (below) as any save does.
					await replayBatch();
					result = openStore().savePrepared(prepared, saveOptions);
				}
				file.onSaved?.(result);
				pending.push({ file, options: saveOptions, result, report: reports.length });
				reports.push(savedReport(path, document, result));
				if (batch.maybeCommit()) committed();
			} catch (error) {
				if (isUserFacingError(error)) reports.push(failed(path, error.message));
				// An extraction bug must not stop the other documents; nothing of this one was written.
				else if (error instanceof InvalidDocumentError)
					reports.push(failed(path, `${path} could not be stored (${error.message}); please report this.`));
				else throw error;
			}
		}
		current = '';
		recordRun();
		batch.commit();
		committed();
	} catch (error) {
		// A full disk or a read-only database: drop the batch (a failed save may have left part of its document in it)
		// so the connection is usable, and say what happened instead of a SQLite code. Other failures keep what was
		// stored before them, as before (the failed document's own savepoint is already undone).
		const failure = storageFailure(error, current);
		try {
			if (failure) batch.rollback();
			else {
				recordRun();
				batch.commit();
				committed();
			}
		} catch {
			batch.rollback();
		}
		throw failure ?? error;
	} finally {
		batch.end();
	}
	// After the run's last commit, with the connection's own settings back: each merge step is its own transaction.
	if (db) compactAfterRun(db, inserted(reports));
	options.onProgress?.(total, total, '');
	return { documents: reports, skipped, totals: totalsOf(reports) };
}

/** The report of a document that parsed to no entries. */
function noEntries(path: string, document: ParsedDocument): DocumentReport {
	return failed(path, `${path} has no text ngo-bot can split into entries.`, document.kind);
}

/** A document saved in the uncommitted batch, and what saving it again needs besides reading it. */
interface PendingSave {
	readonly file: IngestItem;
	readonly options: SaveOptions;
	result: SaveResult;
	/** Its place in the run's reports. */
	readonly report: number;
}

function savedReport(path: string, document: ParsedDocument, result: SaveResult): DocumentReport {
	return {
		path,
		status: result.status,
		kind: document.kind,
		entries: document.entries.length,
		added: result.added,
		kept: result.kept,
		removed: result.removed,
	};
}

/** Entries a run inserted (what decides whether it was a bulk load worth merging the full-text index after). */
function inserted(reports: readonly DocumentReport[]): number {
	return reports.reduce((sum, report) => sum + report.added, 0);
}

/**
 * Longest a batch of documents stays uncommitted: other writers wait at most about this long for the lock (their
 * busy_timeout is 5 s), and a crash loses at most this much work. Each commit writes every page the batch touched to
 * the WAL, and the b-trees keyed by a facet, a field, a body or a sentence hash take rows all over: a larger batch
 * touches each page more often per commit. Store alone, 30k entries: ~120 documents a batch (2 s at ~600 entries/s)
 * took 17.7-18.5 s instead of 24.9 s for ~30 (500 ms).
 */
const BATCH_MS = 2_000;

/**
 * Groups document saves into one outer transaction committed every BATCH_MS. Each save stays atomic (its own
 * transaction becomes a savepoint inside the batch), so a crash loses at most the uncommitted batch, never part
 * of a document; one commit per batch instead of per document roughly doubles ingest speed. The facet counts of
 * the batch's documents are summed and written once, just before the commit (DocumentStore.deferFacetCounts).
 */
function createCommitBatcher(maxMs: number) {
	let db: Database.Database | null = null;
	let facets: ReturnType<DocumentStore['deferFacetCounts']> | null = null;
	let startedAt = 0;
	const bulk = createBulkLoadSettings();
	return {
		begin(database: Database.Database, store: DocumentStore): void {
			if (db) return;
			db = database;
			bulk.apply(db);
			db.prepare('BEGIN IMMEDIATE').run();
			facets = store.deferFacetCounts();
			startedAt = Date.now();
		},
		/** Commits when the batch is due; says whether it did. */
		maybeCommit(): boolean {
			if (!db || Date.now() - startedAt < maxMs) return false;
			this.commit();
			return true;
		},
		commit(): void {
			if (db?.inTransaction) {
				try {
					facets?.flush();
				} catch (error) {
					// Entries without their counts must not be committed.
					this.rollback();
					throw error;
				}
				db.prepare('COMMIT').run();
			}
			facets?.discard();
			facets = null;
			db = null;
		},
		rollback(): void {
			facets?.discard();
			facets = null;
			if (db?.inTransaction) db.prepare('ROLLBACK').run();
			db = null;
		},
		/** The run is over: the connection's own settings again, and the WAL copied back while nobody waits. */
		end(): void {
			bulk.restore();
		},
	};
}

/** WAL pages before a commit copies them back (40 MB; SQLite's default is 1,000): fewer, larger checkpoints. */
const BULK_WAL_PAGES = 10_000;

/**
 * Page cache of the ingesting connection during a run (negative: KiB), 32 MB instead of SQLite's 2 MB. Each entry
 * writes rows into b-trees at scattered places (facet_counts, entry_fields and entry_bodies lead with a facet, a
 * field, a body); once the database outgrows 2 MB, a batch's dirty pages no longer fit and spill to the WAL before
 * the commit, and pages are read back again and again. No difference at 10k entries; on a 100k-entry database,
 * 5k more entries ingest in 10.3-10.6 s instead of 11.0-11.3 s (with 64 MB). 32 MB ingests 100k entries as fast as
 * 64 MB (87.0 / 90.8 s against 86.5 / 91.8 s, alternated) with a peak RSS 30 MB lower (346 / 354 against 375 / 388
 * MB); 16 MB saved 10 MB more but was the slowest run (92.2 s).
 */
const BULK_CACHE_KIB = 32_768;

/**
 * Settings for the length of a run on the ingesting connection: SQLite would otherwise checkpoint the WAL at most
 * commits (every 4 MB) and keep few pages in memory. Commits stay as durable as before (synchronous and journal
 * mode do not change); the WAL is checkpointed once at the end, passively (readers are never blocked), and the
 * connection gets its own settings back.
 */
function createBulkLoadSettings() {
	let saved: { db: Database.Database; walPages: number; cacheSize: number } | null = null;
	return {
		apply(db: Database.Database): void {
			if (saved) return;
			saved = {
				db,
				walPages: Number(db.pragma('wal_autocheckpoint', { simple: true })),
				cacheSize: Number(db.pragma('cache_size', { simple: true })),
			};
			db.pragma(`wal_autocheckpoint = ${BULK_WAL_PAGES}`);
			// Never smaller than the connection's own (a positive cache_size counts pages).
			const pageKib = Number(db.pragma('page_size', { simple: true })) / 1024;
			const ownKib = saved.cacheSize < 0 ? -saved.cacheSize : saved.cacheSize * pageKib;
			if (ownKib < BULK_CACHE_KIB) db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
		},
		restore(): void {
			if (!saved) return;
			const { db, walPages, cacheSize } = saved;
			saved = null;
			if (!db.open) return;
			db.pragma(`wal_autocheckpoint = ${walPages}`);
			db.pragma(`cache_size = ${cacheSize}`);
			try {
				if (!db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
			} catch {
				// A checkpoint that cannot run (a full disk) leaves the pages in the WAL, where readers find them.
			}
		},
	};
}

function failed(path: string, message: string, kind: DocumentKind | null = null): DocumentReport {
	return { path, status: 'failed', kind, entries: 0, added: 0, kept: 0, removed: 0, message };
}

function totalsOf(reports: readonly DocumentReport[]): IngestReport['totals'] {
	const ok = reports.filter((r) => r.status !== 'failed');
	const sum = (pick: (r: DocumentReport) => number) => ok.reduce((n, r) => n + pick(r), 0);
	return {
		documents: ok.length,
		failed: reports.length - ok.length,
		entries: sum((r) => r.entries),
		added: sum((r) => r.added),
		kept: sum((r) => r.kept),
		removed: sum((r) => r.removed),
		unchanged: ok.filter((r) => r.status === 'unchanged').length,
	};
}
