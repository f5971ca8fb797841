/** What a watch follows: an organization (by alias key), a province (canonical name) or words in the text. */
export const WATCH_KINDS = ['ngo', 'province', 'query'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

/** Most watches one user may have, over all their targets (DMs and channels). */
export const MAX_WATCHES_PER_USER = 25;

export interface WatchRule {
	readonly id: number;
	readonly kind: WatchKind;
	readonly key: string;
	readonly label: string;
}

export interface MatchableEntry {
	readonly id: number;
	readonly provinces: readonly string[];
	readonly orgKeys: readonly string[];
}

/** One new entry of a notification and the watches it matched (in watch order). */
export interface WatchHit {
	readonly entryId: number;
	readonly watches: readonly WatchRule[];
}

/**
 * The entries of one ingest run that match any of a target's watches, each listed once with every watch it
 * matched, in id order (the order they were stored). `queryHits` holds, per query watch id, the full-text hits
 * among the run's entries.
 */
export function matchWatches(
	watches: readonly WatchRule[],
	entries: readonly MatchableEntry[],
	queryHits: ReadonlyMap<number, ReadonlySet<number>>,
): WatchHit[] {
	const hits: WatchHit[] = [];
	for (const entry of entries) {
		const matched = watches.filter((watch) => {
			switch (watch.kind) {
				case 'ngo':
					return entry.orgKeys.includes(watch.key);
				case 'province':
					return entry.provinces.includes(watch.key);
				case 'query':
					return queryHits.get(watch.id)?.has(entry.id) ?? false;
			}
		});
		if (matched.length > 0) hits.push({ entryId: entry.id, watches: matched });
	}
	return hits;
}

/**
 * The nonce of the notification for a target and an ingest run: a retry of the same notification (after a crash
 * between Discord accepting it and the delivery being recorded) carries the same nonce, and Discord drops it.
 * At most 25 characters.
 */
export function watchNonce(targetId: number, runId: number): string {
	return `w${targetId.toString(36)}r${runId.toString(36)}`;
}
