import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import {
	buildOrgIndex,
	searchOrgs,
	suggestOrgs,
	upsertOrg,
	type OrgHit,
	type OrgIndex,
	type OrgSuggestion,
} from './org-index.js';
import type { OrgDoc } from './index-docs.js';
import { ORG_INDEX_OPTIONS, optionsHash, type IndexName } from './search-options.js';

/** Where snapshots live; `createSnapshotRepository` (src/store) has this shape. */
export interface SnapshotStore {
	read(name: string): { revision: number; optionsHash: string; builtAt: string; data: string } | null;
	write(name: string, snapshot: { revision: number; optionsHash: string; data: string }): void;
}

/** The full listing to rebuild from (the entry reader provides it). */
export interface SearchIndexSource {
	iterateOrgs(): Iterable<OrgDoc>;
}

/** What one committed ingest changed in the organizations, by id. */
export interface IndexChanges {
	createdOrgIds?: readonly number[];
	deletedOrgIds?: readonly number[];
	changedOrgIds?: readonly number[];
}

/** The current documents for ids (ids that no longer exist are simply not returned). */
export interface ChangeLookup {
	orgs(ids: readonly number[]): Iterable<OrgDoc>;
}

export type IndexState = 'idle' | 'loading' | 'building' | 'ready' | 'failed';
export type LoadedFrom = 'snapshot' | 'rebuilt';

export interface IndexStatus {
	state: IndexState;
	loadedFrom: LoadedFrom | null;
	/** Corpus revision the in-memory index reflects. */
	revision: number | null;
	documents: number;
	/** Time the load (or rebuild) took. */
	ms: number | null;
	/** Changes not yet saved by `persist()`. */
	dirty: boolean;
	/** Why the snapshot was not used, or why the load failed. */
	reason: string | null;
}

export interface SearchIndexesStatus {
	orgs: IndexState;
	/** Revision of the org index (null until it is ready). */
	revision: number | null;
	/** Whether it came from its snapshot or was rebuilt; null until it is ready. */
	loadedFrom: LoadedFrom | null;
	/** Wall time of the whole `load()`. */
	ms: number | null;
	/** The corpus moved past the index without `applyChanges` (for example an ingest by another process). */
	stale: boolean;
	details: { orgs: IndexStatus };
}

export interface SearchIndexesOptions {
	snapshots: SnapshotStore;
	source: SearchIndexSource;
	/** Current corpus revision, bumped by every committed ingest. */
	revision: () => number;
	/** Tokens of province, alias and city names: never fuzzy nor prefix-expanded. */
	neverFuzzy: ReadonlySet<string>;
	log?: (message: string) => void;
}

export type SearchIndexes = ReturnType<typeof createSearchIndexes>;

interface Change<Doc> {
	remove: number[];
	upsert: Doc[];
	revision: number;
}

interface Slot<Doc> {
	readonly name: IndexName;
	state: IndexState;
	index: MiniSearch<Doc> | null;
	revision: number | null;
	loadedFrom: LoadedFrom | null;
	ms: number | null;
	dirty: boolean;
	reason: string | null;
	/** Changes that arrived while loading, replayed once the index exists. */
	pending: Change<Doc>[];
}

interface Kind<Doc> {
	load(data: string): MiniSearch<Doc> | Promise<MiniSearch<Doc>>;
	build(docs: Doc[]): MiniSearch<Doc> | Promise<MiniSearch<Doc>>;
	collect(): Doc[];
	upsert(index: MiniSearch<Doc>, doc: Doc): void;
}

function newSlot<Doc>(name: IndexName): Slot<Doc> {
	return {
		name,
		state: 'idle',
		index: null,
		revision: null,
		loadedFrom: null,
		ms: null,
		dirty: false,
		reason: null,
		pending: [],
	};
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The org name index: loaded from its snapshot, rebuilt when that is missing, stale or corrupt. (Entries are
 * searched in SQLite alone: full text in FTS5, typos respelled against its vocabulary.)
 */
export function createSearchIndexes(options: SearchIndexesOptions) {
	const { snapshots, source, revision, neverFuzzy } = options;
	const log = options.log ?? (() => {});

	const orgs = newSlot<OrgDoc>('orgs');

	const orgKind: Kind<OrgDoc> = {
		// Thousands of orgs load in milliseconds: synchronous is simpler and makes /ngo usable first.
		load: (data) => MiniSearch.loadJSON<OrgDoc>(data, ORG_INDEX_OPTIONS),
		build: (docs) => buildOrgIndex(docs),
		collect: () => [...source.iterateOrgs()],
		upsert: upsertOrg,
	};
	let loading: Promise<SearchIndexesStatus> | null = null;
	let loadStarted: number | null = null;
	let loadMs: number | null = null;
	let resolveReady!: (status: SearchIndexesStatus) => void;
	let rejectReady!: (error: unknown) => void;
	const ready = new Promise<SearchIndexesStatus>((resolve, reject) => {
		resolveReady = resolve;
		rejectReady = reject;
	});
	// whenReady() may never be called; a failed load must not become an unhandled rejection.
	ready.catch(() => {});

	function applyNow<Doc>(slot: Slot<Doc>, kind: Kind<Doc>, change: Change<Doc>): void {
		const index = slot.index!;
		for (const id of change.remove) if (index.has(id)) index.discard(id);
		for (const doc of change.upsert) kind.upsert(index, doc);
		// A commit that changed nothing here still brings this index up to its revision, which the snapshot must say.
		const revision = Math.max(slot.revision ?? change.revision, change.revision);
		if (change.remove.length > 0 || change.upsert.length > 0 || revision !== slot.revision) slot.dirty = true;
		slot.revision = revision;
	}

	function finish<Doc>(
		slot: Slot<Doc>,
		kind: Kind<Doc>,
		index: MiniSearch<Doc>,
		at: number,
		from: LoadedFrom,
		started: number,
	) {
		slot.index = index;
		slot.revision = at;
		slot.loadedFrom = from;
		// Replaying is idempotent (discard if present, upsert), so changes already in the source do no harm.
		for (const change of slot.pending.splice(0)) applyNow(slot, kind, change);
		slot.state = 'ready';
		slot.ms = Math.round(performance.now() - started);
	}

	function save<Doc>(slot: Slot<Doc>, index: MiniSearch<Doc>, at: number): void {
		snapshots.write(slot.name, { revision: at, optionsHash: optionsHash(slot.name), data: JSON.stringify(index) });
	}

	async function loadOne<Doc>(slot: Slot<Doc>, kind: Kind<Doc>): Promise<void> {
		const started = performance.now();
		slot.state = 'loading';
		slot.reason = null;
		const hash = optionsHash(slot.name);
		let reason: string;
		let snapshot: ReturnType<SnapshotStore['read']> = null;
		try {
			snapshot = snapshots.read(slot.name);
			reason = 'no snapshot';
		} catch (error) {
			reason = `cannot read the snapshot (${describe(error)})`;
		}
		if (snapshot !== null) {
			const current = revision();
			if (snapshot.optionsHash !== hash) reason = 'the snapshot was built with other index options';
			else if (snapshot.revision !== current) {
				reason = `the snapshot is at revision ${snapshot.revision}, the corpus at ${current}`;
			} else {
				try {
					const loaded = kind.load(snapshot.data);
					// Awaited only when a promise: the org index then loads within the load() call itself.
					const index = loaded instanceof Promise ? await loaded : loaded;
					// Valid JSON of the wrong shape can load "successfully"; a count that is not a count gives it away.
					if (!Number.isSafeInteger(index.documentCount) || index.documentCount < 0) {
						throw new Error('it holds no document count');
					}
					finish(slot, kind, index, snapshot.revision, 'snapshot', started);
					return;
				} catch (error) {
					reason = `the snapshot is corrupt (${describe(error)})`;
				}
			}
		}

		log(`search index ${slot.name}: ${reason}; rebuilding from the database`);
		slot.reason = reason;
		slot.state = 'building';
		// Read before the documents: if a commit lands in between, the snapshot is labelled older than its content
		// and merely rebuilt next time; the other order could label stale content as current.
		const at = revision();
		const built = kind.build(kind.collect());
		const index = built instanceof Promise ? await built : built;
		try {
			save(slot, index, at);
		} catch (error) {
			slot.dirty = true;
			log(`search index ${slot.name}: cannot save the snapshot (${describe(error)}); using it from memory`);
		}
		finish(slot, kind, index, at, 'rebuilt', started);
	}

	async function loadAll(): Promise<SearchIndexesStatus> {
		loadStarted = performance.now();
		let failure: unknown = null;
		const attempt = async <Doc>(slot: Slot<Doc>, kind: Kind<Doc>) => {
			try {
				await loadOne(slot, kind);
			} catch (error) {
				slot.state = 'failed';
				slot.reason = `cannot build: ${describe(error)}`;
				log(`search index ${slot.name}: ${slot.reason}`);
				failure ??= error;
			}
		};
		// The org index loads synchronously inside this call, so /ngo works at once.
		await attempt(orgs, orgKind);
		loadMs = Math.round(performance.now() - loadStarted);
		if (failure !== null) throw failure;
		return status();
	}

	function queueOrApply<Doc>(slot: Slot<Doc>, kind: Kind<Doc>, change: Change<Doc>): void {
		if (slot.state === 'ready') applyNow(slot, kind, change);
		// A failed index is rebuilt from the database by the next load(), which then includes this change.
		else if (slot.state !== 'failed') slot.pending.push(change);
	}

	/** Ids asked for and not returned by the lookup no longer exist: they are removed too. */
	function resolve<Doc extends { id: number }>(
		upsertIds: readonly number[],
		removeIds: readonly number[],
		lookup: (ids: readonly number[]) => Iterable<Doc>,
		at: number,
	): Change<Doc> {
		const upsert = upsertIds.length === 0 ? [] : [...lookup(upsertIds)];
		const found = new Set(upsert.map((doc) => doc.id));
		const remove = [...removeIds, ...upsertIds.filter((id) => !found.has(id))];
		return { remove, upsert, revision: at };
	}

	function status(): SearchIndexesStatus {
		const ready = orgs.state === 'ready';
		return {
			orgs: orgs.state,
			revision: ready ? orgs.revision : null,
			loadedFrom: ready ? orgs.loadedFrom : null,
			ms: loadMs,
			stale: ready && revision() !== orgs.revision,
			details: { orgs: slotStatus(orgs) },
		};
	}

	function slotStatus<Doc>(slot: Slot<Doc>): IndexStatus {
		return {
			state: slot.state,
			loadedFrom: slot.loadedFrom,
			revision: slot.revision,
			documents: slot.index?.documentCount ?? 0,
			ms: slot.ms,
			dirty: slot.dirty,
			reason: slot.reason,
		};
	}

	const orgIndex = (): OrgIndex | null => (orgs.state === 'ready' ? orgs.index : null);

	return {
		/**
		 * Loads the index from its snapshot, or rebuilds (and saves) it when missing, stale or corrupt. Never
		 * throws for a bad snapshot; rejects only when the source itself cannot be read. Calls share one load.
		 */
		load(): Promise<SearchIndexesStatus> {
			if (loading === null) {
				loading = loadAll();
				loading.then(resolveReady, (error: unknown) => {
					rejectReady(error);
					// Allow a later load() to try again (for example once the database is reachable).
					loading = null;
				});
			}
			return loading;
		},

		/** Resolves once the index is ready (rejects if the first load fails). */
		whenReady(): Promise<SearchIndexesStatus> {
			return ready;
		},

		/** True once the org index can be searched. */
		orgsReady(): boolean {
			return orgs.state === 'ready';
		},

		/**
		 * Updates the index after a committed ingest: discards deleted orgs, upserts created or changed ones as
		 * `lookup` returns them now. Changes arriving during a load are replayed after it. Call after the commit
		 * that bumped the revision: the index is stamped with the revision read here.
		 */
		applyChanges(changes: IndexChanges, lookup: ChangeLookup): void {
			const at = revision();
			const orgChange = resolve(
				[...(changes.createdOrgIds ?? []), ...(changes.changedOrgIds ?? [])],
				changes.deletedOrgIds ?? [],
				(ids) => lookup.orgs(ids),
				at,
			);
			queueOrApply(orgs, orgKind, orgChange);
		},

		/**
		 * Saves the index if it changed since its last save, stamped with its revision; returns the names saved.
		 * Serializing holds the event loop (tens of ms for 10,000 orgs): call it after an ingest or at shutdown,
		 * not per request. A snapshot left behind only costs a rebuild at the next start.
		 */
		persist(): IndexName[] {
			const saved: IndexName[] = [];
			for (const slot of [orgs] as Slot<unknown>[]) {
				if (slot.state !== 'ready' || !slot.dirty || slot.index === null || slot.revision === null) continue;
				save(slot, slot.index, slot.revision);
				slot.dirty = false;
				saved.push(slot.name);
			}
			return saved;
		},

		/** Where each index stands, for logs and the status command. */
		status,

		/** The org index once ready, else null. */
		orgIndex,

		/** `searchOrgs` with the gazetteer terms kept exact; null while the org index is not ready. */
		searchOrgs(query: string, searchOptions: { limit?: number } = {}): OrgHit[] | null {
			const index = orgIndex();
			return index === null ? null : searchOrgs(index, query, { ...searchOptions, exactTerms: neverFuzzy });
		},

		/** `suggestOrgs`; null while the org index is not ready. */
		suggestOrgs(prefix: string, limit?: number): OrgSuggestion[] | null {
			const index = orgIndex();
			return index === null ? null : suggestOrgs(index, prefix, limit);
		},
	};
}
