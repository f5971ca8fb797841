import type Database from 'better-sqlite3';
import type { Entry } from '../domain/entry.js';
import type { EntryReader } from './entry-reader.js';
import { standsForItsEvent } from './event-sql.js';

/** A weekly digest schedule of one channel. */
export interface DigestSchedule {
	readonly guildId: string;
	readonly channelId: string;
	/** ISO weekday: 1 Monday … 7 Sunday. */
	readonly weekday: number;
	readonly hour: number;
	readonly timeZone: string;
	/** JSON-serializable filters, as the digest service wrote them. */
	readonly filters: Record<string, unknown>;
	readonly createdBy: string;
	readonly createdAt: string;
	readonly lastError: string | null;
	readonly lastErrorAt: string | null;
	/** Posts go into a new thread named after the week (forum channels always get a post of that name). */
	readonly newThread: boolean;
	/** The one role each post mentions, if any. */
	readonly roleId: string | null;
}

export type DigestPostState = 'posting' | 'posted' | 'failed';

/** The idempotency record of one scheduled week in one channel. */
export interface DigestPostRecord {
	readonly guildId: string;
	readonly channelId: string;
	readonly week: string;
	readonly state: DigestPostState;
	readonly nonce: string;
	/** The messages to send, as JSON-serializable replies, fixed when the week is claimed. */
	readonly parts: readonly unknown[];
	/** Ids of the parts that landed, in order. */
	readonly messageIds: readonly string[];
	readonly entryCount: number;
	readonly claimedAt: string;
	readonly finishedAt: string | null;
	readonly error: string | null;
	/** The name of the thread or forum post the week goes in. */
	readonly threadName: string | null;
	/** Whether a new thread is started in a text channel (a forum always gets a post). */
	readonly newThread: boolean;
	/** The thread or forum post the parts go in, once created. */
	readonly threadId: string | null;
}

export interface NewClaim {
	readonly guildId: string;
	readonly channelId: string;
	readonly week: string;
	readonly nonce: string;
	readonly parts: readonly unknown[];
	readonly entryCount: number;
	readonly claimedAt: string;
	/** The thread or forum post name (absent: none). */
	readonly threadName?: string | null;
	readonly newThread?: boolean;
}

export type DraftState = 'open' | 'posting' | 'posted' | 'discarded';

/** A digest under review (see schema/digest-review.ts). */
export interface DigestDraftRecord {
	readonly id: string;
	readonly guildId: string;
	readonly requestKey: string;
	/** The built digest, as JSON-serializable data. */
	readonly digest: unknown;
	readonly dropped: readonly number[];
	readonly intro: string | null;
	readonly revision: number;
	readonly state: DraftState;
	readonly createdBy: string;
	readonly createdAt: string;
	readonly updatedBy: string;
	readonly updatedAt: string;
	readonly expiresAt: string;
	readonly postedTo: string | null;
}

export type DigestStore = ReturnType<typeof createDigestStore>;

/** Schedules, post claims and the week's entries; every state change is one transaction. */
export function createDigestStore(db: Database.Database, reader: EntryReader) {
	const idsIngested = db
		.prepare<[string, string], number>(
			// An event counts once: another document's report of it is not news again.
			`SELECT id FROM entries WHERE ingested_at >= ? AND ingested_at < ? AND ${standsForItsEvent('entries.id')}
			ORDER BY ingested_at, id`,
		)
		.pluck();
	const idsDated = db
		.prepare<[string, string], number>(
			`SELECT id FROM entries WHERE sort_date BETWEEN ? AND ? AND ${standsForItsEvent('entries.id')} ORDER BY sort_date, id`,
		)
		.pluck();
	const upsertSchedule = db.prepare(`
		INSERT INTO digest_schedules (guild_id, channel_id, weekday, hour, time_zone, filters, created_by, created_at,
			new_thread, role_id)
		VALUES (@guildId, @channelId, @weekday, @hour, @timeZone, @filters, @createdBy, @createdAt, @newThread, @roleId)
		ON CONFLICT (guild_id, channel_id) DO UPDATE SET weekday = excluded.weekday, hour = excluded.hour,
			time_zone = excluded.time_zone, filters = excluded.filters, created_by = excluded.created_by,
			created_at = excluded.created_at, last_error = NULL, last_error_at = NULL, new_thread = excluded.new_thread,
			role_id = excluded.role_id`);
	const deleteSchedule = db.prepare<[string, string]>(
		'DELETE FROM digest_schedules WHERE guild_id = ? AND channel_id = ?',
	);
	const schedulesOfGuild = db.prepare<[string], ScheduleRow>(
		'SELECT * FROM digest_schedules WHERE guild_id = ? ORDER BY channel_id',
	);
	const allSchedules = db.prepare<[], ScheduleRow>('SELECT * FROM digest_schedules ORDER BY guild_id, channel_id');
	const setError = db.prepare<[string | null, string | null, string, string]>(
		'UPDATE digest_schedules SET last_error = ?, last_error_at = ? WHERE guild_id = ? AND channel_id = ?',
	);
	const postOf = db.prepare<[string, string, string], PostRow>(
		'SELECT * FROM digest_posts WHERE guild_id = ? AND channel_id = ? AND week = ?',
	);
	const insertPost = db.prepare(`
		INSERT INTO digest_posts (guild_id, channel_id, week, state, nonce, parts, entry_count, claimed_at,
			lease_owner, lease_until, thread_name, new_thread)
		VALUES (@guildId, @channelId, @week, 'posting', @nonce, @parts, @entryCount, @claimedAt, @owner, @leaseUntil,
			@threadName, @newThread)`);
	const setThread = db.prepare<[string, string, string, string]>(
		'UPDATE digest_posts SET thread_id = ? WHERE guild_id = ? AND channel_id = ? AND week = ? AND thread_id IS NULL',
	);
	const insertDraft = db.prepare(`
		INSERT INTO digest_drafts (id, guild_id, request_key, digest, state, created_by, created_at, updated_by,
			updated_at, expires_at)
		VALUES (@id, @guildId, @requestKey, @digest, 'open', @createdBy, @createdAt, @createdBy, @createdAt, @expiresAt)`);
	const draftOf = db.prepare<[string], DraftRow>('SELECT * FROM digest_drafts WHERE id = ?');
	const openDraftFor = db.prepare<[string, string, string], DraftRow>(`
		SELECT * FROM digest_drafts WHERE guild_id = ? AND request_key = ? AND state = 'open' AND expires_at > ?
		ORDER BY created_at DESC LIMIT 1`);
	// Every change names the revision it was made on: a change on a stale view is refused, not merged.
	const reviseDraft = db.prepare(`
		UPDATE digest_drafts SET dropped = @dropped, intro = @intro, revision = revision + 1, updated_by = @userId,
			updated_at = @at
		WHERE id = @id AND state = 'open' AND revision = @revision`);
	const claimDraft = db.prepare(`
		UPDATE digest_drafts SET state = 'posting', updated_by = @userId, updated_at = @at
		WHERE id = @id AND revision = @revision AND expires_at > @at
			AND (state = 'open' OR (state = 'posting' AND updated_at <= @staleBefore))`);
	const endDraft = db.prepare(`
		UPDATE digest_drafts SET state = @state, posted_to = @postedTo, updated_by = @userId, updated_at = @at
		WHERE id = @id AND state = @from`);
	const takeLease = db.prepare<[string, string, string, string, string]>(`
		UPDATE digest_posts SET lease_owner = ?, lease_until = ? WHERE guild_id = ? AND channel_id = ? AND week = ?`);
	// The length guard makes a part land once even if two processes delivered it (same nonce, same message).
	const addPart = db.prepare<[string, string, string, string, number]>(`
		UPDATE digest_posts SET message_ids = json_insert(message_ids, '$[#]', ?)
		WHERE guild_id = ? AND channel_id = ? AND week = ? AND state = 'posting' AND json_array_length(message_ids) = ?`);
	const postingClaims = db.prepare<[], PostRow>(
		"SELECT * FROM digest_posts WHERE state = 'posting' ORDER BY claimed_at",
	);
	const countIngested = db
		.prepare<[string, string], number>(
			`SELECT count(*) FROM entries WHERE ingested_at >= ? AND ingested_at < ? AND ${standsForItsEvent('entries.id')}`,
		)
		.pluck();
	const finish = db.prepare<[DigestPostState, string, string | null, string, string, string]>(`
		UPDATE digest_posts SET state = ?, finished_at = ?, error = ?
		WHERE guild_id = ? AND channel_id = ? AND week = ? AND state = 'posting'`);
	const lastPosts = db.prepare<[string, string], PostRow>(`
		SELECT * FROM digest_posts WHERE guild_id = ? AND channel_id = ? ORDER BY claimed_at DESC LIMIT 1`);

	const claimTx = db.transaction((claim: NewClaim, lease: Lease): ClaimResult => {
		const existing = postOf.get(claim.guildId, claim.channelId, claim.week);
		if (existing) return leaseTx(existing, lease);
		insertPost.run({
			...claim,
			parts: JSON.stringify(claim.parts),
			threadName: claim.threadName ?? null,
			newThread: claim.newThread ? 1 : 0,
			owner: lease.owner,
			leaseUntil: lease.until,
		});
		return { record: toPost(postOf.get(claim.guildId, claim.channelId, claim.week)!), acquired: true, resumed: false };
	});
	function leaseTx(row: PostRow, lease: Lease): ClaimResult {
		const free = row.lease_owner === lease.owner || row.lease_until === null || row.lease_until <= lease.at;
		if (row.state !== 'posting' || !free) return { record: toPost(row), acquired: false, resumed: true };
		takeLease.run(lease.owner, lease.until, row.guild_id, row.channel_id, row.week);
		return { record: toPost(row), acquired: true, resumed: true };
	}
	const resumeTx = db.transaction((key: PostKey, lease: Lease): ClaimResult | null => {
		const row = postOf.get(key.guildId, key.channelId, key.week);
		return row ? leaseTx(row, lease) : null;
	});
	const partTx = db.transaction((key: PostKey, index: number, messageId: string, last: boolean, at: string) => {
		addPart.run(messageId, key.guildId, key.channelId, key.week, index);
		if (last) finish.run('posted', at, null, key.guildId, key.channelId, key.week);
	});

	return {
		/** Entries stored in [from, to) (ISO timestamps), oldest first. */
		entriesIngestedBetween(from: string, to: string): Entry[] {
			return reader.getEntries(idsIngested.all(from, to));
		},
		/** Entries whose sort date lies in [from, to] (ISO dates). */
		entriesDatedBetween(from: string, to: string): Entry[] {
			return reader.getEntries(idsDated.all(from, to));
		},
		countIngestedBetween(from: string, to: string): number {
			return countIngested.get(from, to) ?? 0;
		},
		/** Claims still being delivered (or left by a process that stopped), oldest first. */
		postingClaims(): DigestPostRecord[] {
			return postingClaims.all().map(toPost);
		},
		saveSchedule(
			schedule: Omit<DigestSchedule, 'lastError' | 'lastErrorAt' | 'newThread' | 'roleId'> &
				Partial<Pick<DigestSchedule, 'newThread' | 'roleId'>>,
		): void {
			upsertSchedule.run({
				...schedule,
				filters: JSON.stringify(schedule.filters),
				newThread: schedule.newThread ? 1 : 0,
				roleId: schedule.roleId ?? null,
			});
		},
		/** Records the thread a claimed week is posted in (once: a resumed post keeps the first). */
		recordThread(key: PostKey, threadId: string): void {
			setThread.run(threadId, key.guildId, key.channelId, key.week);
		},
		createDraft(draft: {
			id: string;
			guildId: string;
			requestKey: string;
			digest: unknown;
			createdBy: string;
			createdAt: string;
			expiresAt: string;
		}): DigestDraftRecord {
			insertDraft.run({ ...draft, digest: JSON.stringify(draft.digest) });
			return toDraft(draftOf.get(draft.id)!);
		},
		draft(id: string): DigestDraftRecord | null {
			const row = draftOf.get(id);
			return row ? toDraft(row) : null;
		},
		/** The open, unexpired draft of the same digest in a server, if any. */
		openDraft(guildId: string, requestKey: string, now: string): DigestDraftRecord | null {
			const row = openDraftFor.get(guildId, requestKey, now);
			return row ? toDraft(row) : null;
		},
		/** Changes an open draft seen at `revision`; false when it changed meanwhile or is no longer open. */
		reviseDraft(change: {
			id: string;
			revision: number;
			dropped: readonly number[];
			intro: string | null;
			userId: string;
			at: string;
		}): boolean {
			return reviseDraft.run({ ...change, dropped: JSON.stringify(change.dropped) }).changes === 1;
		},
		/**
		 * Claims a draft for posting, at the revision its moderator saw: once (a second click is refused), unless a
		 * claim older than `staleBefore` was left by a process that stopped.
		 */
		claimDraft(claim: { id: string; revision: number; userId: string; at: string; staleBefore: string }): boolean {
			return claimDraft.run(claim).changes === 1;
		},
		/** Moves a draft from state `from` (posted, discarded, or back to open after a refused post). */
		endDraft(end: {
			id: string;
			from: DraftState;
			state: DraftState;
			postedTo: string | null;
			userId: string;
			at: string;
		}): boolean {
			return endDraft.run(end).changes === 1;
		},
		/** True when a schedule was removed. */
		removeSchedule(guildId: string, channelId: string): boolean {
			return deleteSchedule.run(guildId, channelId).changes > 0;
		},
		schedules(guildId?: string): DigestSchedule[] {
			return (guildId === undefined ? allSchedules.all() : schedulesOfGuild.all(guildId)).map(toSchedule);
		},
		recordError(guildId: string, channelId: string, error: string | null, at: string | null): void {
			setError.run(error, at, guildId, channelId);
		},
		post(guildId: string, channelId: string, week: string): DigestPostRecord | null {
			const row = postOf.get(guildId, channelId, week);
			return row ? toPost(row) : null;
		},
		lastPost(guildId: string, channelId: string): DigestPostRecord | null {
			const row = lastPosts.get(guildId, channelId);
			return row ? toPost(row) : null;
		},
		/**
		 * Claims a week for a channel, or finds the existing claim (resumed): a week is claimed once, ever. `acquired`
		 * says whether this process may deliver it now (its lease); runs under the write lock.
		 */
		claim(claim: NewClaim, lease: Lease): ClaimResult {
			return claimTx.immediate(claim, lease);
		},
		/** Takes over an unfinished claim whose lease ran out (or is ours). */
		resume(key: PostKey, lease: Lease): ClaimResult | null {
			return resumeTx.immediate(key, lease);
		},
		/** Records that part `index` landed; the last part marks the post 'posted' in the same transaction. */
		recordPart(key: PostKey, index: number, messageId: string, last: boolean, at: string): void {
			partTx.immediate(key, index, messageId, last, at);
		},
		/** Marks a claim finished without (all of) its parts: refused for good, or nothing to post. */
		finishClaim(key: PostKey, state: Exclude<DigestPostState, 'posting'>, at: string, error: string | null): void {
			finish.run(state, at, error, key.guildId, key.channelId, key.week);
		},
	};
}

/** Who delivers a claim and until when (ISO timestamps); `at` is now. */
export interface Lease {
	readonly owner: string;
	readonly until: string;
	readonly at: string;
}

export interface ClaimResult {
	readonly record: DigestPostRecord;
	/** This process holds the lease and delivers the missing parts. */
	readonly acquired: boolean;
	/** The claim existed before this call. */
	readonly resumed: boolean;
}

export interface PostKey {
	readonly guildId: string;
	readonly channelId: string;
	readonly week: string;
}

interface ScheduleRow {
	guild_id: string;
	channel_id: string;
	weekday: number;
	hour: number;
	time_zone: string;
	filters: string;
	created_by: string;
	created_at: string;
	last_error: string | null;
	last_error_at: string | null;
	new_thread: number;
	role_id: string | null;
}

interface DraftRow {
	id: string;
	guild_id: string;
	request_key: string;
	digest: string;
	dropped: string;
	intro: string | null;
	revision: number;
	state: DraftState;
	created_by: string;
	created_at: string;
	updated_by: string;
	updated_at: string;
	expires_at: string;
	posted_to: string | null;
}

function toDraft(row: DraftRow): DigestDraftRecord {
	return {
		id: row.id,
		guildId: row.guild_id,
		requestKey: row.request_key,
		digest: JSON.parse(row.digest) as unknown,
		dropped: JSON.parse(row.dropped) as number[],
		intro: row.intro,
		revision: row.revision,
		state: row.state,
		createdBy: row.created_by,
		createdAt: row.created_at,
		updatedBy: row.updated_by,
		updatedAt: row.updated_at,
		expiresAt: row.expires_at,
		postedTo: row.posted_to,
	};
}

interface PostRow {
	guild_id: string;
	channel_id: string;
	week: string;
	state: DigestPostState;
	nonce: string;
	parts: string;
	message_ids: string;
	entry_count: number;
	claimed_at: string;
	finished_at: string | null;
	error: string | null;
	lease_owner: string | null;
	lease_until: string | null;
	thread_name: string | null;
	new_thread: number;
	thread_id: string | null;
}

function toSchedule(row: ScheduleRow): DigestSchedule {
	return {
		guildId: row.guild_id,
		channelId: row.channel_id,
		weekday: row.weekday,
		hour: row.hour,
		timeZone: row.time_zone,
		filters: JSON.parse(row.filters) as Record<string, unknown>,
		createdBy: row.created_by,
		createdAt: row.created_at,
		lastError: row.last_error,
		lastErrorAt: row.last_error_at,
		newThread: row.new_thread === 1,
		roleId: row.role_id,
	};
}

function toPost(row: PostRow): DigestPostRecord {
	return {
		guildId: row.guild_id,
		channelId: row.channel_id,
		week: row.week,
		state: row.state,
		nonce: row.nonce,
		parts: JSON.parse(row.parts) as unknown[],
		messageIds: JSON.parse(row.message_ids) as string[],
		entryCount: row.entry_count,
		claimedAt: row.claimed_at,
		finishedAt: row.finished_at,
		error: row.error,
		threadName: row.thread_name,
		newThread: row.new_thread === 1,
		threadId: row.thread_id,
	};
}
