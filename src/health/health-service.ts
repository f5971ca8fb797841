import type Database from 'better-sqlite3';
import type { SearchIndexes } from '../index/search-indexes.js';
import { checkIntegrity, readDatabaseHealth } from '../store/database-health.js';
import { type ErrorCounts, type HealthReport, type ShardHealth, assessHealth } from './health-report.js';

/** What /health asks: one report of this bot (all shards), its database and indexes. */
export interface HealthService {
	report(): Promise<HealthReport>;
}

/** Every shard's view, gathered across processes under the ShardingManager. */
export interface ShardSnapshot {
	readonly shards: readonly ShardHealth[];
	readonly errors: ErrorCounts | null;
	/** Shard processes that did not answer in time. */
	readonly missing: number;
}

export interface HealthServiceOptions {
	readonly db: Database.Database;
	readonly indexes: SearchIndexes;
	readonly now: () => Date;
	/** Shards and their error counts; without it (tests, console) the local counts only. */
	readonly shards?: () => Promise<ShardSnapshot>;
	readonly localErrors?: () => ErrorCounts;
	/** `PRAGMA quick_check` reads the whole file: run it at most this often (default 10 minutes). */
	readonly integrityEveryMs?: number;
}

/** Builds the bot's health report; the integrity check is cached because it reads every page of the database. */
export function createHealthService(options: HealthServiceOptions): HealthService {
	const startedAt = new Date(Date.now() - process.uptime() * 1_000);
	const every = options.integrityEveryMs ?? 10 * 60_000;
	let integrity: { result: string; at: Date } | null = null;

	return {
		async report() {
			const now = options.now();
			if (integrity === null || integrity.result !== 'ok' || now.getTime() - integrity.at.getTime() >= every) {
				integrity = { result: checkIntegrity(options.db), at: now };
			}
			const database = {
				...readDatabaseHealth(options.db, { integrity: integrity.result }),
				integrityCheckedAt: integrity.at.toISOString(),
			};
			const status = options.indexes.status();
			const state = status.orgs;
			const snapshot = options.shards ? await options.shards() : null;
			return assessHealth({
				checkedAt: now.toISOString(),
				process: {
					pid: process.pid,
					startedAt: startedAt.toISOString(),
					uptimeSeconds: Math.round(process.uptime()),
					rssMb: Math.round(process.memoryUsage.rss() / 1_048_576),
					node: process.version,
				},
				shards: snapshot?.shards ?? null,
				shardsMissing: snapshot?.missing ?? 0,
				database,
				indexes: { state, revision: status.revision, loadedFrom: status.loadedFrom, stale: status.stale },
				errors: snapshot?.errors ?? options.localErrors?.() ?? null,
			});
		},
	};
}

/** The CLI's report: the database and the saved index snapshots (the bot's memory is not reachable from here). */
export function readCliHealth(db: Database.Database, now: Date): HealthReport {
	const database = { ...readDatabaseHealth(db), integrityCheckedAt: now.toISOString() };
	return assessHealth({
		checkedAt: now.toISOString(),
		process: null,
		shards: null,
		shardsMissing: 0,
		database,
		indexes: null,
		errors: null,
	});
}
