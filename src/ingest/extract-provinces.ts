import type { Gazetteer, ProvinceName } from './gazetteer.js';

export interface TextSpan {
	readonly start: number;
	readonly end: number;
}

/**
 * Provinces where an entry's activity takes place: unique, in order of first mention; mentions inside `ignore` spans
 * (e.g. an org's stated origin "(Hong Kong)") are skipped.
 *
 * A mention that overlaps an ignore span at all is skipped. Ambiguous English city names (Suzhou, Taizhou…) are not
 * resolved from context: they could only confirm a province the text already names, so they add nothing.
 */
export function extractProvinces(
	text: string,
	gazetteer: Gazetteer,
	options?: { ignore?: readonly TextSpan[] },
): ProvinceName[] {
	const ignore = options?.ignore ?? [];
	const seen = new Set<ProvinceName>();
	const out: ProvinceName[] = [];
	for (const m of gazetteer.findMentions(text)) {
		if (seen.has(m.province)) continue;
		if (ignore.some((span) => m.start < span.end && m.end > span.start)) continue;
		seen.add(m.province);
		out.push(m.province);
	}
	return out;
}
