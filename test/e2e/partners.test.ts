import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/discord/start-bot.js';
import type { Entry } from '../../src/domain/entry.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import type { QueryResult } from '../../src/query/answers.js';
import { readExportCsv } from '../helpers/export-files.js';
import { type SeededBot, firstResponse, startSeededBot } from '../helpers/bot-against-fake.js';
import type { FakeDiscord, RecordedRequest } from '../helpers/fake-discord.js';

const TOKEN = `e2e-partners-token-${'p'.repeat(60)}`;

/** The sample document that says whom Barry & Martin’s Trust worked with, and the two health organizations. */
const SAMPLE = '000_2234dc75a7662411.txt';
const BARRY = 'Barry & Martin’s Trust';
const AIFO = 'Associazione Italiana Amici di Raoul Follereau';

/** Seven more certificates from the Hunan PSB, so its card has a second page. */
function writeFixtures(dir: string): string {
	const items = ['Alder', 'Birch', 'Cedar', 'Damson', 'Elm', 'Fir', 'Gingko'].map(
		(tree, i) =>
			`May ${i + 1}, 2020:\n\nThe Hunan PSB Foreign NGO Management Office issued a registration certificate to the ${tree} Education Foundation (Japan).`,
	);
	const path = join(dir, 'hunan.txt');
	writeFileSync(path, ['Ministry of Public Security WeChat Posts—May 1-30, 2020', ...items].join('\n\n'));
	return path;
}

type Component = {
	type: number;
	custom_id: string;
	label?: string;
	disabled?: boolean;
	options?: { label: string; value: string }[];
};
type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
type Payload = {
	content?: string;
	flags?: number;
	embeds?: Embed[];
	components?: { components: Component[] }[];
	attachments?: { id: string | number; description?: string }[];
	choices?: { name: string; value: string }[];
	allowed_mentions?: { parse: string[] };
};
type Callback = { type: number; data: Payload };

function ok<T>(result: QueryResult<T>): T {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

describe('partners and fields of work through a local Discord', () => {
	let harness: SeededBot;
	let fake: FakeDiscord;
	let bot: RunningBot;

	beforeAll(async () => {
		harness = await startSeededBot({
			prefix: 'ngo-bot-e2e-partners-',
			token: TOKEN,
			sources: (dir) => [join(projectRoot(), 'data', 'sample'), writeFixtures(dir)],
			fakeOptions: { ackDeadlineMs: 2_000 },
			env: { LOG_LEVEL: 'warn' },
			log: createLogger('warn', new PassThrough()),
		});
		({ fake, bot } = harness);
	});

	afterAll(() => harness?.stop());

	let users = 0;
	/** A fresh user per command: rate limits are per user, and not what these tests are about. */
	const nextUser = () => {
		users += 1;
		return { id: String(1_180_000_000_000_000_700n + BigInt(users)), username: `researcher-${users}` };
	};

	const ask = (send: () => { id: string }) => firstResponse(fake, send);

	/** A command whose answer takes a while: the acknowledgement, then the edit that brings the answer. */
	async function askDeferred(name: string, options: { name: string; value: string }[]) {
		const since = fake.requests.length;
		const { id } = fake.chatInput(name, options, { user: nextUser() });
		const ack = await fake.waitForRest('POST', /callback$/, { since, predicate: (r) => r.interactionId === id });
		const answer = await fake.waitForRest('PATCH', /\/messages\/@original$/, {
			since,
			timeoutMs: 30_000,
			predicate: (r) => r.interactionId === id,
		});
		return { ack: ack.json as Callback, answer };
	}

	const bodyOf = (request: RecordedRequest) => request.json as Callback;
	const embedOf = (callback: Callback) => callback.data.embeds?.[0];
	const field = (embed: Embed | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;
	const components = (callback: Callback) => callback.data.components?.flatMap((row) => row.components) ?? [];
	const listedIds = (embed: Embed | undefined) =>
		[...(embed?.description ?? '').matchAll(/`#(\d+)`/g)].map((m) => Number(m[1]));
	/** Fact values are markdown-escaped: "Barry & Martin’s Trust \(1\)" shows as "(1)". */
	const escaped = (text: string) => text.replace(/[()]/g, '\\$&');

	it('answers /partner Nanchang Rainbow with Barry & Martin’s Trust as its partner, citing the sample entry', async () => {
		// The sample says: "Barry & Martin’s Trust (United Kingdom), in collaboration with Nanchang Rainbow …".
		const text = readFileSync(join(projectRoot(), 'data', 'sample', SAMPLE), 'utf8');
		expect(text).toContain(`${BARRY} (United Kingdom), in collaboration with Nanchang Rainbow`);
		const [entry] = ok(bot.app.query.partner('Nanchang Rainbow')).entries;
		expect(entry?.source.path).toMatch(new RegExp(`${SAMPLE.replace('.', '\\.')}$`));

		const callback = bodyOf(await ask(() => fake.chatInput('partner', [{ name: 'name', value: 'Nanchang Rainbow' }])));
		expect(callback.type).toBe(4);
		expect(callback.data.flags ?? 0).toBe(0);
		expect(callback.data.allowed_mentions).toMatchObject({ parse: [] });
		const embed = embedOf(callback);
		expect(embed?.title).toBe('Nanchang Rainbow Health Advisory Public Services Center');
		expect(field(embed, 'Worked with')).toBe(escaped(`${BARRY} (1)`));
		expect(field(embed, 'Roles')).toBe(escaped('partner (1)'));
		// Dated and cited: the entry's number, date and source, and a menu to cite it.
		expect(listedIds(embed)).toEqual([entry!.id]);
		expect(embed?.description).toContain(`**${entry!.date}**`);
		expect(embed?.description).toContain(entry!.source.title!.slice(0, 40));
		const menu = components(callback).find((c) => c.type === 3);
		expect(menu?.custom_id).toBe('cite:pick');
		expect(menu?.options?.map((o) => Number(o.value))).toEqual([entry!.id]);
	});

	it('autocompletes /partner names with entry counts', async () => {
		const body = ok(bot.app.query.partner('Nanchang Rainbow')).body;
		const callback = bodyOf(
			await ask(() => fake.autocomplete('partner', [{ name: 'name', value: 'nanch', focused: true }])),
		);
		expect(callback.type).toBe(8);
		expect(callback.data.choices).toEqual([
			{ name: `${body.name} — ${body.entryCount} ${body.entryCount === 1 ? 'entry' : 'entries'}`, value: body.name },
		]);
	});

	it('pages a busy body’s entries, newest first, with buttons only the asker can press', async () => {
		const answer = ok(bot.app.query.partner('Hunan PSB'));
		expect(answer.body.entryCount).toBeGreaterThan(5);
		const first = bodyOf(await ask(() => fake.chatInput('partner', [{ name: 'name', value: 'Hunan PSB' }])));
		expect(embedOf(first)?.title).toBe('Hunan Public Security Bureau');
		const pages = Math.ceil(answer.body.entryCount / 5);
		const buttons = components(first).filter((c) => c.type === 2);
		expect(buttons.map((b) => b.label)).toEqual([
			'◀ Previous',
			`Page 1 of ${pages}`,
			'Next ▶',
			'Delete',
			'Send to my DMs',
		]);
		expect(listedIds(embedOf(first))).toEqual(answer.entries.map((e) => e.id));

		const message = fake.messages.at(-1)!;
		const next = buttons.find((b) => b.label === 'Next ▶')!;
		const second = bodyOf(await ask(() => fake.button(next.custom_id, message)));
		expect(second.type).toBe(7);
		expect(embedOf(second)?.title).toBe('Hunan Public Security Bureau');
		const page2 = ok(bot.app.query.partner('Hunan PSB', { page: 2 })).entries.map((e) => e.id);
		expect(listedIds(embedOf(second))).toEqual(page2);
		expect(page2.filter((id) => listedIds(embedOf(first)).includes(id))).toEqual([]);
	});

	it('answers an unknown body privately with the bodies to try', async () => {
		const callback = bodyOf(
			await ask(() => fake.chatInput('partner', [{ name: 'name', value: 'Zzyzx Water Bureau' }])),
		);
		expect(callback.data.flags).toBe(64);
		const embed = embedOf(callback);
		expect(embed?.title).toBe('No match');
		expect(embed?.description).toMatch(/^No Chinese body the entries name matches “Zzyzx Water Bureau”/);
		expect(embed?.description).toContain('Hunan Public Security Bureau');
	});

	it('finds the entries of both Barry & Martin’s Trust and AIFO with /search field:Health', async () => {
		const expected = ok(bot.app.query.search('', { field: 'health' }));
		const orgs = (entries: readonly Entry[]) => entries.flatMap((e) => e.orgs.map((o) => o.name));
		expect(orgs(expected.entries)).toEqual(expect.arrayContaining([BARRY, AIFO]));

		const callback = bodyOf(
			await ask(() => fake.chatInput('search', [{ name: 'field', value: 'Health' }], { user: nextUser() })),
		);
		expect(callback.data.flags ?? 0).toBe(0);
		const embed = embedOf(callback);
		expect(field(embed, 'Filters')).toBe('field Health');
		expect(field(embed, 'Matches')).toBe(String(expected.page.total));
		expect(listedIds(embed)).toEqual(expected.entries.map((e) => e.id));
		expect(embed?.description).toContain('Barry & Martin’s Trust');
		expect(embed?.description).toContain('AIFO');
	});

	it('narrows /search to a partner, named in full', async () => {
		const callback = bodyOf(
			await ask(() =>
				fake.chatInput(
					'search',
					[
						{ name: 'query', value: 'AIDS' },
						{ name: 'partner', value: 'Jiangxi PSB' },
					],
					{ user: nextUser() },
				),
			),
		);
		const embed = embedOf(callback);
		expect(field(embed, 'Filters')).toBe('partner Jiangxi Public Security Bureau');
		const expected = ok(bot.app.query.search('AIDS', { partner: 'Jiangxi PSB' }));
		expect(expected.entries.length).toBeGreaterThan(0);
		expect(listedIds(embed)).toEqual(expected.entries.map((e) => e.id));
		expect(embed?.description).toContain(BARRY);
	});

	it('autocompletes field: with ChinaFile’s names and partner: with bodies, with counts', async () => {
		const fields = bodyOf(
			await ask(() => fake.autocomplete('search', [{ name: 'field', value: 'heal', focused: true }])),
		);
		const health = ok(bot.app.query.search('', { field: 'health' })).page.total;
		expect(fields.data.choices?.[0]).toEqual({ name: `Health — ${health} entries`, value: 'health' });
		const partners = bodyOf(
			await ask(() => fake.autocomplete('export', [{ name: 'partner', value: 'Guangdong', focused: true }])),
		);
		const guangdong = ok(bot.app.query.partner('Guangdong PSB')).body;
		expect(partners.data.choices).toContainEqual({
			name: `${guangdong.name} — ${guangdong.entryCount} entries`,
			value: guangdong.name,
		});
		// The /export door autocompletes fields too (the option comes from the same table).
		const exportFields = bodyOf(
			await ask(() => fake.autocomplete('export', [{ name: 'field', value: 'Disaster', focused: true }])),
		);
		expect(exportFields.data.choices?.map((c) => c.value)).toEqual(['disaster_relief']);
	});

	it('refuses a field that does not exist privately, listing fields', async () => {
		const callback = bodyOf(
			await ask(() => fake.chatInput('search', [{ name: 'field', value: 'astrology' }], { user: nextUser() })),
		);
		expect(callback.data.flags).toBe(64);
		expect(callback.data.content).toMatch(/^❌ “astrology” is not a field of work\. Try one of: Aging, /);
	});

	it('counts /stats by field of work, for a field and a partner too, with a chart', async () => {
		const all = await askDeferred('stats', []);
		expect(all.ack.type).toBe(5);
		const byField = ok(bot.app.query.stats({})).byField;
		const top = byField[0]!;
		expect(field(embedOf({ type: 4, data: all.answer.json as Payload }), 'By field of work')).toMatch(
			new RegExp(`^${top.label} \\\\\\(${top.n}\\\\\\)`),
		);

		const health = await askDeferred('stats', [{ name: 'field', value: 'health' }]);
		const embed = (health.answer.json as Payload).embeds?.[0];
		expect(field(embed, 'Filters')).toBe('field Health');
		expect(field(embed, 'Entries')).toBe(String(ok(bot.app.query.search('', { field: 'health' })).page.total));
		expect(health.answer.files.map((f) => f.name)).toEqual(['stats-by-province.png']);
		const [attachment] = (health.answer.json as Payload).attachments ?? [];
		expect(attachment?.description).toMatch(/^Bar chart of entries by province, Health, /);
	});

	it('draws /timeline for a partner and for a field', async () => {
		const { answer } = await askDeferred('timeline', [
			{ name: 'partner', value: 'Hunan PSB' },
			{ name: 'by', value: 'year' },
		]);
		const embed = (answer.json as Payload).embeds?.[0];
		expect(embed?.title).toBe('Timeline: entries per year');
		expect(embed?.description).toMatch(/^\*Hunan Public Security Bureau\*/);
		const body = ok(bot.app.query.partner('Hunan PSB')).body;
		expect(field(embed, 'Entries')).toBe(String(body.entryCount));
		expect(answer.files.map((f) => f.name)).toEqual(['timeline-year.png']);

		const health = await askDeferred('timeline', [{ name: 'field', value: 'Health' }]);
		expect((health.answer.json as Payload).embeds?.[0]?.description).toMatch(/^\*Health\*/);
	});

	it('exports the entries of a field and partner as CSV', async () => {
		const { ack, answer } = await askDeferred('export', [
			{ name: 'field', value: 'Health' },
			{ name: 'partner', value: 'Jiangxi PSB' },
		]);
		expect(ack.type).toBe(5);
		const [file] = answer.files;
		expect(file?.name).toMatch(/\.csv$/);
		const { meta, rows } = readExportCsv(Buffer.from(file!.bytes).toString('utf8'));
		const expected = ok(bot.app.query.search('', { field: 'health', partner: 'Jiangxi PSB' }));
		expect(rows.map((row) => Number(row[0]))).toEqual(expected.entries.map((e) => e.id));
		expect(meta[2]).toContain('partner → Jiangxi Public Security Bureau; field → health');
	});

	it('kept every message within Discord limits', () => {
		expect(fake.violations).toEqual([]);
		expect(fake.warnings).toEqual([]);
	});
});
