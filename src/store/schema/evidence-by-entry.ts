/**
 * Migration 17: an entry's evidence in one row, a JSON array, instead of one row per fact. Listed in
 * ../migrations.ts. Until released this SQL may change; once released, add a new migration instead.
 *
 * Why: evidence is written and read one whole entry at a time, never searched by fact, and an entry has ~9 facts:
 * their rows were the largest share of a bulk load's writing (~100 µs an entry of ~600 in a 10k-entry load, where
 * one row of the same words costs about a fifth of that). The per-column checks the rows had are made, with the same
 * rules, by the store's check of every entry before it writes (domain DraftEntrySchema and isPlainlyValidDraftEntry,
 * and document-store's quote check), which names the document and the fact; the row keeps a check that it is a
 * non-empty JSON array. Each element is [fact, value, subject, role, counted, field, span_start, span_end, quote]
 * (../evidence-json.ts reads and writes them); entries without evidence have no row.
 */
export const EVIDENCE_BY_ENTRY_SCHEMA_SQL = `
ALTER TABLE entry_evidence RENAME TO entry_evidence_rows;
CREATE TABLE entry_evidence (
	entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
	evidence TEXT NOT NULL CHECK (json_valid(evidence) AND json_type(evidence) = 'array'
		AND json_array_length(evidence) > 0)
) STRICT;
INSERT INTO entry_evidence (entry_id, evidence)
SELECT entry_id, json_group_array(json_array(fact, value, subject, role, json(CASE counted WHEN 1 THEN 'true' ELSE 'false' END),
	field, span_start, span_end, quote) ORDER BY ordinal)
FROM entry_evidence_rows GROUP BY entry_id;
DROP TABLE entry_evidence_rows;
`;
