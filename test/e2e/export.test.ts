import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { generateCorpus } from '../../src/bench/synthetic-corpus.js';
import type { RunningBot } from '../../src/discord/start-bot.js';
import { CSV_COLUMNS, type ExportRecord, toExportRecord } from '../../src/export/export-record.js';
import { createLogger } from '../../src/log.js';
import { projectRoot } from '../../src/project-root.js';
import type { SearchFilters } from '../../src/query/answers.js';
import { csvCells, fileText, readExportCsv, readExportJson } from '../helpers/export-files.js';
import {
	type FakeDiscord,
	type FakeDiscordOptions,
	type RecordedRequest,
	startFakeDiscord,
} from '../helpers/fake-discord.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { startBotAgainst } from '../helpers/bot-against-fake.js';

const TOKEN = `e2e-export-token-${'x'.repeat(60)}`;

/** A Hainan item with ASCII quotes, commas, paragraphs and Chinese: the hard cases of CSV. */
const QUOTED = 'The office said "all documents, including \'forms\', are ready", and thanked the 珊瑚礁信托, 海口.';
const FIXTURE = [
	'Ministry of Public Security WeChat Posts—May 1-30, 2020',
	'May 20, 2020:',
	`The Hainan PSB Foreign NGO Management Office met the Coral Reef Trust (Australia). ${QUOTED}`,
	'It also held a training session in Haikou, with "slides", tables, and notes.',
].join('\n\n');

interface Harness {
	fake: FakeDiscord;
	bot: RunningBot;
	dir: string;
}

async function startHarness(
	dir: string,
	seed: (databasePath: string) => Promise<void>,
	fakeOptions: FakeDiscordOptions = {},
): Promise<Harness> {
	const databasePath = join(dir, 'ngo.sqlite');
	await seed(databasePath);
	const fake = await startFakeDiscord({ token: TOKEN, ackDeadlineMs: 2_000, ...fakeOptions });
	const bot = await startBotAgainst(fake, {
		databasePath,
		env: { LOG_LEVEL: 'warn' },
		log: createLogger('warn', new PassThrough()),
	});
	return { fake, bot, dir };
}

async function stopHarness(harness: Harness | undefined): Promise<void> {
	await harness?.bot.stop('test over');
	await harness?.fake.close();
	if (harness?.dir) removeTempDir(harness.dir);
}

type Payload = {
	content?: string;
	flags?: number;
	components?: { components: { custom_id: string; label: string }[] }[];
};
type Callback = { type: number; data: Payload };

let userSeq = 0;
/** A fresh user per export: rate limits are per user, and not what most of these tests are about. */
function nextUser() {
	userSeq += 1;
	return { id: `11800000000000${String(5000 + userSeq).padStart(5, '0')}`, username: `researcher-${userSeq}` };
}

/** Sends an interaction and returns the bot's first response to it. */
async function ask(fake: FakeDiscord, send: () => { id: string }): Promise<{ id: string; first: RecordedRequest }> {
	const since = fake.requests.length;
	const { id } = send();
	const first = await fake.waitForRest('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, {
		since,
		predicate: (request) => request.interactionId === id,
	});
	return { id, first };
}

/**
 * Runs /export and returns its messages once all have arrived: the deferral, the edit with the first files,
 * then as many follow-ups as the first message announces.
 */
async function runExport(fake: FakeDiscord, options: { name: string; value: string | boolean }[]) {
	const { id, first } = await ask(fake, () => fake.chatInput('export', options, { user: nextUser() }));
	expect((first.json as Callback).type).toBe(5);
	const edit = await fake.waitForRest('PATCH', /\/messages\/@original$/, {
		since: first.index,
		timeoutMs: 60_000,
		predicate: (request) => request.interactionId === id,
	});
	const content = (edit.json as Payload).content ?? '';
	const messages = Number(/sent in (\d+) messages/.exec(content)?.[1] ?? 1);
	const followUps = () =>
		fake.interactionResponses(id).filter((r) => r.method === 'POST' && /^\/webhooks\//.test(r.path) && r.status);
	await expect.poll(() => followUps().length, { timeout: 60_000 }).toBe(messages - 1);
	return { content, deferral: first.json as Callback, requests: [edit, ...followUps()] };
}

function filesOf(requests: readonly RecordedRequest[]) {
	return requests.flatMap((request) =>
		request.files.map((file) => ({ name: file.name, text: fileText(file.name, file.bytes) })),
	);
}

describe('/export and the Cite button against a local Discord', () => {
	let harness: Harness;
	const expected = (query: string, filters: SearchFilters): ExportRecord[] => {
		const result = harness.bot.app.query.matching(query, filters);
		if (!result.ok) throw new Error('expected a match');
		return harness.bot.app.reader.getEntries(result.value.ids).map(toExportRecord);
	};

	beforeAll(async () => {
		const dir = makeTempDir('ngo-bot-e2e-export-');
		const fixture = join(dir, 'hainan.txt');
		writeFileSync(fixture, FIXTURE);
		harness = await startHarness(dir, async (databasePath) => {
			const seed = createApp({ databasePath });
			await seed.ingest([join(projectRoot(), 'data', 'sample'), fixture]);
			seed.close();
		});
	});
	afterAll(() => stopHarness(harness));

	it('/export with words and a province attaches CSV and JSON whose rows are exactly what the query service matches', async () => {
		const { fake } = harness;
		const { content, requests } = await runExport(fake, [
			{ name: 'query', value: 'mental health' },
			{ name: 'province', value: 'Heilongjiang' },
			{ name: 'format', value: 'both' },
		]);
		const records = expected('mental health', { province: 'Heilongjiang' });
		expect(records.length).toBeGreaterThan(0);
		expect(content).toMatch(new RegExp(`^📦 \\*\\*Export of ${records.length} entr`));
		expect(content).toContain('“mental health”');
		expect(content).not.toMatch(/gzip|Split/);
		expect(requests).toHaveLength(1);
		const files = filesOf(requests);
		expect(files.map((f) => f.name)).toEqual([
			expect.stringMatching(/^ngo-bot-export-\d{4}-\d{2}-\d{2}\.csv$/),
			expect.stringMatching(/^ngo-bot-export-\d{4}-\d{2}-\d{2}\.json$/),
		]);
		const csv = readExportCsv(files[0]!.text);
		expect(csv.header).toEqual([...CSV_COLUMNS]);
		expect(csv.rows).toEqual(records.map(csvCells));
		expect(csv.meta[1]).toBe('# query: "mental health"');
		expect(csv.meta[2]).toBe('# filters: province=Heilongjiang (province → Heilongjiang)');
		const json = readExportJson(files[1]!.text);
		expect(json.entries).toEqual(records);
		expect(json.meta).toMatchObject({
			query: 'mental health',
			filters: { province: 'Heilongjiang' },
			entries: records.length,
			order: 'newest',
			corpus_revision: harness.bot.app.reader.corpusRevision(),
			data_cutoff: harness.bot.app.reader.lastIngestAt(),
		});
	});

	it('/export keeps quotes, commas, line breaks and Chinese intact in CSV, and hide keeps it private', async () => {
		const { deferral, requests } = await runExport(harness.fake, [
			{ name: 'province', value: 'Hainan' },
			{ name: 'hide', value: true },
		]);
		// hide: only the asker sees the files.
		expect(deferral.data.flags).toBe(64);
		const records = expected('', { province: 'Hainan' });
		const [file] = filesOf(requests);
		expect(file!.name).toMatch(/\.csv$/);
		const { rows } = readExportCsv(file!.text);
		expect(rows).toEqual(records.map(csvCells));
		const texts = rows.map((row) => row[CSV_COLUMNS.indexOf('text')]!);
		expect(texts.some((text) => text.includes(QUOTED) && text.includes('\n'))).toBe(true);
	});

	it('/export of a name that matches nothing says so privately with names to try, and costs nothing', async () => {
		const { fake } = harness;
		const user = nextUser();
		const { first } = await ask(fake, () =>
			fake.chatInput('export', [{ name: 'ngo', value: 'Zzyzx Qwerty Foundation' }], { user }),
		);
		const callback = first.json as Callback;
		expect(callback.type).toBe(4);
		expect(callback.data.flags).toBe(64);
		expect(first.files).toEqual([]);
		const answer = harness.bot.app.query.ngo('Zzyzx Qwerty Foundation');
		const offered =
			!answer.ok && 'suggestions' in answer ? answer.suggestions.map((suggestion) => suggestion.name) : [];
		expect(offered.length).toBeGreaterThan(0);
		expect(callback.data.content).toMatch(/^❌ No organization matches “Zzyzx Qwerty Foundation”\. .*most active: /);
		for (const name of offered) expect(callback.data.content).toContain(name);
		// The same user, straight away: a refusal does not count as an export.
		const retry = await ask(fake, () =>
			fake.chatInput('export', [{ name: 'ngo', value: 'Animals Asia Foundation' }], { user }),
		);
		expect((retry.first.json as Callback).type).toBe(5);
		const edit = await fake.waitForRest('PATCH', /\/messages\/@original$/, {
			since: retry.first.index,
			predicate: (request) => request.interactionId === retry.id,
		});
		expect(edit.files.map((f) => f.name)).toEqual([expect.stringMatching(/\.csv$/)]);
		// A small export is cheap: a second one straight away is answered too.
		const again = await ask(fake, () => fake.chatInput('export', [{ name: 'type', value: 'visit' }], { user }));
		expect((again.first.json as Callback).type).toBe(5);
	});

	it('the Cite button on /entry answers privately with a citation, and its style buttons switch to BibTeX', async () => {
		const { fake } = harness;
		const id = expected('', { province: 'Hainan' })[0]!.id;
		const { first } = await ask(fake, () => fake.chatInput('entry', [{ name: 'id', value: id }]));
		const entry = first.json as Callback;
		const cite = entry.data.components?.flatMap((row) => row.components).find((b) => b.label === 'Cite');
		expect(cite?.custom_id).toBe(`cite:${id}`);

		const pressed = await ask(fake, () =>
			fake.button(cite!.custom_id, fake.messages.at(-1)!, { id: '1180000000000000299', username: 'other' }),
		);
		const citation = pressed.first.json as Callback;
		expect(citation.type).toBe(4);
		expect(citation.data.flags).toBe(64);
		expect(citation.data.content).toContain(`**Entry #${id}**`);
		expect(citation.data.content).toMatch(
			new RegExp(`ngo-bot entry #${id} \\(2020-05-20\\)\\. .*Accessed \\d{4}-\\d{2}-\\d{2}\\.`),
		);
		const styles = citation.data.components?.flatMap((row) => row.components) ?? [];
		expect(styles.map((b) => b.label)).toEqual(['Plain text', 'APA 7', 'BibTeX']);

		const message = fake.messages.at(-1)!;
		const switched = await ask(fake, () => fake.button(`cite:${id}:bibtex`, message));
		const bibtex = switched.first.json as Callback;
		expect(bibtex.type).toBe(7);
		expect(bibtex.data.content).toContain(`@online{ngobot-${id},`);
		expect(bibtex.data.content).toMatch(/urldate = \{\d{4}-\d{2}-\d{2}\}|note = \{ngo-bot entry/);
	});

	it('sent every message within Discord limits', () => {
		expect(harness.fake.violations).toEqual([]);
		expect(harness.fake.warnings).toEqual([]);
	});
});

describe('/export of a 10,000-entry corpus', () => {
	const UPLOAD_LIMIT = 1024 * 1024;
	let harness: Harness;

	beforeAll(async () => {
		const dir = makeTempDir('ngo-bot-e2e-export-10k-');
		const docs = join(dir, 'docs');
		harness = await startHarness(
			dir,
			async (databasePath) => {
				const { mkdirSync } = await import('node:fs');
				mkdirSync(docs);
				for (const doc of generateCorpus({ entries: 10_000 })) writeFileSync(join(docs, doc.name), doc.text);
				const seed = createApp({ databasePath });
				await seed.ingest([docs]);
				seed.close();
			},
			{ maxUploadBytes: UPLOAD_LIMIT },
		);
	}, 120_000);
	afterAll(() => stopHarness(harness));

	it('compresses and splits the whole corpus as announced, every message within the upload limit, losing no row', async () => {
		const total = harness.bot.app.reader.countEntries();
		expect(total).toBeGreaterThanOrEqual(10_000);
		const { content, requests } = await runExport(harness.fake, [{ name: 'format', value: 'both' }]);
		expect(content).toMatch(new RegExp(`Export of ${total.toLocaleString('en-US')} entries`));
		expect(content).toMatch(/Compressed with gzip/);
		const parts = Number(/Split into (\d+) parts per format/.exec(content)?.[1]);
		expect(parts).toBeGreaterThan(1);
		for (const request of requests) {
			expect(request.status).toBeLessThan(300);
			expect(request.files.reduce((sum, f) => sum + f.size, 0)).toBeLessThanOrEqual(UPLOAD_LIMIT);
		}
		const files = filesOf(requests);
		expect(files).toHaveLength(parts * 2);
		const ids = files
			.filter((f) => f.name.endsWith('.csv.gz'))
			.flatMap((f) => readExportCsv(f.text).rows.map((row) => Number(row[0])));
		const expected = harness.bot.app.query.matching('', {});
		if (!expected.ok) throw new Error('expected the whole corpus');
		expect(ids).toEqual(expected.value.ids);
		const jsonIds = files
			.filter((f) => f.name.endsWith('.json.gz'))
			.flatMap((f) => readExportJson(f.text).entries.map((entry) => entry.id));
		expect(jsonIds).toEqual(expected.value.ids);
		expect(harness.fake.violations).toEqual([]);
	}, 120_000);
});
