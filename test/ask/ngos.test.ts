import { describe, expect, it } from 'vitest';
import { ASK_CORPUS, useConsoleApp } from '../helpers/console-app.js';

const { run, query } = useConsoleApp(ASK_CORPUS);

const factsOf = async (line: string) => {
	const outcome = await run(line);
	if (outcome.kind !== 'answer') throw new Error(`${line}: ${JSON.stringify(outcome)}`);
	return outcome.summary.facts;
};

describe('/ngos lists the organizations the matching entries name', () => {
	it('most entries first, with first and last dates and the newest entry, each line true of that entry', async () => {
		const facts = await factsOf('/ngos province:Yunnan type:temporary_activity');
		expect(facts.slice(0, 4)).toEqual([
			{ label: 'Organizations', value: '2' },
			{ label: 'Filters', value: 'province Yunnan · type temporary_activity' },
			{
				label: 'Alpine Health Foundation (Switzerland)',
				value: expect.stringMatching(/^2 entries · 2024-10-21 to 2025-09-09 · newest #\d+$/),
			},
			{
				label: 'Mekong River Health Alliance (Thailand)',
				value: expect.stringMatching(/^1 entry · 2025-03-15 · newest #\d+$/),
			},
		]);
		for (const fact of facts.slice(2)) {
			const id = Number(/#(\d+)$/.exec(fact.value)?.[1]);
			const entry = query().entry(id);
			expect(entry.ok && entry.value.orgs.some((org) => fact.label.startsWith(org.name))).toBe(true);
			expect(entry.ok && entry.value.date).toBe(/(\d{4}-\d\d-\d\d) · newest/.exec(fact.value)?.[1]);
		}
	});

	it('with an origin, lists only the organizations from there', async () => {
		const labels = (await factsOf('/ngos country:"United Kingdom"')).slice(2).map((fact) => fact.label);
		expect(labels).toEqual(['Barry & Martin’s Trust (United Kingdom)']);
	});

	it('says when the matching entries name no organization, and refuses a search without words or filters', async () => {
		const outcome = await run('/ngos province:Fujian');
		expect(outcome.kind === 'answer' && outcome.summary.empty).toBe('The matching entries name no organization.');
		expect(await run('/ngos')).toMatchObject({
			kind: 'error',
			message: expect.stringContaining('/ngos needs words or a filter'),
		});
	});
});
