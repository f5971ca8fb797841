import { createHash } from 'node:crypto';
import {
	ApplicationCommandOptionType,
	type APIApplicationCommandBasicOption,
	type APIApplicationCommandOption,
} from 'discord.js';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { slashCommands as commands } from '../../src/discord/registry.js';
import type { App } from '../../src/app.js';
import { type CommandServices, createCommandServices } from '../../src/command/services.js';
import type { AutocompleteContext, CommandContext, ComponentContext, SlashCommand } from '../../src/discord/types.js';
import { isUserFacingError } from '../../src/domain/errors.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import { neutralizeMentions } from '../../src/render/markdown.js';
import type { RenderedReply } from '../../src/render/reply.js';
import { useSampleApp } from '../helpers/sample-app.js';
import { hostileInteger, hostileString, unbrokenMentions } from './hostile-strings.js';

/** Commands that keep state by design (subscriptions, watches, feeds, uploads); every other one only reads. */
const STATEFUL_COMMANDS = new Set(['digest', 'watch', 'feeds', 'ingest']);
const NUM_RUNS = { execute: 600, autocomplete: 300, component: 300 };
const TODAY = '2026-11-22';

type OptionValue = string | number | boolean | { readonly channel: string };
interface Invocation {
	readonly subcommand: string | null;
	readonly options: Record<string, OptionValue | undefined>;
	readonly canManageGuild: boolean;
}

const getApp = useSampleApp();
let services: CommandServices;
const runs: Record<string, number> = {};
const unsetOptions = new Set<string>();

beforeAll(() => {
	services = createCommandServices(getApp(), { now: () => new Date(`${TODAY}T08:00:00Z`) });
	// Nothing a command does with hostile input may reach the network.
	vi.stubGlobal('fetch', () => Promise.reject(new Error('network disabled in property tests')));
});
afterAll(() => {
	vi.unstubAllGlobals();
	console.info(
		`fast-check runs: ${JSON.stringify(runs)}; options left unset: ${[...unsetOptions].join(', ') || 'none'}`,
	);
});

/** The leaves of a command: itself, or each subcommand (also inside groups), with their options. */
function leavesOf(command: SlashCommand): { subcommand: string | null; options: APIApplicationCommandBasicOption[] }[] {
	const options = (command.data.toJSON().options ?? []) as APIApplicationCommandOption[];
	const subs = options.flatMap((option) => {
		if (option.type === ApplicationCommandOptionType.Subcommand) return [option];
		if (option.type === ApplicationCommandOptionType.SubcommandGroup) return option.options ?? [];
		return [];
	});
	if (subs.length === 0) return [{ subcommand: null, options: options as APIApplicationCommandBasicOption[] }];
	return subs.map((sub) => ({
		subcommand: sub.name,
		options: (sub.options ?? []) as APIApplicationCommandBasicOption[],
	}));
}

function valueArbitrary(option: APIApplicationCommandBasicOption): fc.Arbitrary<OptionValue> | null {
	switch (option.type) {
		case ApplicationCommandOptionType.String: {
			// Mostly a value the option accepts, so that hostile values elsewhere reach the answer, not just validation.
			const valid = option.choices?.length
				? fc.constantFrom(...option.choices.map((choice) => String(choice.value)))
				: /yyyy-mm-dd/.test(option.description)
					? fc
							.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
							.map((date) => date.toISOString().slice(0, 10))
					: null;
			return valid ? fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileString, weight: 1 }) : hostileString;
		}
		case ApplicationCommandOptionType.Integer:
			return hostileInteger;
		case ApplicationCommandOptionType.Number:
			return fc.oneof(fc.double({ noNaN: true }), hostileInteger);
		case ApplicationCommandOptionType.Boolean:
			return fc.boolean();
		case ApplicationCommandOptionType.Channel:
			// The invoking channel, another one of the guild, or one the bot has never seen.
			return fc
				.constantFrom('1180000000000000101', '1180000000000000102', '1999999999999999999')
				.map((channel) => ({ channel }));
		default:
			return null;
	}
}

function invocationArbitrary(command: SlashCommand): fc.Arbitrary<Invocation> {
	const leaves = leavesOf(command).map(({ subcommand, options }) => {
		const record: Record<string, fc.Arbitrary<OptionValue>> = {};
		for (const option of options) {
			const arbitrary = valueArbitrary(option);
			if (arbitrary) record[option.name] = arbitrary;
			else unsetOptions.add(`/${command.data.name}${subcommand ? ` ${subcommand}` : ''} ${option.name}`);
		}
		return (
			fc
				// Discord always sends required options; optional ones come and go.
				.record({
					options: fc.record(record, {
						requiredKeys: options.filter((o) => o.required && o.name in record).map((o) => o.name),
					}),
					canManageGuild: fc.boolean(),
				})
				.map(({ options: values, canManageGuild }) => ({ subcommand, options: values, canManageGuild }))
		);
	});
	return fc.oneof(...leaves);
}

/** What Discord would be sent, checked the way it would judge it. */
function checkReply(reply: RenderedReply): void {
	expect(replyLimitViolations(reply)).toEqual([]);
	const shown: string[] = [];
	collectText({ ...reply, files: undefined }, shown);
	for (const text of shown) expect(unbrokenMentions(text), text.slice(0, 200)).toEqual([]);
}

/** Every string that renders in a message (custom ids and URLs do not). */
function collectText(value: unknown, out: string[]): void {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const item of value) collectText(item, out);
	else if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			if (key !== 'custom_id' && key !== 'url' && key !== 'proxy_url') collectText(item, out);
		}
	}
}

function commandContext(command: SlashCommand, invocation: Invocation, replies: RenderedReply[]): CommandContext {
	const typed = <T extends OptionValue>(name: string, type: string): T | null => {
		const value = invocation.options[name];
		return typeof value === type ? (value as T) : null;
	};
	return {
		userId: '1180000000000000200',
		guildId: '1180000000000000100',
		channelId: '1180000000000000101',
		canManageGuild: invocation.canManageGuild,
		services,
		today: TODAY,
		commandName: command.data.name,
		subcommand: invocation.subcommand,
		getString: (name) => typed<string>(name, 'string'),
		getInteger: (name) => typed<number>(name, 'number'),
		getBoolean: (name) => typed<boolean>(name, 'boolean'),
		getChannel: (name) => {
			const value = invocation.options[name];
			return typeof value === 'object' ? { id: value.channel, name: 'general' } : null;
		},
		getAttachment: () => null,
		getUser: () => null,
		getRole: () => null,
		reply: async (reply) => {
			replies.push(reply);
		},
		defer: async () => {},
	};
}

/** Changes made through the app's connection, and a checksum of every table's rows. */
function databaseState(app: App): { changes: number; checksum: string } {
	const hash = createHash('sha256');
	const tables = app.db
		.prepare<[], { name: string }>(
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%' ORDER BY name",
		)
		.all();
	for (const { name } of tables) {
		for (const row of app.db.prepare(`SELECT * FROM "${name}"`).raw().iterate()) hash.update(JSON.stringify(row));
	}
	return { changes: totalChanges(app), checksum: hash.digest('hex') };
}

/**
 * Commits to the database file, as a second connection sees them (`PRAGMA data_version` moves when another
 * connection commits). Not `total_changes()`: searches fill a connection-private TEMP table of hits, which is not a
 * write to the database (it was how this check once failed on a broad /export).
 */
let observer: Database.Database | null = null;
function totalChanges(app: App): number {
	observer ??= new Database(app.db.name, { readonly: true });
	return Number(observer.pragma('data_version', { simple: true }));
}
afterAll(() => observer?.close());

/** Runs one handler call: anything but a UserFacingError is a failure. */
async function expectOnlyUserFacing(run: () => Promise<void>): Promise<void> {
	try {
		await run();
	} catch (error) {
		if (!isUserFacingError(error)) throw error;
		expect(error.message.length).toBeGreaterThan(0);
	}
}

describe('every command with hostile options', () => {
	let before: { changes: number; checksum: string };
	beforeAll(() => {
		before = databaseState(getApp());
	});

	for (const command of commands as readonly SlashCommand[]) {
		const name = command.data.name;
		it(`/${name}: no crash, replies within limits, nothing pings, nothing written`, async () => {
			let count = 0;
			let answered = 0;
			await fc.assert(
				fc.asyncProperty(invocationArbitrary(command), async (invocation) => {
					count += 1;
					const replies: RenderedReply[] = [];
					const changesBefore = totalChanges(getApp());
					await expectOnlyUserFacing(() => command.execute(commandContext(command, invocation, replies)));
					if (replies.length > 0) answered += 1;
					for (const reply of replies) checkReply(reply);
					if (!STATEFUL_COMMANDS.has(name)) expect(totalChanges(getApp())).toBe(changesBefore);
				}),
				{ numRuns: NUM_RUNS.execute },
			);
			runs[`/${name} execute`] = count;
			runs[`/${name} answered (not refused)`] = answered;
		});

		if (command.autocomplete) {
			const autocomplete = command.autocomplete.bind(command);
			it(`/${name} autocomplete: no crash on hostile input`, async () => {
				let count = 0;
				const focusable = leavesOf(command).flatMap(({ subcommand, options }) =>
					options.filter((o) => 'autocomplete' in o && o.autocomplete).map((o) => ({ subcommand, name: o.name })),
				);
				if (focusable.length === 0) return;
				await fc.assert(
					fc.asyncProperty(fc.constantFrom(...focusable), hostileString, async (option, value) => {
						count += 1;
						const context: AutocompleteContext = {
							userId: '1180000000000000200',
							services,
							focused: { name: option.name, value },
							subcommand: option.subcommand,
							// Choices are not messages (they cannot ping); Discord refuses an empty choice name.
							respond: async (choices) => {
								for (const choice of choices) expect(choice.name.trim().length).toBeGreaterThan(0);
							},
						};
						await expectOnlyUserFacing(() => autocomplete(context));
					}),
					{ numRuns: NUM_RUNS.autocomplete },
				);
				runs[`/${name} autocomplete`] = count;
			});
		}

		if (command.component) {
			const component = command.component.bind(command);
			it(`/${name} components: no crash on forged custom ids`, async () => {
				let count = 0;
				await fc.assert(
					fc.asyncProperty(
						hostileString,
						fc.array(hostileString, { maxLength: 3 }),
						fc.boolean(),
						async (state, values, canManageGuild) => {
							count += 1;
							const replies: RenderedReply[] = [];
							const context: ComponentContext = {
								userId: '1180000000000000200',
								guildId: '1180000000000000100',
								channelId: '1180000000000000101',
								canManageGuild,
								services,
								today: TODAY,
								customId: `${name}:${state}`.slice(0, 100),
								values,
								update: async (reply) => {
									replies.push(reply);
								},
								reply: async (reply) => {
									replies.push(reply);
								},
								defer: async () => {},
								fields: {},
								showModal: async () => {},
								answer: async () => {},
							};
							const changesBefore = totalChanges(getApp());
							await expectOnlyUserFacing(() => component(context));
							for (const reply of replies) checkReply(reply);
							if (!STATEFUL_COMMANDS.has(name)) expect(totalChanges(getApp())).toBe(changesBefore);
						},
					),
					{ numRuns: NUM_RUNS.component },
				);
				runs[`/${name} component`] = count;
			});
		}
	}

	it('left the corpus exactly as it was (checksum of every table)', () => {
		const after = databaseState(getApp());
		const readOnly = (commands as readonly SlashCommand[]).every((c) => !STATEFUL_COMMANDS.has(c.data.name));
		if (readOnly) expect(after).toEqual(before);
		expect(getApp().db.pragma('integrity_check', { simple: true })).toBe('ok');
	});
});

describe('the mention check itself', () => {
	it('finds what would ping and accepts what neutralizeMentions leaves', () => {
		expect(unbrokenMentions('hi @everyone and <@&123456789012345678>')).toEqual([
			'@everyone',
			'<@&123456789012345678>',
		]);
		expect(unbrokenMentions(neutralizeMentions('@here <@!1> <@2> @everyone'))).toEqual([]);
	});
});
