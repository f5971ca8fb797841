import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { stats as statsDefinition } from '../../commands/stats.js';
import { createCommandServices } from '../../src/command/services.js';
import { type ConsoleOutcome, runLine } from '../../src/console/run-line.js';
import { slashCommandsOf } from '../../src/discord/slash-command.js';
import type { SearchAnswer, StatsAnswer } from '../../src/query/answers.js';
import type { TimelineAnswer } from '../../src/query/timeline.js';
import { renderAnswerReply } from '../../src/render/discord-reply.js';
import { plainText } from '../../src/render/text.js';
import { fakeCommandContext } from '../helpers/fake-command-context.js';
import { useSampleApp } from '../helpers/sample-app.js';

// /stats and /timeline by field of work and by partner, over the shipped sample corpus.
const TODAY = '2026-01-02';
const app = useSampleApp();
const services = () => createCommandServices(app(), { now: () => new Date(`${TODAY}T12:00:00Z`) });
const atConsole = (line: string): Promise<ConsoleOutcome> =>
	runLine(line, { commands, services: services(), today: TODAY });

function answerOf(outcome: ConsoleOutcome) {
	if (outcome.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
	return outcome;
}

/** How many entries /search finds with these filters (the count every other answer must agree with). */
async function searchTotal(filters: string): Promise<number> {
	return (answerOf(await atConsole(`/search ${filters}`)).data as SearchAnswer).page.total;
}

describe('/stats by field of work', () => {
	it('counts every field the way /search field: does, and shows the counts in Discord', async () => {
		const outcome = answerOf(await atConsole('/stats'));
		const { byField } = outcome.data as StatsAnswer;
		expect(byField.length).toBeGreaterThan(1);
		for (const count of byField)
			expect([count.key, await searchTotal(`field:${count.key}`)]).toEqual([count.key, count.n]);
		const field = renderAnswerReply(outcome.summary).embeds?.[0]?.fields?.find((f) => f.name === 'By field of work');
		const [top] = byField;
		expect(plainText(field?.value ?? '')).toMatch(new RegExp(`^${top!.label} \\(${top!.n}\\)`));
	});

	it('takes field: and partner:, naming them, with counts and a chart of the matching entries', async () => {
		for (const [filters, named] of [
			['field:Health', 'field Health'],
			['partner:"Guangdong PSB"', 'partner Guangdong Public Security Bureau'],
		] as const) {
			const outcome = answerOf(await atConsole(`/stats ${filters}`));
			const answer = outcome.data as StatsAnswer;
			expect(answer.total).toBe(await searchTotal(filters));
			expect(answer.total).toBeGreaterThan(0);
			expect(outcome.summary.facts).toContainEqual({ label: 'Filters', value: named });
			expect(outcome.chart?.spec.subtitle).toContain(named.replace(/^\w+ /, ''));
		}
		const health = answerOf(await atConsole('/stats field:Health')).data as StatsAnswer;
		expect(health.byField.find((c) => c.key === 'health')?.n).toBe(health.total);
	});

	it('costs more when it counts over the matching entries than when it reads precomputed counts', () => {
		const slash = slashCommandsOf([statsDefinition])[0]!;
		const cost = (options: Record<string, string>) => {
			const { ctx } = fakeCommandContext(services(), TODAY, { commandName: 'stats', options });
			return typeof slash.cost === 'function' ? slash.cost(ctx) : slash.cost;
		};
		const precomputed = cost({});
		expect(cost({ province: 'Hunan' })).toBe(precomputed);
		expect(cost({ field: 'health' })).toBeGreaterThan(precomputed!);
		expect(cost({ partner: 'Jiangxi PSB' })).toBeGreaterThan(precomputed!);
	});
});

describe('/timeline by field of work and partner', () => {
	it('charts the entries a field or partner filter finds, named in its scope', async () => {
		for (const [filters, scope] of [
			['field:Health', 'Health'],
			['partner:"Guangdong PSB"', 'Guangdong Public Security Bureau'],
		] as const) {
			const outcome = await atConsole(`/timeline ${filters} by:year`);
			if (outcome.kind !== 'timeline') throw new Error(`expected a timeline, got ${JSON.stringify(outcome)}`);
			const answer = outcome.data as TimelineAnswer;
			expect(answer.total).toBe(await searchTotal(filters));
			expect(answer.points.reduce((sum, p) => sum + p.n, 0) + answer.undated).toBe(answer.total);
			expect(outcome.summary.scope).toBe(scope);
		}
	});

	it('refuses what is not a field, as an error at the console', async () => {
		expect(await atConsole('/timeline field:astrology')).toEqual({
			kind: 'error',
			message: expect.stringMatching(/“astrology” is not a field of work/),
		});
	});
});
