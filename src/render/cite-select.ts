import type { APIActionRowComponent, APISelectMenuOption, APIStringSelectComponent } from 'discord.js';
import { COMPONENT } from './components.js';
import { DISCORD_LIMITS } from './limits.js';
import { neutralizeMentions, truncate } from './markdown.js';
import type { EntrySnippet } from '../summarize/entry-snippet.js';

/**
 * The custom_id of the "Cite an entry…" menu under paged answers. It carries no state (the picked value is the
 * entry id), so it never expires and anyone may use it; /cite's component handler answers it privately.
 */
export const CITE_SELECT_ID = 'cite:pick';

const PLACEHOLDER = 'Cite an entry…';

/** Select labels and descriptions show text literally: one line, and nothing that could read as a mention. */
function plainLine(text: string): string {
	return neutralizeMentions(text.replace(/\s+/g, ' ').trim());
}

/** `#12 · 2020-05-01 · short title`: the entry's title, else its first organization, else its text. */
export function citeOptionLabel(item: EntrySnippet): string {
	const title = [item.title, item.orgs[0], item.text].map((text) => plainLine(text ?? '')).find(Boolean) ?? '';
	const label = `#${item.id} · ${item.date ?? 'undated'}${title ? ` · ${title}` : ''}`;
	return truncate(label, DISCORD_LIMITS.selectOptionLabel);
}

/** One option per entry of the page (at most 25, ids once each); no row at all for a page without entries. */
export function citeSelectRow(items: readonly EntrySnippet[]): APIActionRowComponent<APIStringSelectComponent>[] {
	const seen = new Set<number>();
	const options: APISelectMenuOption[] = [];
	for (const item of items) {
		if (seen.has(item.id) || options.length >= DISCORD_LIMITS.selectOptions) continue;
		seen.add(item.id);
		const source = plainLine(item.citation.sourceTitle ?? '');
		options.push({
			label: citeOptionLabel(item),
			value: String(item.id),
			...(source ? { description: truncate(source, DISCORD_LIMITS.selectOptionDescription) } : {}),
		});
	}
	if (options.length === 0) return [];
	return [
		{
			type: COMPONENT.actionRow,
			components: [{ type: COMPONENT.stringSelect, custom_id: CITE_SELECT_ID, placeholder: PLACEHOLDER, options }],
		},
	];
}
