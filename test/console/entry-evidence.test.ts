import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/console/answer-line.js';
import { useEvidenceApp } from '../helpers/evidence-fixture.js';

const TODAY = '2026-01-02';
const fixture = useEvidenceApp();

describe('/entry in the console', () => {
	it('shows why each fact is there, then the places not counted, before the text', () => {
		const { app, ids } = fixture();
		const answer = answerLine(`/entry ${ids.hunan}`, app.query, TODAY);
		expect(answer.text).toContain(
			[
				'Why these facts:',
				'  2019-02-25 — from the date heading “February 25, 2019”',
				'  Hunan — from “Hunan PSB Foreign NGO Management Office” (acting authority)',
				'  Green-Net — from “Green-Net” (named organization)',
				'  Green-Net — Japan, from “(Japan)”',
				'  registration — from “registers” (activity word)',
				'Not counted:',
				'  Hong Kong — office of Green-Net',
				'',
				'😀 On that day',
			].join('\n'),
		);
		// --json carries the same grouped rows.
		expect(answer.json).toMatchObject({
			kind: 'entry',
			summary: { evidence: { counted: { length: 5 }, notCounted: [{ value: 'Hong Kong', counted: false }] } },
		});
	});

	it('adds nothing for an entry without evidence', () => {
		const { app, ids } = fixture();
		const answer = answerLine(`/entry ${ids.plain}`, app.query, TODAY);
		expect(answer.outcome.kind).toBe('entry');
		expect(answer.text).not.toMatch(/Why these facts|Not counted/);
	});
});
