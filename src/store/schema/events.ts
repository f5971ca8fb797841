/**
 * Migration 10: one event told by several sources. Listed in ../migrations.ts. Until released this SQL may change;
 * once released, add a new migration instead.
 */
export const EVENTS_SCHEMA_SQL = `
-- NULL: the entry stands for its event (every entry, until another source of the same event is found). Else the id
-- of the entry that does (the one naming the most provinces and organizations, see chooseRepresentative), and the entry is left out of counts, cards and digests: the
-- facet counts count exactly the entries whose event_id is NULL. No foreign key: the store releases a group before
-- it deletes or rewrites any of its entries, and settles it again in the same transaction.
ALTER TABLE entries ADD COLUMN event_id INTEGER;
CREATE INDEX entries_event_id ON entries (event_id) WHERE event_id IS NOT NULL;
-- "Is this entry another's source?" in a few pages of a small index: searches ask it of every row they walk.
CREATE INDEX entries_merged ON entries (id) WHERE event_id IS NOT NULL;

-- Hashes of an entry's long sentences (events/same-event sentenceHashes): entries sharing one quote each other.
CREATE TABLE entry_sentences (
	hash TEXT NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	PRIMARY KEY (hash, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entry_sentences_entry_id ON entry_sentences (entry_id);

-- Two entries of different documents found to tell one event, and why (low id first).
CREATE TABLE event_links (
	entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	other_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
	reason TEXT NOT NULL CHECK (reason <> ''),
	PRIMARY KEY (entry_id, other_id),
	CHECK (entry_id < other_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_links_other_id ON event_links (other_id);
`;
