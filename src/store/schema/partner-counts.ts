/**
 * Migration 11: counts of bodies and fields of work kept like facet_counts, so an organization's card and a body's
 * card read a few rows instead of joining every entry they have. Listed in ../migrations.ts. Until released this SQL
 * may change; once released, add a new migration instead.
 */
export const PARTNER_COUNTS_SCHEMA_SQL = `
-- Entries standing for their event (event_id NULL) that name a body: per role ('' = in any role) and per organization
-- they also name (0 = with or without one). The document store keeps it in the same transaction as the entries.
CREATE TABLE body_counts (
	body_id INTEGER NOT NULL,
	role TEXT NOT NULL,
	org_id INTEGER NOT NULL,
	n INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (body_id, role, org_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX body_counts_org_id ON body_counts (org_id, body_id, role) WHERE org_id <> 0;

-- Entries standing for their event about a field of work, per organization they name (0 = the whole corpus).
CREATE TABLE field_counts (
	org_id INTEGER NOT NULL,
	field TEXT NOT NULL,
	n INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (org_id, field)
) STRICT, WITHOUT ROWID;
`;

// The same definition as facets.ts addEntryFacets (bodies and fields of each counted entry), in one statement each.
export const BACKFILL_PARTNER_COUNTS_SQL = `
WITH counted (id) AS (SELECT id FROM entries WHERE event_id IS NULL),
pairs (entry_id, body_id, role) AS (
	SELECT DISTINCT b.entry_id, b.body_id, b.role FROM entry_bodies b JOIN counted c ON c.id = b.entry_id
	UNION ALL SELECT DISTINCT b.entry_id, b.body_id, '' FROM entry_bodies b JOIN counted c ON c.id = b.entry_id
),
orgs (entry_id, org_id) AS (
	SELECT id, 0 FROM counted UNION ALL SELECT DISTINCT o.entry_id, o.org_id FROM entry_orgs o JOIN counted c ON c.id = o.entry_id
)
INSERT INTO body_counts (body_id, role, org_id, n)
SELECT p.body_id, p.role, o.org_id, count(*) FROM pairs p JOIN orgs o ON o.entry_id = p.entry_id
WHERE o.org_id = 0 OR p.role <> ''
GROUP BY p.body_id, p.role, o.org_id;

WITH counted (id) AS (SELECT id FROM entries WHERE event_id IS NULL),
orgs (entry_id, org_id) AS (
	SELECT id, 0 FROM counted UNION ALL SELECT DISTINCT o.entry_id, o.org_id FROM entry_orgs o JOIN counted c ON c.id = o.entry_id
)
INSERT INTO field_counts (org_id, field, n)
SELECT o.org_id, f.field, count(*) FROM entry_fields f JOIN orgs o ON o.entry_id = f.entry_id
GROUP BY o.org_id, f.field;
`;
