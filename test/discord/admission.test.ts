import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { slashCommands as commands } from '../../src/discord/registry.js';
import { commandsWithHideOption, createAdmission } from '../../src/discord/admission.js';
import { createInteractionMetrics } from '../../src/discord/metrics.js';
import { createLogger } from '../../src/log.js';

interface FakeInteraction {
	id: string;
	commandName: string;
	chat: boolean;
	deferred: { flags?: number }[];
	failDefer?: boolean;
}

/** Just what the admission queue looks at: the kind, the command name, the hide option and deferReply. */
function interaction(
	id: string,
	commandName: string,
	options: { chat?: boolean; hide?: boolean; failDefer?: boolean } = {},
) {
	const state: FakeInteraction = {
		id,
		commandName,
		chat: options.chat ?? true,
		deferred: [],
		failDefer: options.failDefer,
	};
	const object = {
		id,
		commandName,
		isChatInputCommand: () => state.chat,
		isAutocomplete: () => !state.chat,
		options: { getBoolean: (name: string) => (name === 'hide' ? (options.hide ?? null) : null) },
		deferReply: async (body: { flags?: number }) => {
			if (state.failDefer) throw new Error('Unknown interaction');
			state.deferred.push(body);
		},
	};
	return { state, interaction: object as unknown as Interaction };
}

const log = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);

async function drained(admission: { waiting: number }): Promise<void> {
	for (let i = 0; i < 100 && admission.waiting > 0; i++) await new Promise((resolve) => setImmediate(resolve));
	await new Promise((resolve) => setImmediate(resolve));
}

describe('the admission queue', () => {
	it('knows which commands choose their visibility with a hide option (/health does not)', () => {
		const withHide = commandsWithHideOption(commands);
		expect(withHide.has('ngo')).toBe(true);
		expect(withHide.has('search')).toBe(true);
		expect(withHide.has('health')).toBe(false);
	});

	it('runs interactions one at a time, in arrival order, when it keeps up', async () => {
		const handled: string[] = [];
		const admission = createAdmission({
			handle: async (i) => void handled.push(i.id),
			hideOptionCommands: new Set(['ngo']),
			log,
			nowMs: () => 0,
		});
		const sent = ['1', '2', '3'].map((id) => interaction(id, 'ngo'));
		for (const { interaction: i } of sent) admission.push(i);
		// Nothing runs inside push: the gateway's reading is never held up by an answer.
		expect(handled).toEqual([]);
		await drained(admission);
		expect(handled).toEqual(['1', '2', '3']);
		expect(sent.every(({ state }) => state.deferred.length === 0)).toBe(true);
	});

	it('when behind, acknowledges commands with a hide option first and answers them after the new ones', async () => {
		let now = 0;
		const handled: string[] = [];
		const admission = createAdmission({
			handle: async (i) => void handled.push(i.id),
			hideOptionCommands: new Set(['ngo', 'search']),
			log,
			nowMs: () => now,
			ackBudgetMs: 1_000,
		});
		const ngo = interaction('ngo', 'ngo');
		const hiddenSearch = interaction('search', 'search', { hide: true });
		const health = interaction('health', 'health');
		const autocomplete = interaction('autocomplete', 'ngo', { chat: false });
		for (const { interaction: i } of [ngo, hiddenSearch, health, autocomplete]) admission.push(i);
		now = 1_500; // all four have waited 1.5 s
		await drained(admission);
		expect(ngo.state.deferred).toEqual([{}]);
		expect(hiddenSearch.state.deferred).toEqual([{ flags: 64 }]);
		// /health must stay private and autocomplete cannot be deferred: both are answered in their turn.
		expect(health.state.deferred).toEqual([]);
		expect(autocomplete.state.deferred).toEqual([]);
		expect(handled).toEqual(['health', 'autocomplete', 'ngo', 'search']);
	});

	it('drops autocomplete that waited past 2.5 s: Discord would refuse the choices', async () => {
		let now = 0;
		const handled: string[] = [];
		const metrics = createInteractionMetrics();
		const admission = createAdmission({
			handle: async (i) => void handled.push(i.id),
			hideOptionCommands: new Set(['ngo']),
			log,
			metrics,
			nowMs: () => now,
		});
		admission.push(interaction('typed', 'ngo', { chat: false }).interaction);
		now = 2_600;
		admission.push(interaction('fresh', 'ngo', { chat: false }).interaction);
		await drained(admission);
		expect(handled).toEqual(['fresh']);
		expect(metrics.snapshot().undeliveredAnswers).toBe(1);
	});

	it('counts an interaction it could no longer acknowledge, and drops everything on stop', async () => {
		let now = 0;
		const handled: string[] = [];
		const metrics = createInteractionMetrics();
		const admission = createAdmission({
			handle: async (i) => void handled.push(i.id),
			hideOptionCommands: new Set(['ngo']),
			log,
			metrics,
			nowMs: () => now,
		});
		admission.push(interaction('late', 'ngo', { failDefer: true }).interaction);
		now = 5_000;
		await drained(admission);
		expect(handled).toEqual([]);
		expect(metrics.snapshot().undeliveredAnswers).toBe(1);

		admission.push(interaction('a', 'ngo').interaction);
		admission.stop();
		admission.push(interaction('b', 'ngo').interaction);
		await drained(admission);
		expect(handled).toEqual([]);
		expect(admission.waiting).toBe(0);
	});
});
