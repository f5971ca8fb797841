import type { FieldOfWork } from '../domain/entry.js';

/**
 * Words that say what an entry's work is about, one list per field of ChinaFile's scheme. Following ChinaFile:
 * "youth" is children and school age, "education" is the sector (schools, teachers, scholarships), not a way of
 * working (a training is not education), and need-based school aid is also poverty alleviation.
 */
export const FIELD_WORDS: Readonly<Record<FieldOfWork, RegExp>> = {
	aging:
		/\b(?:elderly|older (?:people|persons|adults)|old-age|ag(?:e)?ing population|senior citizens|elder(?:ly)? care|nursing homes?|pensioners?)\b/i,
	agriculture:
		/\b(?:agricultur\w*|farmers?|farming|farmland|crops?|livestock|herders?|tea growers?|smallholders?|fisher(?:y|ies|men)|seeds?)\b/i,
	animal_protection:
		/\b(?:animal (?:welfare|protection|rights)|wildlife|stray (?:dogs|cats|animals)|bears?|pandas?|endangered species|animals)\b/i,
	arts_culture:
		/\b(?:cultur(?:e|al)|arts?|artists?|music\w*|museums?|heritage|films?|theat(?:er|re)s?|dance|literature|painting|calligraphy|tea craft)\b/i,
	civil_society:
		/\b(?:civil society|capacity[- ]building|philanthrop\w+|social work(?:ers)?|non-?profit sector|charity sector|incubat\w+|grassroots (?:NGOs|organi[sz]ations))\b/i,
	disabilities:
		/\b(?:disabilit\w+|disabled|blind|deaf|autis\w+|wheelchairs?|special needs|rehabilitation|sign language|visually impaired)\b/i,
	disaster_relief:
		/\b(?:disasters?|earthquakes?|quake|floods?|flooding|typhoons?|landslides?|drought|emergency (?:relief|rescue|response)|rescue (?:teams?|efforts)|relief (?:supplies|materials|efforts|work))\b/i,
	economic_development:
		/\b(?:economic (?:development|growth|cooperation)|investment|entrepreneur\w*|enterprises?|industr(?:y|ies|ial)|business development|economy)\b/i,
	education:
		/\b(?:educat(?:ion|ional)|schools?|teachers?|students?|universit(?:y|ies)|colleges?|scholarships?|tuition|kindergartens?|literacy|libraries|headmasters?|curricul\w+|academic)\b/i,
	energy: /\b(?:energy|renewable|solar|wind power|electricity|clean cooking)\b/i,
	environment:
		/\b(?:environment\w*|pollution|climate|emissions?|desertification|deserts?|afforestation|tree[- ]planting|greening|conservation|ecolog\w+|biodiversity|recycl\w+|waste|air quality|forest(?:s|ry)?|wetlands?|rivers? basin)\b/i,
	ethnic_affairs: /\b(?:ethnic\w*|minorit(?:y|ies) (?:groups|areas|nationalities)|Tibetan|Uy?ghurs?|Uighurs?)\b/i,
	health:
		/\b(?:health|medical|medicine|hospitals?|clinics?|diseases?|HIV|AIDS|leprosy|doctors?|nurses?|patients?|eye (?:care|health)|cataracts?|surgery|treatment|vaccin\w+|epidemic|COVID(?:-19)?|coronavirus|nutrition|anti-aging|dermatolog\w+)\b/i,
	infrastructure: /\b(?:infrastructure|roads?|bridges?|water supply|drinking water|sanitation|toilets|reservoirs?)\b/i,
	international_exchange:
		/\b(?:exchanges?|cross-strait|friendship|people-to-people|international cooperation|Belt and Road|One Belt,? One Road|sister cit(?:y|ies)|two shores)\b/i,
	labor_migrants: /\b(?:labou?r|workers['’]? rights|migrant workers?|migrants?|employment|vocational|seamen)\b/i,
	law_governance:
		/\b(?:legal aid|legal services|rule of law|judicial|lawyers?|governance|human rights|access to justice)\b/i,
	lgbtq: /\b(?:LGBT\w*|gay|lesbian|transgender|sexual minorit(?:y|ies))\b/i,
	media: /\b(?:media|journalis\w+|broadcast\w*|newspapers?|television|publishing|communication association)\b/i,
	poverty_alleviation:
		/\b(?:poverty|poor|impoverished|needy|financial aid|underprivileged|low-income|disadvantaged)\b|助学/i,
	rural_development: /\b(?:rural|villages?|villagers|countryside|township)\b/i,
	sport: /\b(?:sports?|football|volleyball|basketball|marathons?|athlet\w+|olympic)\b/i,
	technology: /\b(?:technolog\w+|science|scientific|digital\w*|innovation|internet|software|engineering)\b/i,
	tourism: /\b(?:touris[mt]\w*)\b/i,
	trade: /\b(?:trade|commerce|commercial|imports?|exports?|business council|meat export|wine)\b/i,
	womens_issues: /\b(?:women|woman|girls?|gender|maternal|domestic violence|female)\b/i,
	youth:
		/\b(?:child(?:ren)?|youths?|young people|teenagers?|adolescents?|kids|pupils|kindergartens?|primary school|middle school|high schools?|orphan\w*|babies|infants?|juveniles?)\b/i,
};

// Proper names say who, not what the work is: "Wuhan University", "the Foreign NGO Law", "Red Cross Society".
const PROPER_NAME = /^\p{Lu}/u;

export interface FieldCue {
	readonly field: FieldOfWork;
	readonly start: number;
	readonly end: number;
}

const FIELD_PATTERNS = Object.entries(FIELD_WORDS) as [FieldOfWork, RegExp][];

/**
 * Where a field's words may start: a word boundary, or the Chinese "助学" (the one alternative that needs none).
 * Every match of every field pattern starts at such a place (test/property/fast-paths.test.ts checks it).
 */
const FIELD_START = String.raw`(?:\b|(?=助学))`;
// Every place where some field's pattern matches, in one pass: the fields are then tried there only, instead of each
// of the 27 patterns scanning the whole text (most of which match nowhere in it).
const ANY_FIELD = new RegExp(
	`${FIELD_START}(?=${FIELD_PATTERNS.map(([, pattern]) => `(?:${pattern.source})`).join('|')})`,
	'gi',
);
// Each pattern anchored where it is tried (sticky): its match there is the one its global scan would find there.
const STICKY_FIELD_WORDS = FIELD_PATTERNS.map(
	([field, pattern]) => [field, new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`)] as const,
);

/** The fields of work a text is about, each with the first words that say so, in the scheme's order. */
export function classifyFields(text: string): FieldCue[] {
	const found: (FieldCue | undefined)[] = new Array<FieldCue | undefined>(STICKY_FIELD_WORDS.length);
	// Where each field's scan goes on: after a match that did not count, as a global scan would.
	const from = new Array<number>(STICKY_FIELD_WORDS.length).fill(0);
	let open = STICKY_FIELD_WORDS.length;
	ANY_FIELD.lastIndex = 0;
	for (let start = ANY_FIELD.exec(text); start !== null && open > 0; start = ANY_FIELD.exec(text)) {
		const at = start.index;
		ANY_FIELD.lastIndex = at + 1; // the match is empty (a lookahead)
		for (let i = 0; i < STICKY_FIELD_WORDS.length; i++) {
			if (found[i] !== undefined || at < from[i]!) continue;
			const [field, sticky] = STICKY_FIELD_WORDS[i]!;
			sticky.lastIndex = at;
			const m = sticky.exec(text);
			if (m === null) continue;
			from[i] = at + Math.max(1, m[0].length);
			// "aids" is a verb; the disease is written AIDS.
			if (m[0].toLowerCase() === 'aids' && m[0] !== 'AIDS') continue;
			if (insideProperName(text, at, m[0])) continue;
			found[i] = { field, start: at, end: at + m[0].length };
			open--;
		}
	}
	ANY_FIELD.lastIndex = 0;
	return found.filter((cue) => cue !== undefined);
}

/** A word written with a capital inside a run of capitalized words is part of a name. */
export function insideProperName(text: string, index: number, word: string): boolean {
	if (!PROPER_NAME.test(word) || /^(?:HIV|AIDS|COVID|LGBT|Tibetan|Uy?ghur|Uighur|Belt and Road|One Belt)/.test(word))
		return false;
	const before = text.slice(Math.max(0, index - 2), index);
	const after = text.slice(index + word.length, index + word.length + 2);
	// Capitalized next to another capitalized word: "Jiangxi Agricultural University", "Health Commission".
	return (
		/\p{Lu}[\p{L}’']*\s$/u.test(text.slice(Math.max(0, index - 30), index)) || /^\s\p{Lu}/u.test(after) || before === ''
	);
}
