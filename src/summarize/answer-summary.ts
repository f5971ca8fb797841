import { citeEntry } from '../cite/cite-entry.js';
import { BODY_ROLE_NAMES, type Entry, type Evidence, FIELD_LABELS, type IsoDate } from '../domain/entry.js';
import { bodyKey } from '../domain/names.js';
import { truncateAtWord } from '../domain/text.js';
import type {
	Count,
	NgoAnswer,
	PageInfo,
	PartnerAnswer,
	ProvinceAnswer,
	RoleCount,
	SearchAnswer,
	StatsAnswer,
	Subject,
	Suggestion,
} from '../query/answers.js';
import { totalText } from '../query/answers.js';
import { type EntryEvidence, groupEvidence } from './entry-evidence.js';
import { type EntrySnippet, type Focus, citationOf, snippetOf } from './entry-snippet.js';
import type { Citation } from './entry-snippet.js';
import { ngoLead, provinceLead, searchLead } from './lead-sentence.js';

/** A labelled line of an overview ("Provinces: Sichuan (3), Hunan (1)"). */
export interface Fact {
	readonly label: string;
	readonly value: string;
	/** Set when the fact is a moment (ISO timestamp): Discord shows it in each reader's time zone, `value` elsewhere. */
	readonly at?: string;
}

/** What every surface (Discord, terminal, JSON) shows for an answer. */
export interface AnswerSummary {
	readonly kind: 'ngo' | 'partner' | 'province' | 'search' | 'stats' | 'ask' | 'ngos';
	readonly title: string;
	readonly subtitle: string | null;
	/** The opening sentence, from the facts and with citations ("… on 11 Apr 2019 [#10]."); null on later pages. */
	readonly lead: string | null;
	readonly facts: readonly Fact[];
	readonly items: readonly EntrySnippet[];
	readonly page: PageInfo | null;
	/** Said when there is nothing to list, with what to try instead. */
	readonly empty: string | null;
	readonly notes: readonly string[];
}

export interface EntryDetail {
	readonly kind: 'entry';
	readonly id: number;
	readonly title: string | null;
	readonly facts: readonly Fact[];
	readonly text: string;
	readonly citation: Citation;
	/** A ready-to-paste reference. */
	readonly cite: string;
	/** Why the facts are there; both lists empty for entries stored before evidence was kept. */
	readonly evidence: EntryEvidence;
}

export interface NoMatchSummary {
	readonly kind: 'no-match';
	readonly title: string;
	readonly message: string;
	readonly suggestions: readonly Suggestion[];
}

export interface SummaryOptions {
	/** The day "ago" is counted from; passed in so answers are deterministic. */
	readonly today: IsoDate;
}

const DAY_MS = 86_400_000;

/** "3 days ago", "5 months ago", "7 years ago", relative to `today`. */
export function ageLabel(date: IsoDate, today: IsoDate): string {
	const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
	if (days < 0) return 'in the future';
	if (days === 0) return 'today';
	if (days === 1) return 'yesterday';
	if (days < 60) return `${days} days ago`;
	if (days < 730) return `${Math.round(days / 30.4)} months ago`;
	return `${Math.floor(days / 365.25)} years ago`;
}

function countsLine(counts: readonly Count[], max = 5): string {
	const shown = counts.slice(0, max).map((c) => `${c.label} (${c.n})`);
	return counts.length > max ? `${shown.join(', ')}, +${counts.length - max} more` : shown.join(', ');
}

function spanLine(span: { first: IsoDate | null; last: IsoDate | null }, today: IsoDate): string | null {
	if (!span.first || !span.last) return null;
	if (span.first === span.last) return `${span.first} (${ageLabel(span.last, today)})`;
	return `${span.first} to ${span.last} (latest ${ageLabel(span.last, today)})`;
}

function withFact(facts: Fact[], label: string, value: string | null): void {
	if (value) facts.push({ label, value });
}

/**
 * Summaries already made for an answer object. The answer cache hands out the same /ngo, /province and /search answer
 * while the data stand, so a popular answer is summarized once per day (relative dates count from today) and
 * set of extra terms. Summaries are read-only values, like the answers they come from.
 */
const summaries = new WeakMap<object, { readonly key: string; readonly summary: AnswerSummary }>();

function remembered(answer: object, key: string, make: () => AnswerSummary): AnswerSummary {
	const kept = summaries.get(answer);
	if (kept?.key === key) return kept.summary;
	const summary = make();
	summaries.set(answer, { key, summary });
	return summary;
}

/** The NGO card: names, origin, where and what, when, then its newest entries. */
export function summarizeNgo(answer: NgoAnswer, options: SummaryOptions): AnswerSummary {
	return remembered(answer, options.today, () => ngoSummary(answer, options));
}

function ngoSummary(answer: NgoAnswer, options: SummaryOptions): AnswerSummary {
	const { org } = answer;
	const focus: Focus = { terms: [org.name, ...org.aliases] };
	const facts: Fact[] = [{ label: 'Entries', value: String(org.entryCount) }];
	withFact(facts, 'Seen', spanLine(answer.span, options.today));
	withFact(facts, 'Provinces', countsLine(answer.provinces));
	withFact(facts, 'Activities', countsLine(answer.types));
	withFact(facts, 'Origin', org.country);
	withFact(facts, 'Supervised by', rolesLine(answer.partners, ['supervisor']));
	withFact(facts, 'Partners', rolesLine(answer.partners, ['partner_unit', 'partner']));
	withFact(facts, 'Registered or met by', rolesLine(answer.partners, ['authority']));
	const fields = countsLine(answer.fields);
	withFact(facts, 'Fields', fields ? truncateAtWord(fields, ROLES_LINE_MAX) : null);
	const aliases = org.aliases.filter((alias) => alias !== org.name).slice(0, 6);
	const note = matchNote(answer);
	return {
		kind: 'ngo',
		title: org.name,
		subtitle: aliases.length ? `Also known as ${aliases.join(' · ')}` : null,
		lead: ngoLead(answer),
		facts,
		items: answer.entries.map((entry) => snippetOf(entry, focus)),
		page: answer.page,
		empty: answer.page.total === 0 ? `${org.name} has no entries yet.` : null,
		notes: note ? [note] : [],
	};
}

/** Which name or spelling matched, when it was not the organization's own name as typed. */
function matchNote(answer: NgoAnswer): string | null {
	const { query, matched, resolvedBy } = answer;
	const other = matched !== answer.org.name ? ', one of its other names' : '';
	switch (resolvedBy) {
		case 'name':
			return null;
		case 'alias':
			return `Found by “${matched}”${other}.`;
		case 'partial':
			return `No organization is named exactly “${query}”; only one name has these words: “${matched}”${other}.`;
		case 'fuzzy':
			return `No organization is named exactly “${query}”; the closest spelling is “${matched}”${other}.`;
	}
}

const ROLES_LINE_MAX = 200;

const ROLE_NOTE: Record<RoleCount['role'], string> = {
	authority: '',
	supervisor: '',
	partner_unit: ' (partner unit)',
	partner: '',
	participant: '',
};

/** "Zhejiang Department of Commerce (2) · Kunming Blue Sky Center (partner unit, 1)": the bodies in these roles. */
function rolesLine(counts: readonly RoleCount[], roles: readonly RoleCount['role'][], max = 5): string | null {
	const chosen = counts.filter((count) => roles.includes(count.role));
	if (chosen.length === 0) return null;
	const shown = chosen.slice(0, max).map((count) => `${count.name}${ROLE_NOTE[count.role]} (${count.n})`);
	const more = chosen.length > max ? ` · +${chosen.length - max} more` : '';
	// A card keeps room for its entries: a line of names is a glance, the partner's own card has the rest.
	return truncateAtWord(`${shown.join(' · ')}${more}`, ROLES_LINE_MAX);
}

const ROLE_VERB: Record<RoleCount['role'], string> = {
	authority: 'Registered, met or visited',
	supervisor: 'Supervised',
	partner_unit: 'Partner unit of',
	partner: 'Worked with',
	participant: 'Named with',
};

/** The card of a Chinese body: whom it supervised, partnered with, registered or met, then its newest entries. */
export function summarizePartner(answer: PartnerAnswer, options: SummaryOptions): AnswerSummary {
	const { body } = answer;
	const focus: Focus = { terms: body.aliases };
	const facts: Fact[] = [{ label: 'Entries', value: String(body.entryCount) }];
	withFact(facts, 'Seen', spanLine(answer.span, options.today));
	withFact(facts, 'Level', body.level);
	withFact(facts, 'Province', body.province);
	const roles = answer.roles.map((count) => ({
		...count,
		label: BODY_ROLE_NAMES[count.key as RoleCount['role']] ?? count.label,
	}));
	withFact(facts, 'Roles', countsLine(roles));
	// A body can also be read as an organization of its own entries ("in collaboration with X Center"); it is not
	// its own partner.
	const itself = new Set(body.aliases.map(bodyKey));
	const orgs = answer.orgs.filter((org) => !itself.has(bodyKey(org.name)));
	for (const role of ['supervisor', 'partner_unit', 'partner', 'authority', 'participant'] as const) {
		const inRole = orgs.filter((org) => org.role === role);
		withFact(facts, ROLE_VERB[role], inRole.length ? inRole.map((org) => `${org.name} (${org.n})`).join(' · ') : null);
	}
	const aliases = body.aliases.filter((alias) => alias !== body.name).slice(0, 6);
	return {
		kind: 'partner',
		title: body.name,
		subtitle: aliases.length ? `Also written ${aliases.join(' · ')}` : null,
		lead: null,
		facts,
		items: answer.entries.map((entry) => snippetOf(entry, focus)),
		page: answer.page,
		empty: answer.page.total === 0 ? `${body.name} has no entries yet.` : null,
		notes: [],
	};
}

/** The province card: how much happened, who and what, then the newest entries. */
export function summarizeProvince(
	answer: ProvinceAnswer,
	options: SummaryOptions,
	placeTerms: readonly string[],
): AnswerSummary {
	const key = `${options.today}\u0000${placeTerms.join('\u0000')}`;
	return remembered(answer, key, () => provinceSummary(answer, options, placeTerms));
}

function provinceSummary(
	answer: ProvinceAnswer,
	options: SummaryOptions,
	placeTerms: readonly string[],
): AnswerSummary {
	const facts: Fact[] = [{ label: 'Entries', value: String(answer.page.total) }];
	withFact(facts, 'Dates', spanLine(answer.span, options.today));
	withFact(facts, 'Top NGOs', countsLine(answer.orgs));
	withFact(facts, 'Activities', countsLine(answer.types));
	const notes =
		answer.matched.toLowerCase() !== answer.province.toLowerCase()
			? [`“${answer.query}” is read as ${answer.province}.`]
			: [];
	return {
		kind: 'province',
		title: answer.zh ? `${answer.province} ${answer.zh}` : answer.province,
		subtitle: null,
		lead: provinceLead(answer),
		facts,
		items: answer.entries.map((entry) => snippetOf(entry, { terms: placeTerms })),
		page: answer.page,
		empty: answer.page.total === 0 ? `No entries mention ${answer.province} yet.` : null,
		notes,
	};
}

export function filterLine(answer: {
	filters: SearchAnswer['filters'];
	resolved: SearchAnswer['resolved'];
}): string | null {
	const parts: string[] = [];
	if (answer.resolved.province ?? answer.filters.province)
		parts.push(`province ${answer.resolved.province ?? answer.filters.province}`);
	if (answer.resolved.org ?? answer.filters.ngo) parts.push(`NGO ${answer.resolved.org?.name ?? answer.filters.ngo}`);
	if (answer.resolved.partner ?? answer.filters.partner)
		parts.push(`partner ${answer.resolved.partner?.name ?? answer.filters.partner}`);
	if (answer.resolved.field ?? answer.filters.field)
		parts.push(`field ${answer.resolved.field ? FIELD_LABELS[answer.resolved.field] : answer.filters.field}`);
	if (answer.filters.country) parts.push(`origin ${answer.filters.country}`);
	if (answer.filters.type) parts.push(`type ${answer.filters.type}`);
	if (answer.filters.from || answer.filters.to)
		parts.push(`dates ${answer.filters.from ?? '…'} to ${answer.filters.to ?? '…'}`);
	return parts.length ? parts.join(' · ') : null;
}

/** Search results: how many, where and who among them, then the matches with the matching sentences. */
export function summarizeSearch(
	answer: SearchAnswer,
	options: SummaryOptions,
	extraTerms: readonly string[] = [],
): AnswerSummary {
	const key = `${options.today}\u0000${extraTerms.join('\u0000')}`;
	return remembered(answer, key, () => searchSummary(answer, extraTerms));
}

function searchSummary(answer: SearchAnswer, extraTerms: readonly string[]): AnswerSummary {
	// The words searched: the respelled ones when the words typed matched nothing.
	const searched = answer.respelled?.query ?? answer.query;
	const terms = [...searched.split(/\s+/).filter((word) => word.length > 2), ...extraTerms];
	if (answer.resolved.org) terms.push(answer.resolved.org.name, ...answer.resolved.org.aliases);
	if (answer.resolved.partner) terms.push(...answer.resolved.partner.aliases);
	const facts: Fact[] = [{ label: 'Matches', value: totalText(answer.page) }];
	withFact(facts, 'Filters', filterLine(answer));
	const among = answer.page.more || answer.page.total > answer.sampled ? ` (among the newest ${answer.sampled})` : '';
	withFact(facts, `Provinces${among}`, countsLine(answer.provinces));
	withFact(facts, `NGOs${among}`, countsLine(answer.orgs));
	withFact(facts, `Activities${among}`, countsLine(answer.types));
	const notes: string[] = [];
	if (answer.respelled) {
		const typed = answer.respelled.replaced.map(([word]) => `“${word}”`).join(', ');
		notes.push(`Nothing contains ${typed}; showing “${answer.respelled.query}” instead.`);
	}
	const guesses = [...answer.didYouMean.map((s) => s.name), ...answer.spellings.map((query) => `“${query}”`)];
	const empty =
		answer.page.total === 0
			? guesses.length
				? `Nothing matches “${answer.query}”. Did you mean ${orList(guesses)}?`
				: `Nothing matches “${answer.query}”${filterLine(answer) ? ' with these filters' : ''}. Try fewer words or filters.`
			: null;
	return {
		kind: 'search',
		title: answer.query ? `Search: ${answer.query}` : 'Search',
		subtitle: answer.order === 'relevance' ? 'Most relevant first' : 'Newest first',
		lead: searchLead(answer, filterLine(answer)),
		facts,
		// Why each entry matched: the words searched for, bold.
		items: answer.entries.map((entry) =>
			snippetOf(entry, { terms }, answer.matchedBy === 'filters' ? undefined : searched),
		),
		page: answer.page,
		empty,
		notes,
	};
}

/** "A", "A or B", "A, B or C". */
function orList(items: readonly string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Counts by province, type, field of work and year for a filtered slice of the corpus. */
export function summarizeStats(answer: StatsAnswer, options: SummaryOptions): AnswerSummary {
	const facts: Fact[] = [{ label: 'Entries', value: String(answer.total) }];
	withFact(facts, 'Filters', filterLine(answer));
	withFact(facts, 'Dates', spanLine(answer.span, options.today));
	withFact(facts, 'By province', countsLine(answer.byProvince, 10));
	withFact(facts, 'By type', countsLine(answer.byType, 12));
	withFact(facts, 'By field of work', countsLine(answer.byField, 8));
	withFact(facts, 'By year', answer.byYear.map((c) => `${c.label}: ${c.n}`).join(', ') || null);
	withFact(facts, 'Documents', String(answer.documents));
	if (answer.lastIngestAt) {
		const at = answer.lastIngestAt;
		facts.push({ label: 'Last ingest', value: `${at.slice(0, 16).replace('T', ' ')} UTC`, at });
	}
	return {
		kind: 'stats',
		title: 'Coverage',
		subtitle: null,
		lead: null,
		facts,
		items: [],
		page: null,
		empty: answer.total === 0 ? 'No entries match these filters.' : null,
		notes: [],
	};
}

/** One entry in full with its citation and, when given, the words its facts came from (query `evidence`). */
export function summarizeEntry(entry: Entry, options: SummaryOptions, evidence: readonly Evidence[] = []): EntryDetail {
	const facts: Fact[] = [];
	withFact(facts, 'Date', entry.date ?? 'no exact date');
	withFact(facts, 'Provinces', entry.provinces.join(', ') || null);
	withFact(
		facts,
		'Organizations',
		entry.orgs.map((org) => (org.country ? `${org.name} (${org.country})` : org.name)).join('; ') || null,
	);
	withFact(facts, 'Type', entry.type);
	withFact(
		facts,
		'Chinese bodies',
		entry.partners.map((partner) => `${partner.name} (${BODY_ROLE_NAMES[partner.role]})`).join('; ') || null,
	);
	withFact(facts, 'Fields of work', entry.fields.map((field) => FIELD_LABELS[field]).join(', ') || null);
	withFact(facts, 'Source', entry.source.title ?? entry.source.path);
	withFact(facts, 'Published', entry.source.published);
	if (entry.eventId !== entry.id) withFact(facts, 'Counted as', `#${entry.eventId}: this report tells its event again`);
	withFact(facts, 'Same event told by', otherSourcesLine(entry));
	return {
		kind: 'entry',
		id: entry.id,
		title: entry.title,
		facts,
		text: entry.text,
		citation: citationOf(entry),
		cite: citeEntry(entry, 'plain', { accessed: options.today }),
		evidence: groupEvidence(evidence),
	};
}

/** "#14 China Development Brief: Title (2019-02-27) — same registration; …": the event's other sources and why. */
function otherSourcesLine(entry: Entry): string | null {
	const lines = entry.otherSources.map((other) => {
		const where = other.source.title ?? other.source.url ?? other.source.path ?? 'unknown source';
		const when = other.date ?? other.source.published;
		return `#${other.entryId} ${where}${when ? ` (${when})` : ''}${other.reason ? ` — ${other.reason}` : ''}`;
	});
	return lines.length ? truncateAtWord(lines.join('; '), ROLES_LINE_MAX * 2) : null;
}

/** "No match" with what to try instead: close names as "did you mean", otherwise the most active ones. */
export function summarizeNoMatch(
	what: Subject,
	query: string,
	suggestions: readonly Suggestion[],
	reason: 'no-match' | 'ambiguous' = 'no-match',
): NoMatchSummary {
	const noun = what === 'ngo' ? 'organization' : what === 'partner' ? 'Chinese body' : 'province';
	const close = suggestions.some((s) => s.reason !== 'popular');
	let message: string;
	if (what === 'entry')
		message = `There is no entry #${query}. Entry numbers appear in answers as #12; /search finds entries by words.`;
	else if (what === 'partner')
		message =
			close && suggestions.length
				? `No Chinese body the entries name matches “${query}”. Did you mean one of these?`
				: `No Chinese body the entries name matches “${query}”. Try a word of its name, like Commerce or Hunan${suggestions.length ? ', or one of the most named:' : '.'}`;
	else if (reason === 'ambiguous') message = `“${query}” could be several organizations. Which one did you mean?`;
	else if (close && suggestions.length) message = `No ${noun} matches “${query}”. Did you mean one of these?`;
	else if (what === 'province')
		message = `“${query}” is not a province-level division of China. Try a name like Hunan, 湖南, or a city like Chengdu.`;
	else if (suggestions.length)
		message = `No organization matches “${query}”. Try part of its name, /search for words in the text, or one of the most active:`;
	else message = `No organization matches “${query}”. Try part of its name, or /search for words in the text.`;
	return { kind: 'no-match', title: 'No match', message, suggestions: what === 'entry' ? [] : suggestions };
}
