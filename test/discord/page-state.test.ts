import { describe, expect, it } from 'vitest';
import { CUSTOM_ID_MAX, decodePageState, encodePageState, type PageState } from '../../src/discord/page-state.js';

const state: PageState = {
	action: 'page',
	kind: 'search',
	ownerId: '123456789012345678',
	expiresAt: 1_900_000_000,
	page: 3,
	hidden: true,
	args: ['mental | health %7C', 'newest', 'province=Heilongjiang'],
};

describe('page state in custom_id', () => {
	it('round-trips, including separators and escapes inside arguments', () => {
		const id = encodePageState(state, 'b');
		expect(id).not.toBeNull();
		expect(id!.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
		expect(decodePageState(id!)).toEqual(state);
	});

	it('keeps each paged answer apart, partner and province included', () => {
		const kinds = ['ngo', 'partner', 'province', 'search'] as const;
		const ids = kinds.map((kind) => encodePageState({ ...state, kind, args: ['id:7'] })!);
		expect(new Set(ids.map((id) => id.split('|')[2])).size).toBe(kinds.length);
		expect(ids.map((id) => decodePageState(id)?.kind)).toEqual(kinds);
	});

	it('refuses states that do not fit in 100 characters', () => {
		expect(encodePageState({ ...state, args: ['x'.repeat(100)] })).toBeNull();
	});

	it('rejects anything it did not make', () => {
		for (const id of [
			'',
			'n1',
			'n0|p|s|1|1|1|0|x',
			'n1|p|z|1|1|1|0|x',
			'n1|p|constructor|1|1|1|0|x',
			'n1|p|s|!!|1|1|0|x',
			'n1|p|s|1|1|0|0|x',
			'garbage|with|pipes',
		]) {
			expect(decodePageState(id), id).toBeNull();
		}
	});
});
