import type Database from 'better-sqlite3';
import type { WatchKind } from '../watch/match-watches.js';
import { standsForItsEvent } from './event-sql.js';
import { entryIdOfKeySql } from './full-text-key.js';

/** A finished ingest that stored new entries: its news are the entries with after < id <= last. */
export interface IngestRun {
	readonly id: number;
	readonly finishedAt: string;
	readonly afterEntryId: number;
	readonly lastEntryId: number;
}

/** Where a user's notifications go: DMs (channelId null) or a channel. */
export interface WatchTarget {
	readonly id: number;
	readonly userId: string;
	readonly channelId: string | null;
	readonly guildId: string | null;
	readonly cursorRunId: number;
	readonly failures: number;
	readonly pausedAt: string | null;
	readonly pausedReason: string | null;
}

export interface StoredWatch {
	readonly id: number;
	readonly targetId: number;
	readonly userId: string;
	readonly kind: WatchKind;
	readonly key: string;
	readonly label: string;
	readonly createdAt: string;
	readonly channelId: string | null;
}

/** New entries of a run with the facts watches match on. */
export interface EntryFacts {
	readonly id: number;
	readonly provinces: readonly string[];
	/** Every alias key of every org the entry names. */
	readonly orgKeys: readonly string[];
}

export type WatchStore = ReturnType<typeof createWatchStore>;

// The entries sequence, not max(id): ids of deleted entries are never handed out again either.
const RECORD_RUN_SQL = `
INSERT INTO ingest_runs (finished_at, after_entry_id, last_entry_id)
SELECT @now, after, seq FROM (
	SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0) AS seq,
		coalesce((SELECT max(last_entry_id) FROM ingest_runs), 0) AS after
) WHERE seq > after`;

/**
 * Records the end of an ingest run (call it inside the run's last transaction when there is one). Writes nothing
 * when no entry was stored since the last recorded run; entries of a crashed run go with the next run that ends.
 */
export function recordIngestRun(db: Database.Database, now: Date): void {
	db.prepare<[{ now: string }]>(RECORD_RUN_SQL).run({ now: now.toISOString() });
}

interface TargetRow {
	id: number;
	user_id: string;
	channel_id: string | null;
	guild_id: string | null;
	cursor_run_id: number;
	failures: number;
	paused_at: string | null;
	paused_reason: string | null;
}

interface WatchRow {
	id: number;
	target_id: number;
	user_id: string;
	kind: WatchKind;
	key: string;
	label: string;
	created_at: string;
	channel_id: string | null;
}

const toTarget = (row: TargetRow): WatchTarget => ({
	id: row.id,
	userId: row.user_id,
	channelId: row.channel_id,
	guildId: row.guild_id,
	cursorRunId: row.cursor_run_id,
	failures: row.failures,
	pausedAt: row.paused_at,
	pausedReason: row.paused_reason,
});

const toWatch = (row: WatchRow): StoredWatch => ({
	id: row.id,
	targetId: row.target_id,
	userId: row.user_id,
	kind: row.kind,
	key: row.key,
	label: row.label,
	createdAt: row.created_at,
	channelId: row.channel_id,
});

const TARGET_COLUMNS = 'id, user_id, channel_id, guild_id, cursor_run_id, failures, paused_at, paused_reason';
const WATCH_SELECT = `SELECT w.id, w.target_id, w.user_id, w.kind, w.key, w.label, w.created_at, t.channel_id
	FROM watches w JOIN watch_targets t ON t.id = w.target_id`;

/** Watches, their delivery targets and the ingest runs they are matched against. */
export function createWatchStore(db: Database.Database) {
	const latestRun = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM ingest_runs').pluck();
	const selectTarget = db.prepare<[string, string], TargetRow>(
		`SELECT ${TARGET_COLUMNS} FROM watch_targets WHERE user_id = ? AND coalesce(channel_id, '') = ?`,
	);
	const insertTarget = db.prepare<[Record<string, unknown>]>(
		`INSERT INTO watch_targets (user_id, channel_id, guild_id, cursor_run_id, created_at)
		VALUES (@userId, @channelId, @guildId, @cursor, @now)`,
	);
	const insertWatch = db.prepare<[Record<string, unknown>]>(
		`INSERT INTO watches (target_id, user_id, kind, key, label, created_at)
		VALUES (@targetId, @userId, @kind, @key, @label, @now) ON CONFLICT (target_id, kind, key) DO NOTHING`,
	);
	const selectWatch = db.prepare<[number], WatchRow>(`${WATCH_SELECT} WHERE w.id = ?`);
	const selectWatchByKey = db.prepare<[number, string, string], WatchRow>(
		`${WATCH_SELECT} WHERE w.target_id = ? AND w.kind = ? AND w.key = ?`,
	);
	const countByUser = db.prepare<[string], number>('SELECT count(*) FROM watches WHERE user_id = ?').pluck();
	const selectByUser = db.prepare<[string], WatchRow>(`${WATCH_SELECT} WHERE w.user_id = ? ORDER BY w.id`);
	const selectByTarget = db.prepare<[number], WatchRow>(`${WATCH_SELECT} WHERE w.target_id = ? ORDER BY w.id`);
	const deleteWatch = db.prepare<[number]>('DELETE FROM watches WHERE id = ?');
	const deleteEmptyTarget = db.prepare<[{ id: number }]>(
		'DELETE FROM watch_targets WHERE id = @id AND NOT EXISTS (SELECT 1 FROM watches WHERE target_id = @id)',
	);
	const selectUserTargets = db.prepare<[string], TargetRow>(
		`SELECT ${TARGET_COLUMNS} FROM watch_targets WHERE user_id = ? ORDER BY id`,
	);
	const selectUnreportedPauses = db.prepare<[string], TargetRow>(
		`SELECT ${TARGET_COLUMNS} FROM watch_targets WHERE user_id = ? AND pause_unreported = 1 ORDER BY id`,
	);
	const resumeTarget = db.prepare<[number]>(
		`UPDATE watch_targets SET paused_at = NULL, paused_reason = NULL, pause_unreported = 0, failures = 0 WHERE id = ?`,
	);
	const selectDueTargets = db.prepare<[number], TargetRow>(
		`SELECT ${TARGET_COLUMNS} FROM watch_targets WHERE paused_at IS NULL AND cursor_run_id < ? ORDER BY id`,
	);
	const selectRunsAfter = db.prepare<[number, number], IngestRun>(
		`SELECT id, finished_at AS finishedAt, after_entry_id AS afterEntryId, last_entry_id AS lastEntryId
		FROM ingest_runs WHERE id > ? ORDER BY id LIMIT ?`,
	);
	const selectRunFacts = db.prepare<[number, number], { id: number; provinces: string; org_keys: string }>(
		`SELECT e.id,
			(SELECT json_group_array(p.province) FROM entry_provinces p WHERE p.entry_id = e.id) AS provinces,
			(SELECT json_group_array(a.alias_key) FROM entry_orgs o JOIN org_aliases a ON a.org_id = o.org_id
				WHERE o.entry_id = e.id) AS org_keys
		FROM entries e WHERE e.id > ? AND e.id <= ? AND ${standsForItsEvent('e.id')} ORDER BY e.id`,
	);
	// Full-text rows are keyed by sort date then id (full-text-key), so a run's ids are not a rowid range: the hits
	// are read as ids and kept when in the run (no entry row is read). The index holds only entries standing for
	// their event, so a new report of an event already told notifies nobody again.
	const selectRunHits = db
		.prepare<[string, number, number], number>(
			`SELECT ${entryIdOfKeySql('rowid')} AS id FROM entries_fts WHERE entries_fts MATCH ?
			AND ${entryIdOfKeySql('rowid')} > ? AND ${entryIdOfKeySql('rowid')} <= ? ORDER BY id`,
		)
		.pluck();
	const advanceCursor = db.prepare<[number, number]>(
		'UPDATE watch_targets SET cursor_run_id = max(cursor_run_id, ?) WHERE id = ?',
	);
	const insertDelivery = db.prepare<[Record<string, unknown>]>(
		`INSERT INTO watch_deliveries (target_id, run_id, message_id, entry_count, sent_at)
		VALUES (@targetId, @runId, @messageId, @entryCount, @now) ON CONFLICT DO NOTHING`,
	);
	const clearFailures = db.prepare<[number]>('UPDATE watch_targets SET failures = 0 WHERE id = ?');
	const countFailure = db.prepare<[number]>('UPDATE watch_targets SET failures = failures + 1 WHERE id = ?');
	const pauseTarget = db.prepare<[string, string, number]>(
		`UPDATE watch_targets SET paused_at = ?, paused_reason = ?, pause_unreported = 1, failures = failures + 1
		WHERE id = ?`,
	);
	const selectAllTargets = db.prepare<[], TargetRow & { deliveries: number; last_sent_at: string | null }>(
		`SELECT ${TARGET_COLUMNS},
			(SELECT count(*) FROM watch_deliveries d WHERE d.target_id = t.id) AS deliveries,
			(SELECT max(sent_at) FROM watch_deliveries d WHERE d.target_id = t.id) AS last_sent_at
		FROM watch_targets t ORDER BY user_id, id`,
	);
	const selectFailures = db.prepare<[number], number>('SELECT failures FROM watch_targets WHERE id = ?').pluck();
	const selectDelivery = db.prepare<[number, number], { message_id: string }>(
		'SELECT message_id FROM watch_deliveries WHERE target_id = ? AND run_id = ?',
	);

	return {
		latestRunId(): number {
			return latestRun.get() ?? 0;
		},

		countWatches(userId: string): number {
			return countByUser.get(userId) ?? 0;
		},

		/**
		 * Adds a watch, creating its target on first use with the cursor at the latest run (a new watch reports
		 * what is ingested from now on, not the past). `added` is false when the same watch already existed.
		 */
		addWatch: db.transaction(
			(watch: {
				userId: string;
				channelId: string | null;
				guildId: string | null;
				kind: WatchKind;
				key: string;
				label: string;
				now: Date;
			}): { watch: StoredWatch; added: boolean } => {
				const now = watch.now.toISOString();
				let target = selectTarget.get(watch.userId, watch.channelId ?? '');
				if (target === undefined) {
					insertTarget.run({ ...watch, cursor: latestRun.get() ?? 0, now });
					target = selectTarget.get(watch.userId, watch.channelId ?? '')!;
				}
				const added = insertWatch.run({ ...watch, targetId: target.id, now }).changes > 0;
				const stored = selectWatchByKey.get(target.id, watch.kind, watch.key)!;
				return { watch: toWatch(stored), added };
			},
		),

		listWatches(userId: string): StoredWatch[] {
			return selectByUser.all(userId).map(toWatch);
		},

		watchesOfTarget(targetId: number): StoredWatch[] {
			return selectByTarget.all(targetId).map(toWatch);
		},

		/** Every target with its delivery counts, for operators. */
		allTargets(): (WatchTarget & { deliveries: number; lastSentAt: string | null })[] {
			return selectAllTargets
				.all()
				.map((row) => ({ ...toTarget(row), deliveries: row.deliveries, lastSentAt: row.last_sent_at }));
		},

		userTargets(userId: string): WatchTarget[] {
			return selectUserTargets.all(userId).map(toTarget);
		},

		/** Removes one of the user's watches; a target left without watches goes too (with its cursor). */
		removeWatch: db.transaction((userId: string, watchId: number): StoredWatch | null => {
			const row = selectWatch.get(watchId);
			if (row === undefined || row.user_id !== userId) return null;
			deleteWatch.run(watchId);
			deleteEmptyTarget.run({ id: row.target_id });
			return toWatch(row);
		}),

		/** Paused targets the user has not been told about; they are resumed (the next pass tries once more). */
		takeUnreportedPauses: db.transaction((userId: string): WatchTarget[] => {
			const paused = selectUnreportedPauses.all(userId).map(toTarget);
			for (const target of paused) resumeTarget.run(target.id);
			return paused;
		}),

		/** Targets that are not paused and have runs to look at. */
		dueTargets(): WatchTarget[] {
			return selectDueTargets.all(latestRun.get() ?? 0).map(toTarget);
		},

		runsAfter(runId: number, limit: number): IngestRun[] {
			return selectRunsAfter.all(runId, limit);
		},

		runEntryFacts(run: IngestRun): EntryFacts[] {
			return selectRunFacts.all(run.afterEntryId, run.lastEntryId).map((row) => ({
				id: row.id,
				provinces: JSON.parse(row.provinces) as string[],
				orgKeys: [...new Set(JSON.parse(row.org_keys) as string[])],
			}));
		},

		/** Ids of the run's entries matching an FTS5 expression (built by ftsMatchExpression, never raw input). */
		runQueryHits(run: IngestRun, match: string): number[] {
			return selectRunHits.all(match, run.afterEntryId, run.lastEntryId);
		},

		/** A run with nothing for this target. */
		skipRun(targetId: number, runId: number): void {
			advanceCursor.run(runId, targetId);
		},

		targetFailures(targetId: number): number {
			return selectFailures.get(targetId) ?? 0;
		},

		/** The message of an earlier delivery of this run to this target, if any. */
		deliveredMessage(targetId: number, runId: number): string | null {
			return selectDelivery.get(targetId, runId)?.message_id ?? null;
		},

		/** Records a sent notification and moves the cursor past its run, in one transaction. */
		recordSent: db.transaction(
			(sent: { targetId: number; runId: number; messageId: string; entryCount: number; now: Date }): void => {
				insertDelivery.run({ ...sent, now: sent.now.toISOString() });
				advanceCursor.run(sent.runId, sent.targetId);
				clearFailures.run(sent.targetId);
			},
		),

		/** Counts a failed send; with `pause` the target stops until its user next uses /watch. */
		recordFailure(targetId: number, failure: { pause: string | null; now: Date }): void {
			if (failure.pause === null) countFailure.run(targetId);
			else pauseTarget.run(failure.now.toISOString(), failure.pause, targetId);
		},
	};
}
