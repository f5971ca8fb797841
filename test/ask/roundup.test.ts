import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { useConsoleApp } from '../helpers/console-app.js';

// A roundup article names three provinces and three organizations without saying which went where; a one-post
// digest places one organization in Hunan. Answers about Hunan must not present the roundup's as placed there.
const { run } = useConsoleApp([join(projectRoot(), 'test', 'fixtures', 'ask-roundup')]);

describe('organizations only a roundup of several provinces names', () => {
	it('come after those placed in the province asked about, each saying so in /ask', async () => {
		const outcome = await run('/ask which NGOs registered in Hunan?');
		if (outcome.kind !== 'answer') throw new Error(JSON.stringify(outcome));
		const answer = outcome.summary.facts.find((fact) => fact.label === 'Answer')?.value ?? '';
		const parts = answer
			.replace(/^4 organizations: /, '')
			.replace(/\.$/, '')
			.split('; ');
		expect(parts[0]).toMatch(/^Silver Birch Reading Trust \(United Kingdom\): 1 entry, 2021-06-03 \[#\d+\]$/);
		expect(parts.slice(1)).toHaveLength(3);
		for (const part of parts.slice(1)) expect(part).toMatch(/\[#\d+\] \(only in an entry naming several provinces\)$/);
	});

	it('and in /ngos, whose lines say the same', async () => {
		const outcome = await run('/ngos province:Hunan');
		if (outcome.kind !== 'answer') throw new Error(JSON.stringify(outcome));
		const lines = outcome.summary.facts.slice(2);
		expect(lines.map((fact) => fact.label)).toEqual([
			'Silver Birch Reading Trust (United Kingdom)',
			"Blue Harbor Children's Fund (Australia)",
			'Evergreen Health Network (New Zealand)',
			'Northern Lights Education Foundation (Norway)',
		]);
		expect(lines[0]?.value).not.toContain('several provinces');
		for (const line of lines.slice(1)) expect(line.value).toMatch(/ · only in entries naming several provinces$/);
		// Without a province asked about, nothing is said of roundups.
		const all = await run('/ngos type:registration');
		expect(JSON.stringify(all)).not.toContain('several provinces');
	});
});
