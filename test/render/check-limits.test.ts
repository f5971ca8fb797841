import type { APIActionRowComponent, APIComponentInMessageActionRow, APIStringSelectComponent } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import type { RenderedReply } from '../../src/render/reply.js';

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

const option = (i: number) => ({ label: `#${i} · 2020-05-01 · Entry ${i}`, value: String(i) });

function select(overrides: Partial<APIStringSelectComponent> = {}): APIStringSelectComponent {
	return {
		type: 3,
		custom_id: 'cite:pick',
		placeholder: 'Cite an entry…',
		options: [option(1), option(2)],
		...overrides,
	};
}

function withRows(...rows: Row[]): RenderedReply {
	return { content: 'An answer', components: rows };
}

const row = (...components: APIComponentInMessageActionRow[]): Row => ({ type: 1, components });
const button = { type: 2, style: 2, label: 'Next ▶', custom_id: 'n1|p' } as const;

describe('replyLimitViolations: select menus', () => {
	it('accepts a select of 1 to 25 options at the length limits, in its own row', () => {
		const full = Array.from({ length: 25 }, (_, i) => option(i + 1));
		expect(replyLimitViolations(withRows(row(button), row(select({ options: full }))))).toEqual([]);
		const longest = { label: 'l'.repeat(100), value: 'v'.repeat(100), description: 'd'.repeat(100) };
		expect(replyLimitViolations(withRows(row(select({ placeholder: 'p'.repeat(150), options: [longest] }))))).toEqual(
			[],
		);
	});

	it('counts options: none and 26 are both refused', () => {
		expect(replyLimitViolations(withRows(row(select({ options: [] }))))).toEqual(['select has 0 options (1 to 25)']);
		const many = Array.from({ length: 26 }, (_, i) => option(i + 1));
		expect(replyLimitViolations(withRows(row(select({ options: many }))))).toEqual(['select has 26 options (1 to 25)']);
	});

	it('measures option labels, values and descriptions (1–100) and the placeholder (150)', () => {
		const bad = [
			{ label: 'l'.repeat(101), value: '1' },
			{ label: '', value: '2' },
			{ label: 'ok', value: 'v'.repeat(101) },
			{ label: 'ok', value: '' },
			{ label: 'ok', value: '5', description: 'd'.repeat(101) },
		];
		const reply = withRows(row(select({ placeholder: 'p'.repeat(151), options: bad })));
		expect(replyLimitViolations(reply)).toEqual([
			'select placeholder too long',
			'select option 0 label length',
			'select option 1 label length',
			'select option 2 value length',
			'select option 3 value length',
			'select option 4 description too long',
		]);
	});

	it('refuses repeated values, a select sharing its row, a long custom_id and a sixth row', () => {
		expect(replyLimitViolations(withRows(row(select({ options: [option(1), option(1)] }))))).toEqual([
			'select option values repeat',
		]);
		expect(replyLimitViolations(withRows(row(button, select())))).toEqual(['a select menu shares its row']);
		expect(replyLimitViolations(withRows(row(select({ custom_id: `cite:${'x'.repeat(96)}` }))))).toEqual([
			'custom_id too long',
		]);
		const rows = Array.from({ length: 6 }, () => row(select()));
		expect(replyLimitViolations(withRows(...rows))).toEqual(['too many action rows']);
	});

	it('checks the placeholder of other select types too (a channel select has no options)', () => {
		const channels: APIComponentInMessageActionRow = { type: 8, custom_id: 'watch:c', placeholder: 'p'.repeat(151) };
		expect(replyLimitViolations(withRows(row(channels)))).toEqual(['select placeholder too long']);
	});
});
