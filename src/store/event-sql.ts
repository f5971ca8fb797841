/**
 * SQL condition: the entry with this id stands for its event, i.e. is not another document's report of an event an
 * earlier entry tells (entries.event_id set, migration 10). Only such entries are answers, counts and list items.
 * A seek in the small partial index entries_merged, so walks over a fact table's primary key stay cheap.
 * `id` must name the outer row's column unambiguously (`entries.id`, `e.id`, `entry_id`): a bare `id` would be
 * read as the subquery's own column and the condition would hold for no entry or every one.
 */
export function standsForItsEvent(id: string): string {
	return `NOT EXISTS (SELECT 1 FROM entries m INDEXED BY entries_merged WHERE m.id = ${id} AND m.event_id IS NOT NULL)`;
}
