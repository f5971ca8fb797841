/**
 * Migration 9: the Chinese bodies entries name (with their roles) and the fields of work entries are about.
 * Listed in ../migrations.ts. Until released this SQL may change; once released, add a new migration instead.
 * Value lists are spelled out: a test checks they accept every current BODY_ROLES and FIELDS_OF_WORK value.
 */
export const PARTNERS_SCHEMA_SQL = `
-- A body is resolved through any of its spellings' keys (domain bodyKey: "Jiangxi PSB" = "Jiangxi Public Security
-- Bureau"); name is the first spelling stored. AUTOINCREMENT: ids may sit in old bot messages after a delete.
CREATE TABLE bodies (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL CHECK (name <> ''),
	key TEXT NOT NULL UNIQUE,
	level TEXT CHECK (level IS NULL OR level IN ('national', 'provincial', 'city')),
	province TEXT,
	entry_count INTEGER NOT NULL DEFAULT 0 CHECK (entry_count >= 0)
) STRICT;

CREATE TABLE body_aliases (
	alias_key TEXT PRIMARY KEY,
	body_id INTEGER NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
	alias TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX body_aliases_body_id ON body_aliases (body_id);

-- One row per entry, body and role; sort_date copies entries.sort_date (like entry_orgs) so "entries naming this
-- body, newest first" walks the primary key and stops at LIMIT.
CREATE TABLE entry_bodies (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	body_id INTEGER NOT NULL REFERENCES bodies (id),
	role TEXT NOT NULL CHECK (role IN ('authority', 'supervisor', 'partner_unit', 'partner', 'participant')),
	sort_date TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	written TEXT NOT NULL,
	PRIMARY KEY (body_id, sort_date, entry_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_bodies_entry_id ON entry_bodies (entry_id);

CREATE TABLE entry_fields (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	field TEXT NOT NULL CHECK (field IN ('aging', 'agriculture', 'animal_protection', 'arts_culture', 'civil_society',
		'disabilities', 'disaster_relief', 'economic_development', 'education', 'energy', 'environment', 'ethnic_affairs',
		'health', 'infrastructure', 'international_exchange', 'labor_migrants', 'law_governance', 'lgbtq', 'media',
		'poverty_alleviation', 'rural_development', 'sport', 'technology', 'tourism', 'trade', 'womens_issues', 'youth')),
	sort_date TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	PRIMARY KEY (field, sort_date, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_fields_entry_id ON entry_fields (entry_id);

CREATE TRIGGER entries_sort_date_copies_bodies AFTER UPDATE OF sort_date ON entries BEGIN
	UPDATE entry_bodies SET sort_date = NEW.sort_date WHERE entry_id = NEW.id;
	UPDATE entry_fields SET sort_date = NEW.sort_date WHERE entry_id = NEW.id;
END;
`;
