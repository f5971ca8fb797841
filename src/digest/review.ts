import { type DigestParts, digestTitle, renderDigestParts } from '../render/digest-reply.js';
import type { RenderedReply } from '../render/reply.js';
import type { WeeklyDigest } from './build-digest.js';

/*
 * Digest review: a built digest, the entries moderators dropped and their intro line are all a draft is. Its
 * messages are rendered from these alone, so the pages a moderator reviewed and the messages posted are the same.
 */

/** What a moderator changed in a draft. */
export interface DraftReview {
	readonly dropped: readonly number[];
	readonly intro: string | null;
}

/** The digest without the dropped entries (groups left empty go); the week's totals stay as built. */
export function reviewedDigest(digest: WeeklyDigest, dropped: readonly number[]): WeeklyDigest {
	if (dropped.length === 0) return digest;
	const gone = new Set(dropped);
	const groups = digest.groups
		.map((group) => ({ ...group, items: group.items.filter((item) => !gone.has(item.id)) }))
		.filter((group) => group.items.length > 0);
	return { ...digest, groups };
}

/** Ids of the entries a digest lists. */
export function digestEntryIds(digest: WeeklyDigest): number[] {
	return digest.groups.flatMap((group) => group.items.map((item) => item.id));
}

/** The messages of a reviewed draft and the entries each lists: what the review pages show and what is posted. */
export function draftParts(digest: WeeklyDigest, review: DraftReview): DigestParts {
	const listed = new Set(digestEntryIds(digest));
	const leftOut = review.dropped.filter((id) => listed.has(id)).length;
	return renderDigestParts(reviewedDigest(digest, review.dropped), { intro: review.intro, leftOut });
}

/** A digest as JSON can keep it ("no ingest recorded" is an infinite staleness, which JSON cannot hold). */
export function storableDigest(digest: WeeklyDigest): unknown {
	return digest.staleDays === Number.POSITIVE_INFINITY ? { ...digest, staleDays: 'Infinity' } : digest;
}

/** A digest read back from JSON (a stored draft): its week's instants are Dates again. */
export function reviveDigest(data: unknown): WeeklyDigest {
	const digest = data as WeeklyDigest & { week: { start: string | Date; end: string | Date } };
	return {
		...digest,
		week: { ...digest.week, start: new Date(digest.week.start), end: new Date(digest.week.end) },
		staleDays: digest.staleDays === null ? null : Number(digest.staleDays),
	};
}

/** The same digest asked for again (week, basis, grouping and filters): a second preview reopens its draft. */
export function requestKeyOf(digest: WeeklyDigest): string {
	return JSON.stringify([digest.week.label, digest.week.timeZone, digest.basis, digest.groupBy, digest.filterLabels]);
}

/** Threads and forum posts are named after the week (Discord allows 100 characters). */
export function digestThreadName(digest: WeeklyDigest): string {
	const title = digestTitle(digest);
	return title.length <= 100 ? title : `${title.slice(0, 99)}…`;
}

/**
 * The first message mentions `roleId` (a schedule's chosen role) and may ping that role and nothing else; the
 * mention is in the message text, as embeds never ping.
 */
export function withRoleMention(parts: readonly RenderedReply[], roleId: string | null): RenderedReply[] {
	if (!roleId || !/^\d{17,20}$/.test(roleId) || parts.length === 0) return [...parts];
	const [first, ...rest] = parts;
	return [{ ...first, content: `<@&${roleId}>`, mentions: { roles: [roleId] } }, ...rest];
}
