import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/query/answers.js';
import { hunanEntry, useEvidenceApp } from '../helpers/evidence-fixture.js';

const fixture = useEvidenceApp();

function ok<T>(result: QueryResult<T>): T {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

describe('query.evidence()', () => {
	it('returns an entry’s evidence in stored order, and none for entries without it or unknown ids', () => {
		const { app, ids } = fixture();
		expect(app.query.evidence(ids.hunan)).toEqual(hunanEntry().evidence);
		expect(app.query.evidence(ids.plain)).toEqual([]);
		for (const id of [0, -1, 1.5, Number.NaN, 99_999]) expect(app.query.evidence(id)).toEqual([]);
	});

	it('stays out of entry() and of every list answer', () => {
		const { app, ids } = fixture();
		expect(ok(app.query.entry(ids.hunan))).not.toHaveProperty('evidence');
		const lists = [
			ok(app.query.search('Hunan')).entries,
			ok(app.query.province('Hunan')).entries,
			ok(app.query.ngo('Green-Net')).entries,
		];
		for (const entries of lists) {
			expect(entries.map((entry) => entry.id)).toEqual([ids.hunan]);
			for (const entry of entries) expect(entry).not.toHaveProperty('evidence');
		}
	});
});
