import { type OrgTally, TALLY_LIMIT, type Tally } from '../ask/tally-matches.js';
import type { AnswerSummary, Fact } from './answer-summary.js';

/** Organizations listed in an answer; the rest are counted in a note. */
export const ORGS_LISTED = 20;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "2 entries · 2019-03-04 to 2019-05-20 · newest #27". */
export function orgLine(org: OrgTally): string {
	const dates =
		org.first && org.last ? (org.first === org.last ? org.first : `${org.first} to ${org.last}`) : 'no exact date';
	// Only a roundup of several provinces names it: that does not place it in the province asked about.
	const roundup = org.onlyInRoundups ? ' · only in entries naming several provinces' : '';
	return `${plural(org.n, 'entry', 'entries')} · ${dates} · newest #${org.newestId}${roundup}`;
}

/** The organizations a search matches, most entries first, each with its dates and newest entry. */
export function summarizeOrganizations(
	tally: Tally & {
		readonly total: number;
		readonly filterLine: string | null;
		readonly query: string;
	},
): AnswerSummary {
	const facts: Fact[] = [{ label: 'Organizations', value: String(tally.orgs.length) }];
	if (tally.filterLine) facts.push({ label: 'Filters', value: tally.filterLine });
	for (const org of tally.orgs.slice(0, ORGS_LISTED)) {
		facts.push({
			label: org.country ? `${org.name} (${org.country})` : org.name,
			value: orgLine(org),
		});
	}
	const notes: string[] = [];
	if (tally.orgs.length > ORGS_LISTED)
		notes.push(`And ${plural(tally.orgs.length - ORGS_LISTED, 'more organization')}: narrow with filters.`);
	if (tally.counted < tally.total)
		notes.push(
			`Counted over the newest ${TALLY_LIMIT.toLocaleString('en-US')} of ${tally.total.toLocaleString('en-US')} entries.`,
		);
	return {
		kind: 'ngos',
		title: tally.query ? `Organizations: ${tally.query}` : 'Organizations',
		subtitle: `In ${plural(tally.total, 'matching entry', 'matching entries')}, most entries first`,
		lead: null,
		facts,
		items: [],
		page: null,
		empty:
			tally.total === 0
				? 'No entry matches these filters.'
				: tally.orgs.length === 0
					? 'The matching entries name no organization.'
					: null,
		notes,
	};
}
