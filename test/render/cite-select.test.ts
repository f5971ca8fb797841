import { describe, expect, it } from 'vitest';
import { CITE_SELECT_ID, citeOptionLabel, citeSelectRow } from '../../src/render/cite-select.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import type { EntrySnippet } from '../../src/summarize/entry-snippet.js';

const HOSTILE = '@everyone <@&123456789012345678> **bold**\n\n`code`';

function snippet(id: number, overrides: Partial<EntrySnippet> = {}): EntrySnippet {
	return {
		id,
		date: '2020-05-01',
		provinces: ['Hunan'],
		orgs: ['Cedar Education Foundation'],
		type: 'registration',
		title: `Registration of foundation ${id}`,
		text: 'The Hunan PSB issued a registration certificate.',
		marks: [],
		citation: {
			entryId: id,
			date: '2020-05-01',
			sourceTitle: 'MPS WeChat Posts—May 2020',
			sourceUrl: null,
			sourcePath: 'data/x.txt',
			published: null,
		},
		alsoIn: [],
		...overrides,
	};
}

describe('the "Cite an entry…" menu', () => {
	it('lists each entry as #id · date · short title, valued by its id, with its source as description', () => {
		const [row] = citeSelectRow([snippet(12), snippet(13, { date: null, title: null })]);
		expect(row?.components).toEqual([
			{
				type: 3,
				custom_id: CITE_SELECT_ID,
				placeholder: 'Cite an entry…',
				options: [
					{
						label: '#12 · 2020-05-01 · Registration of foundation 12',
						value: '12',
						description: 'MPS WeChat Posts—May 2020',
					},
					{
						label: '#13 · undated · Cedar Education Foundation',
						value: '13',
						description: 'MPS WeChat Posts—May 2020',
					},
				],
			},
		]);
		expect(CITE_SELECT_ID).toMatch(/^cite:/);
	});

	it('has no row for a page without entries', () => {
		expect(citeSelectRow([])).toEqual([]);
	});

	it('stays within Discord limits with long, hostile, many and repeated entries, pinging no one', () => {
		const long = 'Ｗ'.repeat(300);
		const items = Array.from({ length: 30 }, (_, i) =>
			snippet(i % 28, {
				title: i % 2 ? `${HOSTILE} ${long}` : null,
				orgs: [],
				text: `${HOSTILE}\n${long}`,
				citation: { ...snippet(i).citation, sourceTitle: `${HOSTILE} ${long}` },
			}),
		);
		const rows = citeSelectRow(items);
		expect(replyLimitViolations({ content: 'answer', components: rows })).toEqual([]);
		const options = rows[0]!.components[0]!.options;
		expect(options).toHaveLength(25);
		expect(options.map((o) => o.value)).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
		for (const { label, description } of options) {
			expect(label).toMatch(/^#\d+ · 2020-05-01 · @\u200beveryone <\u200b@&\d+> \*\*bold\*\* `code`/);
			expect(label.length).toBeLessThanOrEqual(100);
			expect(description!.length).toBeLessThanOrEqual(100);
			expect(`${label} ${description}`).not.toMatch(/@everyone|<@&\d/);
			expect(label).not.toContain('\n');
		}
	});

	it('falls back from the title to the first organization, then to the text', () => {
		expect(citeOptionLabel(snippet(1, { title: '  ' }))).toBe('#1 · 2020-05-01 · Cedar Education Foundation');
		expect(citeOptionLabel(snippet(2, { title: null, orgs: [] }))).toBe(
			'#2 · 2020-05-01 · The Hunan PSB issued a registration certificate.',
		);
	});
});
