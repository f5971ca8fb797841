import type { Entry } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';
import { orgKey } from '../domain/names.js';
import { ftsMatchExpression } from '../domain/search-text.js';
import type { QueryService } from '../query/query-service.js';
import type { RenderedReply } from '../render/reply.js';
import type { EntryReader } from '../store/entry-reader.js';
import type { EntryFacts, IngestRun, StoredWatch, WatchStore, WatchTarget } from '../store/watch-store.js';
import { summarizeNoMatch } from '../summarize/answer-summary.js';
import { MAX_WATCHES_PER_USER, type WatchKind, type WatchRule, matchWatches, watchNonce } from './match-watches.js';
import { renderWatchNotice } from './render-watch-notice.js';

/** Longest words a query watch accepts. */
export const MAX_WATCH_QUERY_LENGTH = 200;
/** Runs looked at per target and pass (a target far behind catches up over several passes). */
const RUNS_PER_PASS = 20;

export interface WatchAddRequest {
	readonly userId: string;
	readonly guildId: string | null;
	readonly kind: WatchKind;
	/** The name or words as typed. */
	readonly value: string;
	/** A channel to post in instead of DMs, with what Discord says about posting there (null: unknown). */
	readonly channel: {
		readonly id: string;
		readonly name: string | null;
		readonly userCanSend: boolean | null;
		readonly botCanSend: boolean | null;
	} | null;
}

export interface WatchAddResult {
	readonly watch: StoredWatch;
	/** False when the same watch already existed. */
	readonly added: boolean;
	/** Set when the name was matched by close spelling ("AIFO" → its full name is an alias, not a note). */
	readonly note: string | null;
	readonly count: number;
}

/** A pause the user had not been told about; it was lifted when reported. */
export interface PauseNotice {
	readonly channelId: string | null;
	readonly pausedAt: string;
	readonly reason: string;
}

/** One notification to send: the new entries of one ingest that match one target's watches. */
export interface WatchDelivery {
	readonly targetId: number;
	readonly userId: string;
	/** Null: the user's DMs. */
	readonly channelId: string | null;
	readonly runId: number;
	/** Same for every attempt at this delivery, so Discord drops a duplicate (enforce_nonce). */
	readonly nonce: string;
	readonly entryCount: number;
	readonly reply: RenderedReply;
	/** When the ingest finished. */
	readonly finishedAt: string;
	/** The matching entries with the watches each matched, in the order they were stored. */
	readonly matches: readonly { readonly entry: Entry; readonly watches: readonly WatchRule[] }[];
}

/**
 * Watchers of the command line (`npm run -s cli -- watch`) are stored like Discord users under `cli:<name>`: the
 * same watches, runs and cursors, but read with `watch news` instead of being sent by the bot.
 */
export const CLI_WATCHER_PREFIX = 'cli:';
export const isCliWatcher = (userId: string): boolean => userId.startsWith(CLI_WATCHER_PREFIX);

/** Watchlists as commands and the delivery job see them. */
export interface WatchService {
	add(request: WatchAddRequest): WatchAddResult;
	list(userId: string): StoredWatch[];
	/** Removes one of the user's watches by id; a UserFacingError when it is not theirs or gone. */
	remove(userId: string, watchId: number): StoredWatch;
	/** Pauses to tell the user about at their next /watch; reporting them resumes the deliveries. */
	takePauseNotices(userId: string): PauseNotice[];
	/**
	 * The next notification of every target that has one (at most one per target), oldest ingest first: the
	 * bot's (Discord users), or with `userId` only that user's (the command line's `cli:<name>`).
	 */
	pendingDeliveries(options?: { readonly userId?: string }): WatchDelivery[];
	/** Records a sent notification; the target's cursor moves past its ingest in the same transaction. */
	markSent(delivery: WatchDelivery, messageId: string): void;
	/** Records a failed send; with `pause` the target waits until its user next uses /watch. */
	markFailed(delivery: WatchDelivery, failure: { pause: string | null }): void;
	/** Failures of a target in a row (to decide when a transient error becomes a pause). */
	failures(targetId: number): number;
}

export interface WatchServiceDeps {
	readonly store: WatchStore;
	readonly query: QueryService;
	readonly reader: Pick<EntryReader, 'getEntries'>;
	readonly now: () => Date;
}

export function createWatchService(deps: WatchServiceDeps): WatchService {
	const { store, query, reader, now } = deps;

	function resolve(kind: WatchKind, value: string): { key: string; label: string; note: string | null } {
		const text = value.replace(/\s+/g, ' ').trim();
		if (text === '') throw new UserFacingError(`Give the ${kindNoun(kind)} to watch.`);
		if (kind === 'query') {
			if (text.length > MAX_WATCH_QUERY_LENGTH) {
				throw new UserFacingError(`Watched words are at most ${MAX_WATCH_QUERY_LENGTH} characters.`);
			}
			if (ftsMatchExpression(text) === null) {
				throw new UserFacingError(`“${text}” has no words to search for. Give words such as: mental health training.`);
			}
			return { key: text.toLowerCase(), label: text, note: null };
		}
		const result = kind === 'ngo' ? query.ngo(text, { pageSize: 1 }) : query.province(text, { pageSize: 1 });
		if (result.ok) {
			if ('org' in result.value) {
				const { org, resolvedBy } = result.value;
				const note = resolvedBy === 'fuzzy' || resolvedBy === 'partial' ? `“${text}” was taken as ${org.name}.` : null;
				return { key: orgKey(org.name), label: org.name, note };
			}
			return { key: result.value.province, label: result.value.province, note: null };
		}
		if (result.reason === 'invalid') throw new UserFacingError(result.message);
		const summary = summarizeNoMatch(kind, text, result.suggestions, result.reason);
		const names = result.suggestions.slice(0, 5).map((suggestion) => suggestion.value);
		const hint =
			kind === 'ngo' ? ' To follow an organization not seen yet, watch its name as words: /watch add query:…' : '';
		throw new UserFacingError(
			`${summary.message}${names.length > 0 ? ` ${names.join(' · ')}.` : ''}${hint}`,
			'not-found',
		);
	}

	function deliveryFor(
		target: WatchTarget,
		runFacts: (run: IngestRun) => EntryFacts[],
		runHits: (run: IngestRun, words: string) => ReadonlySet<number>,
	): WatchDelivery | null {
		const watches = store.watchesOfTarget(target.id);
		for (const run of store.runsAfter(target.cursorRunId, RUNS_PER_PASS)) {
			const queryHits = new Map<number, ReadonlySet<number>>();
			for (const watch of watches) {
				if (watch.kind === 'query') queryHits.set(watch.id, runHits(run, watch.label));
			}
			const hits = matchWatches(watches, runFacts(run), queryHits);
			const entries = new Map<number, Entry>(
				reader.getEntries(hits.map((hit) => hit.entryId)).map((entry) => [entry.id, entry]),
			);
			const count = hits.filter((hit) => entries.has(hit.entryId)).length;
			if (count === 0) {
				store.skipRun(target.id, run.id);
				continue;
			}
			return {
				targetId: target.id,
				userId: target.userId,
				channelId: target.channelId,
				runId: run.id,
				nonce: watchNonce(target.id, run.id),
				entryCount: count,
				reply: renderWatchNotice({
					hits,
					entries,
					finishedAt: run.finishedAt,
					ownerId: target.channelId === null ? null : target.userId,
				}),
				finishedAt: run.finishedAt,
				matches: hits.flatMap((hit) => {
					const entry = entries.get(hit.entryId);
					return entry ? [{ entry, watches: hit.watches }] : [];
				}),
			};
		}
		return null;
	}

	return {
		add(request) {
			const { key, label, note } = resolve(request.kind, request.value);
			const channel = request.channel;
			if (channel !== null) {
				const name = channel.name ? `#${channel.name}` : 'that channel';
				if (request.guildId === null) {
					throw new UserFacingError('A delivery channel can be picked only in a server. Leave channel empty for DMs.');
				}
				if (channel.userCanSend === false) {
					throw new UserFacingError(
						`You cannot send messages in ${name}, so your watches cannot post there. Pick a channel you can post in, or leave channel empty for DMs.`,
						'forbidden',
					);
				}
				if (channel.botCanSend === false) {
					throw new UserFacingError(
						`I cannot post in ${name}. Ask a server manager to give me View Channel, Send Messages and Embed Links there, or pick another channel.`,
						'forbidden',
					);
				}
			}
			const existing = store.listWatches(request.userId);
			const channelId = channel?.id ?? null;
			const duplicate = existing.find((w) => w.kind === request.kind && w.key === key && w.channelId === channelId);
			if (duplicate === undefined && existing.length >= MAX_WATCHES_PER_USER) {
				throw new UserFacingError(
					`You have ${existing.length} watches, the most allowed (${MAX_WATCHES_PER_USER}). Remove one first (/watch remove).`,
				);
			}
			const { watch, added } = store.addWatch({
				userId: request.userId,
				channelId,
				guildId: channel === null ? null : request.guildId,
				kind: request.kind,
				key,
				label,
				now: now(),
			});
			return { watch, added, note, count: store.countWatches(request.userId) };
		},

		list(userId) {
			return store.listWatches(userId);
		},

		remove(userId, watchId) {
			const removed = store.removeWatch(userId, watchId);
			if (removed === null) {
				throw new UserFacingError(
					`You have no watch #${watchId}. Listing your watches (/watch list) shows their numbers.`,
					'not-found',
				);
			}
			return removed;
		},

		takePauseNotices(userId) {
			return store.takeUnreportedPauses(userId).map((target) => ({
				channelId: target.channelId,
				pausedAt: target.pausedAt!,
				reason: target.pausedReason!,
			}));
		},

		pendingDeliveries(options = {}) {
			const wanted = (target: WatchTarget) =>
				options.userId === undefined ? !isCliWatcher(target.userId) : target.userId === options.userId;
			// Within one pass every target sees the same runs: facts and full-text hits are read once per run.
			const facts = new Map<number, EntryFacts[]>();
			const hits = new Map<string, ReadonlySet<number>>();
			const runFacts = (run: IngestRun) => {
				let found = facts.get(run.id);
				if (found === undefined) facts.set(run.id, (found = store.runEntryFacts(run)));
				return found;
			};
			const runHits = (run: IngestRun, words: string) => {
				const key = `${run.id} ${words}`;
				let found = hits.get(key);
				if (found === undefined) {
					const match = ftsMatchExpression(words);
					found = new Set(match === null ? [] : store.runQueryHits(run, match));
					hits.set(key, found);
				}
				return found;
			};
			return store
				.dueTargets()
				.filter(wanted)
				.flatMap((target) => deliveryFor(target, runFacts, runHits) ?? [])
				.sort((a, b) => a.runId - b.runId || a.targetId - b.targetId);
		},

		markSent(delivery, messageId) {
			store.recordSent({ ...delivery, messageId, now: now() });
		},

		markFailed(delivery, failure) {
			store.recordFailure(delivery.targetId, { pause: failure.pause, now: now() });
		},

		failures(targetId) {
			return store.targetFailures(targetId);
		},
	};
}

function kindNoun(kind: WatchKind): string {
	return kind === 'ngo' ? 'organization' : kind === 'province' ? 'province' : 'words';
}
