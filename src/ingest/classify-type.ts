import type { ActivityType } from '../domain/entry.js';

interface Cue {
	readonly type: ActivityType;
	readonly pattern: RegExp;
	readonly weight: number;
}

// Each cue counts once per sentence; the title and the lead sentence say what the item is about.
const CUES: readonly Cue[] = [
	{
		type: 'deregistration',
		weight: 3,
		pattern:
			/\b(?:de-?regist(?:er|ers|ered|ering|ration)|cancell?(?:ed|s)? (?:its |their |the )?(?:registration|representative office)|revok(?:ed|es) (?:its |their |the )?registration|closed (?:its|their|the) (?:representative )?offices?)/i,
	},
	{
		type: 'registration',
		weight: 2.5,
		pattern:
			/\b(?:(?:issued|presented|granted|awarded|handed(?: over)?)\s+(?:\w+\s+){0,4}registration certificates?\s+(?:to|for)\b|registration certificates? (?:to|for) (?:the |its )?[A-Z\w]|approved the registration|completed (?:its|their|the) registration|successfully regist|regist(?:er|ers|ered) (?:a |its |their )(?:new )?(?:representative )?office|regist(?:ers|ered) as\b|(?:established|set up|opened) (?:a |its |their )?(?:representative |new )?office|establishment of (?:its|their|the) [\w ]{0,25}office)/i,
	},
	{ type: 'temporary_activity', weight: 3, pattern: /\btemporary activit(?:y|ies)\b/i },
	{
		type: 'training',
		weight: 2,
		pattern: /\b(?:training|trainings|trained|capacity[- ]building|lectures?|courses?|workshops?)\b/i,
	},
	{
		type: 'visit',
		weight: 2,
		pattern:
			/\b(?:visited|visits?\b(?! by)|paid a visit|conducted a visit|inspected|inspections?|investigation|toured|went to|travell?ed to|came to)/i,
	},
	{
		type: 'publicity',
		weight: 2,
		pattern:
			/\b(?:publici[sz](?:e|ed|es|ing)|publicity|outreach|propaganda|awareness|informational materials|posters?|leaflets?|brochures?|infographics?|hand(?:ed)? out|promot(?:e|ed|ing) the (?:foreign ngo )?law|explain(?:ed|ing)? the (?:foreign ngo )?law)\b/i,
	},
	{
		type: 'donation',
		weight: 2.5,
		pattern:
			/\b(?:donat(?:e|es|ed|ing|ion|ions)|(?:cash |emergency |relief )?grants? of|granted (?:\$|rmb|us\$|\d)|contributed (?:\$|rmb|us\$|\d)|raised (?:rmb |us\$|\$)?[\d.,]+|relief (?:aid|supplies|funds)|in-kind|fundrais(?:ing|er)|charity sale)/i,
	},
	{
		type: 'policy',
		weight: 2,
		pattern:
			/\b(?:notices?|regulations?|guidelines?|measures|polic(?:y|ies)|provisions|opinions on|action plan|implementation rules|no longer (?:be )?required|annual (?:reports?|inspections?)|paperless|online (?:filing|submission)|digital certificat|requirements for|foreign aid|white paper|legislation|draft law|(?:new|the) rules?\b|law (?:was|were|has been) (?:passed|revised|amended|adopted))/i,
	},
	{
		type: 'project',
		weight: 1.5,
		pattern:
			/\b(?:projects?|programmes?|programs?|initiatives?|launch(?:ed|es|ing)?|campaigns?|implemented|partnered with|teamed up|in (?:collaboration|cooperation|partnership) with|jointly (?:launched|carried out|implemented)|put (?:\w+ ){0,3}into practice)\b/i,
	},
	{
		type: 'other',
		weight: 2,
		pattern:
			/\b(?:banners?|thank(?:ed|s)?|gratitude|commend(?:ed|s)?|interview(?:ed|s)?|profile of|roundup|round-up|top (?:ten|\d+) (?:stories|developments)|obituary)\b/i,
	},
];

const GATHERING =
	/\b(?:symposium|seminar|forum|conference|summit|meeting|panel discussion|roundtable|round-table|salon|dialogue|discussion|talks)\b/i;
const PUBLIC_EVENT =
	/\b(?:festival|exhibition|expo|fair|competition|awards? ceremony|marathon|concert|gala|celebration)\b/i;
const HELD =
	/\b(?:was held|were held|is held|held (?:a|an|the|its|their)\b|hosted (?:a|an|the)\b|organi[sz]ed (?:a|an|the)\b)/i;
// Officials in the same sentence make a gathering an official meeting rather than a public event.
const OFFICIAL =
	/\b(?:PSBs?|Public Security|Management Office|Bureau|Ministry|Department|government|officials?|authorities|Commission)\b/i;

// When two types score the same, the more specific one wins.
const PRIORITY: readonly ActivityType[] = [
	'deregistration',
	'registration',
	'temporary_activity',
	'donation',
	'training',
	'visit',
	'meeting',
	'event',
	'publicity',
	'policy',
	'project',
	'other',
];

/** Classifies an entry by the cues in its title and sentences, weighting the title and lead sentence. */
export function classifyType(title: string | null, sentences: readonly string[]): ActivityType {
	const scores = new Map<ActivityType, number>();
	const add = (type: ActivityType, points: number) => scores.set(type, (scores.get(type) ?? 0) + points);
	const weighted: [string, number][] = [];
	if (title) weighted.push([title, 3]);
	sentences.forEach((sentence, i) => weighted.push([sentence, i === 0 ? 3 : 1]));

	for (const [sentence, factor] of weighted) {
		for (const cue of CUES) if (cue.pattern.test(sentence)) add(cue.type, cue.weight * factor);
		const held = HELD.test(sentence) ? 2 : 0;
		if (GATHERING.test(sentence)) add(OFFICIAL.test(sentence) ? 'meeting' : 'event', (2 + held) * factor);
		else if (PUBLIC_EVENT.test(sentence)) add('event', (2 + held) * factor);
	}

	let best: ActivityType = 'other';
	let bestScore = 0;
	for (const type of PRIORITY) {
		const score = scores.get(type) ?? 0;
		if (score > bestScore) {
			best = type;
			bestScore = score;
		}
	}
	return bestScore >= 1 ? best : 'other';
}
