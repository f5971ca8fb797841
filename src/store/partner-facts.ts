import type { EntryFacetFacts } from './facets.js';

/** Columns `bodies` and `fields` of an entry `e`: the (body, role) pairs and fields body_counts and field_counts count. */
export const PARTNER_FACTS_SQL = `(SELECT json_group_array(json_array(b.body_id, b.role)) FROM entry_bodies b
				WHERE b.entry_id = e.id) AS bodies,
			(SELECT json_group_array(f.field) FROM entry_fields f WHERE f.entry_id = e.id) AS fields`;

/** The facts of PARTNER_FACTS_SQL's columns (entry_bodies and entry_fields rows are distinct per entry already). */
export function partnerFacts(row: { bodies: string; fields: string }): Pick<EntryFacetFacts, 'bodies' | 'fields'> {
	return {
		bodies: JSON.parse(row.bodies) as [number, string][],
		fields: JSON.parse(row.fields) as string[],
	};
}
