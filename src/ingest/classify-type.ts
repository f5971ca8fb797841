import type { ActivityType } from '../domain/entry.js';

interface Cue {
	/** `gathering` is a meeting when officials take part, else an event. */
	readonly type: ActivityType | 'gathering';
	readonly pattern: RegExp;
	/** A topic ("foreign aid", "regulations") says what an item is about, not what happened: it decides only when no action does. */
	readonly topic?: boolean;
	/**
	 * Words every match of `pattern` contains (same flags): a sentence without any is not searched with `pattern`.
	 * For a pattern that is slow to run over a sentence that has no match.
	 */
	readonly requires?: RegExp;
}

// Words that name an action, each for the type of item it makes. A sentence says what happened through its first
// cue: "met with a delegation that visited" is a meeting; "held a ceremony to give registration certificates"
// leads with the ceremony, so registration is also looked for on its own (see REGISTRATION_ANYWHERE).
export const CUES: readonly Cue[] = [
	{
		type: 'deregistration',
		pattern:
			/\b(?:de-?regist(?:er|ers|ered|ering|ration)|cancell?(?:ed|s|ing)? (?:its |their |the )?(?:registration|representative office)|revok(?:ed|es|ing) (?:its |their |the )?registration|clos(?:ed|es|ing) (?:its|their|the) (?:representative )?offices?)/i,
	},
	{
		type: 'registration',
		// Each alternative of the pattern holds one of these: "registration"/"register…", "certificate-issuing",
		// "filing", or "established"/"set up"/"founded". The pattern cost ~5 % of all extraction time on sentences
		// that hold none of them (a lazy scan of up to 120 characters after every "hand…", "present…", "give…").
		requires: /regist|certificate|filing|established|set up|founded/iu,
		pattern:
			/\b(?:(?:issu|present|grant|award|hand|receiv|obtain|deliver)\w*|gave|give|gives|giving)\b[^.;]{0,120}?\b(?:registration(?: and chief representative)? (?:certificates?|credentials)|certificates? of registration)|\bcertificate-issuing\b|(?<!-)\bregist(?:er|ers|ered|ering)\b(?! (?:with|for)\b)[^.;]{0,60}?\b(?:representative |branch |new |provincial )?offices?\b|\bregist(?:er|ers|ering) in \p{Lu}|(?<!\b(?:NGOs|organi[sz]ations|groups|offices|foundations|those|charities) )\bregistered in \p{Lu}|\b(?:became|become|becomes|been|successfully|officially|legally|formally|newly)\s+(?:\w+\s+)?registered\b|\b(?:completed|finished|approved)\s+(?:its |their |the )?(?:registration|filing)\b|\b(?:trust|foundation|association|charity|NGO|organi[sz]ation)s?\s+(?:was\s+|were\s+|is\s+|has been\s+)?(?:established|set up|founded)\b/iu,
	},
	{
		type: 'temporary_activity',
		pattern:
			/\b(?:filed|files|file|filing|launched|completed)\b[^.;]{0,60}?\btemporary activit(?:y|ies)\b|\btemporary activit(?:y|ies)\s+(?:filings?|(?:was|were|has been|had been) filed)\b/i,
	},
	{
		// Statistics and data releases, research findings, lists and overviews.
		type: 'other',
		pattern:
			/\b(?:released|publishe[sd]|posted|issued|shared|updated)\s+(?:\w+\s+){0,3}(?:statistics|data|figures|numbers|information|graphics|infographics?|list|report|study|survey|findings)\b|\bstatistic(?:s|al)\b|\bfilterable table\b|\blist of\b|\b(?:research|study|survey|report|analysis|publications?)\b(?:\s+[\w’'-]+){0,8}?\s+(?:shows?|finds?|found|reveals?|released|published)\b|\b(?:published|released|wrote|writes|publishes)\s+(?:an? |the |its |their )?(?:new )?(?:overview|study|report|analysis|research|paper|book|article)\b|\binterview(?:ed|s)?\b|\bprofile of\b/i,
	},
	{
		type: 'meeting',
		pattern:
			/\b(?:met|meet|meets|meeting)\s+with\b|\bmet (?:the|a|an|representatives|officials|delegat\w+|members|staff)\b|\bcommunicat(?:e|ed|es|ing|ion) with\b/i,
	},
	{
		type: 'gathering',
		pattern:
			/\b(?:meetings?|symposi(?:um|a)|seminars?|workshops?|conferences?|discussions?|talks|dialogues?|roundtables?|round-tables?|salons?|consultations?)\b/i,
	},
	{
		type: 'training',
		pattern: /\b(?:training|trainings|trained|trains|lectures?|courses?|classes|taught)\b/i,
	},
	{
		type: 'event',
		pattern:
			/\b(?:ceremon(?:y|ies)|awards?|prizes?|forums?|festivals?|exhibitions?|expo|fairs?|competitions?|galas?|celebrat\w+|marathons?|concerts?|exchange (?:trips?|visits?|activit(?:y|ies))|study exchange|summer camps?)\b/i,
	},
	{
		type: 'visit',
		pattern:
			/\b(?:visited|visits?\b(?! by)|(?<!\b(?:the|a|an) )visiting|paid a visit|inspected|inspections?|toured|went to|came to|travell?ed to|sent (?:\w+\s+){0,2}(?:personnel|staff|officials|officers|police|representatives?|a team|delegation) to)\b/i,
	},
	{
		type: 'publicity',
		pattern:
			/\b(?:publici[sz](?:e|ed|es|ing)|publicity|outreach|propaganda|awareness|informational materials|leaflets?|posters?|brochures?|infographics?|hand(?:ed|ing)? out|promot(?:e|ed|es|ing) (?:the )?(?:foreign ngo |overseas ngo )?law|explain(?:ed|ing)? the (?:foreign ngo |overseas ngo )?law|launch(?:ed|es|ing)? (?:a |an |its )?(?:new )?(?:public )?wechat (?:page|account))\b/i,
	},
	{
		type: 'donation',
		pattern:
			/\b(?:donat(?:e|es|ed|ing|ion|ions)|(?:cash |emergency |relief )?grants? of|sen(?:d|ds|t|ding) (?:\w+ )?(?:relief|aid|supplies)|emergency (?:aid|relief)|allocated\s+[^.;]{0,30}?(?:yuan|dollars|\$|rmb)|relief (?:aid|supplies|materials|funds|goods)|raised\s+[^.;]{0,20}?(?:yuan|\$|rmb|million)|(?:yuan|\$|rmb|million|dollars)\s+(?:was\s+|were\s+)?raised|in-kind|distributed\s+(?:\w+\s+){0,3}(?:supplies|materials|quilts|food|clothes|goods|tents))/i,
	},
	{
		type: 'policy',
		pattern:
			/\b(?:(?:releas|issu|publish|formulat|adopt|approv|announc|introduc|revis|amend|draft)\w*\s+(?:(?!(?:of|on|about|regarding|by|for)\b)[\w“”"'’-]+\s+){0,6}?[“"‘]?(?:notices?|regulations?|guidelines?|measures|polic(?:y|ies)|provisions|(?:guiding )?opinions|plans?|rules|laws?|announcement|documents?|manual|alert)|(?:notices?|regulations?|guidelines?|measures|rules|documents?|draft [\w ]{0,30}law)\s+(?:was\s+|were\s+)?(?:released|issued|published|adopted|approved)|draft (?:law|manual|regulations?|measures)|(?:the|a) (?:new )?(?:law|rules)\b(?= (?:was|were|has been|have been) (?:passed|revised|amended|adopted|published))|sanctions?|sanctioned|establish (?:an? |the )?(?:[\w-]+ ){0,5}(?:agency|administration|ministry|bureau)|plans? to (?:purchase|buy|establish|set up|introduce|sanction)|purchas(?:e|es|ing) (?:[\w-]+ ){0,3}services|no longer (?:be )?required)\b/i,
	},
	{
		type: 'project',
		pattern:
			/\b(?:launch(?:ed|es|ing)?|start(?:ed|s)?|initiat(?:ed|es)|implement(?:ed|s|ing)?|set up|creates?|created)\b[^.;]{0,60}?\b(?:projects?|programmes?|programs?|initiatives?|campaigns?|schemes?|funds?|safety net)\b|\bjointly (?:launched|carried out|implemented)\b|\bteamed up\b|\bpartnered with\b|\bput (?:\w+ ){0,3}into practice\b/i,
	},
	{
		type: 'other',
		pattern: /\b(?:banners?|thank(?:ed|s)?|gratitude|commend(?:ed|s)?|roundup|round-up|obituary)\b/i,
	},
	{
		type: 'policy',
		topic: true,
		pattern:
			/\b(?:notices?|regulations?|guidelines?|measures|polic(?:y|ies)|provisions|(?:guiding )?opinions on|action plan|implementation rules|white paper|legislation|foreign aid|requirements for|paperless|online (?:filing|submission)|digital certificat\w*|annual (?:reports?|inspections?))\b/i,
	},
];

// Officials taking part make a gathering a meeting; otherwise it is an event.
export const OFFICIAL =
	/\b(?:PSBs?|PSUs?|Public Security|Management Office|Bureau|Ministry|Department|departments|government|officials?|authorities|Commission|police|Law)\b/;

// A cue in a wish or a plan is not what happened: "hoped that more NGOs would register offices". Case matters:
// "On May 7" is a date.
export const HYPOTHETICAL =
	/\b(?:would|will|could|should|may|might|hop(?:e|es|ed|ing)|wish(?:es|ed)?|welcome[sd]?|encourag(?:e|ed|es|ing)|urg(?:e|ed|es)|(?:plans?|intends?|aims?|expects?|seeks?|wants?|wanted) to|how to)\b[^.;]{0,40}$/;
// "As of April 9, 2018, Guangdong had registered 15 offices": a count, not news.
export const TALLY = /\bas of\b|\bhad (?:\w+ )?registered\b|\bin total\b|\bso far\b|\bbringing the total\b/i;

// Editorial notes say what the translator knows, not what happened: "(Note: … temporary activities …)".
const NOTES = /\s*\((?:note|the china ngo project notes|editor['’]?s note)[^()]*\)|\s*\[[^\]]*\]/gi;

export interface TypeCue {
	readonly type: ActivityType;
	/** A topic rather than an action decided. */
	readonly topic: boolean;
	/** The sentence the cue is in, as given (title or text sentence). */
	readonly sentence: string;
	/** The words that decided, as written in the sentence. */
	readonly words: string;
	readonly index: number;
}

export function cleanSentence(sentence: string): string {
	// Every note opens with "(" or "[": most sentences have neither, and nothing to clean.
	if (!sentence.includes('(') && !sentence.includes('[')) return sentence;
	// Same length, so offsets into the cleaned sentence are offsets into the sentence.
	return sentence.replace(NOTES, (note) => ' '.repeat(note.length));
}

const GLOBAL_CUES = CUES.map((cue) => ({ ...cue, pattern: new RegExp(cue.pattern.source, `${cue.pattern.flags}g`) }));

/** The match after `previous` of a global pattern (no cue matches the empty string; the step only keeps the loop finite). */
function nextMatch(pattern: RegExp, text: string, previous: RegExpExecArray): RegExpExecArray | null {
	if (previous[0] === '') pattern.lastIndex = previous.index + 1;
	return pattern.exec(text);
}

/** Where a cue first says what happened in a sentence: its first match not in a wish, a plan or a tally. */
interface CueMatch {
	readonly index: number;
	readonly words: string;
}

/**
 * The sentences one classifyEntry call reads: each cleaned once, and each cue's first match in it found once.
 * classifyEntry asks about the same sentence up to six times (registration alone, then actions, then topics): the
 * patterns ran again each time, ~5 % of parsing.
 */
class SentenceCues {
	private readonly read = new Map<string, { text: string; matches: (CueMatch | null | undefined)[] }>();

	/** The cleaned sentence and its cue matches, by cue index of GLOBAL_CUES (undefined: not looked for yet). */
	of(sentence: string): { text: string; matches: (CueMatch | null | undefined)[] } {
		let found = this.read.get(sentence);
		if (found === undefined) {
			found = { text: cleanSentence(sentence), matches: new Array<CueMatch | null | undefined>(GLOBAL_CUES.length) };
			this.read.set(sentence, found);
		}
		return found;
	}

	/** The first match of cue `k` in the sentence that is not hypothetical (nor, for a registration, a tally). */
	match(sentence: string, k: number): CueMatch | null {
		const read = this.of(sentence);
		let found = read.matches[k];
		if (found === undefined) {
			found = firstMatch(GLOBAL_CUES[k]!, read.text);
			read.matches[k] = found;
		}
		return found;
	}
}

function firstMatch(cue: (typeof GLOBAL_CUES)[number], text: string): CueMatch | null {
	if (cue.requires && !cue.requires.test(text)) return null;
	// exec() on the shared pattern from lastIndex 0, not matchAll(), which copies the pattern on every call.
	const pattern = cue.pattern;
	pattern.lastIndex = 0;
	for (let m = pattern.exec(text); m !== null; m = nextMatch(pattern, text, m)) {
		if (HYPOTHETICAL.test(text.slice(Math.max(0, m.index - 60), m.index))) continue;
		if (cue.type === 'registration' && TALLY.test(text.slice(Math.max(0, m.index - 80), m.index + m[0].length)))
			continue;
		return { index: m.index, words: m[0] };
	}
	return null;
}

/** The first action cue of a sentence, else its first topic cue. `context` tells a meeting from an event. */
function leadingCue(
	cues: SentenceCues,
	sentence: string,
	options: { only?: ActivityType; context?: string; topics?: boolean } = {},
): TypeCue | null {
	let best: (TypeCue & { rank: number }) | null = null;
	for (let k = 0; k < GLOBAL_CUES.length; k++) {
		const cue = GLOBAL_CUES[k]!;
		if (options.only && cue.type !== options.only) continue;
		if (cue.topic && options.topics === false) continue;
		const m = cues.match(sentence, k);
		if (m === null) continue;
		// Actions come before topics, then the earliest in the sentence.
		const rank = (cue.topic ? 1e6 : 0) + m.index;
		if (best === null || rank < best.rank) {
			const text = cues.of(sentence).text;
			const type =
				cue.type === 'gathering' ? (OFFICIAL.test(`${text} ${options.context ?? ''}`) ? 'meeting' : 'event') : cue.type;
			best = { type, topic: cue.topic === true, sentence, words: m.words, index: m.index, rank };
		}
	}
	if (!best) return null;
	const { rank: _rank, ...cue } = best;
	return cue;
}

export interface TypeInput {
	/** The entry's own headline, when it speaks for the entry alone. */
	readonly title: string | null;
	/** The entry's paragraphs, each as its sentences. */
	readonly paragraphs: readonly (readonly string[])[];
	/** Items under one digest heading: a registration in any of them makes the block a registration. */
	readonly block: boolean;
}

/**
 * The entry's main action: what its headline says, else what its lead sentence leads with, else the cue most of its
 * sentences share. Registration and deregistration are never missed: in a digest block any item's lead counts.
 */
export function classifyEntry(input: TypeInput): TypeCue | null {
	const cues = new SentenceCues();
	const leads = input.paragraphs.map((sentences) => sentences[0]).filter((s): s is string => s !== undefined);
	if (input.block) {
		for (const type of ['deregistration', 'registration'] as const) {
			for (const lead of leads) {
				const cue = leadingCue(cues, lead, { only: type });
				if (cue) return cue;
			}
		}
	}
	const first = input.paragraphs[0] ?? [];
	const context = [input.title ?? '', ...first.slice(0, 2)].join(' ');
	// The headline's action; then a registration wherever the lead names it ("held a ceremony to give a registration
	// certificate to …"), else the action the lead leads with; a topic only when nothing says what happened.
	const titleCue = input.title ? leadingCue(cues, input.title, { context, topics: false }) : null;
	if (titleCue) return titleCue;
	for (const type of ['deregistration', 'registration'] as const) {
		const cue = first[0] ? leadingCue(cues, first[0], { only: type }) : null;
		if (cue) return cue;
	}
	const upFront = [...(input.title ? [input.title] : []), ...first.slice(0, 3)];
	for (const topics of [false, true]) {
		for (const sentence of upFront) {
			const cue = leadingCue(cues, sentence, { context, topics });
			if (cue) return cue;
		}
	}
	// Nothing up front: the type the most sentences lead with.
	const counts = new Map<ActivityType, { n: number; cue: TypeCue }>();
	for (const sentence of input.paragraphs.flat()) {
		const cue = leadingCue(cues, sentence, { context });
		if (!cue) continue;
		const seen = counts.get(cue.type);
		counts.set(cue.type, { n: (seen?.n ?? 0) + 1, cue: seen?.cue ?? cue });
	}
	let best: { n: number; cue: TypeCue } | null = null;
	for (const entry of counts.values()) if (best === null || entry.n > best.n) best = entry;
	return best?.cue ?? null;
}

/** Classifies an entry by its headline and sentences (see classifyEntry); "other" when nothing says. */
export function classifyType(title: string | null, sentences: readonly string[]): ActivityType {
	return classifyEntry({ title, paragraphs: [sentences], block: false })?.type ?? 'other';
}
