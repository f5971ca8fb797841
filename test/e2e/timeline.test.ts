import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import { decodePng } from '../chart/png.js';
import { type SeededBot, firstResponse, startSeededBot } from '../helpers/bot-against-fake.js';
import type { FakeDiscord, RecordedRequest } from '../helpers/fake-discord.js';

const TOKEN = `e2e-token-${'t'.repeat(60)}`;

/** Hunan items in May 2020 and January 2021, so a quarterly Hunan timeline has a gap of two empty quarters. */
function writeFixtures(dir: string): string {
	const items = ['Alder', 'Birch', 'Cedar'].map(
		(tree, i) =>
			`May ${i + 1}, 2020:\n\nThe Hunan PSB Foreign NGO Management Office issued a registration certificate to the ${tree} Education Foundation (Japan).`,
	);
	const later = `January 8, 2021:\n\nThe Hunan PSB Foreign NGO Management Office issued a registration certificate to the Damson Education Foundation (Japan).`;
	const path = join(dir, 'hunan.txt');
	writeFileSync(
		path,
		['Ministry of Public Security WeChat Posts—May 2020 to January 2021', ...items, later].join('\n\n'),
	);
	return path;
}

type Message = {
	content?: string;
	flags?: number;
	embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
	attachments?: { id: string | number; description?: string }[];
	allowed_mentions?: { parse: string[] };
};

describe('/timeline and /stats charts through a local Discord', () => {
	let harness: SeededBot;
	let fake: FakeDiscord;

	beforeAll(async () => {
		harness = await startSeededBot({
			prefix: 'ngo-bot-e2e-timeline-',
			token: TOKEN,
			sources: (dir) => [join(projectRoot(), 'data', 'sample'), writeFixtures(dir)],
			env: { LOG_LEVEL: 'error' },
			log: createLogger('error'),
			// A clock that stands still: rate limits never refill during the test, so the limit check is not a race.
			now: () => new Date('2026-11-22T04:00:00Z'),
		});
		({ fake } = harness);
	});

	afterAll(() => harness?.stop());

	let asked = 0;

	/** Sends a command; returns the acknowledgement and the answer that edits it in. */
	async function ask(
		name: string,
		options: { name: string; value: string | boolean }[],
	): Promise<{ ack: RecordedRequest; answer: RecordedRequest }> {
		const since = fake.requests.length;
		// A different user each time: rate limits are per user, and not what these tests are about.
		const user = { id: String(1_180_000_000_000_000_400n + BigInt(++asked)), username: `researcher-${asked}` };
		const { id } = fake.chatInput(name, options, { user });
		const ack = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
			since,
			predicate: (request) => request.interactionId === id,
		});
		const answer = await fake.waitForRest('PATCH', /\/messages\/@original$/, {
			since,
			predicate: (request) => request.interactionId === id,
		});
		return { ack, answer };
	}

	it('acknowledges /timeline, then answers with a PNG chart that decodes and the numbers as text', async () => {
		const { ack, answer } = await ask('timeline', [
			{ name: 'province', value: '湖南' },
			{ name: 'by', value: 'quarter' },
		]);
		expect((ack.json as { type: number }).type).toBe(5);
		expect(answer.status).toBe(200);
		const body = answer.json as Message;
		expect(body.allowed_mentions).toMatchObject({ parse: [] });
		const [embed] = body.embeds ?? [];
		expect(embed?.title).toBe('Timeline: entries per quarter');
		// Sample Hunan entry (2019 Q1), the fixtures (2020 Q2 ×3, 2021 Q1 ×1) and every empty quarter between as 0.
		expect(embed?.description).toBe(
			[
				'*Hunan*',
				'',
				'2019 Q1: 1',
				'2019 Q2: 0',
				'2019 Q3: 0',
				'2019 Q4: 0',
				'2020 Q1: 0',
				'2020 Q2: 3',
				'2020 Q3: 0',
				'2020 Q4: 0',
				'2021 Q1: 1',
			].join('\n'),
		);
		expect(embed?.fields).toEqual(
			expect.arrayContaining([
				{ name: 'Entries', value: '5', inline: true },
				// Field values are markdown-escaped, so the brackets arrive as \( \) and show as ( ).
				{ name: 'Busiest quarter', value: '2020 Q2 \\(3\\)', inline: true },
			]),
		);

		expect(answer.files).toHaveLength(1);
		const [file] = answer.files;
		expect(file?.name).toBe('timeline-quarter.png');
		expect(file?.contentType).toBe('image/png');
		const png = await decodePng(file!.bytes);
		expect({ width: png.width, height: png.height }).toEqual({ width: 1_000, height: 500 });
		expect(png.colors).toBeGreaterThan(50);
		expect(png.inked).toBeGreaterThan(0.03);
		// The alt text is sent as the description of attachment 0, which is the multipart field files[0].
		const [attachment] = body.attachments ?? [];
		expect(String(attachment?.id)).toBe('0');
		expect(file?.field).toBe('files[0]');
		expect(attachment?.description).toMatch(/^Bar chart of entries per quarter, Hunan, 2019 Q1 – 2021 Q1/);
		expect(attachment?.description).toContain('Values: 2019 Q1 1, 2019 Q2 0,');
		expect(attachment?.description).toContain('2020 Q2 3');
	});

	it('counts undated entries apart and charts only dated months for the whole corpus', async () => {
		const { answer } = await ask('timeline', []);
		const body = answer.json as Message;
		const [embed] = body.embeds ?? [];
		expect(embed?.title).toBe('Timeline: entries per month');
		expect(embed?.fields).toEqual(
			expect.arrayContaining([
				{ name: 'Entries', value: '29', inline: true },
				{ name: 'Undated', value: '15 entries, not in the chart', inline: true },
			]),
		);
		// 24 months from Feb 2019 to Jan 2021 fit one per line.
		expect(embed?.description?.split('\n').slice(2, 5)).toEqual(['Feb 2019: 5', 'Mar 2019: 3', 'Apr 2019: 2']);
		expect(embed?.description).toContain('\nJan 2021: 1');
		const png = await decodePng(answer.files[0]!.bytes);
		expect(png.width).toBe(1_000);
	});

	it('attaches a province chart to /stats and keeps its text', async () => {
		const { ack, answer } = await ask('stats', []);
		expect((ack.json as { type: number }).type).toBe(5);
		const body = answer.json as Message;
		expect(body.embeds?.[0]?.title).toBe('Coverage');
		expect(body.embeds?.[0]?.fields).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: 'Entries', value: '29' })]),
		);
		expect(answer.files.map((f) => f.name)).toEqual(['stats-by-province.png']);
		const png = await decodePng(answer.files[0]!.bytes);
		expect(png.width).toBe(1_000);
		expect(png.height).toBeGreaterThan(300);
		expect(png.colors).toBeGreaterThan(50);
		expect(body.attachments?.[0]?.description).toMatch(/^Bar chart of entries by province, all entries, 29 entries\./);
		expect(body.attachments?.[0]?.description).toContain('Hunan 5');
	});

	it('hides the chart with the answer when asked', async () => {
		const { ack, answer } = await ask('timeline', [
			{ name: 'ngo', value: 'Animals Asia' },
			{ name: 'hide', value: true },
		]);
		expect((ack.json as { type: number; data?: { flags?: number } }).data?.flags).toBe(64);
		expect((answer.json as Message).embeds?.[0]?.description).toBe('*Animals Asia Foundation*\n\nApr 2019: 1');
		expect(answer.files).toHaveLength(1);
	});

	/** Sends a command that is answered at once (no acknowledgement first); returns that answer. */
	async function askDirect(
		name: string,
		options: { name: string; value: string | boolean }[],
	): Promise<RecordedRequest> {
		const user = { id: String(1_180_000_000_000_000_400n + BigInt(++asked)), username: `researcher-${asked}` };
		return firstResponse(fake, () => fake.chatInput(name, options, { user }));
	}

	it('answers a name that matches nothing at once, privately, with suggestions and no chart', async () => {
		for (const name of ['timeline', 'stats']) {
			const answer = await askDirect(name, [{ name: 'province', value: 'Atlantis' }]);
			const callback = answer.json as { type: number; data: Message };
			expect(callback.type, name).toBe(4);
			expect(callback.data.flags, name).toBe(64);
			expect(callback.data.embeds?.[0]?.title).toBe('No match');
			expect(callback.data.embeds?.[0]?.description).toMatch(/“Atlantis” is not a province-level division of China/);
			expect(answer.files).toEqual([]);
		}
	});

	it('says which option is wrong when a client sends a period Discord would not offer', async () => {
		const answer = await askDirect('timeline', [{ name: 'by', value: 'week' }]);
		const callback = answer.json as { type: number; data: Message };
		expect(callback.data.flags).toBe(64);
		expect(callback.data.content).toBe('❌ Check the options: by must be one of month, quarter, year.');
	});

	it('costs two lookups: the same user draws five charts in a row, and the sixth waits', async () => {
		const user = { id: '1180000000000000399', username: 'impatient' };
		for (let i = 0; i < 5; i++) {
			const since = fake.requests.length;
			const chart = fake.chatInput('timeline', [{ name: 'by', value: 'year' }], { user });
			await fake.waitForRest('PATCH', /\/messages\/@original$/, {
				since,
				predicate: (r) => r.interactionId === chart.id,
			});
		}
		const since = fake.requests.length;
		const again = fake.chatInput('timeline', [{ name: 'by', value: 'year' }], { user });
		const refused = await fake.waitForRest('POST', /callback$/, {
			since,
			predicate: (r) => r.interactionId === again.id,
		});
		const callback = refused.json as { type: number; data: Message };
		expect(callback.data.flags).toBe(64);
		// Two units refill in four seconds of the clock, which stands still here.
		const at = Date.parse('2026-11-22T04:00:00Z') / 1000 + 4;
		expect(callback.data.content).toMatch(new RegExp(`^⏳ .* /timeline can run again <t:${at}:R>\\.`));
	});

	it('offers provinces and NGOs as the user types', async () => {
		const since = fake.requests.length;
		const { id } = fake.autocomplete('timeline', [{ name: 'province', value: 'Hun', focused: true }]);
		const response = await fake.waitForRest('POST', /callback$/, { since, predicate: (r) => r.interactionId === id });
		const choices = (response.json as { data: { choices: { name: string; value: string }[] } }).data.choices;
		expect(choices[0]).toEqual({ name: 'Hunan — 5 entries', value: 'Hunan' });
	});
});
