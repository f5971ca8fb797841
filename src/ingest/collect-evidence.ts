import { BODY_ROLE_NAMES, type Evidence, type EvidenceField, type OrgMention } from '../domain/entry.js';
import type { FieldCue } from './classify-fields.js';
import type { TypeCue } from './classify-type.js';
import type { BodyReading } from './extract-bodies.js';
import type { OriginSpan } from './extract-orgs.js';
import type { OrgSpan, PlaceReading, PlaceRole, TextSpan } from './extract-provinces.js';

/**
 * Where the facts of an entry were read: the analysed text is the entry's title and text joined by a blank line
 * (or the text alone), and every span found in it is given back against the field it falls in.
 */
export interface EvidenceSource {
	readonly title: string | null;
	readonly text: string;
	/** Whether the analysed text starts with the title followed by "\n\n" and the text. */
	readonly titleFirst: boolean;
}

export interface EvidenceInput {
	readonly source: EvidenceSource;
	readonly places: readonly PlaceReading[];
	readonly orgs: readonly OrgMention[];
	readonly names: readonly OrgSpan[];
	readonly origins: readonly OriginSpan[];
	readonly date: {
		readonly quote: string;
		readonly role: string;
		readonly value: string;
		readonly span?: TextSpan;
	} | null;
	readonly type: { readonly cue: TypeCue; readonly span: TextSpan | null; readonly field: EvidenceField } | null;
	readonly bodies: readonly BodyReading[];
	readonly fields: readonly FieldCue[];
}

// Evidence says what the body did there: a participant "took part".
const BODY_ROLE_WORDS: Record<BodyReading['role'], string> = { ...BODY_ROLE_NAMES, participant: 'took part' };

const PLACE_ROLES: Record<PlaceRole, string> = {
	authority: 'acting authority',
	activity: 'activity place',
	'org-name': 'in the name of an organization working there',
	office: 'an organization’s office there',
	aside: 'remark in parentheses',
	origin: 'origin of an organization',
	people: 'where people came from',
	topic: 'names a body, not a place of activity',
	dateline: 'dateline',
	company: 'home of a company',
	mentioned: 'mentioned; nothing is said to happen there',
};

/** Places the evidence of a span of the analysed text in the entry's title or text, or null if it crosses both. */
function locate(source: EvidenceSource, span: TextSpan): { field: EvidenceField; start: number; end: number } | null {
	if (!source.titleFirst || source.title === null) return { field: 'text', start: span.start, end: span.end };
	const titleLength = source.title.length;
	if (span.end <= titleLength) return { field: 'title', start: span.start, end: span.end };
	const offset = titleLength + 2;
	if (span.start >= offset) return { field: 'text', start: span.start - offset, end: span.end - offset };
	return null;
}

function quoteOf(source: EvidenceSource, field: EvidenceField, start: number, end: number): string {
	return (field === 'title' ? (source.title ?? '') : source.text).slice(start, end);
}

/** The words each fact of an entry came from, in the order date, provinces, orgs, countries, type. */
export function collectEvidence(input: EvidenceInput): Evidence[] {
	const rows: Evidence[] = [];
	const push = (row: Omit<Evidence, 'field' | 'start' | 'end' | 'quote'>, span: TextSpan) => {
		const at = locate(input.source, span);
		if (!at) return;
		const quote = quoteOf(input.source, at.field, at.start, at.end);
		if (quote.trim() === '') return;
		// Written out rather than spread: spreading rows of five shapes took a slow path (~2 µs a row).
		const { fact, value, subject, role, counted } = row;
		rows.push({ fact, value, subject, role, counted, field: at.field, start: at.start, end: at.end, quote });
	};

	if (input.date) {
		// A date's span is in the entry's text; words outside it (a heading, the page date) are on the page.
		const { value, role, quote, span } = input.date;
		// Written out rather than spread, as in push().
		const fact = 'date';
		if (span && input.source.text.slice(span.start, span.end) === quote) {
			rows.push({
				fact,
				value,
				subject: null,
				role,
				counted: true,
				field: 'text',
				start: span.start,
				end: span.end,
				quote,
			});
		} else rows.push({ fact, value, subject: null, role, counted: true, field: 'page', start: null, end: null, quote });
	}

	// One row per province and role: the first words of each kind. A place not counted here but counted through
	// other words is not shown as "not counted".
	const seen = new Set<string>();
	const counted = new Set(input.places.filter((place) => place.counted).map((place) => place.province));
	for (const place of input.places) {
		const key = `${place.province}|${place.role}|${place.counted}`;
		if (seen.has(key) || (!place.counted && counted.has(place.province))) continue;
		seen.add(key);
		let role = PLACE_ROLES[place.role];
		if (place.org && (place.role === 'origin' || place.role === 'org-name')) {
			role = place.role === 'origin' ? `origin of ${place.org}` : `in the name of ${place.org}`;
		}
		if (place.mention.via === 'city' && place.mention.city && place.counted)
			role += ` (${place.mention.city} is in ${place.province})`;
		if (!place.counted && (place.role === 'office' || place.role === 'aside' || place.role === 'dateline')) {
			role += '; the entry says elsewhere where it happened';
		}
		push({ fact: 'province', value: place.province, subject: null, role, counted: place.counted }, place.quote);
	}

	for (const org of input.orgs) {
		const named = input.names.find((span) => span.org === org.name);
		if (named) push({ fact: 'org', value: org.name, subject: null, role: 'named', counted: true }, named);
	}
	for (const org of input.orgs) {
		if (!org.country) continue;
		const origin = input.origins.find((span) => span.org === org.name && span.country === org.country);
		if (origin) {
			push({ fact: 'country', value: org.country, subject: org.name, role: origin.how, counted: true }, origin);
		}
	}

	for (const body of input.bodies) {
		push(
			{ fact: 'partner', value: body.name, subject: null, role: BODY_ROLE_WORDS[body.role], counted: true },
			body.span,
		);
	}
	for (const cue of input.fields) {
		push({ fact: 'field', value: cue.field, subject: null, role: 'what the work is about', counted: true }, cue);
	}

	if (input.type?.span) {
		const { cue, span, field } = input.type;
		const quote = (field === 'title' ? (input.source.title ?? '') : input.source.text).slice(span.start, span.end);
		if (quote.trim() !== '') {
			rows.push({
				fact: 'type',
				value: cue.type,
				subject: null,
				role: cue.topic ? 'what the entry is about' : 'main action',
				counted: true,
				field,
				start: span.start,
				end: span.end,
				quote,
			});
		}
	}
	return rows;
}
