import type { ActivityType, Entry, IsoDate } from '../domain/entry.js';
import type { Count, NgoAnswer, ProvinceAnswer, SearchAnswer } from '../query/answers.js';

/*
 * The sentence an answer opens with, written from the facts it already holds: the counts its card shows, and one
 * entry told in words with its citation ("… on 11 Apr 2019 [#10]"). Templates are fixed and fill in only what the
 * entry records (its type, organizations, the Chinese bodies in their roles, provinces, date, other sources), so
 * nothing is said that the cited entry does not say; a fact it lacks is left out, never guessed.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Organizations named in a clause at most; the rest are counted. */
const ORGS_NAMED = 2;

/** "11 Apr 2019": the same in every language and time zone (a calendar date, not a moment). */
export function dayText(date: IsoDate): string {
	return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** What happened, as a noun phrase with its article. */
const ACTIVITY_NOUN: Record<ActivityType, string> = {
	registration: 'the registration',
	deregistration: 'the deregistration',
	temporary_activity: 'a temporary activity',
	meeting: 'a meeting',
	visit: 'a visit',
	training: 'a training',
	publicity: 'publicity work',
	donation: 'a donation',
	event: 'an event',
	policy: 'a policy',
	project: 'a project',
	other: 'an item',
};

/** "A", "A and B", "A, B and C". */
function andList(items: readonly string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "X (Japan)", "X and Y", "X, Y and 3 others". */
function orgList(orgs: readonly Entry['orgs'][number][]): string {
	const named = orgs.slice(0, ORGS_NAMED).map((org) => (org.country ? `${org.name} (${org.country})` : org.name));
	const others = orgs.length - named.length;
	if (others > 0) return `${named.join(', ')} and ${others === 1 ? 'one other' : `${others} others`}`;
	return named.join(' and ');
}

function bodyOf(entry: Entry, roles: readonly string[]): string | null {
	return entry.partners.find((partner) => roles.includes(partner.role))?.name ?? null;
}

/**
 * One entry in words: what happened and to whom, where, when, with whom, its other sources and its citation.
 * `about` is left out of the organizations (the answer is about it already), `place` out of the provinces.
 */
export function entryClause(entry: Entry, context: { about?: string; place?: string } = {}): string {
	const orgs = entry.orgs.filter((org) => org.name !== context.about);
	const them = orgs.length ? orgList(orgs) : null;
	const authority = bodyOf(entry, ['authority']);
	const partner = bodyOf(entry, ['partner_unit', 'partner', 'supervisor']);
	const noun = ACTIVITY_NOUN[entry.type];
	// Who else took part, said after the date: the authority when the template has no place for it, partners, and
	// on an organization's card the other organizations named.
	const alongside: string[] = [];
	let what: string;
	switch (entry.type) {
		case 'registration':
		case 'deregistration':
			what = context.about ? `its ${entry.type}` : `${noun}${them ? ` of ${them}` : ''}`;
			if (authority) what += ` by the ${authority}`;
			break;
		case 'visit':
			what = authority ? `${noun} by the ${authority}${!context.about && them ? ` to ${them}` : ''}` : noun;
			if (!authority && them && !context.about) what += ` involving ${them}`;
			break;
		case 'meeting':
			what = `${noun}${authority ? ` with the ${authority}` : ''}`;
			if (them && !context.about) what += authority ? ` and ${them}` : ` of ${them}`;
			break;
		default:
			what = `${noun}${them && !context.about ? ` involving ${them}` : ''}`;
			if (authority) alongside.push(`the ${authority}`);
	}
	// A partner the text also names as an organization is said once.
	if (partner && partner !== authority && !entry.orgs.some((org) => org.name === partner)) alongside.push(partner);
	if (context.about && them) alongside.push(them);
	const places = entry.provinces.filter((province) => province !== context.place);
	const where = places.length ? ` in ${places.join(', ')}` : '';
	const when = entry.date ? ` on ${dayText(entry.date)}` : ' (undated)';
	const withWhom = alongside.length ? `, with ${andList(alongside)}` : '';
	const others = entry.otherSources.length;
	const also = others ? ` (also told by ${others === 1 ? 'one other source' : `${others} other sources`})` : '';
	return `${what}${where}${when}${withWhom}${also} [#${entry.id}]`;
}

/** "appears once", "appears in 12 entries". */
function appears(total: number): string {
	return total === 1 ? 'appears once' : `appears in ${total} entries`;
}

function yearsOf(span: { first: IsoDate | null; last: IsoDate | null }): string {
	if (!span.first || !span.last) return '';
	const [from, to] = [span.first.slice(0, 4), span.last.slice(0, 4)];
	return from === to ? `, in ${from}` : `, ${from}–${to}`;
}

/**
 * ", all in Hunan", ", most in Hunan" (more than half), ", most often in Hunan" (first, alone): where the counts
 * the card shows put the entries; nothing when no one place or name stands out.
 */
function standsOut(counts: readonly Count[], total: number, verb: string): string {
	const [top, second] = counts;
	if (!top || total < 2 || top.n < 2) return '';
	if (top.n === total) return `, all ${verb} ${top.label}`;
	if (top.n * 2 > total) return `, most ${verb} ${top.label}`;
	return second && second.n === top.n ? '' : `, most often ${verb} ${top.label}`;
}

/** The NGO card's opening: how often it appears, where, and its newest entry in words (first page only). */
export function ngoLead(answer: NgoAnswer): string | null {
	const [newest] = answer.entries;
	if (!newest || answer.page.offset > 0) return null;
	const { org } = answer;
	const name = org.country ? `${org.name} (${org.country})` : org.name;
	const total = answer.page.total;
	const clause = entryClause(newest, { about: org.name });
	if (total === 1) return `${name} ${appears(1)}: ${clause}.`;
	return `${name} ${appears(total)}${yearsOf(answer.span)}${standsOut(answer.provinces, total, 'in')}; the latest: ${clause}.`;
}

/** The province card's opening: how much happened there, who most, and its newest entry in words. */
export function provinceLead(answer: ProvinceAnswer): string | null {
	const [newest] = answer.entries;
	if (!newest || answer.page.offset > 0) return null;
	const total = answer.page.total;
	const clause = entryClause(newest, { place: answer.province });
	if (total === 1) return `${answer.province} ${appears(1)}: ${clause}.`;
	return `${answer.province} ${appears(total)}${yearsOf(answer.span)}${standsOut(answer.orgs, total, 'naming')}; the latest: ${clause}.`;
}

/** The search's opening: how many match what was asked, and the first of them in words. */
export function searchLead(answer: SearchAnswer, asked: string | null): string | null {
	const [first] = answer.entries;
	if (!first || answer.page.offset > 0) return null;
	const total = answer.page.total;
	const searched = answer.respelled?.query ?? answer.query;
	const what = searched ? ` “${searched}”` : '';
	const filtered = asked ? ` (${asked})` : '';
	const place = answer.resolved.province;
	const clause = entryClause(first, place ? { place } : {});
	if (total === 1 && !answer.page.more) return `One entry matches${what}${filtered}: ${clause}.`;
	const which = answer.order === 'relevance' ? 'the closest match' : 'the newest';
	const count = answer.page.more ? `More than ${total}` : String(total);
	return `${count} entries match${what}${filtered}; ${which}: ${clause}.`;
}
