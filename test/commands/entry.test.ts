import { describe, expect, it } from 'vitest';
import { entry as entryDefinition } from '../../commands/entry.js';
import { createCommandServices } from '../../src/command/services.js';
import { slashCommandsOf } from '../../src/discord/slash-command.js';
import type { CommandContext } from '../../src/discord/types.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import type { RenderedReply } from '../../src/render/reply.js';
import { useEvidenceApp } from '../helpers/evidence-fixture.js';

const TODAY = '2026-01-02';
const entry = slashCommandsOf([entryDefinition])[0]!;
const fixture = useEvidenceApp();

/** Runs /entry id through the real command and bot services; returns the one reply. */
async function ask(id: number): Promise<RenderedReply> {
	const replies: RenderedReply[] = [];
	const ctx: CommandContext = {
		services: createCommandServices(fixture().app, { now: () => new Date(`${TODAY}T12:00:00Z`) }),
		today: TODAY,
		userId: '123456789012345678',
		guildId: null,
		channelId: null,
		canManageGuild: false,
		commandName: 'entry',
		subcommand: null,
		getChannel: () => null,
		getAttachment: () => null,
		getUser: () => null,
		getRole: () => null,
		getString: () => null,
		getInteger: (name) => (name === 'id' ? id : null),
		getBoolean: () => null,
		reply: async (reply) => {
			replies.push(reply);
		},
		defer: async () => {},
	};
	await entry.execute(ctx);
	expect(replies).toHaveLength(1);
	expect(replyLimitViolations(replies[0]!)).toEqual([]);
	return replies[0]!;
}

const fieldNames = (reply: RenderedReply) => (reply.embeds?.[0]?.fields ?? []).map((field) => field.name);
const field = (reply: RenderedReply, name: string) => reply.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

describe('/entry shows why its facts are there', () => {
	it('lists the words of each counted fact, and the places not counted, read from the store', async () => {
		const reply = await ask(fixture().ids.hunan);
		expect(field(reply, 'Why these facts')).toContain(
			'Hunan — from “Hunan PSB Foreign NGO Management Office” (acting authority)',
		);
		expect(field(reply, 'Why these facts')).toContain('2019-02-25 — from the date heading “February 25, 2019”');
		expect(field(reply, 'Not counted')).toBe('Hong Kong — office of Green-Net');
		expect(reply.embeds?.[0]?.footer?.text).toMatch(/^Entry #\d+ · /);
	});

	it('shows nothing extra for an entry without evidence', async () => {
		const reply = await ask(fixture().ids.plain);
		expect(fieldNames(reply)).not.toContain('Why these facts');
		expect(fieldNames(reply)).not.toContain('Not counted');
		expect(reply.embeds?.[0]?.description).toBe('Gansu hosted a meeting.');
	});
});
