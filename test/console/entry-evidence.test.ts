import { describe, expect, it } from 'vitest';
import { createCommandServices } from '../../src/command/services.js';
import { answerLine } from '../../src/console/answer-line.js';
import { useEvidenceApp } from '../helpers/evidence-fixture.js';

const TODAY = '2026-01-02';
const fixture = useEvidenceApp();

describe('/entry in the console', () => {
	it('shows why each fact is there, then the places not counted, before the text', async () => {
		const { app, ids } = fixture();
		const answer = await answerLine(`/entry ${ids.hunan}`, createCommandServices(app), TODAY);
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

	it('adds nothing for an entry without evidence', async () => {
		const { app, ids } = fixture();
		const answer = await answerLine(`/entry ${ids.plain}`, createCommandServices(app), TODAY);
		expect(answer.outcome.kind).toBe('entry');
		expect(answer.text).not.toMatch(/Why these facts|Not counted/);
	});
});
