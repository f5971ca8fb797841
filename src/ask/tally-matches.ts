import type { IsoDate } from '../domain/entry.js';
import type { Count, SearchFilters } from '../query/answers.js';
import type { QueryService } from '../query/query-service.js';

/** At most this many matching events are read to count organizations, provinces and dates; answers say so. */
export const TALLY_LIMIT = 5_000;

/** An organization among the entries a search matches. */
export interface OrgTally {
	readonly name: string;
	readonly country: string | null;
	readonly n: number;
	readonly first: IsoDate | null;
	readonly last: IsoDate | null;
	/** The newest entry naming it: the citation of its line. */
	readonly newestId: number;
	/**
	 * With a province asked for: every entry naming it names other provinces too (a roundup), so none says the
	 * organization was in that province, and answers say so.
	 */
	readonly onlyInRoundups: boolean;
}

/** Organizations, provinces, activity types and dates over the events a search matches. */
export interface Tally {
	/** How many events the counts were made over (all of them up to TALLY_LIMIT, newest first). */
	readonly counted: number;
	readonly orgs: readonly OrgTally[];
	readonly provinces: readonly Count[];
	readonly types: readonly Count[];
	readonly span: { readonly first: IsoDate | null; readonly last: IsoDate | null };
}

/**
 * Counts what the entries a search matches name, each event once (by the entry standing for it). With a country
 * filter only organizations from there are counted: "which Japanese NGOs" are the Japanese ones, not every
 * organization an entry about a Japanese one names.
 */
export function tallyMatches(query: QueryService, text: string, filters: SearchFilters): Tally {
	const matching = query.matching(text, filters);
	const orgs = new Map<
		string,
		{
			name: string;
			country: string | null;
			n: number;
			first: IsoDate | null;
			last: IsoDate | null;
			newestId: number;
			newestDate: IsoDate | null;
			inRoundups: number;
		}
	>();
	const provinces = new Map<string, number>();
	const types = new Map<string, number>();
	let first: IsoDate | null = null;
	let last: IsoDate | null = null;
	let counted = 0;
	if (matching.ok) {
		outer: for (const batch of matching.value.batches(500)) {
			for (const entry of batch) {
				if (entry.eventId !== entry.id) continue;
				if (counted >= TALLY_LIMIT) break outer;
				counted++;
				const date = entry.date;
				if (date && (first === null || date < first)) first = date;
				if (date && (last === null || date > last)) last = date;
				for (const province of entry.provinces) provinces.set(province, (provinces.get(province) ?? 0) + 1);
				types.set(entry.type, (types.get(entry.type) ?? 0) + 1);
				const named = entry.orgs.filter((o) => !filters.country || o.country === filters.country);
				const roundup = entry.provinces.length > 1 ? 1 : 0;
				for (const org of new Map(named.map((o) => [o.name, o])).values()) {
					const known = orgs.get(org.name);
					if (!known) {
						orgs.set(org.name, {
							name: org.name,
							country: org.country,
							n: 1,
							first: date,
							last: date,
							newestId: entry.id,
							newestDate: date,
							inRoundups: roundup,
						});
						continue;
					}
					known.n++;
					known.inRoundups += roundup;
					known.country ??= org.country;
					if (date && (known.first === null || date < known.first)) known.first = date;
					if (date && (known.last === null || date > known.last)) known.last = date;
					if (date && (known.newestDate === null || date > known.newestDate)) {
						known.newestDate = date;
						known.newestId = entry.id;
					}
				}
			}
		}
	}
	// With a province asked for, organizations its entries place there come before those only a roundup names.
	const placed = (org: { n: number; inRoundups: number }) => (filters.province ? org.n - org.inRoundups : org.n);
	const counts = (map: Map<string, number>): Count[] =>
		[...map]
			.map(([key, n]) => ({ key, label: key.replace('_', ' '), n }))
			.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
	return {
		counted,
		orgs: [...orgs.values()]
			.sort(
				(a, b) =>
					placed(b) - placed(a) ||
					b.n - a.n ||
					(b.last ?? '').localeCompare(a.last ?? '') ||
					a.name.localeCompare(b.name),
			)
			.map(({ newestDate: _newestDate, inRoundups, ...org }) => ({
				...org,
				onlyInRoundups: Boolean(filters.province) && inRoundups === org.n,
			})),
		provinces: counts(provinces),
		types: counts(types),
		span: { first, last },
	};
}
