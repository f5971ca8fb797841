import type { ActivityType, Entry, IsoDate } from '../domain/entry.js';
import { orgKey } from '../domain/names.js';
import { foldText } from '../domain/search-text.js';
import { truncateAtWord } from '../domain/text.js';
import { type Citation, citationOf } from '../summarize/entry-snippet.js';
import type { DigestWeek } from './week.js';

export const DIGEST_GROUP_BY = ['province', 'type'] as const;
export type DigestGroupBy = (typeof DIGEST_GROUP_BY)[number];
/** `ingested`: stored during the week ("new this week"); `date`: the entry's own date falls in the week. */
export const DIGEST_BASES = ['ingested', 'date'] as const;
export type DigestBasis = (typeof DIGEST_BASES)[number];

/** Canonical filter values (the service resolves what users type). */
export interface DigestFilters {
	readonly province?: string;
	readonly type?: ActivityType;
	/** The org's display name and every key it is known by. */
	readonly org?: { readonly name: string; readonly keys: readonly string[] };
	readonly country?: string;
}

export interface DigestOptions {
	readonly groupBy: DigestGroupBy;
	readonly basis: DigestBasis;
	readonly filters: DigestFilters;
	/** When the corpus was last ingested (ISO timestamp), and the age after which the digest says so. */
	readonly lastIngestAt: string | null;
	readonly staleAfterDays: number;
	/** When the digest is made: staleness is measured from here. */
	readonly now: Date;
}

export interface DigestItem {
	readonly id: number;
	readonly date: IsoDate | null;
	readonly type: ActivityType;
	readonly provinces: readonly string[];
	readonly orgs: readonly string[];
	/** One summarized line. */
	readonly line: string;
	readonly citation: Citation;
}

export interface DigestGroup {
	readonly key: string;
	readonly label: string;
	readonly items: readonly DigestItem[];
}

export interface WeeklyDigest {
	readonly week: DigestWeek;
	readonly basis: DigestBasis;
	readonly groupBy: DigestGroupBy;
	/** Filters as people read them ("province Hunan", "type registration"). */
	readonly filterLabels: readonly string[];
	readonly total: number;
	readonly previousTotal: number;
	readonly groups: readonly DigestGroup[];
	/** Days since the last ingest when that is more than the stale threshold; else null. */
	readonly staleDays: number | null;
}

export const DIGEST_LINE_MAX = 240;
export const NO_PROVINCE_LABEL = 'No province named';

/** Keeps the entries every filter accepts. */
export function filterDigestEntries(entries: readonly Entry[], filters: DigestFilters): Entry[] {
	const country = filters.country ? foldText(filters.country) : null;
	const orgKeys = filters.org ? new Set(filters.org.keys) : null;
	return entries.filter(
		(entry) =>
			(!filters.province || entry.provinces.includes(filters.province)) &&
			(!filters.type || entry.type === filters.type) &&
			(!country || entry.orgs.some((org) => org.country !== null && foldText(org.country) === country)) &&
			(!orgKeys || entry.orgs.some((org) => orgKeys.has(orgKey(org.name)))),
	);
}

/** Groups a week's entries (already filtered) into a digest: biggest groups first, newest entries first. */
export function buildDigest(
	week: DigestWeek,
	entries: readonly Entry[],
	previousTotal: number,
	options: DigestOptions,
): WeeklyDigest {
	const groups = new Map<string, { label: string; items: DigestItem[] }>();
	const ordered = [...entries].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.id - b.id);
	for (const entry of ordered) {
		const key = options.groupBy === 'province' ? (entry.provinces[0] ?? '') : entry.type;
		const label = options.groupBy === 'province' ? key || NO_PROVINCE_LABEL : typeLabel(entry.type);
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { label, items: [] }));
		group.items.push(toItem(entry));
	}
	const sorted = [...groups.entries()]
		// The catch-all group goes last whatever its size.
		.sort(
			([ka, a], [kb, b]) =>
				Number(ka === '') - Number(kb === '') || b.items.length - a.items.length || a.label.localeCompare(b.label),
		)
		.map(([key, group]) => ({ key, label: group.label, items: group.items }));
	return {
		week,
		basis: options.basis,
		groupBy: options.groupBy,
		filterLabels: filterLabels(options.filters),
		total: entries.length,
		previousTotal,
		groups: sorted,
		staleDays: staleDays(options.lastIngestAt, options.now, options.staleAfterDays),
	};
}

export function typeLabel(type: ActivityType): string {
	const words = type.replace(/_/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "+4 on the previous week (8)", "no change", "−3 …". */
export function changeText(total: number, previous: number): string {
	const delta = total - previous;
	if (delta === 0) return `same as the week before (${previous})`;
	return `${delta > 0 ? '+' : '−'}${Math.abs(delta)} on the week before (${previous})`;
}

function filterLabels(filters: DigestFilters): string[] {
	return [
		filters.province ? `province ${filters.province}` : null,
		filters.type ? `type ${typeLabel(filters.type).toLowerCase()}` : null,
		filters.org ? `organization ${filters.org.name}` : null,
		filters.country ? `country ${filters.country}` : null,
	].filter((label): label is string => label !== null);
}

function staleDays(lastIngestAt: string | null, now: Date, threshold: number): number | null {
	if (threshold <= 0) return null;
	if (!lastIngestAt) return Number.POSITIVE_INFINITY;
	const days = Math.floor((now.getTime() - Date.parse(lastIngestAt)) / 86_400_000);
	return days > threshold ? days : null;
}

function toItem(entry: Entry): DigestItem {
	const text = (entry.summary || entry.title || entry.text).replace(/\s+/g, ' ').trim();
	return {
		id: entry.id,
		date: entry.date,
		type: entry.type,
		provinces: entry.provinces,
		orgs: entry.orgs.map((org) => org.name),
		line: truncateAtWord(text, DIGEST_LINE_MAX),
		citation: citationOf(entry),
	};
}
