// The "interaction burst" scenario: the real bot (`node dist/src/main.js`, its own process, as in production) against
// the local fake Discord of the tests (in this process, standing in for Discord), sent many interactions at once.
// Each latency is from the fake sending INTERACTION_CREATE to the fake receiving the bot's first response (the
// callback that acknowledges it); Discord drops interactions not acknowledged within 3 s (code 10062).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
	type FakeCommandOption,
	type FakeDiscord,
	FAKE_IDS,
	type SentInteraction,
	startFakeDiscord,
} from '../../test/helpers/fake-discord.js';
import { projectRoot } from '../project-root.js';
import type { BenchQuery } from './answer-path.js';
import { distribution, round } from './stats.js';

// The compiled bot, also when this module runs from the TypeScript sources (the test suite builds dist/ first).
const MAIN = join(projectRoot(), 'dist', 'src', 'main.js');
const TOKEN = `bench-burst-token-${'b'.repeat(60)}`;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const EDIT = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

export interface BurstOptions {
	readonly databasePath: string;
	/** What to ask: ngo and province names, search words and filters (bench queries). */
	readonly queries: readonly BenchQuery[];
	/** Interactions sent at once (default 1,000). */
	readonly count?: number;
	/** Discord's acknowledgement deadline (3,000 ms). */
	readonly ackDeadlineMs?: number;
	/** How long to wait for the last answer before counting the rest as unanswered (default 30 s). */
	readonly settleMs?: number;
	/** Where the bot's log lines go (default: dropped). */
	readonly onBotLog?: (chunk: string) => void;
}

export interface BurstResult {
	readonly interactions: number;
	readonly byKind: Record<string, number>;
	/** Answered (first response accepted by the fake) within the deadline. */
	readonly answered: number;
	/** Without an accepted first response within the deadline: late (10062) or never answered. */
	readonly missedDeadline: number;
	readonly deferred: number;
	readonly p50Ms: number;
	readonly p99Ms: number;
	readonly maxMs: number;
	/** From the first INTERACTION_CREATE sent to the last first response received. */
	readonly wallMs: number;
	/** Time to the answer itself: the reply, or for a deferred interaction the edit that replaces "thinking…". */
	readonly answerP50Ms: number;
	readonly answerP99Ms: number;
	readonly answerMaxMs: number;
	/** Deferred interactions whose answer (the edit) never arrived before the settle time ran out. */
	readonly unfinished: number;
	/** Requests the fake rejected as Discord would (limits, late acknowledgements, double acknowledgements). */
	readonly violations: number;
	readonly violationCodes: Record<string, number>;
	/** Interactions answered with the 🐞 unexpected-error message. */
	readonly unexpectedErrors: number;
	readonly ackDeadlineMs: number;
}

/** A snowflake for user n (distinct people: per-user cooldowns must not turn the burst into refusals). */
function userId(n: number): string {
	return (1_180_000_000_000_100_000n + BigInt(n)).toString();
}

/** Turns the bench queries into a mixed list of slash commands and autocompletes, cycling through them. */
export function burstInteractions(
	queries: readonly BenchQuery[],
	count: number,
): { kind: string; send: (fake: FakeDiscord, user: string) => SentInteraction }[] {
	const out: { kind: string; send: (fake: FakeDiscord, user: string) => SentInteraction }[] = [];
	const byKind = (kind: string) => queries.filter((q) => q.kind === kind);
	const ngos = byKind('ngo');
	const provinces = byKind('province');
	const searches = byKind('search');
	if (ngos.length === 0 || provinces.length === 0 || searches.length === 0) {
		throw new Error('the burst needs ngo, province and search queries');
	}
	const context = (user: string) => ({ user: { id: user, username: `user-${user.slice(-6)}` } });
	for (let i = 0; out.length < count; i++) {
		// Per four: /ngo, /province, /search, then autocomplete of an NGO name (what typing a name sends).
		const ngo = ngos[i % ngos.length]!;
		const province = provinces[i % provinces.length]!;
		const search = searches[i % searches.length]!;
		const mix = [
			{
				kind: 'ngo',
				send: (fake: FakeDiscord, user: string) =>
					fake.chatInput('ngo', [{ name: 'name', value: ngo.text }], context(user)),
			},
			{
				kind: 'province',
				send: (fake: FakeDiscord, user: string) =>
					fake.chatInput('province', [{ name: 'name', value: province.text }], context(user)),
			},
			{
				kind: 'search',
				send: (fake: FakeDiscord, user: string) => {
					const options: FakeCommandOption[] = [{ name: 'query', value: search.text }];
					for (const [name, value] of Object.entries(search.filters ?? {})) {
						if (typeof value === 'string') options.push({ name, value });
					}
					if (search.order) options.push({ name: 'order', value: search.order });
					return fake.chatInput('search', options, context(user));
				},
			},
			{
				kind: 'autocomplete',
				send: (fake: FakeDiscord, user: string) =>
					fake.autocomplete('ngo', [{ name: 'name', value: ngo.text.slice(0, 6), focused: true }], context(user)),
			},
		];
		for (const item of mix) if (out.length < count) out.push(item);
	}
	return out;
}

/** Starts the fake and the bot, sends the burst, waits for every answer (bounded) and measures. */
export async function runInteractionBurst(options: BurstOptions): Promise<BurstResult> {
	const count = options.count ?? 1_000;
	const ackDeadlineMs = options.ackDeadlineMs ?? 3_000;
	const fake = await startFakeDiscord({ token: TOKEN, ackDeadlineMs });
	let bot: ChildProcess | null = null;
	try {
		bot = spawn(process.execPath, ['--enable-source-maps', MAIN], {
			env: {
				PATH: process.env.PATH,
				DISCORD_TOKEN: TOKEN,
				DISCORD_APPLICATION_ID: FAKE_IDS.application,
				DISCORD_API_BASE: fake.apiBase,
				DATABASE_PATH: options.databasePath,
				LOG_LEVEL: 'warn',
			},
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		const child = bot;
		let log = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			if (log.length < 100_000) log += text;
			options.onBotLog?.(text);
		});
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code) => reject(new Error(`the bot exited (code ${code}) before the burst ended:\n${log}`))),
		);
		exited.catch(() => {});
		await Promise.race([fake.waitForReady({ timeoutMs: 30_000 }), exited]);
		// One answered interaction: the client has processed READY and the guild, and the search indexes are loading.
		const warm = burstInteractions(options.queries, 4);
		for (const [i, item] of warm.entries()) {
			const { id } = item.send(fake, userId(1_000_000 + i));
			await Promise.race([firstResponse(fake, id, 30_000), exited]);
		}

		const since = fake.requests.length;
		const items = burstInteractions(options.queries, count);
		const sent: { id: string; kind: string; at: number }[] = [];
		for (const [i, item] of items.entries()) {
			const { id } = item.send(fake, userId(i));
			const frame = fake.frames.at(-1)!;
			sent.push({ id, kind: item.kind, at: frame.at });
		}
		const firstAt = sent[0]!.at;
		// Wait until every interaction is answered (a reply, or a deferral and its edit), or the settle time runs out.
		const settleMs = options.settleMs ?? 30_000;
		const pending = new Set(sent.map((s) => s.id));
		const started = Date.now();
		let scanned = since;
		while (pending.size > 0 && Date.now() - started < settleMs) {
			for (; scanned < fake.requests.length; scanned++) {
				const request = fake.requests[scanned]!;
				if (request.status === undefined) break;
				const body = request.json as { type?: number } | undefined;
				if (!request.interactionId) continue;
				if (CALLBACK.test(request.path) && body?.type !== 5) pending.delete(request.interactionId);
				else if (EDIT.test(request.path)) pending.delete(request.interactionId);
			}
			if (pending.size > 0) await Promise.race([new Promise((resolve) => setTimeout(resolve, 20)), exited]);
		}

		const latencies: number[] = [];
		const answers: number[] = [];
		let unfinished = 0;
		let answered = 0;
		let deferred = 0;
		let unexpectedErrors = 0;
		let lastAt = firstAt;
		for (const s of sent) {
			const first = fake
				.interactionResponses(s.id)
				.find((request) => CALLBACK.test(request.path) && request.status !== undefined);
			if (!first) continue;
			const ms = first.at - s.at;
			latencies.push(ms);
			lastAt = Math.max(lastAt, first.at);
			if (first.status! < 300 && ms <= ackDeadlineMs) answered++;
			const body = first.json as { type?: number; data?: { content?: string } } | undefined;
			if (body?.type === 5) {
				deferred++;
				const edit = fake.interactionResponses(s.id).find((request) => EDIT.test(request.path));
				if (edit) answers.push(edit.at - s.at);
				else unfinished++;
			} else {
				answers.push(ms);
			}
			if (body?.data?.content?.startsWith('🐞')) unexpectedErrors++;
		}
		const violationCodes: Record<string, number> = {};
		for (const violation of fake.violations.slice()) {
			violationCodes[String(violation.code)] = (violationCodes[String(violation.code)] ?? 0) + 1;
		}
		const byKind: Record<string, number> = {};
		for (const s of sent) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
		const d = distribution(latencies.length > 0 ? latencies : [NaN]);
		const a = distribution(answers.length > 0 ? answers : [NaN]);
		return {
			interactions: count,
			byKind,
			answered,
			missedDeadline: count - answered,
			deferred,
			p50Ms: round(d.p50),
			p99Ms: round(d.p99),
			maxMs: round(Math.max(...latencies, 0)),
			wallMs: round(lastAt - firstAt),
			answerP50Ms: round(a.p50),
			answerP99Ms: round(a.p99),
			answerMaxMs: round(a.max),
			unfinished,
			violations: fake.violations.length,
			violationCodes,
			unexpectedErrors,
			ackDeadlineMs,
		};
	} finally {
		if (bot && bot.exitCode === null) {
			const done = new Promise<void>((resolve) => bot!.once('exit', () => resolve()));
			bot.kill('SIGTERM');
			await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
			if (bot.exitCode === null) bot.kill('SIGKILL');
		}
		await fake.close();
	}
}

function firstResponse(fake: FakeDiscord, id: string, timeoutMs: number): Promise<unknown> {
	return fake.waitForRest('POST', CALLBACK, {
		since: 0,
		timeoutMs,
		predicate: (request) => request.interactionId === id,
	});
}
