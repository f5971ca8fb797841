import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { filtersOf } from '../../src/command/help.js';
import { pagedOutcome } from '../../src/command/paged.js';
import { createCommandServices } from '../../src/command/services.js';
import { type ConsoleOutcome, runLine } from '../../src/console/run-line.js';
import { discordOutcome } from '../../src/discord/slash-command.js';
import type { Entry } from '../../src/domain/entry.js';
import type { SearchAnswer } from '../../src/query/answers.js';
import { type FakeOptionValue, fakeCommandContext } from '../helpers/fake-command-context.js';
import { useSampleApp } from '../helpers/sample-app.js';

// partner: and field: on /search and /export, at both doors, over the shipped sample corpus.
const TODAY = '2026-01-02';
const app = useSampleApp();
const services = () => createCommandServices(app(), { now: () => new Date(`${TODAY}T12:00:00Z`) });
const command = (name: string) => commands.find((c) => c.name === name)!;

const atConsole = (line: string): Promise<ConsoleOutcome> =>
	runLine(line, { commands, services: services(), today: TODAY });

async function atDiscord(name: string, options: Record<string, FakeOptionValue>) {
	const { ctx } = fakeCommandContext(services(), TODAY, { commandName: name, options });
	return discordOutcome(command(name), ctx);
}

function searchOf(outcome: ConsoleOutcome): {
	answer: SearchAnswer;
	outcome: Extract<ConsoleOutcome, { kind: 'answer' }>;
} {
	if (outcome.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
	return { answer: outcome.data as SearchAnswer, outcome };
}

const orgNames = (entries: readonly Entry[]) => entries.flatMap((entry) => entry.orgs.map((org) => org.name));

describe('/search field: and partner:', () => {
	it('field:Health finds the entries of both health organizations the sample names, and only entries about health', async () => {
		// The sample's two health projects: Barry & Martin’s Trust's AIDS care in Jiangxi, AIFO's mental health
		// training in Heilongjiang.
		const { answer, outcome } = searchOf(await atConsole('/search field:Health'));
		expect(orgNames(answer.entries)).toEqual(
			expect.arrayContaining(['Barry & Martin’s Trust', 'Associazione Italiana Amici di Raoul Follereau']),
		);
		expect(answer.entries.every((entry) => entry.fields.includes('health'))).toBe(true);
		expect(answer.resolved.field).toBe('health');
		expect(outcome.summary.facts).toContainEqual({ label: 'Filters', value: 'field Health' });
		// Every entry the corpus files under health, and no other.
		const everything = app().query.matching('', {});
		if (!everything.ok) throw new Error('the corpus should match');
		const all = [...everything.value.batches()].flat();
		expect(answer.page.total).toBe(all.filter((entry) => entry.fields.includes('health')).length);
	});

	it('takes a field by its key or ChinaFile’s name, in any case, at both doors', async () => {
		const byName = searchOf(await atConsole('/search field:"disaster relief"')).answer;
		const byKey = searchOf(await atDiscord('search', { field: 'disaster_relief' })).answer;
		expect(byName.resolved.field).toBe('disaster_relief');
		expect(byKey.entries).toEqual(byName.entries);
		expect(byName.page.total).toBeGreaterThan(0);
	});

	it('partner: narrows to the entries naming a body, names it in full and focuses its sentence', async () => {
		const { answer, outcome } = searchOf(await atConsole('/search AIDS partner:"Nanchang Rainbow"'));
		const body = answer.resolved.partner!;
		expect(body.name).toBe('Nanchang Rainbow Health Advisory Public Services Center');
		expect(outcome.summary.facts).toContainEqual({ label: 'Filters', value: `partner ${body.name}` });
		expect(orgNames(answer.entries)).toContain('Barry & Martin’s Trust');
		expect(answer.entries.every((entry) => entry.partners.some((p) => p.name === body.name))).toBe(true);
		expect(outcome.summary.items[0]?.text).toContain('Nanchang Rainbow');
		// Without the words: every entry naming the body, as many as its card counts.
		const all = searchOf(await atConsole('/search partner:"Jiangxi PSB"')).answer;
		expect(all.page.total).toBe(all.resolved.partner!.entryCount);
	});

	it('keeps partner: and field: on the paging buttons', async () => {
		const { outcome } = searchOf(await atDiscord('search', { field: 'health', partner: 'Jiangxi PSB' }));
		expect(outcome.paging?.args).toEqual(['', 'newest', 'partner=Jiangxi PSB', 'field=health']);
		const again = pagedOutcome('search', outcome.paging!.args, 1, services().query, TODAY);
		expect(again.kind === 'answer' && again.summary).toEqual(outcome.summary);
	});

	it('refuses what is not a field, listing fields, and offers bodies for an unknown partner, at both doors', async () => {
		const bad = await atConsole('/search field:astrology');
		expect(bad).toEqual({
			kind: 'refused',
			message: expect.stringMatching(/is not a field of work\. Try one of: Aging/),
		});
		expect(await atDiscord('search', { field: 'astrology' })).toEqual(bad);
		const unknown = await atConsole('/search partner:"Zzyzx Water Bureau"');
		if (unknown.kind !== 'no-match') throw new Error(`expected no match, got ${unknown.kind}`);
		expect(unknown.summary.message).toMatch(/^No Chinese body the entries name matches “Zzyzx Water Bureau”/);
		expect(unknown.summary.suggestions.length).toBeGreaterThan(0);
	});

	it('autocompletes fields by ChinaFile’s names and bodies by any word, with counts', async () => {
		const search = command('search').leaf!;
		expect(search.options.field?.suggest).toBe('field');
		expect(search.options.partner?.suggest).toBe('partner');
		const [health] = services().query.suggest('field', 'Heal');
		const total = searchOf(await atConsole('/search field:health')).answer.page.total;
		expect(health).toMatchObject({ value: 'health', entries: total, name: `Health — ${total} entries` });
	});

	it('are filters of /search and /export in both helps', () => {
		for (const door of ['discord', 'console'] as const) {
			const names = filtersOf(commands, door).map(([name]) => name);
			expect(names).toEqual(expect.arrayContaining(['partner', 'field']));
		}
		for (const name of ['search', 'export']) {
			expect(Object.keys(command(name).leaf!.options)).toEqual(expect.arrayContaining(['partner', 'field']));
		}
	});
});

describe('/export field: and partner:', () => {
	it('exports the entries /search finds with the same filters, recording what they resolved to', async () => {
		const { answer } = searchOf(await atConsole('/search field:Health'));
		const outcome = await atDiscord('export', { field: 'Health', format: 'json' });
		if (outcome.kind !== 'messages') throw new Error(`expected files, got ${outcome.kind}`);
		const file = outcome.messages.flatMap((m) => m.files ?? []).find((f) => f.name.endsWith('.json'))!;
		const { meta, entries } = JSON.parse(Buffer.from(file.data).toString('utf8')) as {
			meta: { filters: Record<string, string>; resolved: Record<string, string> };
			entries: { id: number }[];
		};
		expect(entries.map((e) => e.id)).toEqual(answer.entries.map((e) => e.id));
		expect(meta.filters).toEqual({ field: 'Health' });
		expect(meta.resolved).toEqual({ field: 'health' });
	});

	it('says the resolved partner in its reply', async () => {
		const outcome = await atConsole('/export partner:"Jiangxi PSB"');
		if (outcome.kind !== 'messages') throw new Error(`expected files, got ${outcome.kind}`);
		expect(JSON.stringify(outcome.messages[0])).toContain('(partner → Jiangxi Public Security Bureau)');
	});
});
