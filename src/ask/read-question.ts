import type { ActivityType, FieldOfWork } from '../domain/entry.js';
import { readDateBound } from '../query/date-bound.js';

/** What kind of answer a question wants. */
export type AskIntent = 'which' | 'how many' | 'when' | 'where' | 'what';

/** The names a question may use, resolved exactly (never fuzzily: Hunan is not Henan). */
export interface AskVocabulary {
	province(words: string): string | null;
	organization(words: string): string | null;
	/** A country or region by name ("Japan", "Hong Kong") or demonym ("Japanese"). */
	country(words: string): string | null;
	partner(words: string): string | null;
	field(words: string): FieldOfWork | null;
}

/** A question read into the filters the other commands take, with what was and was not understood. */
export interface Reading {
	readonly intent: AskIntent;
	readonly province?: string;
	readonly ngo?: string;
	readonly country?: string;
	readonly type?: ActivityType;
	readonly partner?: string;
	readonly field?: FieldOfWork;
	readonly from?: string;
	readonly to?: string;
	/** The words of the question each part was read from, in question order ("Japanese" → origin Japan). */
	readonly understood: readonly { readonly words: string; readonly as: string }[];
	/** Names of a kind the reading already has one of ("Hubei" in "Hunan or Hubei"), with that kind. */
	readonly alsoNamed: readonly { readonly words: string; readonly as: string }[];
	/** Content words the reading could not place: the answer says so instead of guessing. */
	readonly notUnderstood: readonly string[];
}

const INTENTS: readonly [RegExp, AskIntent][] = [
	[/^(?:how many|how much|number of|count)\b/i, 'how many'],
	[/^(?:when)\b/i, 'when'],
	[/^(?:where|(?:in )?which provinces?|what provinces?)\b/i, 'where'],
	[/^(?:which|who|what (?:ngos|organi[sz]ations|groups|foundations))\b/i, 'which'],
	[/^(?:list|name|show)\b.*\b(?:ngos|organi[sz]ations|groups|foundations)\b/i, 'which'],
];

// Words that say what happened, in the vocabulary the entries' types are named by. Longest first.
const TYPE_WORDS: readonly [RegExp, ActivityType][] = [
	[
		/\b(?:filed|file|filing|held|hold|carried out|conducted) (?:a |any )?temporary activit(?:y|ies)\b|\btemporary activit(?:y|ies)\b/i,
		'temporary_activity',
	],
	[
		/\b(?:deregistered|deregistration|cancell?ed (?:its |their )?registration|closed (?:its |their )?office)\b/i,
		'deregistration',
	],
	[
		/\b(?:registered|registration|registrations|register|set up (?:an? |its |their )?(?:representative )?office|opened (?:an? |its |their )?(?:representative )?office)\b/i,
		'registration',
	],
	[/\b(?:met|meetings?|meet|talks)\b/i, 'meeting'],
	[/\b(?:visited|visits?)\b/i, 'visit'],
	[/\b(?:train|trained|trainings?|workshops?|courses?)\b/i, 'training'],
	[/\b(?:donate|donated|donations?|gave|grants?)\b/i, 'donation'],
	[/\b(?:projects?)\b/i, 'project'],
	[/\b(?:publicity|campaigns?|promoted|outreach)\b/i, 'publicity'],
	[/\b(?:forums?|symposi(?:um|a)|conferences?|events?)\b/i, 'event'],
	[/\b(?:polic(?:y|ies)|regulations?|laws?)\b/i, 'policy'],
];

const PERIOD_BETWEEN =
	/\b(?:between ([\w ,.'’-]+?) and|from ([\w ,.'’-]+?) (?:to|until|till)) ([\w ,.'’-]+?)(?=[?.!]|$| in | by | for )/i;
const PERIOD_ONE =
	/\b(in|since|from|after|before|until|by|during) ((?:the )?(?:last|this|next) (?:year|month)|(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?: \d{1,2})?(?:,? \d{4})?|\d{4}(?:-\d{2}(?:-\d{2})?)?)\b/i;
const BARE_PERIOD = /\b((?:last|this) (?:year|month))\b/i;

// Words a question is made of that are not facts: left out of "not understood".
const QUESTION_WORDS = new Set(
	(
		'a an the of in on at to for from by with and or which who whom what when where how many much number count ' +
		'did do does has have had was were is are be been any all some there their its it they them that this these those ' +
		'ngo ngos organization organizations organisation organisations group groups foundation foundations foreign ' +
		'international office offices entries entry activity activities happened happen year years month months ' +
		'since after before until between during ever first last time times province provinces china chinese ' +
		'based work worked working partner partners partnered about tell me us list show give please filed file its ' +
		'officials officers people representatives mention mentions mentioned held made do done did ' +
		"what's who's where's when's"
	).split(' '),
);

/** Reads an English question into a structured query; deterministic, and silent where the question is unclear. */
export function readQuestion(question: string, vocabulary: AskVocabulary, today: string): Reading {
	let rest = ` ${question.replace(/’/g, "'").replace(/\s+/g, ' ').trim()} `;
	const understood: { words: string; as: string; at: number }[] = [];
	const alsoNamed: { words: string; as: string }[] = [];
	const reading: { -readonly [K in keyof Reading]?: Reading[K] } = {};
	/** Marks the words at `at` as read (blanked out of `rest`, so nothing reads them twice). */
	const takeAt = (at: number, words: string, as: string) => {
		understood.push({ words: words.trim(), as, at });
		rest = rest.slice(0, at) + ' '.repeat(words.length) + rest.slice(at + words.length);
	};
	const take = (match: RegExpExecArray, as: string) => takeAt(match.index, match[0], as);

	const trimmed = question.trim();
	reading.intent = INTENTS.find(([pattern]) => pattern.test(trimmed))?.[1] ?? 'what';

	// Dates first: "March" and "May" are months here, not names.
	const between = PERIOD_BETWEEN.exec(rest);
	if (between) {
		// "between March and May 2019": the year written once belongs to both months.
		const [, betweenStart, fromStart, end = ''] = between;
		const start = betweenStart ?? fromStart ?? '';
		const year = /\b(\d{4})\s*$/.exec(end)?.[1];
		const first = /\d{4}/.test(start) || !year ? start : `${start} ${year}`;
		const from = readDateBound(first, 'start', today);
		const to = readDateBound(end, 'end', today);
		if (from && to) {
			reading.from = from;
			reading.to = to;
			take(between, `from ${from} to ${to}`);
		}
	}
	for (let match = PERIOD_ONE.exec(rest); match; match = PERIOD_ONE.exec(rest)) {
		const [, word = '', period = ''] = match;
		const edge = /^(?:since|from|after)$/i.test(word) ? 'start' : /^(?:before|until|by)$/i.test(word) ? 'end' : 'both';
		const start = readDateBound(period, 'start', today);
		const end = readDateBound(period, 'end', today);
		if (!start || !end) break;
		if (edge !== 'end') reading.from = start;
		if (edge !== 'start') reading.to = end;
		take(match, edge === 'both' ? `${start} to ${end}` : edge === 'start' ? `from ${start}` : `up to ${end}`);
	}
	const bare = BARE_PERIOD.exec(rest);
	if (bare && reading.from === undefined && reading.to === undefined) {
		const from = readDateBound(bare[1] ?? '', 'start', today);
		const to = readDateBound(bare[1] ?? '', 'end', today);
		if (from && to) {
			reading.from = from;
			reading.to = to;
			take(bare, `${from} to ${to}`);
		}
	}

	// "open its Chengdu office": the verb and the noun, with the place between them left for the names.
	const opening = /\b(?:open(?:ed)?|set up|establish(?:ed)?)\b/i.exec(rest);
	const office = /\b(?:representative )?offices?\b/i.exec(rest);
	if (opening && office && office.index > opening.index) {
		reading.type = 'registration';
		take(office, 'type registration');
		take(opening, 'type registration');
	}
	for (const [pattern, type] of TYPE_WORDS) {
		const match = pattern.exec(rest);
		if (match && reading.type === undefined) {
			reading.type = type;
			take(match, `type ${type.replace('_', ' ')}`);
		}
	}

	// Names: the longest run of words that names something, left to right.
	const words = [...rest.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&'’.-]*/gu)];
	for (let i = 0; i < words.length;) {
		let matched = 0;
		for (let n = Math.min(8, words.length - i); n >= 1 && matched === 0; n--) {
			const first = words[i]!;
			const last = words[i + n - 1]!;
			const start = first.index ?? 0;
			const end = (last.index ?? 0) + last[0].length;
			const text = rest.slice(start, end);
			if (/\s{2,}/.test(text)) continue;
			const phrase = text.replace(/[.’']s$/, '');
			const before = rest.slice(0, start).trimEnd().split(' ').at(-1)?.toLowerCase() ?? '';
			const found = resolveName(phrase, vocabulary, reading, {
				asPlace: before === 'in' || before === 'at',
				orgOnly: QUESTION_WORDS.has(first[0].toLowerCase()),
			});
			if (found) {
				if (found.startsWith(SECOND)) alsoNamed.push({ words: text, as: found.slice(SECOND.length) });
				takeAt(start, text, found);
				matched = n;
			}
		}
		i += Math.max(1, matched);
	}

	const notUnderstood = [...rest.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&'’-]*/gu)]
		.map((m) => m[0])
		.filter((word) => !QUESTION_WORDS.has(word.toLowerCase()) && !/^\d{1,2}$/.test(word));
	return {
		intent: reading.intent,
		...reading,
		understood: understood
			.filter(({ as }) => !as.startsWith(SECOND))
			.sort((a, b) => a.at - b.at)
			.map(({ words: w, as }) => ({ words: w, as })),
		alsoNamed,
		notUnderstood,
	} as Reading;
}

/** What a phrase names, if anything, filling the reading; the description shown in "Read as". */
function resolveName(
	phrase: string,
	vocabulary: AskVocabulary,
	reading: { province?: string; ngo?: string; country?: string; partner?: string; field?: FieldOfWork },
	how: {
		/** After "in" or "at" a place is where something happened ("in Hong Kong"), not an origin ("Hong Kong NGOs"). */
		readonly asPlace: boolean;
		/** A phrase opening with "the" may be "The Asia Foundation", but "the Zhejiang" is not Zhejiang when
		 * "Zhejiang Department of Commerce" follows: only names of organizations and bodies start that way. */
		readonly orgOnly: boolean;
	},
): string | null {
	const lower = phrase.toLowerCase();
	if (QUESTION_WORDS.has(lower)) return null;
	const org = reading.ngo === undefined ? vocabulary.organization(phrase) : null;
	if (org) {
		reading.ngo = org;
		return `NGO ${org}`;
	}
	const partner = reading.partner === undefined ? vocabulary.partner(phrase) : null;
	if (partner) {
		reading.partner = partner;
		return `partner ${partner}`;
	}
	if (how.orgOnly) return null;
	const place = reading.province === undefined ? vocabulary.province(phrase) : null;
	if (place && how.asPlace) {
		reading.province = place;
		return `province ${place}`;
	}
	const country = reading.country === undefined ? vocabulary.country(phrase) : null;
	if (country) {
		reading.country = country;
		return `origin ${country}`;
	}
	if (place) {
		reading.province = place;
		return `province ${place}`;
	}
	const field = reading.field === undefined ? vocabulary.field(phrase) : null;
	if (field) {
		reading.field = field;
		return `field ${field}`;
	}
	// A second name of a kind already read ("Hunan or Hubei"): not dropped, not guessed at; the answer says so.
	const second =
		(reading.province !== undefined && vocabulary.province(phrase) && 'province') ||
		(reading.country !== undefined && vocabulary.country(phrase) && 'origin') ||
		(reading.field !== undefined && vocabulary.field(phrase) && 'field of work') ||
		null;
	return second ? `${SECOND}${second}` : null;
}

/** Marks what resolveName found of a kind the reading already has. */
const SECOND = 'second ';
