import type { IsoDate } from '../domain/entry.js';
import { MONTH_NAMES } from '../domain/text.js';
import type { Resolved, SearchFilters } from './answers.js';

/** How a timeline groups entries. */
export const TIMELINE_PERIODS = ['month', 'quarter', 'year'] as const;
export type TimelinePeriod = (typeof TIMELINE_PERIODS)[number];

/** A month, quarter or year the chart would be unreadable beyond: ask for a coarser period instead. */
export const MAX_TIMELINE_PERIODS = 240;

export type TimelineFilters = Pick<SearchFilters, 'ngo' | 'province' | 'partner' | 'field'>;

/** One period of a timeline: `2019-02`, `2019-Q1` or `2019`, its label, and its entry count (0 for a gap). */
export interface TimelinePoint {
	readonly key: string;
	readonly label: string;
	readonly n: number;
}

export interface TimelineAnswer {
	readonly filters: TimelineFilters;
	readonly resolved: Resolved;
	readonly by: TimelinePeriod;
	/** Every period from the first dated entry's to the last's, empty ones as zeros. */
	readonly points: readonly TimelinePoint[];
	/** Entries without an exact date: counted here, never in a period. */
	readonly undated: number;
	/** All matching entries, dated and undated. */
	readonly total: number;
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
}

/** Undated entries sort (and are counted) under the month 0000-01. */
const UNDATED_YEAR = '0000';

/** Builds a gap-free series of periods from per-month counts (`yyyy-mm` keys, any order); quarters come from months. */
export function timelineFromMonths(
	months: readonly { key: string; n: number }[],
	by: TimelinePeriod,
): { points: TimelinePoint[]; undated: number } {
	let undated = 0;
	const counts = new Map<number, number>();
	for (const { key, n } of months) {
		const match = /^(\d{4})-(\d{2})$/.exec(key);
		if (!match || match[1] === UNDATED_YEAR) {
			undated += n;
			continue;
		}
		const index = periodIndex(Number(match[1]), Number(match[2]), by);
		counts.set(index, (counts.get(index) ?? 0) + n);
	}
	if (counts.size === 0) return { points: [], undated };
	const indexes = [...counts.keys()];
	const first = Math.min(...indexes);
	const last = Math.max(...indexes);
	const points: TimelinePoint[] = [];
	for (let index = first; index <= last; index++) points.push({ ...periodOf(index, by), n: counts.get(index) ?? 0 });
	return { points, undated };
}

/** Periods numbered consecutively, so gaps are found by counting. */
function periodIndex(year: number, month: number, by: TimelinePeriod): number {
	if (by === 'year') return year;
	if (by === 'quarter') return year * 4 + Math.floor((month - 1) / 3);
	return year * 12 + (month - 1);
}

function periodOf(index: number, by: TimelinePeriod): { key: string; label: string } {
	if (by === 'year') return { key: String(index), label: String(index) };
	if (by === 'quarter') {
		const year = Math.floor(index / 4);
		const quarter = (index % 4) + 1;
		return { key: `${year}-Q${quarter}`, label: `${year} Q${quarter}` };
	}
	const year = Math.floor(index / 12);
	const month = index % 12;
	return {
		key: `${year}-${String(month + 1).padStart(2, '0')}`,
		label: `${MONTH_NAMES[month]!.slice(0, 3)} ${year}`,
	};
}
