import { describe, expect, it } from 'vitest';
import { classifyFields } from '../../src/ingest/classify-fields.js';

const fields = (text: string) => classifyFields(text).map((cue) => cue.field);

describe('fields of work (ChinaFile’s scheme)', () => {
	it('reads every field an entry is about', () => {
		expect(
			fields('The trust launched an AIDS care project to improve medical treatment for patients in rural Jiangxi.'),
		).toEqual(['health', 'rural_development']);
		expect(fields('The foundation donated tents and quilts to villagers after the earthquake.')).toEqual([
			'disaster_relief',
			'rural_development',
		]);
		expect(fields('A chamber promoting trade and investment between China and Africa registered.')).toEqual([
			'economic_development',
			'trade',
		]);
	});

	it('takes children and school age for youth, and a training for no field', () => {
		expect(fields('Volunteers taught pupils in a primary school.')).toEqual(['education', 'youth']);
		expect(fields('The office held a training for chief representatives on annual reports.')).toEqual([]);
	});

	it('does not read a field from a proper name or a verb', () => {
		expect(fields('Officials of the Guizhou Education Commission met staff of the Wuhan Children’s Hospital.')).toEqual(
			[],
		);
		expect(fields('The office aids foreign NGOs with their paperwork.')).toEqual([]);
	});

	it('keeps where each field was read', () => {
		const text = 'The fund supports blind children.';
		expect(classifyFields(text).map((cue) => [cue.field, text.slice(cue.start, cue.end)])).toEqual([
			['disabilities', 'blind'],
			['youth', 'children'],
		]);
	});
});
