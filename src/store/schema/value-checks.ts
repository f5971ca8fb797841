/**
 * Migration 16: the same value checks on tables a save writes for every entry, spelled so SQLite tests them without
 * a temporary table per row. Listed in ../migrations.ts. Until released this SQL may change; once released, add a new
 * migration instead.
 *
 * Why: SQLite codes `CHECK (x IN ('a', 'b', 'c', …))` (more than two constants) as a lookup in an ephemeral b-tree,
 * and inside a constraint it cannot build that b-tree once per statement (no OP_Once there): every inserted row
 * builds it again, 27 rows for a field of work. A bulk load spent a quarter (fields) to two fifths (facet counts) of
 * its time in these inserts on that. `x = 'a' OR x = 'b' OR …` accepts and refuses exactly the same values (NULL
 * included: both give NULL, which a CHECK lets through) with plain comparisons. (entries' and documents' own checks
 * stay: rebuilding a table others point at needs foreign keys off, outside a migration's transaction.)
 *
 * No other table points at these, so each is rebuilt inside the migration's transaction: the old table renamed
 * aside, the new one made under the name with the new checks, the rows copied, the old one dropped (its indexes with
 * it), the indexes made again. The trigger that copies sort dates into entry_bodies and entry_fields is dropped first
 * and made again last: a rename would otherwise rewrite it to name the old tables.
 */

/** `(column = 'a' OR column = 'b' …)`: the values are spelled out, so the migration means the same thing forever. */
function oneOf(column: string, values: readonly string[]): string {
	return `(${values.map((value) => `${column} = '${value}'`).join(' OR ')})`;
}

const BODY_ROLES = ['authority', 'supervisor', 'partner_unit', 'partner', 'participant'];
const FIELDS_OF_WORK = [
	'aging',
	'agriculture',
	'animal_protection',
	'arts_culture',
	'civil_society',
	'disabilities',
	'disaster_relief',
	'economic_development',
	'education',
	'energy',
	'environment',
	'ethnic_affairs',
	'health',
	'infrastructure',
	'international_exchange',
	'labor_migrants',
	'law_governance',
	'lgbtq',
	'media',
	'poverty_alleviation',
	'rural_development',
	'sport',
	'technology',
	'tourism',
	'trade',
	'womens_issues',
	'youth',
];
const FACET_SCOPES = ['all', 'province', 'org', 'type', 'country'];
const FACETS = ['total', 'province', 'org', 'type', 'country', 'month', 'year', 'kind'];

export const VALUE_CHECKS_SCHEMA_SQL = `
DROP TRIGGER entries_sort_date_copies_bodies;

ALTER TABLE entry_bodies RENAME TO entry_bodies_old;
CREATE TABLE entry_bodies (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	body_id INTEGER NOT NULL REFERENCES bodies (id),
	role TEXT NOT NULL CHECK ${oneOf('role', BODY_ROLES)},
	sort_date TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	written TEXT NOT NULL,
	PRIMARY KEY (body_id, sort_date, entry_id, role)
) STRICT, WITHOUT ROWID;
INSERT INTO entry_bodies (entry_id, body_id, role, sort_date, ordinal, written)
SELECT entry_id, body_id, role, sort_date, ordinal, written FROM entry_bodies_old;
DROP TABLE entry_bodies_old;
CREATE INDEX entry_bodies_entry_id ON entry_bodies (entry_id);

ALTER TABLE entry_fields RENAME TO entry_fields_old;
CREATE TABLE entry_fields (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	field TEXT NOT NULL CHECK ${oneOf('field', FIELDS_OF_WORK)},
	sort_date TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	PRIMARY KEY (field, sort_date, entry_id)
) STRICT, WITHOUT ROWID;
INSERT INTO entry_fields (entry_id, field, sort_date, ordinal)
SELECT entry_id, field, sort_date, ordinal FROM entry_fields_old;
DROP TABLE entry_fields_old;
CREATE INDEX entry_fields_entry_id ON entry_fields (entry_id);

ALTER TABLE facet_counts RENAME TO facet_counts_old;
CREATE TABLE facet_counts (
	scope TEXT NOT NULL CHECK ${oneOf('scope', FACET_SCOPES)},
	scope_key TEXT NOT NULL,
	facet TEXT NOT NULL CHECK ${oneOf('facet', FACETS)},
	facet_key TEXT NOT NULL,
	n INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (scope, scope_key, facet, facet_key)
) STRICT, WITHOUT ROWID;
INSERT INTO facet_counts (scope, scope_key, facet, facet_key, n)
SELECT scope, scope_key, facet, facet_key, n FROM facet_counts_old;
DROP TABLE facet_counts_old;

CREATE TRIGGER entries_sort_date_copies_bodies AFTER UPDATE OF sort_date ON entries BEGIN
	UPDATE entry_bodies SET sort_date = NEW.sort_date WHERE entry_id = NEW.id;
	UPDATE entry_fields SET sort_date = NEW.sort_date WHERE entry_id = NEW.id;
END;
`;
