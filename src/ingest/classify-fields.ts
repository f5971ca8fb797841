import type { FieldOfWork } from '../domain/entry.js';

/**
 * Words that say what an entry's work is about, one list per field of ChinaFile's scheme. Following ChinaFile:
 * "youth" is children and school age, "education" is the sector (schools, teachers, scholarships), not a way of
 * working (a training is not education), and need-based school aid is also poverty alleviation.
 */
const FIELD_WORDS: Readonly<Record<FieldOfWork, RegExp>> = {
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

// Made once: building the 27 patterns anew for every text cost ~15 % of classifyFields' time.
const GLOBAL_FIELD_WORDS = (Object.entries(FIELD_WORDS) as [FieldOfWork, RegExp][]).map(
	([field, pattern]) => [field, new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)] as const,
);

/** The fields of work a text is about, each with the first words that say so, in the scheme's order. */
export function classifyFields(text: string): FieldCue[] {
	const cues: FieldCue[] = [];
	for (const [field, global] of GLOBAL_FIELD_WORDS) {
		// matchAll() works on a copy of the pattern: the shared one's lastIndex is never moved.
		for (const m of text.matchAll(global)) {
			// "aids" is a verb; the disease is written AIDS.
			if (m[0].toLowerCase() === 'aids' && m[0] !== 'AIDS') continue;
			if (insideProperName(text, m.index, m[0])) continue;
			cues.push({ field, start: m.index, end: m.index + m[0].length });
			break;
		}
	}
	return cues;
}

/** A word written with a capital inside a run of capitalized words is part of a name. */
function insideProperName(text: string, index: number, word: string): boolean {
	if (!PROPER_NAME.test(word) || /^(?:HIV|AIDS|COVID|LGBT|Tibetan|Uy?ghur|Uighur|Belt and Road|One Belt)/.test(word))
		return false;
	const before = text.slice(Math.max(0, index - 2), index);
	const after = text.slice(index + word.length, index + word.length + 2);
	// Capitalized next to another capitalized word: "Jiangxi Agricultural University", "Health Commission".
	return (
		/\p{Lu}[\p{L}’']*\s$/u.test(text.slice(Math.max(0, index - 30), index)) || /^\s\p{Lu}/u.test(after) || before === ''
	);
}
