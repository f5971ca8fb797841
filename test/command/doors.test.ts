import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import { type CommandDefinition, type Leaf, optionsAt } from '../../src/command/definition.js';
import type { CommandOutcome } from '../../src/command/outcome.js';
import { type CommandServices, createCommandServices } from '../../src/command/services.js';
import { describeProblems } from '../../src/command/validate.js';
import { parseCommandLine } from '../../src/console/parse-command.js';
import { CONSOLE_ASKER, type ConsoleOutcome, runLine } from '../../src/console/run-line.js';
import { discordOutcome } from '../../src/discord/slash-command.js';
import { UserFacingError, isUserFacingError } from '../../src/domain/errors.js';
import type { HealthReport } from '../../src/health/health-report.js';
import { projectRoot } from '../../src/project-root.js';
import { type FakeOptionValue, fakeCommandContext } from '../helpers/fake-command-context.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2026-01-02T08:00:00Z');
const TODAY = '2026-01-02';
const OFFLINE = 'Fetching is off in this test.';

/**
 * Each door gets its own database, ingested from the sample at the same instant, and runs the examples in the
 * same order: the commands that keep state (watches) then see the same state at both doors.
 */
interface Door {
	readonly dir: string;
	readonly app: App;
	services: CommandServices;
}
const doors: { discord?: Door; console?: Door } = {};
let health: HealthReport;

async function openDoor(): Promise<Door> {
	const dir = makeTempDir('ngo-bot-doors-');
	const app = createApp({ databasePath: join(dir, 'ngo.sqlite'), now: () => NOW });
	await app.ingest([join(projectRoot(), 'data', 'sample')]);
	await app.indexes.whenReady();
	const real = createCommandServices(app, { now: () => NOW });
	health ??= await real.health.report();
	const offline = async (): Promise<never> => {
		throw new UserFacingError(OFFLINE);
	};
	return {
		dir,
		app,
		services: {
			...real,
			// The process figures (uptime, memory) differ from call to call; the doors are compared, not the report.
			health: { report: async () => health },
			// Examples name public web addresses: nothing is fetched.
			sources: { ...real.sources, addFeed: offline, ingestUrl: offline, crawl: offline },
		},
	};
}

beforeAll(async () => {
	doors.discord = await openDoor();
	doors.console = await openDoor();
});
afterAll(() => {
	for (const door of [doors.discord, doors.console]) {
		door?.app.close();
		if (door) removeTempDir(door.dir);
	}
});

/** The leaf and the Discord options an example stands for, as Discord's client would send them. */
function asInteraction(
	command: CommandDefinition,
	example: string,
): { subcommand: string | null; leaf: Leaf; options: Record<string, FakeOptionValue> } {
	const parsed = parseCommandLine(example);
	if (!parsed.ok) throw new Error(`${example}: ${parsed.message}`);
	const [first = '', ...rest] = parsed.command.text.split(' ');
	const subcommand = command.subcommands ? first : null;
	const text = command.subcommands ? rest.join(' ') : parsed.command.text;
	const leaf = command.leaf ?? command.subcommands[first];
	if (!leaf) throw new Error(`${example}: no subcommand ${first}`);
	const declared = new Map(optionsAt(leaf, 'discord'));
	const options: Record<string, FakeOptionValue> = {};
	const typed = (name: string, value: string): FakeOptionValue => {
		const kind = declared.get(name)?.kind;
		if (kind === 'integer') return Number(value.replace('#', ''));
		return kind === 'boolean' ? value === 'true' : value;
	};
	for (const [name, value] of Object.entries(parsed.command.options)) options[name] = typed(name, value);
	const words = [...declared].find(([, option]) => option.words)?.[0];
	if (text && words) options[words] = typed(words, text);
	return { subcommand, leaf, options };
}

/** An outcome as the doors may differ in nothing: messages where the console has its own text compare by it. */
function comparable(outcome: ConsoleOutcome): unknown {
	if (outcome.kind === 'messages' && outcome.text !== undefined) return { kind: 'messages', text: outcome.text };
	return JSON.parse(JSON.stringify(outcome));
}

async function atDiscord(
	command: CommandDefinition,
	example: string,
	asker: { userId: string; guildId: string | null; canManageGuild: boolean },
): Promise<ConsoleOutcome> {
	const { subcommand, options } = asInteraction(command, example);
	const invocation = { commandName: command.name, subcommand, options, ...asker };
	try {
		return await discordOutcome(command, fakeCommandContext(doors.discord!.services, TODAY, invocation).ctx);
	} catch (error) {
		if (!isUserFacingError(error)) throw error;
		return { kind: 'error', message: error.message };
	}
}

describe("every command's examples through both doors", () => {
	const examples = commands.flatMap((command) => command.examples.map((example) => ({ command, example })));

	it('covers every command, and each example names its command', () => {
		expect(new Set(examples.map(({ command }) => command.name))).toEqual(new Set(commands.map((c) => c.name)));
		for (const { command, example } of examples) expect(example.split(' ')[0]).toBe(`/${command.name}`);
	});

	it.each(examples.map(({ command, example }) => [example, command] as const))('%s', async (example, command) => {
		const { leaf } = asInteraction(command, example);
		const atConsole = await runLine(example, { commands, services: doors.console!.services, today: TODAY });
		if (leaf.needsServer !== undefined) {
			// The console says where it works and what to do instead; a moderator in a server gets an answer.
			expect(atConsole).toEqual({
				kind: 'error',
				message: expect.stringMatching(/ works in a Discord server; here, /),
			});
			const inServer = await atDiscord(command, example, {
				userId: '1180000000000000200',
				guildId: '1180000000000000100',
				canManageGuild: true,
			});
			expect(inServer.kind).not.toBe('error');
			return;
		}
		// The same asker at both doors: the console's operator and watch list.
		const atDiscordDoor = await atDiscord(command, example, CONSOLE_ASKER);
		// Examples are valid: the only refusal allowed is the fetch this test turns off.
		if (atConsole.kind === 'error') expect(atConsole.message).toBe(OFFLINE);
		expect(comparable(atDiscordDoor)).toEqual(comparable(atConsole));
	});
});

describe('bad options read the same at both doors', () => {
	it.each([
		['/search from:2019-02-30', 'search'],
		['/search mental health type:picnic order:random', 'search'],
		['/timeline by:week', 'timeline'],
		['/cite 9 style:mla', 'cite'],
		['/entry 0', 'entry'],
		['/ngo', 'ngo'],
		['/export from:2019-03-01 to:2019-02-01', 'export'],
		['/watch add ngo:AIFO province:Hunan', 'watch'],
	])('%s', async (line, name) => {
		const command = commands.find((c) => c.name === name)!;
		const atConsole = (await runLine(line, {
			commands,
			services: doors.console!.services,
			today: TODAY,
		})) as CommandOutcome | { kind: 'error'; message: string };
		const atDiscordDoor = await atDiscord(command, line, CONSOLE_ASKER);
		expect(atConsole.kind).toBe('error');
		expect(atDiscordDoor.kind).toBe('error');
		const consoleMessage = (atConsole as { message: string }).message;
		const discordMessage = (atDiscordDoor as { message: string }).message;
		// One list of problems, each door spelling option names its own way ("from must" / "from: must").
		const problems = consoleMessage
			.replace(/\.$/, '')
			.split('; ')
			.map((part) => {
				const match = /^(\w+): (.*)$/.exec(part);
				return match ? { option: match[1]!, message: match[2]! } : { option: null, message: part };
			});
		expect(discordMessage).toBe(describeProblems(problems, 'discord'));
	});
});
