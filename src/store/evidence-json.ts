import type { Evidence, EvidenceFact, EvidenceField } from '../domain/entry.js';

/**
 * How entry_evidence holds an entry's evidence (schema/evidence-by-entry.ts): a JSON array with one array per fact,
 * [fact, value, subject, role, counted, field, start, end, quote], in the extractor's order. Positional rather than
 * objects: the names would be most of the bytes.
 */
type EvidenceTuple = [
	fact: EvidenceFact,
	value: string,
	subject: string | null,
	role: string,
	counted: boolean,
	field: EvidenceField,
	start: number | null,
	end: number | null,
	quote: string,
];

/** The stored form of an entry's evidence; null when it has none (no row is written). */
export function evidenceToJson(evidence: readonly Evidence[]): string | null {
	if (evidence.length === 0) return null;
	return JSON.stringify(
		evidence.map((row): EvidenceTuple => [
			row.fact,
			row.value,
			row.subject,
			row.role,
			row.counted,
			row.field,
			row.start,
			row.end,
			row.quote,
		]),
	);
}

/** The evidence of a stored row (what evidenceToJson wrote, or migration 17 from the rows before it). */
export function evidenceFromJson(json: string): Evidence[] {
	return (JSON.parse(json) as EvidenceTuple[]).map(
		([fact, value, subject, role, counted, field, start, end, quote]) => ({
			fact,
			value,
			subject,
			role,
			counted,
			field,
			start,
			end,
			quote,
		}),
	);
}
