import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { partner as partnerDefinition } from '../../commands/partner.js';
import type { CommandOutcome } from '../../src/command/outcome.js';
import { pagedOutcome } from '../../src/command/paged.js';
import { createCommandServices } from '../../src/command/services.js';
import { type ConsoleOutcome, runLine } from '../../src/console/run-line.js';
import { discordOutcome, slashCommandsOf } from '../../src/discord/slash-command.js';
import { projectRoot } from '../../src/project-root.js';
import type { PartnerAnswer, QueryResult } from '../../src/query/answers.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import { renderAnswerReply } from '../../src/render/discord-reply.js';
import { fakeCommandContext } from '../helpers/fake-command-context.js';
import { useSampleApp } from '../helpers/sample-app.js';

// /partner over the shipped sample corpus, at both doors, through the real app (SQLite, indexes).
const TODAY = '2026-01-02';
const app = useSampleApp();
const services = () => createCommandServices(app(), { now: () => new Date(`${TODAY}T12:00:00Z`) });
const slash = slashCommandsOf([partnerDefinition])[0]!;

/** The sample text that says who Barry & Martin’s Trust worked with. */
const SAMPLE = '000_2234dc75a7662411.txt';
const sampleText = () => readFileSync(join(projectRoot(), 'data', 'sample', SAMPLE), 'utf8');

function ok<T>(result: QueryResult<T>): T {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

async function atConsole(line: string): Promise<ConsoleOutcome> {
	return runLine(line, { commands, services: services(), today: TODAY });
}

async function atDiscord(name: string): Promise<CommandOutcome> {
	const { ctx } = fakeCommandContext(services(), TODAY, { commandName: 'partner', options: { name } });
	return discordOutcome(partnerDefinition, ctx);
}

function answerOf(outcome: ConsoleOutcome) {
	if (outcome.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
	return outcome;
}

const fact = (outcome: ConsoleOutcome, label: string) =>
	answerOf(outcome).summary.facts.find((f) => f.label === label)?.value;

describe('/partner', () => {
	it('names Barry & Martin’s Trust as the partner of Nanchang Rainbow, citing the sample entry that says so', async () => {
		// The sample says so in one sentence: "Barry & Martin’s Trust (United Kingdom), in collaboration with Nanchang
		// Rainbow Health Advisory Public Services Center, launched …".
		const sentence =
			/Barry & Martin’s Trust \(United Kingdom\), in collaboration with (Nanchang Rainbow [\w ]+Center)/.exec(
				sampleText(),
			);
		expect(sentence).not.toBeNull();
		const outcome = await atConsole('/partner Nanchang Rainbow');
		const { summary } = answerOf(outcome);
		expect(summary.kind).toBe('partner');
		expect(summary.title).toBe(sentence![1]);
		expect(fact(outcome, 'Worked with')).toBe('Barry & Martin’s Trust (1)');
		expect(fact(outcome, 'Roles')).toBe('partner (1)');
		// Dated and cited: the entry, its date and the document it came from.
		expect(summary.items).toHaveLength(1);
		const [item] = summary.items;
		expect(item?.text).toContain('in collaboration with Nanchang Rainbow');
		expect(item?.date).toBe('2019-02-15');
		expect(item?.citation.sourcePath).toMatch(new RegExp(`${SAMPLE.replace('.', '\\.')}$`));
		expect(fact(outcome, 'Seen')).toMatch(/^2019-02-15 /);
	});

	it('answers the same at both doors', async () => {
		for (const name of ['Nanchang Rainbow', 'Jiangxi PSB', 'Zzyzx Water Bureau']) {
			const discord = JSON.parse(JSON.stringify(await atDiscord(name))) as unknown;
			expect(discord).toEqual(JSON.parse(JSON.stringify(await atConsole(`/partner ${name}`))));
		}
	});

	it('reads any spelling of a body as one, names the acting authority’s role, level and province', async () => {
		const short = await atConsole('/partner Jiangxi PSB');
		const long = await atConsole('/partner Jiangxi Public Security Bureau');
		// The same answer, but for the words it was asked with.
		expect({ ...(answerOf(short).data as PartnerAnswer), query: '' }).toEqual({
			...(answerOf(long).data as PartnerAnswer),
			query: '',
		});
		const body = (answerOf(short).data as PartnerAnswer).body;
		expect(fact(short, 'Roles')).toBe('acting authority (1)');
		expect(fact(short, 'Level')).toBe(body.level);
		expect(fact(short, 'Province')).toBe('Jiangxi');
		expect(fact(short, 'Registered, met or visited')).toContain('Barry & Martin’s Trust (1)');
		expect(answerOf(short).summary.subtitle).toMatch(/^Also written /);
	});

	it('pages by the body’s id, which finds the same body again', async () => {
		const outcome = answerOf(await atConsole('/partner Guangdong PSB'));
		const data = outcome.data as PartnerAnswer;
		expect(outcome.paging).toEqual({ kind: 'partner', args: [`id:${data.body.id}`] });
		const again = pagedOutcome('partner', outcome.paging!.args, 1, services().query, TODAY);
		expect(again.kind === 'answer' && again.summary).toEqual(outcome.summary);
		// Its entries, newest first, are the ones a partner filter finds.
		const found = ok(app().query.search('', { partner: 'Guangdong PSB' }));
		expect(data.entries.map((e) => e.id)).toEqual(found.entries.map((e) => e.id));
		expect(data.page.total).toBe(found.page.total);
	});

	it('renders within Discord’s limits with a Cite menu for its entries', async () => {
		const outcome = answerOf(await atDiscord('Nanchang Rainbow'));
		const reply = renderAnswerReply(outcome.summary);
		expect(replyLimitViolations(reply)).toEqual([]);
		expect(reply.embeds?.[0]?.description).toContain(`\`#${outcome.summary.items[0]!.id}\``);
	});

	it('offers close names when several bodies match, and the most named when none does', async () => {
		const several = await atConsole('/partner Civil Affairs');
		if (several.kind !== 'no-match') throw new Error(`expected no match, got ${several.kind}`);
		expect(several.summary.message).toMatch(/Did you mean one of these\?$/);
		expect(several.summary.suggestions.length).toBeGreaterThan(1);
		for (const suggestion of several.summary.suggestions) {
			expect(suggestion.name).toContain('Civil Affairs');
			expect(suggestion.reason).toBe('close');
			// Each one answers when picked.
			expect(ok(app().query.partner(suggestion.value)).body.name).toBe(suggestion.name);
		}

		const none = await atConsole('/partner Zzyzx Water Bureau');
		if (none.kind !== 'no-match') throw new Error(`expected no match, got ${none.kind}`);
		expect(none.summary.message).toMatch(/Try a word of its name, .* or one of the most named:$/);
		const busiest = Math.max(...none.summary.suggestions.map((s) => s.entries));
		expect(none.summary.suggestions[0]?.entries).toBe(busiest);
		expect(none.summary.suggestions.every((s) => s.reason === 'popular' && !/ — \d/.test(s.name))).toBe(true);
	});

	it('refuses an empty name at both doors', async () => {
		expect(await atConsole('/partner')).toEqual({ kind: 'error', message: expect.stringMatching(/name/) });
		await expect(atDiscord('')).rejects.toThrow(/name/);
	});

	it('autocompletes bodies with their entry counts', async () => {
		const choices: { name: string; value: string }[] = [];
		await slash.autocomplete!({
			services: services(),
			subcommand: null,
			focused: { name: 'name', value: 'Nanch' },
			respond: async (given) => {
				choices.push(...given);
			},
		});
		const body = ok(app().query.partner('Nanchang Rainbow')).body;
		expect(choices).toEqual([{ name: `${body.name} — ${body.entryCount} entry`, value: body.name }]);
	});

	it('finds a body by its id, as paging and long autocomplete values ask', () => {
		const body = ok(app().query.partner('Jiangxi PSB')).body;
		expect(ok(app().query.partner(`id:${body.id}`)).body).toEqual(body);
	});
});
