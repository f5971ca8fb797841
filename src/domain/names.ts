import { memoize } from './memo.js';

const ASCII = /^\p{ASCII}*$/u;
// What separates the words of a key: anything but letters, marks, digits and "&" (in ASCII: A-Z, a-z, 0-9 and "&").
const SEPARATORS = /[^\p{L}\p{M}\p{N}&]+/gu;
const ASCII_SEPARATORS = /[^A-Za-z0-9&]+/g;

/** Identity key of an organization name: case, diacritics, quotes, punctuation and a leading "the" do not matter. */
export function orgKey(name: string): string {
	return orgKeys(name);
}

// The same names are keyed again and again (each mention, alias and merge): their keys are kept.
const orgKeys = memoize(computeOrgKey);

/** orgKey, computed. */
export function computeOrgKey(name: string): string {
	// ASCII has nothing to decompose, no marks and no curly quotes, and its only letters and digits are A-Z, a-z and
	// 0-9: most names take this shorter way.
	if (ASCII.test(name)) return keyWords(name.toLowerCase(), ASCII_SEPARATORS);
	const folded = name
		.normalize('NFKD')
		.replace(/\p{Mn}/gu, '')
		.toLowerCase()
		.replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
		.replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"');
	return keyWords(folded, SEPARATORS);
}

function keyWords(folded: string, separators: RegExp): string {
	return (
		folded
			// Periods and apostrophes vanish so "A.I.F.O." = "AIFO" and "Children's" = "Childrens";
			// other punctuation separates words so "Hong-Kong" = "Hong Kong".
			.replace(/['.]/g, '')
			.replace(separators, ' ')
			.trim()
			.replace(/^the /, '')
	);
}

// Words that say nothing about which body is meant: "Zhejiang Provincial Department of Commerce" is the
// "Department of Commerce of Zhejiang Province".
const BODY_FILLER = new Set([
	'the',
	'of',
	'province',
	'provincial',
	'municipal',
	'municipality',
	'city',
	'autonomous',
	'region',
	's',
]);

/**
 * Identity key of a Chinese body: its words without filler, in alphabetical order, with "PSB" and "Public Security
 * Department" read as "Public Security Bureau" ("Jiangxi PSB" = "Jiangxi Public Security Bureau").
 */
export function bodyKey(name: string): string {
	const words = orgKey(name)
		.replace(/\bpsbs?\b/g, 'public security bureau')
		.replace(/\bpublic security department\b/g, 'public security bureau')
		.replace(/\bdepartment of public security\b/g, 'public security bureau')
		.split(' ')
		.filter((word) => word && !BODY_FILLER.has(word));
	return [...new Set(words)].sort().join(' ');
}
