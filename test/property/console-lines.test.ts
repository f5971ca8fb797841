import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { leavesOf, optionsAt } from '../../src/command/definition.js';
import { type CommandServices, createCommandServices } from '../../src/command/services.js';
import { answerLine } from '../../src/console/answer-line.js';
import { UserFacingError } from '../../src/domain/errors.js';
import { useSampleApp } from '../helpers/sample-app.js';
import { hostileString } from './hostile-strings.js';

const TODAY = '2026-11-22';
const getApp = useSampleApp();
let services: CommandServices;

beforeAll(() => {
	const real = createCommandServices(getApp(), { now: () => new Date(`${TODAY}T08:00:00Z`) });
	const offline = async (): Promise<never> => {
		throw new UserFacingError('Fetching is off in this test.');
	};
	services = { ...real, sources: { ...real.sources, addFeed: offline, ingestUrl: offline } };
});

/** A line as someone might type it: a command (or subcommand, or a word like one), words, name:value pairs. */
const line = fc
	.record({
		head: fc.constantFrom(
			...commands.flatMap((command) =>
				leavesOf(command).map(({ subcommand }) => `/${command.name}${subcommand ? ` ${subcommand}` : ''}`),
			),
			'/watch constructor',
			'/digest __proto__',
			'/nope',
			'help',
		),
		words: fc.oneof(fc.constant(''), hostileString),
		pairs: fc.array(
			fc.tuple(
				fc.constantFrom(
					...new Set(
						commands.flatMap((command) =>
							leavesOf(command).flatMap(({ leaf }) => optionsAt(leaf, 'console').map(([name]) => name)),
						),
					),
					'constructor',
					'colour',
				),
				hostileString,
			),
			{ maxLength: 3 },
		),
	})
	.map(({ head, words, pairs }) =>
		[head, words, ...pairs.map(([key, value]) => `${key}:"${value.replace(/"/g, '')}"`)].join(' '),
	);

describe('console lines with hostile words and values', () => {
	it('answer or say what is wrong; never an unexpected error', async () => {
		await fc.assert(
			fc.asyncProperty(line, async (typed) => {
				const answer = await answerLine(typed, services, TODAY);
				expect(typeof answer.text).toBe('string');
				expect(answer.text.length).toBeGreaterThan(0);
				if (answer.outcome.kind === 'error') expect(answer.text).toMatch(/^error: \S/);
			}),
			{ numRuns: 400 },
		);
	});
});
