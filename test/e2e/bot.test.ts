import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePageState } from '../../src/discord/page-state.js';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import {
	type ApiMessage,
	type ApiUser,
	FAKE_IDS,
	type FakeDiscord,
	type RecordedRequest,
} from '../helpers/fake-discord.js';
import { type SeededBot, firstResponse, startSeededBot } from '../helpers/bot-against-fake.js';

const TOKEN = `e2e-token-${'x'.repeat(60)}`;
const OTHER_USER = { id: '1180000000000000299', username: 'someone-else' };
const THIRD_USER = { id: '1180000000000000298', username: 'a-reader' };

/** Thirteen Hunan items (so /province Hunan pages), one with mentions, markdown and a 6,000-character text. */
function writeFixtures(dir: string): string {
	const trees = [
		'Alder',
		'Birch',
		'Cedar',
		'Damson',
		'Elm',
		'Fir',
		'Gingko',
		'Hazel',
		'Ilex',
		'Juniper',
		'Kapok',
		'Larch',
	];
	const items = trees.map(
		(tree, i) =>
			`May ${i + 1}, 2020:\n\nThe Hunan PSB Foreign NGO Management Office issued a registration certificate to the ${tree} Education Foundation (Japan).`,
	);
	const hostile = `${'@everyone <@&123456789012345678> **not bold** [link](https://evil.example) '.repeat(90)}`.slice(
		0,
		6_000,
	);
	const text = [
		'Ministry of Public Security WeChat Posts—May 1-30, 2020',
		...items,
		`May 20, 2020:\n\nThe Hainan PSB met the Coral Reef Trust (Australia). ${hostile}`,
	].join('\n\n');
	const path = join(dir, 'fixtures.txt');
	writeFileSync(path, text);
	return path;
}

describe('the bot against a local Discord', () => {
	let harness: SeededBot;
	let fake: FakeDiscord;
	let bot: RunningBot;
	const logs = new PassThrough();
	let logText = '';
	logs.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));

	beforeAll(async () => {
		harness = await startSeededBot({
			prefix: 'ngo-bot-e2e-',
			token: TOKEN,
			sources: (dir) => [join(projectRoot(), 'data', 'sample'), writeFixtures(dir)],
			fakeOptions: { ackDeadlineMs: 2_000 },
			// One user asks everything here, faster than a person: the rate limits are faults.test.ts's subject.
			env: { LOG_LEVEL: 'debug', LIMIT_USER_BURST: '1000' },
			log: createLogger('debug', logs),
		});
		({ fake, bot } = harness);
	});

	afterAll(() => harness?.stop());

	const ask = (send: () => { id: string }): Promise<RecordedRequest> => firstResponse(fake, send);

	type Component = {
		type: number;
		custom_id: string;
		label?: string;
		disabled?: boolean;
		placeholder?: string;
		options?: { label: string; value: string; description?: string }[];
	};
	type Callback = {
		type: number;
		data: {
			content?: string;
			flags?: number;
			embeds?: {
				title?: string;
				description?: string;
				fields?: { name: string; value: string }[];
				footer?: { text: string };
			}[];
			components?: { components: Component[] }[];
			allowed_mentions?: { parse: string[] };
			choices?: { name: string; value: string }[];
		};
	};
	const bodyOf = (request: RecordedRequest) => request.json as Callback;
	const components = (callback: Callback) => callback.data.components?.flatMap((row) => row.components) ?? [];
	const buttons = (callback: Callback) => components(callback).filter((c) => c.type === 2);
	const selects = (callback: Callback) => components(callback).filter((c) => c.type === 3);
	/** The select menus of a message as the fake stores it (after any edits). */
	const storedSelects = (message: ApiMessage) =>
		(message.components as { components: Component[] }[]).flatMap((row) => row.components).filter((c) => c.type === 3);
	/** Entry ids an answer lists, in order (each line ends with `#id` and its source). */
	const listedIds = (callback: Callback) =>
		[...(callback.data.embeds?.[0]?.description ?? '').matchAll(/`#(\d+)`/g)].map((m) => m[1]!);

	/** Picks `values` in the string select `customId` of `message`, as Discord sends it (component type 3). */
	function pick(customId: string, values: string[], message: ApiMessage, user: Partial<ApiUser> = {}) {
		return fake.sendInteraction(
			{ type: 3, data: { custom_id: customId, component_type: 3, values }, message },
			{ user, channelId: message.channel_id },
		);
	}

	it('answers /ngo Animals Asia publicly with the NGO card, pinging no one', async () => {
		const callback = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'Animals Asia' }])));
		expect(callback.type).toBe(4);
		expect(callback.data.flags ?? 0).toBe(0);
		expect(callback.data.allowed_mentions).toMatchObject({ parse: [] });
		const [embed] = callback.data.embeds ?? [];
		expect(embed?.title).toBe('Animals Asia Foundation');
		expect(embed?.fields).toEqual(expect.arrayContaining([{ name: 'Origin', value: 'Hong Kong', inline: true }]));
		expect(embed?.description).toMatch(/2019-04-11/);
		expect(embed?.description).toMatch(/Sichuan/);
	});

	it('answers /province 湖南 and pages with Previous/Next that only the asker can press', async () => {
		const first = bodyOf(await ask(() => fake.chatInput('province', [{ name: 'name', value: '湖南' }])));
		expect(first.data.embeds?.[0]?.title).toBe('Hunan 湖南');
		const next = buttons(first).find((b) => b.label === 'Next ▶');
		expect(buttons(first).map((b) => b.label)).toEqual([
			'◀ Previous',
			'Page 1 of 3',
			'Next ▶',
			'Delete',
			'Send to my DMs',
		]);
		expect(next?.disabled).toBeFalsy();
		// Under the paging buttons, in a row of its own: a menu citing any entry of the page.
		expect(first.data.components?.map((row) => row.components.map((c) => c.type))).toEqual([[2, 2, 2, 2, 2], [3]]);
		const [menu] = selects(first);
		expect(menu).toMatchObject({ custom_id: 'cite:pick', placeholder: 'Cite an entry…' });
		expect(listedIds(first)).toHaveLength(5);
		expect(menu?.options?.map((o) => o.value)).toEqual(listedIds(first));
		expect(menu?.options?.[0]?.label).toMatch(new RegExp(`^#${listedIds(first)[0]} · 2020-05-\\d\\d · `));

		const message = fake.messages.at(-1)!;
		const foreign = bodyOf(await ask(() => fake.button(next!.custom_id, message, { user: OTHER_USER })));
		expect(foreign.data.flags).toBe(64);
		expect(foreign.data.content).toMatch(/^❌ Only the person who asked can use these buttons/);

		const second = bodyOf(await ask(() => fake.button(next!.custom_id, message)));
		expect(second.type).toBe(7);
		// The answer's own buttons stay through paging.
		expect(buttons(second).map((b) => b.label)).toEqual([
			'◀ Previous',
			'Page 2 of 3',
			'Next ▶',
			'Delete',
			'Send to my DMs',
		]);
		expect(second.data.embeds?.[0]?.description).not.toBe(first.data.embeds?.[0]?.description);
		// Paging moves the menu to the new page's entries.
		const secondIds = selects(second)[0]?.options?.map((o) => o.value);
		expect(secondIds).toEqual(listedIds(second));
		expect(secondIds).toHaveLength(5);
		expect(secondIds?.filter((id) => listedIds(first).includes(id))).toEqual([]);
		expect(storedSelects(message)[0]?.options?.map((o) => o.value)).toEqual(secondIds);
	});

	it('removes expired buttons and says why', async () => {
		const expired = encodePageState({
			action: 'page',
			kind: 'province',
			ownerId: FAKE_IDS.user,
			expiresAt: Math.floor(Date.now() / 1000) - 1,
			page: 2,
			hidden: false,
			args: ['Hunan'],
		})!;
		// On the /province answer paged above.
		const answer = fake.messages.findLast((m) => JSON.stringify(m.components).includes('Page 2 of 3'))!;
		const callback = bodyOf(await ask(() => fake.button(expired, answer)));
		expect(callback.type).toBe(7);
		// The paging buttons go; Delete and Send to my DMs stay with the answer.
		expect(buttons(callback).map((b) => b.label)).toEqual(['Delete', 'Send to my DMs']);
		const followUp = await fake.waitForRest('POST', /^\/webhooks\/\d+\/[^/]+$/);
		expect((followUp.json as Callback['data']).content).toMatch(/These buttons have expired/);
	});

	it('answers hidden when asked, and "Show publicly" posts the same answer for everyone', async () => {
		const hidden = bodyOf(
			await ask(() =>
				fake.chatInput('ngo', [
					{ name: 'name', value: 'AIFO' },
					{ name: 'hide', value: true },
				]),
			),
		);
		expect(hidden.data.flags).toBe(64);
		expect(selects(hidden).map((s) => s.custom_id)).toEqual(['cite:pick']);
		const reveal = buttons(hidden).find((b) => b.label === 'Show publicly');
		expect(reveal).toBeDefined();
		const shown = bodyOf(await ask(() => fake.button(reveal!.custom_id, fake.messages.at(-1)!)));
		expect(shown.type).toBe(4);
		expect(shown.data.flags ?? 0).toBe(0);
		expect(shown.data.embeds?.[0]?.title).toBe(hidden.data.embeds?.[0]?.title);
		expect(buttons(shown).some((b) => b.label === 'Show publicly')).toBe(false);
		expect(selects(shown)[0]?.options).toEqual(selects(hidden)[0]?.options);
	});

	it('autocompletes organization names with counts, within Discord limits', async () => {
		const callback = bodyOf(await ask(() => fake.autocomplete('ngo', [{ name: 'name', value: 'ani', focused: true }])));
		expect(callback.type).toBe(8);
		expect(callback.data.choices?.[0]).toEqual({
			name: 'Animals Asia Foundation — 1 entry · Sichuan',
			value: 'Animals Asia Foundation',
		});
		expect(callback.data.choices!.length).toBeLessThanOrEqual(25);
	});

	it('searches with filters and escapes markdown and mentions from indexed text', async () => {
		const callback = bodyOf(
			await ask(() =>
				fake.chatInput('search', [
					{ name: 'query', value: 'coral reef' },
					{ name: 'province', value: 'Hainan' },
				]),
			),
		);
		const text = JSON.stringify(callback.data);
		expect(callback.data.embeds?.[0]?.title).toBe('Search: coral reef');
		expect(text).not.toMatch(/@everyone|<@&\d+>/);
		expect(text).toMatch(/\\\\\*\\\\\*not bold/);
		const id = Number(/`#(\d+)`/.exec(callback.data.embeds?.[0]?.description ?? '')?.[1]);
		const entry = bodyOf(await ask(() => fake.chatInput('entry', [{ name: 'id', value: id }])));
		expect(entry.data.embeds?.[0]?.footer?.text).toMatch(new RegExp(`^Entry #${id} · `));
		expect(JSON.stringify(entry.data)).not.toMatch(/@everyone/);
	});

	it('cites an entry picked from the menu of /search results privately, as the Cite button does', async () => {
		const results = bodyOf(
			await ask(() =>
				fake.chatInput(
					'search',
					[
						{ name: 'query', value: 'education foundation' },
						{ name: 'province', value: 'Hunan' },
					],
					{ user: THIRD_USER },
				),
			),
		);
		expect(results.data.flags ?? 0).toBe(0);
		const message = fake.messages.at(-1)!;
		const [menu] = selects(results);
		expect(menu?.custom_id).toBe('cite:pick');
		expect(menu?.options?.map((o) => o.value)).toEqual(listedIds(results));
		const chosen = menu!.options![1]!;
		expect(chosen.label.length).toBeLessThanOrEqual(100);
		expect(chosen.label).toMatch(new RegExp(`^#${chosen.value} · 2020-05-\\d\\d · `));

		// Anyone in the channel may cite; the citation goes to them only.
		const cited = bodyOf(await ask(() => pick(menu!.custom_id, [chosen.value], message, OTHER_USER)));
		expect(cited.type).toBe(4);
		expect(cited.data.flags).toBe(64);
		expect(cited.data.allowed_mentions).toMatchObject({ parse: [] });
		expect(cited.data.content).toMatch(new RegExp(`^\\*\\*Entry #${chosen.value}\\*\\*`));
		expect(cited.data.content).toMatch(new RegExp(`\`\`\`text\\n.*ngo-bot entry #${chosen.value} \\(2020-05-`));
		expect(buttons(cited).map((b) => [b.label, b.custom_id, Boolean(b.disabled)])).toEqual([
			['Plain text', `cite:${chosen.value}:plain`, true],
			['APA 7', `cite:${chosen.value}:apa`, false],
			['BibTeX', `cite:${chosen.value}:bibtex`, false],
		]);
		// The same citation /entry's Cite button gives; the answer in the channel is left as it was.
		const entry = bodyOf(await ask(() => fake.chatInput('entry', [{ name: 'id', value: Number(chosen.value) }])));
		const citeButton = buttons(entry).find((b) => b.label === 'Cite');
		expect(citeButton?.custom_id).toBe(`cite:${chosen.value}`);
		const button = bodyOf(await ask(() => fake.button(citeButton!.custom_id, fake.messages.at(-1)!)));
		expect(button.data).toEqual(cited.data);
		expect(storedSelects(message)[0]?.options).toEqual(menu?.options);

		// A forged pick (no value, or not an id) is refused privately.
		for (const values of [[], ['<@&1>']]) {
			const forged = bodyOf(await ask(() => pick(menu!.custom_id, values, message)));
			expect(forged.data.flags).toBe(64);
			expect(forged.data.content).toMatch(/^❌ Pick one entry from the menu/);
		}
	});

	it('refuses invalid option values from a modified client with a private message saying what to fix', async () => {
		// Another user, as a second person would.
		const badDate = bodyOf(
			await ask(() => fake.chatInput('search', [{ name: 'from', value: '2019-13-45' }], { user: OTHER_USER })),
		);
		expect(badDate.data.flags).toBe(64);
		expect(badDate.data.content).toMatch(
			/^❌ Check the options: from must be a date: 2019-02-25, 25 April 2019, March 2019, 2019 or "last year"/,
		);
		const longName = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'x'.repeat(2_000) }])));
		expect(longName.data.content).toMatch(/^❌ Check the options: name is at most 100 characters/);
		const wrongType = bodyOf(await ask(() => fake.chatInput('entry', [{ name: 'id', type: 3, value: 'seven' }])));
		expect(wrongType.data.content).toMatch(/^❌ The option id has the wrong type/);
	});

	it('answers an unknown command privately and a missing entry as no match', async () => {
		const unknown = bodyOf(await ask(() => fake.chatInput('teleport', [])));
		expect(unknown.data.flags).toBe(64);
		expect(unknown.data.content).toMatch(/^❌ \/teleport is not a command of this bot any more/);
		const missing = bodyOf(await ask(() => fake.chatInput('entry', [{ name: 'id', value: 999_999 }])));
		expect(missing.data.flags).toBe(64);
		expect(missing.data.embeds?.[0]?.description).toMatch(/There is no entry #999999/);
	});

	it('acknowledges slow work first and then edits in the answer', async () => {
		const since = fake.requests.length;
		const deferred = bodyOf(
			await ask(() =>
				fake.chatInput('stats', [
					{ name: 'province', value: 'Hunan' },
					{ name: 'ngo', value: 'Cedar Education Foundation' },
				]),
			),
		);
		expect(deferred.type).toBe(5);
		const edit = await fake.waitForRest('PATCH', /\/messages\/@original$/, { since });
		const body = edit.json as Callback['data'];
		expect(body.embeds?.[0]?.title).toBe('Coverage');
		expect(body.embeds?.[0]?.fields).toEqual(expect.arrayContaining([{ name: 'Entries', value: '1', inline: true }]));
	});

	it('retries a rate-limited reply after retry-after and delivers it exactly once', async () => {
		const fault = fake.failNext('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, { status: 429, retryAfter: 0.2 });
		const since = fake.requests.length;
		const { id } = fake.chatInput('about', []);
		const delivered = await fake.waitForRest('POST', /callback$/, {
			since,
			timeoutMs: 5_000,
			predicate: (r) => r.interactionId === id && r.status === 204,
		});
		expect(fault.hits).toHaveLength(1);
		expect(fake.requests.filter((r) => r.interactionId === id && r.status === 204)).toHaveLength(1);
		expect(bodyOf(delivered).data.embeds?.[0]?.title).toBe('About ngo-bot');
	});

	it('resumes after the gateway drops (4000) and answers an interaction sent while it was away', async () => {
		await fake.closeGateway(4000);
		const callback = bodyOf(await ask(() => fake.chatInput('ngo', [{ name: 'name', value: 'AIFO' }])));
		expect(callback.data.embeds?.[0]?.title).toBe('Associazione Italiana Amici di Raoul Follereau');
		await fake.waitForResumed({ timeoutMs: 5_000 });
	});

	it('identifies again after a normal close (1000) and keeps serving', async () => {
		const identifies = fake.identifies.length;
		await fake.closeGateway(1000);
		await expect.poll(() => fake.identifies.length, { timeout: 5_000 }).toBeGreaterThan(identifies);
		await expect.poll(() => bot.client.isReady(), { timeout: 5_000 }).toBe(true);
		const callback = bodyOf(await ask(() => fake.chatInput('province', [{ name: 'name', value: 'Harbin' }])));
		expect(callback.data.embeds?.[0]?.title).toBe('Heilongjiang 黑龙江');
	});

	it('reports an unexpected failure with a reference and logs it, without the token', async () => {
		// A real fault under a handler: the database connection goes away (last test that needs it).
		bot.app.db.close();
		const callback = bodyOf(await ask(() => fake.chatInput('entry', [{ name: 'id', value: 1 }])));
		expect(callback.data.flags).toBe(64);
		expect(callback.data.content).toMatch(/^🐞 Something went wrong \(ref \d+\)/);
		expect(logText).toMatch(/"msg":"interaction handler failed"/);
		expect(logText).toMatch(/database connection is not open/);
		expect(logText).not.toContain(TOKEN);
	});

	it('kept every message within Discord limits and never left out allowed_mentions', () => {
		expect(fake.violations).toEqual([]);
		expect(fake.warnings).toEqual([]);
	});
});
