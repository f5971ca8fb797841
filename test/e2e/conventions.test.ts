import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import { encodeDeleteState } from '../../src/render/answer-actions.js';
import { type ApiMessage, FAKE_IDS, type FakeDiscord, type RecordedRequest } from '../helpers/fake-discord.js';
import { type SeededBot, firstResponse, startSeededBot } from '../helpers/bot-against-fake.js';
import { PassThrough } from 'node:stream';

const TOKEN = `conventions-token-${'c'.repeat(60)}`;
const ASKER = { id: FAKE_IDS.user, username: 'asker' };
const OTHER = { id: '1180000000000000299', username: 'someone-else' };
/** A server that never installed the bot: only an app on a user's own account works there. */
const FOREIGN_GUILD = '1180000000000000900';
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

/** One entry whose text tries to ping everyone, a role and a member, and to break formatting. */
function writeFixtures(dir: string): string {
	const text = [
		'Ministry of Public Security WeChat Posts—June 1-30, 2020',
		'June 3, 2020:\n\nThe Hainan PSB met the Coral Reef Trust (Australia). @everyone <@&123456789012345678> <@111111111111111111> **loud**',
		'June 9, 2020:\n\nThe Yunnan PSB met the Tea Garden Fund (Japan) about its work in 西双版纳 tea villages.',
	].join('\n\n');
	const path = join(dir, 'fixtures.txt');
	writeFileSync(path, text);
	return path;
}

type Component = {
	type: number;
	custom_id: string;
	label?: string;
	options?: { label: string; value: string; description?: string }[];
};
type Body = {
	type: number;
	data?: {
		content?: string;
		flags?: number;
		embeds?: { title?: string; description?: string }[];
		components?: { components: Component[] }[];
		allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
	};
};
const bodyOf = (request: RecordedRequest) => request.json as Body;
const componentsOf = (data: { components?: unknown } | undefined) =>
	((data?.components ?? []) as { components: Component[] }[]).flatMap((row) => row.components);
const buttonsOf = (data: { components?: unknown } | undefined) => componentsOf(data).filter((c) => c.type === 2);

describe('Discord conventions: mention, user installs, the message menu, Delete and Send to my DMs', () => {
	let harness: SeededBot;
	let fake: FakeDiscord;
	const logs = new PassThrough();
	logs.resume();

	beforeAll(async () => {
		harness = await startSeededBot({
			prefix: 'ngo-bot-conventions-',
			token: TOKEN,
			sources: (dir) => [join(projectRoot(), 'data', 'sample'), writeFixtures(dir)],
			fakeOptions: { ackDeadlineMs: 2_000 },
			// Many quick lookups by one user: the limits are faults.test.ts's subject.
			env: { LIMIT_USER_BURST: '1000' },
			log: createLogger('warn', logs),
		});
		({ fake } = harness);
		// Registered as deploy-commands does, so the interactions carry the registered ids.
		const { slashCommands, messageMenus } = await import('../../src/discord/registry.js');
		const { deployCommands } = await import('../../src/discord/deploy.js');
		await deployCommands({
			token: TOKEN,
			applicationId: fake.applicationId,
			apiBase: fake.apiBase,
			commands: [...slashCommands, ...messageMenus],
		});
	});

	afterAll(() => harness?.stop());

	const ask = (send: () => { id: string }) => firstResponse(fake, send);
	/** The INTERACTION_CREATE payload the bot received, as Discord sent it. */
	const payloadOf = (request: RecordedRequest): unknown =>
		fake.frames.find(
			(f) => f.t === 'INTERACTION_CREATE' && (f.d as { id?: string } | null)?.id === request.interactionId,
		)?.d;
	/** The message an interaction's first response created (its reply). */
	const messageOf = (request: RecordedRequest): ApiMessage => {
		const message = fake.messages.find(
			(m) => (m.interaction_metadata as { id?: string } | undefined)?.id === request.interactionId,
		);
		if (!message) throw new Error(`no message for interaction ${String(request.interactionId)}`);
		return message;
	};

	describe('mention: aims an answer at one member', () => {
		it('names the member above the answer and pings them, and no one else, whatever the entries say', async () => {
			const pingsBefore = fake.pings.length;
			const response = await ask(() =>
				fake.chatInput('ngo', [
					{ name: 'name', value: 'Coral Reef Trust' },
					{ name: 'mention', type: 6, value: OTHER.id },
				]),
			);
			const body = bodyOf(response);
			expect(body.type).toBe(4);
			expect(body.data?.flags ?? 0).toBe(0);
			expect(body.data?.content?.split('\n')[0]).toBe(`*For <@${OTHER.id}>:*`);
			expect(body.data?.allowed_mentions).toEqual({ parse: [], users: [OTHER.id], roles: [], replied_user: false });
			expect(body.data?.embeds?.[0]?.title).toBe('Coral Reef Trust');
			expect(fake.pings.slice(pingsBefore)).toEqual([
				expect.objectContaining({ users: [OTHER.id], roles: [], everyone: false }),
			]);
		});

		it('aims /search, /entry and /cite the same way', async () => {
			for (const [name, options] of [
				['search', [{ name: 'query', value: 'Coral Reef' }]],
				['entry', [{ name: 'id', value: 1 }]],
				['cite', [{ name: 'id', value: 1 }]],
			] as const) {
				const body = bodyOf(
					await ask(() => fake.chatInput(name, [...options, { name: 'mention', type: 6, value: OTHER.id }])),
				);
				expect([name, body.data?.content?.split('\n')[0]]).toEqual([name, `*For <@${OTHER.id}>:*`]);
				expect([name, body.data?.allowed_mentions?.users]).toEqual([name, [OTHER.id]]);
			}
		});

		it('without mention: pings no one, and hide with mention is refused with a clear message', async () => {
			const pingsBefore = fake.pings.length;
			const plain = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Coral Reef Trust' }])));
			expect(plain.data?.allowed_mentions).toMatchObject({ parse: [] });
			expect(plain.data?.allowed_mentions?.users ?? []).toEqual([]);
			const both = bodyOf(
				await ask(() =>
					fake.chatInput('ngo', [
						{ name: 'name', value: 'Coral Reef Trust' },
						{ name: 'mention', type: 6, value: OTHER.id },
						{ name: 'hide', value: true },
					]),
				),
			);
			expect(both.data?.flags).toBe(64);
			expect(both.data?.content).toMatch(/leave out hide, or leave out mention/);
			expect(fake.pings.slice(pingsBefore)).toEqual([]);
		});
	});

	describe('user install: the lookups work in DMs and in servers without the bot', () => {
		it('answers /ngo in a server that never installed the bot (authorizing_integration_owners holds the user)', async () => {
			const response = await ask(() =>
				fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asia' }], {
					install: 'user',
					guildId: FOREIGN_GUILD,
				}),
			);
			expect(payloadOf(response)).toMatchObject({
				authorizing_integration_owners: { '1': FAKE_IDS.user },
				context: 0,
				guild_id: FOREIGN_GUILD,
			});
			const body = bodyOf(response);
			expect(body.type).toBe(4);
			expect(body.data?.embeds?.[0]?.title).toBe('Animals Asia Foundation');
		});

		it('answers /entry and /cite in a group DM between users (context 2) and /search in a DM with the bot', async () => {
			const privately = { install: 'user', guildId: null, privateChannel: true } as const;
			const entry = await ask(() => fake.chatInput('entry', [{ name: 'id', value: 1 }], privately));
			expect(payloadOf(entry)).toMatchObject({
				context: 2,
				authorizing_integration_owners: { '1': FAKE_IDS.user },
			});
			expect(bodyOf(entry).data?.embeds?.[0]?.title).toMatch(/#1\b/);
			const cite = bodyOf(await ask(() => fake.chatInput('cite', [{ name: 'id', value: 1 }], privately)));
			expect(cite.data?.content).toMatch(/```/);
			const search = bodyOf(
				await ask(() =>
					fake.chatInput('search', [{ name: 'query', value: 'Animals Asia' }], { install: 'user', guildId: null }),
				),
			);
			expect(search.data?.embeds?.[0]?.description).toMatch(/\*\*Animals\*\*/);
		});

		it('a manager through a user install is no manager of a server without the bot', async () => {
			const body = bodyOf(
				await ask(() =>
					fake.chatInput('feeds', [{ name: 'list', type: 1, options: [] }], {
						install: 'user',
						guildId: FOREIGN_GUILD,
						memberPermissions: (1n << 5n).toString(),
					}),
				),
			);
			expect(body.data?.flags).toBe(64);
			expect(body.data?.content).toMatch(/Manage Server/);
			// The same member where the bot is installed in the server manages it.
			const installed = bodyOf(
				await ask(() =>
					fake.chatInput('feeds', [{ name: 'list', type: 1, options: [] }], {
						memberPermissions: (1n << 5n).toString(),
					}),
				),
			);
			expect(installed.data?.content ?? '').not.toMatch(/Manage Server/);
		});
	});

	describe('the message menu "Look up NGOs and places"', () => {
		it('answers a message naming several organizations and places with a private menu, then a card per pick', async () => {
			const target = fake.userMessage(
				FAKE_IDS.generalChannel,
				'Has anyone looked at what Animals Asia Foundation and the Coral Reef Trust did in Sichuan?',
				OTHER,
			);
			const response = await ask(() => fake.messageCommand('Look up NGOs and places', target));
			expect(payloadOf(response)).toMatchObject({
				type: 2,
				data: { type: 3, target_id: target.id, resolved: { messages: { [target.id]: { content: target.content } } } },
			});
			const body = bodyOf(response);
			expect(body.data?.flags).toBe(64);
			expect(body.data?.content).toMatch(/names 2 organizations and 1 province/);
			const [menu] = componentsOf(body.data).filter((c) => c.type === 3);
			expect(menu?.options?.map((o) => o.label.split(' — ')[0])).toEqual([
				'Animals Asia Foundation',
				'Coral Reef Trust',
				'Sichuan',
			]);
			const sichuan = menu!.options!.find((o) => o.label.startsWith('Sichuan'))!;
			const card = bodyOf(await ask(() => fake.select(menu!.custom_id, [sichuan.value], messageOf(response))));
			expect(card.type).toBe(4);
			expect(card.data?.flags).toBe(64);
			expect(card.data?.embeds?.[0]?.title).toMatch(/^Sichuan/);
		});

		it('answers a message naming one organization with its card, and one naming none with a hint', async () => {
			const one = fake.userMessage(FAKE_IDS.generalChannel, 'the Coral Reef Trust again!', OTHER);
			const card = bodyOf(await ask(() => fake.messageCommand('Look up NGOs and places', one)));
			expect(card.data?.flags).toBe(64);
			expect(card.data?.embeds?.[0]?.title).toBe('Coral Reef Trust');
			const none = fake.userMessage(FAKE_IDS.generalChannel, 'lunch at noon? @everyone', OTHER);
			const hint = bodyOf(await ask(() => fake.messageCommand('Look up NGOs and places', none)));
			expect(hint.data?.flags).toBe(64);
			expect(hint.data?.content).toMatch(/names no organization or province/);
		});

		it('is explained by /help, with mention:, Delete and Send to my DMs', async () => {
			const help = bodyOf(await ask(() => fake.chatInput('help')));
			const text = help.data?.embeds?.[0]?.description ?? '';
			for (const words of ['Look up NGOs and places', '**mention:**', '*Delete*', '*Send to my DMs*']) {
				expect(text).toContain(words);
			}
		});

		it('works through a user install on a message in a DM between users, reading its embeds too', async () => {
			const dmChannel = '1180000000000000950';
			const target = fake.userMessage(dmChannel, 'look:', OTHER, [
				{ title: 'A link preview', description: 'Animals Asia Foundation opens an office' },
			]);
			const body = bodyOf(
				await ask(() =>
					fake.messageCommand('Look up NGOs and places', target, {
						install: 'user',
						guildId: null,
						privateChannel: true,
						channelId: dmChannel,
					}),
				),
			);
			expect(body.data?.flags).toBe(64);
			expect(body.data?.embeds?.[0]?.title).toBe('Animals Asia Foundation');
		});
	});

	describe('Delete and Send to my DMs', () => {
		it('lets the asker delete their public answer, and nobody else', async () => {
			const response = await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asia' }]));
			const message = messageOf(response);
			const remove = buttonsOf(message).find((b) => b.label === 'Delete')!;
			expect(remove.custom_id).toMatch(/^del:/);

			const refused = bodyOf(await ask(() => fake.button(remove.custom_id, message, OTHER)));
			expect(refused.data?.flags).toBe(64);
			expect(refused.data?.content).toMatch(/Only the person who asked can delete/);
			expect(fake.messages).toContain(message);

			const since = fake.requests.length;
			const deleted = bodyOf(await ask(() => fake.button(remove.custom_id, message, ASKER)));
			expect(deleted.type).toBe(6);
			await fake.waitForRest('DELETE', ORIGINAL, { since });
			expect(fake.deletions.map((d) => d.messageId)).toContain(message.id);
			expect(fake.messages).not.toContain(message);
		});

		it('no longer deletes after 15 minutes, and private answers have no Delete', async () => {
			const response = await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asia' }]));
			const message = messageOf(response);
			const stale = encodeDeleteState({ ownerId: ASKER.id, until: Math.floor(Date.now() / 1000) - 1 });
			const refused = bodyOf(await ask(() => fake.button(stale, message, ASKER)));
			expect(refused.data?.content).toMatch(/can no longer be deleted/);
			expect(fake.messages).toContain(message);

			const hidden = bodyOf(
				await ask(() =>
					fake.chatInput('ngo', [
						{ name: 'name', value: 'Animals Asia' },
						{ name: 'hide', value: true },
					]),
				),
			);
			expect(buttonsOf(hidden.data).map((b) => b.label)).not.toContain('Delete');
			expect(buttonsOf(hidden.data).map((b) => b.label)).toContain('Send to my DMs');
		});

		it('sends whoever presses Send to my DMs a copy with the citations of its entries', async () => {
			const response = await ask(() => fake.chatInput('entry', [{ name: 'id', value: 1 }]));
			const message = messageOf(response);
			const send = buttonsOf(message).find((b) => b.label === 'Send to my DMs')!;
			const since = fake.requests.length;
			const ack = bodyOf(await ask(() => fake.button(send.custom_id, message, OTHER)));
			expect(ack.type).toBe(5);
			expect(ack.data?.flags).toBe(64);
			const done = await fake.waitForRest('PATCH', ORIGINAL, { since });
			expect((done.json as Body['data'])?.content).toBe('📬 Sent to your DMs, with the citation of its entries.');
			const copies = fake.directMessages(OTHER.id);
			expect(copies).toHaveLength(2);
			expect(copies[0]?.content).toMatch(
				/^📬 Saved copy of an ngo-bot answer from <https:\/\/discord\.com\/channels\//,
			);
			expect(copies[0]?.content).toMatch(/<t:\d+:f>/);
			expect(copies[0]?.embeds).toEqual(message.embeds);
			const citation = (copies[1]?.embeds as { title?: string; description?: string }[])[0];
			expect(citation?.title).toBe('Citation');
			expect(citation?.description).toMatch(/^\*\*#1\*\* /);
			expect(fake.pings.filter((p) => copies.some((c) => c.id === p.messageId))).toEqual([]);
		});

		it('says how to allow DMs when the user refuses them', async () => {
			const response = await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asia' }]));
			const message = messageOf(response);
			const send = buttonsOf(message).find((b) => b.label === 'Send to my DMs')!;
			fake.blockDirectMessages(OTHER.id);
			try {
				const since = fake.requests.length;
				await ask(() => fake.button(send.custom_id, message, OTHER));
				const told = await fake.waitForRest('PATCH', ORIGINAL, { since });
				expect((told.json as Body['data'])?.content).toMatch(/cannot send you direct messages.*Privacy/);
			} finally {
				fake.blockDirectMessages(OTHER.id, false);
			}
		});
	});

	describe('answers that read as a story (issue 13, points 3, 4 and 6)', () => {
		const description = (body: Body) => body.data?.embeds?.[0]?.description ?? '';
		/** A line as Discord shows it: markdown escapes removed. */
		const shown = (line = '') => line.replace(/\\([\\[\]()*_~`>|#-])/g, '$1');

		it('opens /ngo, /province and /search with a lead sentence citing its entry', async () => {
			const ngo = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Coral Reef Trust' }])));
			expect(shown(description(ngo).split('\n')[0])).toMatch(
				/^Coral Reef Trust \(Australia\) appears once: a meeting with the Hainan Public Security Bureau in Hainan on 3 Jun 2020 \[#\d+\]\.$/,
			);
			const province = bodyOf(await ask(() => fake.chatInput('province', [{ name: 'name', value: 'Hainan' }])));
			expect(shown(description(province).split('\n')[0])).toMatch(
				/^Hainan appears once: a meeting with the Hainan Public Security Bureau and Coral Reef Trust \(Australia\) on 3 Jun 2020 \[#\d+\]\.$/,
			);
			const search = bodyOf(await ask(() => fake.chatInput('search', [{ name: 'query', value: 'coral reef' }])));
			expect(shown(description(search).split('\n')[0])).toMatch(
				/^One entry matches “coral reef”: a meeting with the Hainan Public Security Bureau and Coral Reef Trust \(Australia\) in Hainan on 3 Jun 2020 \[#\d+\]\.$/,
			);
		});

		it('bolds the words searched for in /search lines, Chinese too, and escapes the rest', async () => {
			const search = bodyOf(await ask(() => fake.chatInput('search', [{ name: 'query', value: 'coral reef' }])));
			expect(description(search)).toMatch(/\*\*Coral\*\* \*\*Reef\*\*/);
			// The entry's own **loud** is shown as typed, not as bold.
			expect(description(search)).not.toMatch(/(?<!\\)\*\*loud/);
			const chinese = bodyOf(await ask(() => fake.chatInput('search', [{ name: 'query', value: '西双版纳' }])));
			expect(description(chinese)).toMatch(/\*\*西双版纳\*\*/);
		});

		it('answers a unique partial name directly, saying what matched; a shared word still suggests', async () => {
			const partial = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Coral Reef' }])));
			expect(partial.data?.embeds?.[0]?.title).toBe('Coral Reef Trust');
			expect(JSON.stringify(partial.data)).toContain(
				'No organization is named exactly “Coral Reef”; only one name has these words: “Coral Reef Trust”.',
			);
			const shared = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Foundation' }])));
			expect(shared.data?.flags).toBe(64);
			expect(JSON.stringify(shared.data)).toMatch(/[Dd]id you mean/);
		});
	});

	it('never broke a Discord rule on the way', () => {
		// Refused DMs are Discord's answer to a user's privacy setting (the test above), not a broken rule.
		expect(fake.violations.filter((v) => v.code !== 50007)).toEqual([]);
		expect(fake.requests.filter((r) => CALLBACK.test(r.path) && (r.status ?? 0) >= 400)).toEqual([]);
	});
});
