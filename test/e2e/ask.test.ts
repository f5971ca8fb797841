import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { type SeededBot, firstResponse, startSeededBot } from '../helpers/bot-against-fake.js';
import { ASK_CORPUS } from '../helpers/console-app.js';
import type { FakeDiscord, RecordedRequest } from '../helpers/fake-discord.js';

const TOKEN = `e2e-ask-token-${'q'.repeat(60)}`;

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
type Button = { type: number; label?: string; custom_id: string };
type Callback = {
	type: number;
	data: {
		content?: string;
		flags?: number;
		embeds?: Embed[];
		allowed_mentions?: { parse: string[] };
		components?: { components: Button[] }[];
	};
};

describe('/ask through a local Discord', () => {
	let harness: SeededBot;
	let fake: FakeDiscord;
	let users = 0;
	const nextUser = () => {
		users += 1;
		return { id: String(1_180_000_000_000_000_900n + BigInt(users)), username: `member-${users}` };
	};

	beforeAll(async () => {
		harness = await startSeededBot({
			prefix: 'ngo-bot-e2e-ask-',
			token: TOKEN,
			sources: () => ASK_CORPUS,
			fakeOptions: { ackDeadlineMs: 2_000 },
			env: { LOG_LEVEL: 'warn' },
			log: createLogger('warn', new PassThrough()),
		});
		({ fake } = harness);
	});

	afterAll(() => harness?.stop());

	let lastAsker = nextUser();
	const askBot = async (question: string): Promise<Callback> => {
		lastAsker = nextUser();
		const request: RecordedRequest = await firstResponse(fake, () =>
			fake.chatInput('ask', [{ name: 'question', value: question }], { user: lastAsker }),
		);
		return request.json as Callback;
	};
	const field = (embed: Embed | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;

	it('answers in public with the answer, how the question was read, the same /search, and cited entries', async () => {
		const callback = await askBot('which Japanese NGOs registered in Hunan in 2019?');
		expect(callback.type).toBe(4);
		expect(callback.data.flags ?? 0).toBe(0);
		expect(callback.data.allowed_mentions).toMatchObject({ parse: [] });
		const embed = callback.data.embeds?.[0];
		expect(embed?.title).toBe('which Japanese NGOs registered in Hunan in 2019?');
		expect(field(embed, 'Answer')).toMatch(/^2 organizations: Sakura Health Cooperation Society \\\(Japan\\\)/);
		expect(field(embed, 'Read as')).toBe(
			'which · type registration · province Hunan · origin Japan · 2019-01-01 to 2019-12-31',
		);
		expect(field(embed, 'Same as')).toContain('/search province:Hunan country:Japan type:registration');
		// The entries the answer counts are listed and cited.
		const cited = [...(embed?.description ?? '').matchAll(/`#(\d+)`/g)].map((m) => Number(m[1]));
		expect(cited).toHaveLength(2);
		for (const id of cited) {
			const entry = harness.bot.app.query.entry(id);
			expect(entry.ok && entry.value.provinces).toEqual(['Hunan']);
		}
	});

	it('has a "Run as /search" button that posts the equivalent search, with the same total, as a new message', async () => {
		const callback = await askBot('how many temporary activities were filed in Yunnan?');
		const answer = callback.data.embeds?.[0];
		expect(field(answer, 'Answer')).toMatch(/^3 entries: 3 temporary activity/);
		const button = callback.data.components
			?.flatMap((row) => row.components)
			.find((component) => component.label === 'Run as /search');
		expect(button).toBeDefined();
		const message = fake.messages.at(-1)!;
		const searched = (await firstResponse(fake, () => fake.button(button!.custom_id, message, lastAsker)))
			.json as Callback;
		expect(searched.type).toBe(4);
		expect(searched.data.flags ?? 0).toBe(0);
		const embed = searched.data.embeds?.[0];
		expect(embed?.title).toBe('Search');
		expect(field(embed, 'Matches')).toBe('3');
		expect(field(embed, 'Filters')).toContain('province Yunnan');
	});

	it('refuses privately what it cannot read, saying what it read and what it did not, pinging nobody', async () => {
		const callback = await askBot('@everyone which **NGOs** registered in Hunnan?');
		expect(callback.data.flags).toBe(64);
		expect(callback.data.allowed_mentions).toMatchObject({ parse: [] });
		const text = JSON.stringify(callback.data);
		expect(text).toContain('Hunnan');
		expect(text).toContain('type registration');
		expect(text).not.toMatch(/(?<!\\u200b)@everyone/);
		expect(fake.violations).toEqual([]);
	});
});
