import { createHash, randomUUID } from 'node:crypto';
import { ACTIVITY_TYPES, type ActivityType } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';
import { orgKey } from '../domain/names.js';
import { foldText } from '../domain/search-text.js';
import type { Gazetteer } from '../ingest/gazetteer.js';
import { renderDigestMessages } from '../render/digest-reply.js';
import type { RenderedReply } from '../render/reply.js';
import type {
	DigestDraftRecord,
	DigestPostRecord,
	DigestSchedule,
	DigestStore,
	PostKey,
} from '../store/digest-store.js';
import type { EntryReader } from '../store/entry-reader.js';
import {
	type DigestBasis,
	type DigestFilters,
	type DigestGroupBy,
	type WeeklyDigest,
	buildDigest,
	filterDigestEntries,
} from './build-digest.js';
import {
	type DraftReview,
	digestThreadName,
	draftParts,
	requestKeyOf,
	reviveDigest,
	storableDigest,
	withRoleMention,
} from './review.js';
import type { DigestParts } from '../render/digest-reply.js';
import { type WeeklySlot, dueRun, nextSlot } from './schedule.js';
import { type DigestWeek, assertTimeZone, parseWeek, previousWeek } from './week.js';

/** Settings of digests (DIGEST_* in the environment). */
export interface DigestConfig {
	readonly timeZone: string;
	/** A slot missed while the bot was down is still posted this long after it. */
	readonly graceHours: number;
	/** Digests say the data may be stale when the last ingest is older than this (0: never). */
	readonly staleDays: number;
	/** Post a short "no new entries" note for an empty week (else nothing is posted). */
	readonly emptyNote: boolean;
	/** How long a process may take to deliver a claimed post before another process may resume it. */
	readonly leaseSeconds: number;
}

export const DEFAULT_DIGEST_CONFIG: DigestConfig = {
	timeZone: 'Asia/Shanghai',
	graceHours: 48,
	staleDays: 14,
	emptyNote: true,
	leaseSeconds: 120,
};

/** What users ask for, as typed. */
export interface DigestRequest {
	readonly week?: string | null;
	readonly province?: string | null;
	readonly type?: string | null;
	readonly org?: string | null;
	readonly country?: string | null;
	readonly groupBy?: DigestGroupBy | null;
	readonly basis?: DigestBasis | null;
	readonly timeZone?: string | null;
}

/** Posting as the bot: structurally the Discord channel poster. */
export interface DigestPoster {
	post(channelId: string, reply: RenderedReply, options?: { nonce?: string }): Promise<{ messageId: string }>;
	dm(userId: string, reply: RenderedReply): Promise<{ messageId: string; channelId: string }>;
	channelType(channelId: string): Promise<number | null>;
	startThread(
		channelId: string,
		name: string,
		first?: RenderedReply,
	): Promise<{ threadId: string; messageId: string | null }>;
}

/** Forum and media channels: a digest there is a post named after the week. */
const FORUM_TYPES = new Set([15, 16]);

/** Where a digest goes: a channel, and whether it starts a thread there (a forum always gets a post). */
export interface DigestDestination {
	readonly channelId: string;
	readonly newThread?: boolean;
}

/** A draft under review as its pages show it. */
export interface DraftView {
	readonly draft: DigestDraftRecord;
	readonly digest: WeeklyDigest;
	/** The messages that would be posted now, and the entries each lists. */
	readonly parts: DigestParts;
}

/** A change to a draft: drop entries, take back every drop, or set (null: remove) the intro line. */
export type DraftChange =
	{ readonly drop: readonly number[] } | { readonly restore: true } | { readonly intro: string | null };

export interface ScheduleStatus {
	readonly schedule: DigestSchedule;
	readonly nextRun: Date;
	readonly lastPost: DigestPostRecord | null;
}

/** What one scheduler pass did, for logs and tests. */
export interface RunReport {
	readonly guildId: string;
	readonly channelId: string;
	readonly week: string;
	readonly outcome: 'posted' | 'skipped-empty' | 'failed' | 'retry' | 'busy';
	readonly error?: string;
}

export interface DigestService {
	readonly config: DigestConfig;
	/** Builds a digest and its Discord messages; bad filters or weeks throw UserFacingError. */
	preview(request: DigestRequest): { digest: WeeklyDigest; messages: RenderedReply[] };
	/**
	 * The draft of a previewed digest in a server (kept in the database for DRAFT_TTL): the open draft of the same
	 * digest when there is one (a second moderator or a second look sees the same drops and intro), else a new one.
	 */
	openDraft(guildId: string, userId: string, digest: WeeklyDigest): DraftView;
	/** A draft of this server as it stands; a draft of another server, or none, is a UserFacingError. */
	viewDraft(id: string, guildId: string): DraftView;
	/** Changes an open draft seen at `revision`; refused (UserFacingError) when it changed meanwhile. */
	reviseDraft(id: string, guildId: string, revision: number, userId: string, change: DraftChange): DraftView;
	/** Discards an open draft (Discard); nothing happens when it is no longer open. */
	discardDraft(id: string, guildId: string, userId: string): void;
	/**
	 * Posts a draft exactly as reviewed at `revision`, once: a second click while it posts, or a click on a view
	 * older than the draft, is refused; a refused post (missing permission) leaves the draft open so another channel
	 * can be picked. `onClaimed` runs after the checks and before the first message (the click is acknowledged there).
	 */
	postDraft(
		id: string,
		guildId: string,
		revision: number,
		userId: string,
		destination: DigestDestination,
		onClaimed: () => Promise<void>,
	): Promise<{ postedIn: string }>;
	/**
	 * Posts messages now (a moderator's explicit post), in a new thread or forum post named `threadName` where the
	 * destination asks for one; Discord refusals become UserFacingError. Returns where they went.
	 */
	postNow(
		destination: DigestDestination,
		messages: readonly RenderedReply[],
		threadName?: string,
	): Promise<{ postedIn: string; messageIds: string[] }>;
	schedule(input: ScheduleInput): ScheduleStatus;
	unschedule(guildId: string, channelId: string): boolean;
	status(guildId: string): ScheduleStatus[];
	/** One scheduler pass over the schedules of guilds this process holds; resumes unfinished posts first. */
	runDue(holdsGuild: (guildId: string) => boolean): Promise<RunReport[]>;
}

export interface ScheduleInput extends WeeklySlot {
	readonly guildId: string;
	readonly channelId: string;
	readonly userId: string;
	readonly request: DigestRequest;
	/** Post into a new thread named after the week (a forum channel gets a post of that name anyway). */
	readonly newThread?: boolean;
	/** The one role each post mentions. */
	readonly roleId?: string | null;
}

export interface DigestServiceDeps {
	readonly store: DigestStore;
	readonly reader: Pick<EntryReader, 'lastIngestAt' | 'findOrgByKey'>;
	readonly gazetteer: Gazetteer;
	readonly config: DigestConfig;
	readonly now: () => Date;
	/** Absent where nothing can post (CLI); posting then fails plainly. */
	readonly poster?: DigestPoster;
}

/** Discord answers that will not change on retry: unknown channel, missing access or permission. */
function isPermanent(error: unknown): boolean {
	const { status, code } = (error ?? {}) as { status?: number; code?: number };
	return status === 403 || status === 404 || code === 10003 || code === 50001 || code === 50013;
}

export function describePostError(error: unknown): string {
	const { code } = (error ?? {}) as { code?: number };
	if (code === 10003) return 'the channel no longer exists';
	if (code === 50001) return 'the bot cannot see the channel (Missing Access)';
	if (code === 50013) return 'the bot lacks permission to send messages or embeds there (Missing Permissions)';
	return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}

/** Deterministic per (guild, channel, week): a retry or another process sends each part with the same nonce. */
export function claimNonce(key: PostKey): string {
	return `d${createHash('sha256').update(`${key.guildId}:${key.channelId}:${key.week}`).digest('hex').slice(0, 20)}`;
}

/** How long a draft can be reviewed and posted. */
export const DRAFT_TTL_MS = 24 * 3_600_000;

const partNonce = (nonce: string, index: number) => `${nonce}-${index}`;

export function createDigestService(deps: DigestServiceDeps): DigestService {
	const { store, config, now } = deps;
	const owner = randomUUID();

	/**
	 * Where the parts go: the channel itself, or a thread started there (forums: a post whose first message is the
	 * first part, which is then already sent).
	 */
	async function openDestination(
		poster: DigestPoster,
		destination: DigestDestination,
		threadName: string | null,
		first: RenderedReply | undefined,
	): Promise<{ postIn: string; firstMessageId: string | null }> {
		const { channelId } = destination;
		if (!threadName) return { postIn: channelId, firstMessageId: null };
		const type = await poster.channelType(channelId);
		if (type !== null && FORUM_TYPES.has(type)) {
			const started = await poster.startThread(channelId, threadName, first);
			return { postIn: started.threadId, firstMessageId: started.messageId };
		}
		if (!destination.newThread) return { postIn: channelId, firstMessageId: null };
		const started = await poster.startThread(channelId, threadName);
		return { postIn: started.threadId, firstMessageId: null };
	}

	async function postNow(
		destination: DigestDestination,
		messages: readonly RenderedReply[],
		threadName?: string,
	): Promise<{ postedIn: string; messageIds: string[] }> {
		if (!deps.poster) throw new UserFacingError('Posting needs the bot to be connected to Discord.');
		const { channelId } = destination;
		const ids: string[] = [];
		try {
			const { postIn, firstMessageId } = await openDestination(
				deps.poster,
				destination,
				threadName ?? null,
				messages[0],
			);
			if (firstMessageId) ids.push(firstMessageId);
			for (const message of messages.slice(ids.length)) {
				ids.push((await deps.poster.post(postIn, message)).messageId);
			}
			return { postedIn: postIn, messageIds: ids };
		} catch (error) {
			if (!isPermanent(error)) throw error;
			throw new UserFacingError(
				`Could not post in <#${channelId}>: ${describePostError(error)}. Give the bot View Channel, Send Messages, Embed Links (and Create Public Threads for a thread or forum post) there, or pick another channel.`,
				'forbidden',
			);
		}
	}

	function viewOf(draft: DigestDraftRecord): DraftView {
		const digest = reviveDigest(draft.digest);
		return { draft, digest, parts: draftParts(digest, draft) };
	}

	/** A draft of this server that can still be reviewed; anything else is said plainly. */
	function liveDraft(id: string, guildId: string): DigestDraftRecord {
		const draft = store.draft(id);
		if (!draft || draft.guildId !== guildId) {
			throw new UserFacingError('This draft is gone. Run /digest preview again.', 'not-found');
		}
		if (draft.state === 'posted') {
			throw new UserFacingError(`This draft was posted already${draft.postedTo ? ` in <#${draft.postedTo}>` : ''}.`);
		}
		if (draft.state === 'discarded') throw new UserFacingError('This draft was discarded. Run /digest preview again.');
		if (draft.expiresAt <= now().toISOString()) {
			throw new UserFacingError('This draft has expired (drafts last 24 hours). Run /digest preview again.');
		}
		return draft;
	}

	function resolveFilters(request: DigestRequest): DigestFilters {
		const filters: { -readonly [K in keyof DigestFilters]: DigestFilters[K] } = {};
		if (request.province?.trim()) {
			const wanted = foldText(request.province.trim());
			const found = deps.gazetteer.provinces.find((p) =>
				[p.name, ...p.aliases, ...p.zh].some((name) => foldText(name) === wanted),
			);
			if (!found)
				throw new UserFacingError(
					`"${request.province.slice(0, 60)}" is not a province. Use a name like Hunan, Guangdong or 湖南.`,
				);
			filters.province = found.name;
		}
		if (request.type?.trim()) {
			const type = request.type
				.trim()
				.toLowerCase()
				.replace(/[\s-]+/g, '_');
			if (!(ACTIVITY_TYPES as readonly string[]).includes(type))
				throw new UserFacingError(
					`"${request.type.slice(0, 40)}" is not an activity type. Use one of: ${ACTIVITY_TYPES.join(', ')}.`,
				);
			filters.type = type as ActivityType;
		}
		if (request.org?.trim()) {
			const org = deps.reader.findOrgByKey(orgKey(request.org));
			if (!org)
				throw new UserFacingError(
					`No organization called "${request.org.slice(0, 60)}" is known. Check the spelling (try /ngo).`,
					'not-found',
				);
			filters.org = { name: org.name, keys: [...new Set([org.key, ...org.aliases.map(orgKey)])] };
		}
		if (request.country?.trim()) filters.country = request.country.trim();
		return filters;
	}

	function build(week: DigestWeek, request: DigestRequest): WeeklyDigest {
		const basis = request.basis ?? 'ingested';
		const filters = resolveFilters(request);
		const read = (w: DigestWeek) =>
			basis === 'ingested'
				? store.entriesIngestedBetween(w.start.toISOString(), w.end.toISOString())
				: store.entriesDatedBetween(w.startDate, w.endDate);
		const entries = filterDigestEntries(read(week), filters);
		const previous = filterDigestEntries(read(previousWeek(week)), filters).length;
		return buildDigest(week, entries, previous, {
			groupBy: request.groupBy ?? 'province',
			basis,
			filters,
			lastIngestAt: deps.reader.lastIngestAt(),
			staleAfterDays: config.staleDays,
			now: now(),
		});
	}

	function statusOf(schedule: DigestSchedule): ScheduleStatus {
		return {
			schedule,
			nextRun: nextSlot(schedule, now()),
			lastPost: store.lastPost(schedule.guildId, schedule.channelId),
		};
	}

	function lease() {
		const at = now();
		return {
			owner,
			at: at.toISOString(),
			until: new Date(at.getTime() + config.leaseSeconds * 1000).toISOString(),
		};
	}

	/** Sends the parts not yet recorded, recording each as it lands. */
	async function deliver(record: DigestPostRecord, schedule: DigestSchedule | undefined): Promise<RunReport> {
		const key: PostKey = record;
		const base = { guildId: record.guildId, channelId: record.channelId, week: record.week };
		const parts = record.parts as RenderedReply[];
		const { poster } = deps;
		if (!poster) return { ...base, outcome: 'retry', error: 'no Discord connection' };
		let postIn = record.threadId ?? record.channelId;
		for (let index = record.messageIds.length; index < parts.length; index++) {
			try {
				if (index === 0 && !record.threadId) {
					// Thread creation has no nonce: a crash between it and recordThread would start a second thread.
					const opened = await openDestination(
						poster,
						{ channelId: record.channelId, newThread: record.newThread },
						record.threadName,
						parts[0],
					);
					postIn = opened.postIn;
					if (postIn !== record.channelId) store.recordThread(key, postIn);
					if (opened.firstMessageId) {
						store.recordPart(key, 0, opened.firstMessageId, parts.length === 1, now().toISOString());
						continue;
					}
				}
				const { messageId } = await poster.post(postIn, parts[index]!, {
					nonce: partNonce(record.nonce, index),
				});
				store.recordPart(key, index, messageId, index === parts.length - 1, now().toISOString());
			} catch (error) {
				const message = describePostError(error);
				const at = now().toISOString();
				store.recordError(record.guildId, record.channelId, message, at);
				if (!isPermanent(error)) return { ...base, outcome: 'retry', error: message };
				store.finishClaim(key, 'failed', at, message);
				if (schedule) await notify(schedule, record.week, message);
				return { ...base, outcome: 'failed', error: message };
			}
		}
		store.recordError(record.guildId, record.channelId, null, null);
		return { ...base, outcome: 'posted' };
	}

	/** Tells the moderator who set the schedule; a DM that fails is only logged by the caller. */
	async function notify(schedule: DigestSchedule, week: string, message: string): Promise<void> {
		await deps.poster
			?.dm(schedule.createdBy, {
				content:
					`❌ The weekly digest for week ${week} could not be posted in <#${schedule.channelId}>: ${message}. ` +
					'Fix the channel permissions, then use `/digest post` to post it now; `/digest status` shows the schedule.',
			})
			.catch(() => undefined);
	}

	return {
		config,
		preview(request) {
			const timeZone = assertTimeZone(request.timeZone ?? config.timeZone);
			const digest = build(parseWeek(request.week, timeZone, now()), request);
			return { digest, messages: renderDigestMessages(digest) };
		},
		openDraft(guildId, userId, digest) {
			const at = now();
			const requestKey = requestKeyOf(digest);
			const open = store.openDraft(guildId, requestKey, at.toISOString());
			if (open) return viewOf(open);
			const draft = store.createDraft({
				id: randomUUID().replace(/-/g, '').slice(0, 16),
				guildId,
				requestKey,
				digest: storableDigest(digest),
				createdBy: userId,
				createdAt: at.toISOString(),
				expiresAt: new Date(at.getTime() + DRAFT_TTL_MS).toISOString(),
			});
			return viewOf(draft);
		},
		viewDraft(id, guildId) {
			const draft = liveDraft(id, guildId);
			if (draft.state === 'posting') throw new UserFacingError('This draft is being posted already.');
			return viewOf(draft);
		},
		reviseDraft(id, guildId, revision, userId, change) {
			const draft = liveDraft(id, guildId);
			const review: DraftReview =
				'drop' in change
					? { dropped: [...new Set([...draft.dropped, ...change.drop])], intro: draft.intro }
					: 'restore' in change
						? { dropped: [], intro: draft.intro }
						: { dropped: draft.dropped, intro: change.intro?.trim() ? change.intro.trim() : null };
			const changed = store.reviseDraft({ id, revision, userId, at: now().toISOString(), ...review });
			if (!changed) {
				throw new UserFacingError(
					'This draft changed since you saw it (another moderator, or another window). Press a page button to see it as it is now.',
				);
			}
			return viewOf(store.draft(id)!);
		},
		discardDraft(id, guildId, userId) {
			const draft = store.draft(id);
			if (!draft || draft.guildId !== guildId) return;
			store.endDraft({ id, from: 'open', state: 'discarded', postedTo: null, userId, at: now().toISOString() });
		},
		async postDraft(id, guildId, revision, userId, destination, onClaimed) {
			const draft = liveDraft(id, guildId);
			const at = now();
			// A claim left by a process that stopped mid-post can be taken again after the lease.
			const staleBefore = new Date(at.getTime() - config.leaseSeconds * 1000).toISOString();
			if (!store.claimDraft({ id, revision, userId, at: at.toISOString(), staleBefore })) {
				const latest = store.draft(id);
				if (latest?.state === 'posting') throw new UserFacingError('This draft is being posted already.');
				if (latest?.state === 'posted') throw new UserFacingError('This draft was posted already.');
				throw new UserFacingError(
					'This draft changed since you saw it (another moderator, or another window): review it again before posting. Press a page button to see it as it is now.',
				);
			}
			const view = viewOf(draft);
			let posted: { postedIn: string } | null = null;
			try {
				await onClaimed();
				posted = await postNow(destination, view.parts.messages, digestThreadName(view.digest));
				return posted;
			} finally {
				const end = now().toISOString();
				store.endDraft({
					id,
					from: 'posting',
					state: posted ? 'posted' : 'open',
					postedTo: posted?.postedIn ?? null,
					userId,
					at: end,
				});
			}
		},
		postNow,
		schedule(input) {
			// Discord offers only valid choices, but a modified client can send anything: say what is allowed.
			if (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 7) {
				throw new UserFacingError('weekday must be a number from 1 to 7, Monday to Sunday.');
			}
			if (!Number.isInteger(input.hour) || input.hour < 0 || input.hour > 23) {
				throw new UserFacingError('hour must be a whole hour from 0 to 23.');
			}
			assertTimeZone(input.timeZone);
			resolveFilters(input.request);
			const filters = Object.fromEntries(
				Object.entries(input.request).filter(([name, value]) => name !== 'week' && value != null && value !== ''),
			);
			store.saveSchedule({
				guildId: input.guildId,
				channelId: input.channelId,
				weekday: input.weekday,
				hour: input.hour,
				timeZone: input.timeZone,
				filters,
				createdBy: input.userId,
				createdAt: now().toISOString(),
				newThread: input.newThread ?? false,
				roleId: input.roleId ?? null,
			});
			return statusOf(store.schedules(input.guildId).find((s) => s.channelId === input.channelId)!);
		},
		unschedule: (guildId, channelId) => store.removeSchedule(guildId, channelId),
		status: (guildId) => store.schedules(guildId).map(statusOf),
		async runDue(holdsGuild) {
			const reports: RunReport[] = [];
			const schedules = store.schedules().filter((s) => holdsGuild(s.guildId));
			const find = (r: PostKey) => schedules.find((s) => s.guildId === r.guildId && s.channelId === r.channelId);
			// First finish what a crash or a retryable failure left half-posted (same parts, same nonces).
			for (const pending of store.postingClaims()) {
				if (!holdsGuild(pending.guildId)) continue;
				const taken = store.resume(pending, lease());
				if (!taken?.acquired) {
					reports.push({ guildId: pending.guildId, channelId: pending.channelId, week: pending.week, outcome: 'busy' });
					continue;
				}
				reports.push(await deliver(taken.record, find(pending)));
			}
			for (const schedule of schedules) {
				const due = dueRun(schedule, now(), {
					createdAt: new Date(schedule.createdAt),
					graceMs: config.graceHours * 3_600_000,
				});
				if (!due || store.post(schedule.guildId, schedule.channelId, due.key)) continue;
				const key = { guildId: schedule.guildId, channelId: schedule.channelId, week: due.key };
				let digest: WeeklyDigest;
				try {
					digest = build(due.period, schedule.filters as DigestRequest);
				} catch (error) {
					// A filter that no longer resolves (an org merged away): record it and tell the moderator once.
					const message = error instanceof Error ? error.message : String(error);
					store.recordError(schedule.guildId, schedule.channelId, message, now().toISOString());
					continue;
				}
				const parts = withRoleMention(renderDigestMessages(digest, { emptyNote: config.emptyNote }), schedule.roleId);
				const claimed = store.claim(
					{
						...key,
						nonce: claimNonce(key),
						parts,
						entryCount: digest.total,
						claimedAt: now().toISOString(),
						threadName: digestThreadName(digest),
						newThread: schedule.newThread,
					},
					lease(),
				);
				if (!claimed.acquired) {
					reports.push({ ...key, outcome: 'busy' });
					continue;
				}
				if (claimed.resumed && claimed.record.state !== 'posting') continue;
				if (parts.length === 0) {
					store.finishClaim(key, 'posted', now().toISOString(), null);
					reports.push({ ...key, outcome: 'skipped-empty' });
					continue;
				}
				reports.push(await deliver(claimed.record, schedule));
			}
			return reports;
		},
	};
}
