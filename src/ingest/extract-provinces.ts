import type { Gazetteer, PlaceMention, ProvinceName } from './gazetteer.js';
import { execAll } from '../domain/matches.js';

export interface TextSpan {
	readonly start: number;
	readonly end: number;
}

/** A span of text that belongs to one organization: its name, or the words stating its origin. */
export interface OrgSpan extends TextSpan {
	/** The organization's name as extracted. */
	readonly org: string;
}

/** Regions outside the mainland: counted only when something is said to happen there. */
export const OUTSIDE_MAINLAND: ReadonlySet<ProvinceName> = new Set(['Hong Kong', 'Macau', 'Taiwan']);

/**
 * What a place mention says: where the activity happens (`authority`, `activity`, `org-name`), where an org
 * has an office (`office`), a remark in parentheses (`aside`), or nothing about the activity's place
 * (`origin`, `people`, `topic`, `mentioned`).
 */
export type PlaceRole =
	| 'authority'
	| 'activity'
	| 'org-name'
	| 'office'
	| 'aside'
	| 'origin'
	| 'people'
	| 'topic'
	| 'dateline'
	| 'company'
	| 'mentioned';

const PRIMARY: ReadonlySet<PlaceRole> = new Set(['authority', 'activity', 'org-name']);
// Counted only when nothing else in the entry says where it happened.
const FALLBACK: ReadonlySet<PlaceRole> = new Set(['office', 'aside', 'dateline']);

export interface PlaceReading {
	readonly province: ProvinceName;
	readonly role: PlaceRole;
	/** Whether the province is one of the entry's activity places. */
	readonly counted: boolean;
	readonly mention: PlaceMention;
	/** The words that show the role ("Hunan PSB Foreign NGO Management Office", "(Hong Kong)"). */
	readonly quote: TextSpan;
	/** The organization a place is the origin, name or office of. */
	readonly org: string | null;
}

export interface PlaceContext {
	/** Names of the organizations found in the text. */
	readonly orgNames?: readonly OrgSpan[];
	/** Words stating an organization's origin: "(Hong Kong)", "Hong Kong-based", "based in Belgium". */
	readonly origins?: readonly OrgSpan[];
}

// Words between a place and the body it names: "Inner Mongolia Autonomous Region Public Security Bureau",
// "Hubei province and Wuhan City PSB", "Guangdong Province, Zhuhai City Public Security Bureau".
const AUTHORITY_WORDS = String.raw`(?:PSBs?|Public Security|Foreign NGO Management|Overseas NGOs? Management|Bureau|Department|Commission|Administration|Government|government|Committee|Procuratorate|Court|Police|Civil Affairs|Party Committee|People['’]s Congress|Health Commission|Education Commission|Foreign Affairs Office)`;
const AUTHORITY_NOUN = String.raw`${AUTHORITY_WORDS}\b`;
const PLACE_QUALIFIER = String.raw`(?:Province|Provincial|Municipal(?:ity)?|City|County|Prefecture|District|Autonomous|Region|Special|Administrative|SAR|Uighur|Uyghur|Hui|Zhuang|Tibetan|Korean|Mongolian|province|provincial|municipal|city|county|prefecture|district|and|the|[\p{Lu}][\p{L}’'-]+)`;
const AUTHORITY_AFTER = new RegExp(
	String.raw`^(?:['’]s)?(?:[\s,]+${PLACE_QUALIFIER}){0,7}?[\s,]+(?:\((?:PSB|[A-Z]{2,6})\)\s+)?${AUTHORITY_NOUN}`,
	'u',
);
// "the Public Security Bureau of Xinjiang Autonomous Region", "Department of Public Security of Henan Province".
const AUTHORITY_BEFORE = new RegExp(String.raw`${AUTHORITY_WORDS}(?:\s+\(\w+\))?\s+of\s+(?:the\s+)?$`, 'u');

// "Hong Kong youth", "36 Hong Kong high school students", "Beijing residents".
const PEOPLE_NOUN = String.raw`(?:students?|(?:high )?schoolers?|youths?|young people|people|residents|citizens|children|teachers|volunteers|visitors|delegates|delegations?|journalists|compatriots|tourists|experts|scholars|guests|athletes|entrepreneurs|businesspeople|natives?)`;
const PEOPLE_AFTER = new RegExp(String.raw`^\s+(?:[\p{L}-]+\s+){0,2}${PEOPLE_NOUN}\b`, 'iu');
// "volunteers from Shenzhen", "12 foreign NGOs from Hong Kong and Macau".
const FROM_BEFORE = new RegExp(
	String.raw`\b(?:${PEOPLE_NOUN}|man|men|woman|women|boys?|girls?|officials?|staff|representatives?|backpackers?|NGOs|INGOs|organi[sz]ations|groups|charities|foundations|associations|companies|enterprises)\s+(?:who\s+(?:came|come)\s+)?from\s+(?:the\s+)?(?:[\p{Lu}][\p{L}’'-]*[\s,]+(?:and\s+)?){0,6}$`,
	'u',
);
// "based in Belgium", "incorporated in Hong Kong", and "Hong Kong-based".
const BASED_BEFORE = /\b(?:based|incorporated|headquartered)\s+in\s+(?:the\s+)?$/i;
// Outside the mainland, where an org was registered or founded is its origin; on the mainland it is the news.
const FOUNDED_BEFORE = /\b(?:registered|established|founded|set up)\s+in\s+(?:the\s+)?$/i;
const BASED_AFTER = /^\s*-\s*based\b|^-(?:based|registered|headquartered)\b/i;

// An org's office: "Oxfam’s Beijing and Yunnan offices", "Save the Children’s (United Kingdom) representative
// office in Beijing", "the Yunnan branch office of the Go and Love Foundation", "Casa Ricci’s Kunming office".
const OFFICE_AFTER =
	/^(?:\s+and\s+[\p{Lu}][\p{L}’'-]*(?:\s[\p{Lu}][\p{L}’'-]*)?)?\s+(?:representative\s+|branch\s+|regional\s+|country\s+|project\s+)?(?:offices?|branch(?:es)?)\b/u;
const OFFICE_BEFORE = /\b(?:representative\s+)?(?:offices?|branch(?:es)?|headquarters)\s+in\s+(?:the\s+)?$/i;
// "A new office in Yunnan", "its first representative office in Hunan": the opening is the news.
const NEW_OFFICE = /\b(?:new|first)\s+(?:representative\s+|branch\s+)?(?:offices?|branch(?:es)?)\s+in\s+(?:the\s+)?$/i;
// The office is what was registered or opened: the registration happens there.
const OFFICE_OPENED =
	/\b(?:regist(?:er|ers|ered|ering)|set(?:s|ting)? up|open(?:s|ed|ing)?|establish(?:es|ed|ing)?|launch(?:es|ed|ing)?)\b[^.;]{0,40}$/i;
const POSSESSED =
	/['’]s\s*(?:\([^)]{1,40}\)\s*)?(?:(?:[\p{Lu}][\p{L}’'-]*|and)\s+){0,3}$|\b(?:of|from)\s+(?:the\s+|its\s+|their\s+)?$/u;
// "Oxfam is also registered in Guangdong", "had already registered an office in Sichuan": a standing fact.
const STANDING =
	/\b(?:is|are|was|were|has been|have been|had been|had)\s+(?:also\s+|already\s+|previously\s+)*(?:registered|based|active|present|operating)\b[^.;]{0,40}$|\bhad\s+(?:also\s+|already\s+|previously\s+)*registered\b[^.;]{0,40}$/i;

// "BEIJING - The Communist Youth League …", "KUNMING, May 3 (Xinhua) --": where the reporter filed from.
const DATELINE_AFTER =
	/^(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)]{1,30}\))?\s*)?\s*(?:-{1,2}|–|—)\s/u;
// "Dalian Wanda Group Corporation Ltd.": a company's home city.
const COMPANY_AFTER =
	/^(?:\s+[\p{Lu}][\p{L}&’'-]*){0,4}\s+(?:Group|Corporation|Corp|Company|Co\.|Ltd|Limited|Inc|Holdings|Bank|Securities|Insurance|Industries)\b/u;

// Outside the mainland, a place counts when something is said to happen there: "a forum held in Hong Kong".
const EVENT_THERE =
	/\b(?:held|took place|takes place|hosted|organi[sz]ed|conducted|carried out|launched|opened|implemented|visited|visit(?:s|ing)?|trip|tour|travel(?:l?ed|s|ling)?|went|came|arrived|working|works|work|operates?|operating|activities)\b[^.;:]{0,60}?\b(?:in|at|to)\s+(?:the\s+)?$/i;

const LOCATIVE_BEFORE = /\b(?:in|at|to|across|throughout)\s+(?:the\s+)?$/i;
// "NGOs in Hong Kong", "the consulate in Hong Kong", "students in Macau": where something is from or based.
const HOME_NOUN_BEFORE =
	/\b(?:NGOs?|INGOs?|organi[sz]ations?|groups?|offices?|branch(?:es)?|consulates?|embassy|based|registered|incorporated|headquartered|founded|established|companies|firms|students?|people|residents|citizens|youths?|members|volunteers|those|ones|counterparts|partners|colleagues|charities|foundations|associations|authorities|officials|government|belong(?:s|ed|ing)?|return(?:ed|ing)?|back)\s+(?:in|at|to)\s+(?:the\s+)?$/i;
const EVENT_AFTER =
	/^[^.;:()]{0,40}?\b(?:held|hosted|organi[sz]ed|launched|conducted|carried out|took place|opened|signed|convened|issued|presented|awarded|granted|gave|met|visited|donated|trained|registered)\b/i;

/** Reads the role of every place a text mentions (see PlaceRole); the spans refer to `text`. */
export function readPlaces(text: string, gazetteer: Gazetteer, context: PlaceContext = {}): PlaceReading[] {
	const mentions = gazetteer.findMentions(text);
	const asides = asideSpans(text);
	const readings: Omit<PlaceReading, 'counted'>[] = mentions.map((mention) => readOne(text, mention, context, asides));
	const primary = readings.some((reading) => PRIMARY.has(reading.role));
	return readings.map((reading) => ({
		...reading,
		counted: PRIMARY.has(reading.role) || (!primary && FALLBACK.has(reading.role)),
	}));
}

/** The provinces where the activity happens, each once, in order of first mention. */
export function activityProvinces(readings: readonly PlaceReading[]): ProvinceName[] {
	const out: ProvinceName[] = [];
	for (const reading of readings) if (reading.counted && !out.includes(reading.province)) out.push(reading.province);
	return out;
}

/** Convenience: the activity provinces of a text read with `context`. */
export function extractProvinces(text: string, gazetteer: Gazetteer, context: PlaceContext = {}): ProvinceName[] {
	return activityProvinces(readPlaces(text, gazetteer, context));
}

function inside(span: TextSpan, mention: TextSpan): boolean {
	return mention.start < span.end && mention.end > span.start;
}

function readOne(
	text: string,
	mention: PlaceMention,
	context: PlaceContext,
	asides: readonly TextSpan[],
): Omit<PlaceReading, 'counted'> {
	const outside = OUTSIDE_MAINLAND.has(mention.province);
	const at = { start: mention.start, end: mention.end };
	const make = (role: PlaceRole, quote: TextSpan = at, org: string | null = null) => ({
		province: mention.province,
		role,
		mention,
		quote,
		org,
	});
	const before = text.slice(Math.max(0, mention.start - 120), mention.start);
	const sentenceBefore = before.slice(Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n')) + 1);
	const after = text.slice(mention.end, mention.end + 160);

	const origin = context.origins?.find((span) => inside(span, mention));
	if (origin) return make('origin', origin, origin.org);
	const named = context.orgNames?.find((span) => inside(span, mention));
	// "Hong Kong Society for Rehabilitation" says where the org is from; "Yunnan Youth Development Foundation"
	// works in Yunnan.
	if (named) return make(outside ? 'origin' : 'org-name', named, named.org);
	const aside = asides.find((span) => inside(span, mention));
	if (aside) return make('aside', aside);
	const based = BASED_AFTER.exec(after);
	if (based) return make('origin', { start: mention.start, end: mention.end + based[0].length });
	if (BASED_BEFORE.test(before)) return make('origin', phraseBefore(text, mention, BASED_BEFORE));
	if (outside && FOUNDED_BEFORE.test(before)) return make('origin', phraseBefore(text, mention, FOUNDED_BEFORE));

	// A dateline opens a paragraph in capitals.
	const lineStart = mention.start === 0 || /\n\s*$/.test(text.slice(Math.max(0, mention.start - 3), mention.start));
	if (lineStart && mention.surface === mention.surface.toUpperCase()) {
		const dateline = DATELINE_AFTER.exec(after);
		if (dateline) return make('dateline');
	}

	const people = PEOPLE_AFTER.exec(after);
	if (people) return make('people', { start: mention.start, end: mention.end + people[0].length });
	const lowered = sentenceBefore.replace(/^\s*\p{Lu}/u, (first) => first.toLowerCase());
	if (FROM_BEFORE.test(lowered)) return make('people', phraseBefore(text, mention, /\bfrom\s+(?:the\s+)?$/i));

	const authorityAfter = AUTHORITY_AFTER.exec(after);
	if (authorityAfter || AUTHORITY_BEFORE.test(before)) {
		// "Taiwan Affairs Office" is a mainland body about Taiwan, not an authority acting there.
		if (outside) return make('topic');
		const quote = authorityAfter
			? { start: mention.start, end: mention.end + authorityAfter[0].length }
			: extendLeftOverName(text, phraseBefore(text, mention, AUTHORITY_BEFORE));
		return make('authority', extendOverName(text, quote));
	}

	const company = COMPANY_AFTER.exec(after);
	if (company) return make('company', { start: mention.start, end: mention.end + company[0].length });

	const office = officeRole(text, mention, before, after);
	if (office) return make(office.role, office.quote);
	if (STANDING.test(sentenceBefore)) return make('office', phraseBefore(text, mention, STANDING));

	if (outside) {
		if (EVENT_THERE.test(sentenceBefore)) return make('activity', phraseBefore(text, mention, EVENT_THERE));
		// "the authorities in Hong Kong held a symposium": the actors there act.
		const held = /\bin\s+(?:the\s+)?$/i.test(before) ? EVENT_AFTER.exec(after) : null;
		if (held) return make('activity', { start: mention.start, end: mention.end + held[0].length });
		// "donated 470,000 yuan to support schools in Macau": a place the action is in, not the home of a noun.
		// "changes to Hong Kong’s extradition law": a possessive names an owner, not where something happens.
		if (LOCATIVE_BEFORE.test(before) && !HOME_NOUN_BEFORE.test(before) && !/^['’]s\b/.test(after)) {
			return make('activity', phraseBefore(text, mention, LOCATIVE_BEFORE));
		}
		return make('mentioned');
	}
	return make('activity', prepositionPhrase(text, mention));
}

function officeRole(
	text: string,
	mention: PlaceMention,
	before: string,
	after: string,
): { role: PlaceRole; quote: TextSpan } | null {
	const officeAfter = OFFICE_AFTER.exec(after);
	if (officeAfter) {
		const quote = { start: mention.start, end: mention.end + officeAfter[0].length };
		// "the Hubei representative office of X recently organized …" is the actor; "X’s Beijing office" its home.
		if (OFFICE_OPENED.test(before)) return { role: 'activity', quote };
		return { role: 'office', quote };
	}
	if (OFFICE_BEFORE.test(before)) {
		const quote = phraseBefore(text, mention, OFFICE_BEFORE);
		if (NEW_OFFICE.test(before)) return { role: 'activity', quote: phraseBefore(text, mention, NEW_OFFICE) };
		const lead = before.slice(0, before.length - (mention.start - quote.start));
		if (OFFICE_OPENED.test(lead) && !POSSESSED.test(lead.replace(/\s*(?:representative\s+)?$/i, ''))) {
			return { role: 'activity', quote };
		}
		return { role: 'office', quote };
	}
	return null;
}

/** The span from where `pattern` matches before the mention to the mention's end. */
function phraseBefore(text: string, mention: PlaceMention, pattern: RegExp): TextSpan {
	const from = Math.max(0, mention.start - 120);
	const m = pattern.exec(text.slice(from, mention.start));
	return { start: m ? from + m.index : mention.start, end: mention.end };
}

/** "in Kunming", "to Hubei": the place with the preposition that governs it. */
function prepositionPhrase(text: string, mention: PlaceMention): TextSpan {
	const m = /\b(?:in|at|to|across|throughout|around|near|from)\s+(?:the\s+)?$/i.exec(
		text.slice(Math.max(0, mention.start - 20), mention.start),
	);
	return { start: m ? mention.start - m[0].length : mention.start, end: mention.end };
}

/** Extends an authority's span over the rest of its capitalized name ("… PSB Foreign NGO Management Office"). */
function extendOverName(text: string, span: TextSpan): TextSpan {
	const rest = /^(?:\s+\(\w+\))?(?:\s+[\p{Lu}][\p{L}’'-]*)*/u.exec(text.slice(span.end, span.end + 80));
	return { start: span.start, end: span.end + (rest?.[0].length ?? 0) };
}

/** Extends a span left over the capitalized words before it ("Public Security" of "… Bureau of Xinjiang"). */
function extendLeftOverName(text: string, span: TextSpan): TextSpan {
	const m = /(?:[\p{Lu}][\p{L}’'-]*\s+)*$/u.exec(text.slice(Math.max(0, span.start - 80), span.start));
	const words = (m?.[0] ?? '').replace(/^(?:The|A|An)\s+/, '');
	return { start: span.start - words.length, end: span.end };
}

const ASIDE = /\(([^()]{1,400})\)|\[([^[\]]{1,600})\]/g;

/** Remarks in parentheses or brackets of four words or more: "(in addition to Beijing, Oxfam is also …)". */
function asideSpans(text: string): TextSpan[] {
	const spans: TextSpan[] = [];
	for (const m of execAll(ASIDE, text)) {
		const inner = m[1] ?? m[2] ?? '';
		if (inner.trim().split(/\s+/).length >= 4) spans.push({ start: m.index, end: m.index + m[0].length });
	}
	return spans;
}
