import type Database from 'better-sqlite3';
import { loadReference } from './ingest/load-reference.js';
import { placeTokens } from './ingest/gazetteer.js';
import type { ExtractionReference } from './ingest/parse-document.js';
import { type IngestReport, type MemorySource, runIngest, runIngestSources } from './ingest/run-ingest.js';
import type { OrgDoc } from './index/index-docs.js';
import { type IndexChanges, type SearchIndexes, createSearchIndexes } from './index/search-indexes.js';
import { withAnswerCache } from './query/answer-cache.js';
import { createQueryService } from './query/create-query-service.js';
import type { QueryService } from './query/query-service.js';
import type { SaveResult } from './store/document-store.js';
import { type EntryReader, createEntryReader, type StoredOrg } from './store/entry-reader.js';
import { type EntrySearch, createEntrySearch } from './store/entry-search.js';
import { type FacetReader, createFacetReader } from './store/facets.js';
import { createPartnerReader } from './store/partner-reader.js';
import { openDatabase } from './store/open-database.js';
import { createSnapshotRepository } from './store/snapshot-repository.js';

export interface AppOptions {
	readonly databasePath: string;
	/** Diagnostics (index rebuilds and the like); silent by default. */
	readonly log?: (message: string) => void;
	readonly now?: () => Date;
	/**
	 * Remember /search answers per state of the data, as /ngo and /province answers are (default true). The bench
	 * turns it off to time computing a search rather than remembering one.
	 */
	readonly cacheSearches?: boolean;
}

/** Everything the bot, console and CLI share, built once: the composition root. */
export interface App {
	readonly db: Database.Database;
	readonly reference: ExtractionReference;
	readonly reader: EntryReader;
	readonly facets: FacetReader;
	readonly search: EntrySearch;
	readonly indexes: SearchIndexes;
	readonly query: QueryService;
	/** Ingests files and keeps the org name index in step (saved at the end of the run). */
	ingest(inputs: readonly string[], options?: { maxBytes?: number; cwd?: string }): Promise<IngestReport>;
	/** Ingests in-memory documents (fetched URLs, uploads, feed items) the same way; reports the new entry ids. */
	ingestSources(sources: readonly MemorySource[]): Promise<SourcesIngestReport>;
	/** Brings the org name index up to date when another process changed the corpus. */
	refreshIndexes(): Promise<void>;
	close(): void;
}

export interface SourcesIngestReport extends IngestReport {
	/** Ids of the entries this run created (AUTOINCREMENT: never reused). */
	readonly newEntryIds: readonly number[];
}

const toOrgDoc = (org: StoredOrg): OrgDoc => ({
	id: org.id,
	name: org.name,
	aliases: [...org.aliases],
	country: org.country,
	entryCount: org.entryCount,
});
/** Opens the database and builds the services; the org name index loads in the background (see `indexes.whenReady`). */
export function createApp(options: AppOptions): App {
	const db = openDatabase(options.databasePath);
	const reference = loadReference();
	const reader = createEntryReader(db);
	const facets = createFacetReader(db);
	const search = createEntrySearch(db);
	const indexes = createSearchIndexes({
		snapshots: createSnapshotRepository(db),
		source: {
			iterateOrgs: () => mapIterable(reader.iterateOrgs(), toOrgDoc),
		},
		revision: () => reader.corpusRevision(),
		neverFuzzy: placeTokens(reference.gazetteer),
		log: options.log,
	});
	void indexes.load().catch((error: unknown) => options.log?.(`search indexes failed to load: ${String(error)}`));
	// data_version moves when another connection commits, the corpus revision with every save or removal by this one
	// (not total_changes(): a search filling its temp hit set, or a digest claim, would empty the cache); the org
	// index's state and revision move when it loads or catches up.
	const dataVersion = db.prepare<[], number>('SELECT data_version FROM pragma_data_version()').pluck();
	const answersVersion = () => {
		const { orgs } = indexes.status().details;
		return `${dataVersion.get()!}.${reader.corpusRevision()} ${orgs.state} ${orgs.revision}`;
	};
	const query = withAnswerCache(
		createQueryService({
			reader,
			partners: createPartnerReader(db),
			facets,
			search,
			indexes,
			...reference,
		}),
		answersVersion,
		{ searches: options.cacheSearches ?? true },
	);
	const lookup = {
		orgs: (ids: readonly number[]) =>
			ids.flatMap((id) => {
				const org = reader.getOrg(id);
				return org ? [toOrgDoc(org)] : [];
			}),
	};

	return {
		db,
		reference,
		reader,
		facets,
		search,
		indexes,
		query,
		async ingest(inputs, ingestOptions = {}) {
			const changes: SaveResult[] = [];
			const report = await runIngest(inputs, {
				db,
				reference,
				now: options.now ?? (() => new Date()),
				maxBytes: ingestOptions.maxBytes,
				cwd: ingestOptions.cwd,
				onSaved: (result) => changes.push(result),
			});
			await indexes.whenReady();
			indexes.applyChanges(changesOf(changes), lookup);
			indexes.persist();
			return report;
		},
		async ingestSources(sources) {
			const changes: SaveResult[] = [];
			const report = await runIngestSources(sources, {
				db,
				reference,
				now: options.now ?? (() => new Date()),
				onSaved: (result) => changes.push(result),
			});
			await indexes.whenReady();
			indexes.applyChanges(changesOf(changes), lookup);
			indexes.persist();
			return { ...report, newEntryIds: changes.flatMap((result) => result.insertedIds) };
		},
		async refreshIndexes() {
			if (indexes.status().stale) await indexes.load();
		},
		close() {
			db.close();
		},
	};
}

/**
 * The orgs a run's saves changed, each once: the index reads every org as it is now, so one update per org gives the
 * state of one update per save. (Per save, a 1M-entry run upserted its orgs ~300,000 times at its end, and MiniSearch
 * kept every discarded copy until a vacuum: peak RSS jumped from ~470 MB to 1.2 GB there.)
 */
function changesOf(results: readonly SaveResult[]): IndexChanges {
	const created = new Set<number>();
	const deleted = new Set<number>();
	const changed = new Set<number>();
	for (const result of results) {
		for (const id of result.createdOrgIds) created.add(id);
		for (const id of result.deletedOrgIds) deleted.add(id);
		for (const id of [...result.renamedOrgIds, ...result.recountedOrgIds]) changed.add(id);
	}
	return { createdOrgIds: [...created], deletedOrgIds: [...deleted], changedOrgIds: [...changed] };
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
	for (const item of items) yield map(item);
}
