import type { BodyLevel, BodyRole, PartnerMention } from '../domain/entry.js';
import { bodyKey } from '../domain/names.js';
import type { Gazetteer } from './gazetteer.js';
import type { OrgSpan, TextSpan } from './extract-provinces.js';
import { execAll } from '../domain/matches.js';

/**
 * Chinese counterparts an entry names (public security bureaus, departments, commissions, universities, hospitals,
 * domestic partner groups) and the role the text gives them: the acting authority, the Professional Supervisory
 * Unit, the Chinese Partner Unit, a partner ("in collaboration with …"), or a body that took part.
 */
export interface BodyReading extends PartnerMention {
	/** The words the body and its role were read from (analysed-text offsets). */
	readonly span: TextSpan;
}

// Heads of names of state and public bodies, and of the institutions partner units usually are.
const STATE_HEAD =
	/\b(?:PSBs?|Public Security(?: (?:Bureau|Department))?|Bureau|Department|Commission|Administration|Ministry|Office|Government|Committee|Procuratorate|Court|Federation|League)\b/;
const INSTITUTION_HEAD = /\b(?:University|College|School|Hospital|Institute|Academy|Center|Centre)\b/;
const NAME_WORD = String.raw`[\p{Lu}][\p{L}’'&-]*`;
// Glue inside one line: "of", "for" (with "the"), "and" and "&" between words of one name, a comma before a
// place's unit ("Guangdong Province, Zhuhai City PSB").
const GLUE = String.raw`(?:[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?|[ \t]+(?:and|&)[ \t]+|[ \t]+|,[ \t]+(?=${NAME_WORD}[ \t]+(?:PSB|City|Province|Municipal)))`;
// A capitalized name: "Jiangxi Province Public Security Bureau (PSB) Foreign NGO Management Office",
// "Department of Commerce of Zhejiang Province", "Harbin Municipal Office of Mental Health and Prevention".
const NAME = new RegExp(String.raw`${NAME_WORD}(?:(?:${GLUE}|[ \t]+\((?:PSB|PSD|MPS)\)[ \t]+)${NAME_WORD})*`, 'gu');
// Titles of documents and kinds of bodies, not bodies: "Measures for …", "Foreign NGOs", "Representative Office of …".
const NOT_A_BODY =
	/^(?:Measures|Method|Notice|Plan|Regulations?|Rules|Guidelines|Opinions|Law|Outline|Announcement|Provisions)\b|\b(?:NGOs|INGOs|PSUs|CPUs|Organizations|Organisations)$|\bRepresentative Offices?\b/;

const PUBLIC_SECURITY =
	/\b(?:PSBs?|Public Security|Foreign NGO Management|Overseas NGOs? Management|Administration Office of Overseas NGOs?|Administrative Office of Overseas NGOs?)\b/i;

// What a sentence says of the body that follows or precedes.
const ROLE_BEFORE: readonly { role: BodyRole; pattern: RegExp }[] = [
	{
		role: 'supervisor',
		pattern:
			/\b(?:Professional Supervisory Units?|PSUs?)(?:\s*\(PSUs?\))?\s*,?\s+(?:the\s+)?$|\b(?:under the supervision of|supervised by|sponsored by its PSU,?)\s+(?:the\s+)?$/i,
	},
	{
		role: 'partner_unit',
		pattern: /\b(?:Chinese Partner Units?|CPUs?)(?:\s*\(CPUs?\))?\s*,?\s+(?:the\s+)?$/i,
	},
	{
		role: 'partner',
		pattern:
			/\b(?:in (?:collaboration|cooperation|partnership|conjunction) with|jointly (?:\w+\s+)?with|together with|along with|partnered with|teamed up with|cooperated with|co-organi[sz]ed (?:\w+\s+){0,3}with|worked with|working with|with the support of|supported by)\s+(?:the\s+)?(?:(?:province|region|city|municipality)['’]s\s+|provincial\s+|municipal\s+)?$/i,
	},
];
const ROLE_AFTER: readonly { role: BodyRole; pattern: RegExp }[] = [
	{
		role: 'supervisor',
		pattern:
			/^\s*(?:\([^)]{1,20}\)\s*)?,?\s+(?:its|their|the|as (?:its|their|the))\s+(?:Professional Supervisory Unit|PSU)\b/i,
	},
	{
		role: 'partner_unit',
		pattern:
			/^\s*(?:\([^)]{1,20}\)\s*)?,?\s+(?:its|their|the|as (?:its|their|the)|served as (?:its|their|the|a))\s+(?:Chinese Partner Unit|CPU)\b/i,
	},
];

export interface BodyDeps {
	readonly gazetteer: Gazetteer;
}

export interface BodyContext {
	/** Organizations the text names: a name inside one is not a body of its own unless the text gives it a role. */
	readonly orgNames: readonly OrgSpan[];
	/** The province the entry happens in, for "the province’s Department of Commerce". */
	readonly province: string | null;
}

/** The Chinese bodies a text names, each once per role, in order of first mention. */
export function extractBodies(text: string, deps: BodyDeps, context: BodyContext): BodyReading[] {
	const found: BodyReading[] = [];
	for (const [whole, index] of names(text)) {
		let surface = whole.replace(/['’]s$/, '').replace(/[,.]+$/, '');
		let start = index;
		// "The Fujian …", "Recently, the …" — lead words are not the name.
		const lead = /^(?:(?:The|A|An|Recently|Today|Meanwhile|Also|In|On|At|Both|Police|Representatives?)\b[\s,]*)+/.exec(
			surface,
		);
		if (lead) {
			surface = surface.slice(lead[0].length);
			start += lead[0].length;
		}
		if (surface.length < 4 || NOT_A_BODY.test(surface)) continue;
		const end = start + surface.length;
		const before = text.slice(Math.max(0, start - 120), start);
		const after = text.slice(end, end + 120);
		const role = roleFrom(before, after);
		const inOrg = context.orgNames.some((span) => span.start <= start && end <= span.end);
		const publicSecurity = PUBLIC_SECURITY.test(surface);
		const state = STATE_HEAD.test(surface);
		const institution = INSTITUTION_HEAD.test(surface);
		// Without a stated role, only public bodies count; an organization named here is one when the text names
		// it as a partner, supervisor or partner unit.
		if (role === null && !publicSecurity && !state && !institution) continue;
		if (role === null && inOrg) continue;
		// "the province’s Department of Commerce": the body of the entry's province.
		const owned = /\bthe (?:province|region|municipality)['’]s\s+$|\bthe (?:provincial|regional)\s+$/i.test(before);
		const named =
			owned && context.province && deps.gazetteer.findMentions(surface).length === 0
				? `${context.province} ${surface}`
				: surface;
		const readings = readBody(named, start, deps, context, role ?? (publicSecurity ? 'authority' : 'participant')).map(
			(reading) => ({ ...reading, written: surface, span: { start, end } }),
		);
		for (const reading of readings) {
			if (found.some((f) => bodyKey(f.name) === bodyKey(reading.name) && f.role === reading.role)) continue;
			found.push(reading);
		}
	}
	return promoteAuthority(dropSecondReferences(found), text);
}

const HEAD_WORD = new RegExp(`(?:${STATE_HEAD.source})|(?:${INSTITUTION_HEAD.source})`);

/** Capitalized names with their offsets; "X University and Y University" are two names, "Ethnic and Religious Affairs Committee" one. */
function names(text: string): [string, number][] {
	const out: [string, number][] = [];
	for (const m of execAll(NAME, text)) {
		let rest = m[0];
		let at = m.index;
		for (;;) {
			const and = /[ \t]+(?:and|&)[ \t]+/.exec(rest);
			if (!and) break;
			const left = rest.slice(0, and.index);
			const right = rest.slice(and.index + and[0].length);
			if (!HEAD_WORD.test(left) || !HEAD_WORD.test(right)) break;
			out.push([left, at]);
			at += and.index + and[0].length;
			rest = right;
		}
		out.push([rest, at]);
	}
	return out;
}

/** "the Health Commission" after "the Hainan Health Commission" is the same body named again. */
function dropSecondReferences(found: readonly BodyReading[]): BodyReading[] {
	return found.filter((body) => {
		const words = bodyKey(body.name).split(' ');
		return !found.some((other) => {
			if (other === body) return false;
			const fuller = bodyKey(other.name).split(' ');
			return fuller.length > words.length && words.every((word) => fuller.includes(word));
		});
	});
}

function roleFrom(before: string, after: string): BodyRole | null {
	for (const { role, pattern } of ROLE_AFTER) if (pattern.test(after)) return role;
	for (const { role, pattern } of ROLE_BEFORE) if (pattern.test(before)) return role;
	return null;
}

/**
 * One body per place a public security name covers ("the Hubei and Wuhan PSB Foreign NGO Management Offices" are
 * two bureaus); other names are one body, named canonically.
 */
function readBody(surface: string, start: number, deps: BodyDeps, context: BodyContext, role: BodyRole): BodyReading[] {
	const span = { start, end: start + surface.length };
	const places = deps.gazetteer.findMentions(surface);
	if (PUBLIC_SECURITY.test(surface)) {
		if (/\bMinistry of Public Security\b|^MPS$/.test(surface)) {
			return [{ name: 'Ministry of Public Security', role, written: surface, level: 'national', province: null, span }];
		}
		if (places.length === 0) return [];
		return places.map((place) => ({
			name: `${place.city ?? place.province} Public Security Bureau`,
			role,
			written: surface,
			level: place.via === 'city' ? ('city' as const) : ('provincial' as const),
			province: place.province,
			span,
		}));
	}
	// The name as written, without "(PSB)"-style asides; "Department of Commerce of Zhejiang Province" and
	// "Zhejiang Department of Commerce" stay one body through bodyKey.
	const name = surface.replace(/\s+\((?:PSB|PSD|MPS|PSUs?|CPUs?)\)/g, '').trim();
	if (name.split(/\s+/).length < 2 || canonicalName(name, places[0]?.surface ?? null) === null) return [];
	const level: BodyLevel | null = /^(?:State|National|All-China|China)\b|^Ministry\b/.test(name)
		? 'national'
		: places[0]
			? places[0].via === 'city'
				? 'city'
				: 'provincial'
			: null;
	return [{ name, role, written: surface, level, province: places[0]?.province ?? context.province, span }];
}

/**
 * "Department of Commerce of Zhejiang Province" → "Zhejiang Department of Commerce"; "Zhejiang Provincial Health
 * Commission" → "Zhejiang Health Commission". Names without a place stay as written.
 */
export function canonicalName(surface: string, place: string | null): string | null {
	let name = surface.replace(/\s+\((?:PSB|PSD|MPS|PSUs?|CPUs?)\)/g, '').trim();
	if (place) {
		const escaped = place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const trailing = new RegExp(
			String.raw`\s+of\s+(?:the\s+)?${escaped}(?:\s+(?:Province|Municipality|City|Autonomous Region))?$`,
			'u',
		);
		if (trailing.test(name)) name = `${place} ${name.replace(trailing, '')}`;
		name = name.replace(
			new RegExp(String.raw`^(${escaped})\s+(?:Province|Provincial|Municipal|Municipality|City)\s+`, 'u'),
			'$1 ',
		);
	}
	if (name.split(/\s+/).length < 2) return null;
	return name;
}

/** The first public body the lead sentence names acts; a body given no role there is a participant. */
function promoteAuthority(found: BodyReading[], text: string): BodyReading[] {
	const leadEnd = /[.!?](?:\s|$)/.exec(text)?.index ?? text.length;
	return found.map((body, index) => {
		if (body.role !== 'participant') return body;
		const firstInLead = body.span.start < leadEnd && !found.slice(0, index).some((other) => other.role === 'authority');
		return firstInLead ? { ...body, role: 'authority' } : body;
	});
}
