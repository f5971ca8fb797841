/** Identity key of an organization name: case, diacritics, quotes, punctuation and a leading "the" do not matter. */
export function orgKey(name: string): string {
	return (
		name
			.normalize('NFKD')
			.replace(/\p{Mn}/gu, '')
			.toLowerCase()
			.replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
			.replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
			// Periods and apostrophes vanish so "A.I.F.O." = "AIFO" and "Children's" = "Childrens";
			// other punctuation separates words so "Hong-Kong" = "Hong Kong".
			.replace(/['.]/g, '')
			.replace(/[^\p{L}\p{M}\p{N}&]+/gu, ' ')
			.trim()
			.replace(/^the /, '')
	);
}
