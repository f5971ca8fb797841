import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { help } from '../../commands/help.js';
import { search } from '../../commands/search.js';
import { type CommandDefinition, defineLeaf } from '../../src/command/definition.js';
import { consoleHelpText } from '../../src/command/help.js';
import { createCommandServices } from '../../src/command/services.js';
import { runLine } from '../../src/console/run-line.js';
import { discordOutcome, registrationOf, slashCommandsOf } from '../../src/discord/slash-command.js';
import { fakeCommandContext } from '../helpers/fake-command-context.js';
import { useSampleApp } from '../helpers/sample-app.js';

const TODAY = '2026-01-02';
const app = useSampleApp();

/** /search with one more filter, `colour:`, added as a real one would be: one option in its definition. */
function searchWithColour(seen: unknown[]): CommandDefinition {
	const { leaf } = search;
	return {
		...search,
		leaf: defineLeaf({
			...leaf,
			options: {
				...leaf.options,
				colour: {
					kind: 'string',
					description: 'Only entries of this colour',
					schema: z.enum(['red', 'green'], { error: 'must be red or green' }).optional(),
					choices: [
						{ name: 'red', value: 'red' },
						{ name: 'green', value: 'green' },
					],
					filter: true,
				},
			},
			async execute({ colour, ...rest }, ctx) {
				seen.push(colour);
				return leaf.execute(rest, ctx);
			},
		}),
	};
}

describe('adding a filter to /search is one change, in its definition', () => {
	it('is registered for Discord', () => {
		const options = registrationOf(searchWithColour([])).options ?? [];
		expect(options.find((option) => option.name === 'colour')).toMatchObject({
			type: 3,
			description: 'Only entries of this colour',
			choices: [
				{ name: 'red', value: 'red' },
				{ name: 'green', value: 'green' },
			],
		});
		// Still before `hide`, which Discord adds last.
		expect(options.at(-1)?.name).toBe('hide');
	});

	it('is read from a Discord interaction and checked there', async () => {
		const seen: unknown[] = [];
		const command = searchWithColour(seen);
		const services = createCommandServices(app());
		const asked = (options: Record<string, string>) =>
			discordOutcome(command, fakeCommandContext(services, TODAY, { commandName: 'search', options }).ctx);
		expect((await asked({ query: 'mental health', colour: 'red' })).kind).toBe('answer');
		// A filter alone is enough, as for the others.
		expect((await asked({ colour: 'green' })).kind).toBe('answer');
		expect(seen).toEqual(['red', 'green']);
		await expect(asked({ colour: 'blue' })).rejects.toThrow('Check the options: colour must be red or green.');
	});

	it('is parsed at the console, with the same check', async () => {
		const seen: unknown[] = [];
		const run = { commands: [searchWithColour(seen)], services: createCommandServices(app()), today: TODAY };
		expect((await runLine('/search mental health colour:red', run)).kind).toBe('answer');
		expect(seen).toEqual(['red']);
		expect(await runLine('/search colour:blue', run)).toEqual({
			kind: 'error',
			message: 'colour: must be red or green.',
		});
		expect(await runLine('/search hello colur:red', run)).toMatchObject({
			kind: 'error',
			message: expect.stringMatching(/^Unknown filter colur:\. Known: .* colour:/),
		});
	});

	it('is listed in both helps', async () => {
		const command = searchWithColour([]);
		expect(consoleHelpText([command, help])).toMatch(/^Filters: .*colour:red\|green/m);
		const services = createCommandServices(app());
		const [, discordHelp] = slashCommandsOf([command, help]);
		const { ctx, replies } = fakeCommandContext(services, TODAY, { commandName: 'help' });
		await discordHelp!.execute(ctx);
		expect(replies[0]?.reply.embeds?.[0]?.description).toMatch(/\*\*\[filters\]\*\* .*`colour:`/);
	});
});
