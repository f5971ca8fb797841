import { createHash, randomUUID } from 'node:crypto';
import { ACTIVITY_TYPES, type ActivityType } from '../domain/entry.js';
import { UserFacingError } from '../domain/errors.js';
import { orgKey } from '../domain/names.js';
import { foldText } from '../domain/search-text.js';
import type { Gazetteer } from '../ingest/gazetteer.js';
import { renderDigestMessages } from '../render/digest-reply.js';
import type { RenderedReply } from '../render/reply.js';
import type { DigestPostRecord, DigestSchedule, DigestStore, PostKey } from '../store/digest-store.js';
import type { EntryReader } from '../store/entry-reader.js';
import {
	type DigestBasis,
	type DigestFilters,
	type DigestGroupBy,
	type WeeklyDigest,
	buildDigest,
	filterDigestEntries,
} from './build-digest.js';
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
}

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
	/** Keeps a previewed digest for its buttons (15 minutes, this process); returns its id. */
	saveDraft(userId: string, messages: readonly RenderedReply[]): string;
	/** Drops a draft of this user (Discard); nothing happens when it is gone or someone else's. */
	discardDraft(id: string, userId: string): void;
	/**
	 * Posts a draft of this user to a channel, once: a second click while it posts is refused, a posted draft is
	 * gone, a refused one (missing permission) is kept so another channel can be picked. `onClaimed` runs after the
	 * checks and before the first message (the command acknowledges the click there).
	 */
	postDraft(id: string, userId: string, channelId: string, onClaimed: () => Promise<void>): Promise<void>;
	/** Posts messages now (a moderator's explicit post); Discord refusals become UserFacingError. */
	postNow(channelId: string, messages: readonly RenderedReply[]): Promise<string[]>;
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

const DRAFT_TTL_MS = 15 * 60_000;

const partNonce = (nonce: string, index: number) => `${nonce}-${index}`;

export function createDigestService(deps: DigestServiceDeps): DigestService {
	const { store, config, now } = deps;
	const owner = randomUUID();
	const drafts = new Map<
		string,
		{ userId: string; messages: readonly RenderedReply[]; expires: number; posting: boolean }
	>();

	async function postNow(channelId: string, messages: readonly RenderedReply[]): Promise<string[]> {
		if (!deps.poster) throw new UserFacingError('Posting needs the bot to be connected to Discord.');
		const ids: string[] = [];
		for (const message of messages) {
			try {
				ids.push((await deps.poster.post(channelId, message)).messageId);
			} catch (error) {
				if (!isPermanent(error)) throw error;
				throw new UserFacingError(
					`Could not post in <#${channelId}>: ${describePostError(error)}. Give the bot View Channel, Send Messages and Embed Links there, or pick another channel.`,
					'forbidden',
				);
			}
		}
		return ids;
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
		if (!deps.poster) return { ...base, outcome: 'retry', error: 'no Discord connection' };
		for (let index = record.messageIds.length; index < parts.length; index++) {
			try {
				const { messageId } = await deps.poster.post(record.channelId, parts[index]!, {
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
		saveDraft(userId, messages) {
			const at = now().getTime();
			for (const [id, draft] of drafts) if (draft.expires <= at) drafts.delete(id);
			const id = randomUUID().replace(/-/g, '').slice(0, 16);
			drafts.set(id, { userId, messages, expires: at + DRAFT_TTL_MS, posting: false });
			return id;
		},
		discardDraft(id, userId) {
			if (drafts.get(id)?.userId === userId) drafts.delete(id);
		},
		async postDraft(id, userId, channelId, onClaimed) {
			const draft = drafts.get(id);
			// A second click while the first is posting would post the digest twice.
			if (draft?.posting) throw new UserFacingError('This draft is being posted already.');
			if (!draft || draft.userId !== userId || draft.expires <= now().getTime()) {
				throw new UserFacingError(
					'This draft was posted already or has expired (drafts last 15 minutes). Run /digest preview again.',
				);
			}
			draft.posting = true;
			try {
				await onClaimed();
				await postNow(channelId, draft.messages);
				drafts.delete(id);
			} finally {
				draft.posting = false;
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
				const parts = renderDigestMessages(digest, { emptyNote: config.emptyNote });
				const claimed = store.claim(
					{ ...key, nonce: claimNonce(key), parts, entryCount: digest.total, claimedAt: now().toISOString() },
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
