import { describe, expect, it } from 'vitest';
import { orgKey } from '../../src/domain/names.js';

describe('orgKey', () => {
	it.each([
		['Médecins Sans Frontières', 'medecins sans frontieres'],
		['  The   Asia Foundation ', 'asia foundation'],
		['THE ASIA FOUNDATION', 'asia foundation'],
		['Theatre Without Borders', 'theatre without borders'],
		['A.I.F.O.', 'aifo'],
		['Children’s Fund', 'childrens fund'],
		["Children's Fund", 'childrens fund'],
		['“Green” Hope (Hong-Kong)', 'green hope hong kong'],
		['Bread & Water, Inc.', 'bread & water inc'],
		['中国扶贫基金会', '中国扶贫基金会'],
		['（香港）乐施会', '香港 乐施会'],
		['ＷＷＦ', 'wwf'],
		['The', 'the'],
		['...', ''],
	])('keys %j as %j', (name, key) => {
		expect(orgKey(name)).toBe(key);
	});

	it('gives the same key to spellings of the same name', () => {
		expect(orgKey('Associazione Italiana Amici di Raoul Follereau')).toBe(
			orgKey('associazione italiana amici di raoul follereau'),
		);
		expect(orgKey('Save the Children')).not.toBe(orgKey('Save Children'));
	});
});
