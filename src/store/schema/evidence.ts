/**
 * Migration 8: entry evidence, the words each fact of an entry came from. Listed in ../migrations.ts.
 * Until released this SQL may change; once released, add a new migration instead.
 */
export const EVIDENCE_SCHEMA_SQL = `
-- One row per fact and the words it was read from (domain Evidence), in the order the extractor gave them.
-- Written and rewritten with the entry's other facts in the save transaction; read one entry at a time,
-- never by lists, so the primary key is the only index. Entries stored before this migration have no rows.
-- span_start/span_end are offsets of quote in the entry's title or text (JavaScript string indexes);
-- field 'page' means words on the page outside the entry (a date heading), which have no offsets.
CREATE TABLE entry_evidence (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
	fact TEXT NOT NULL CHECK (fact IN ('date', 'province', 'org', 'country', 'type', 'partner', 'field')),
	value TEXT NOT NULL CHECK (value <> ''),
	subject TEXT CHECK (subject IS NULL OR subject <> ''),
	role TEXT NOT NULL CHECK (role <> ''),
	counted INTEGER NOT NULL CHECK (counted IN (0, 1)),
	field TEXT NOT NULL CHECK (field IN ('title', 'text', 'page')),
	span_start INTEGER,
	span_end INTEGER,
	quote TEXT NOT NULL CHECK (quote <> ''),
	CHECK ((field = 'page') = (span_start IS NULL) AND (span_start IS NULL) = (span_end IS NULL)),
	CHECK (span_start IS NULL OR (span_start >= 0 AND span_end > span_start)),
	PRIMARY KEY (entry_id, ordinal)
) STRICT, WITHOUT ROWID;
`;
