import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { type BurstResult, burstInteractions, runInteractionBurst } from '../../src/bench/interaction-burst.js';
import { pickQueries } from '../../src/bench/queries.js';
import { createWorld, generateCorpus } from '../../src/bench/synthetic-corpus.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

const ENTRIES = 6_000;
const BURST = 1_000;

describe('a burst of 1,000 interactions at once (the bot in its own process, a local Discord with the real 3 s deadline)', () => {
	let dir: string;
	let result: BurstResult;
	let botLog = '';

	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-burst-');
		const docs = join(dir, 'docs');
		mkdirSync(docs);
		const world = createWorld();
		for (const doc of generateCorpus({ entries: ENTRIES }, world)) writeFileSync(join(docs, doc.name), doc.text);
		const databasePath = join(dir, 'ngo.sqlite');
		const app = createApp({ databasePath });
		let queries;
		try {
			await app.ingest([docs]);
			queries = pickQueries(app.db, world);
		} finally {
			app.close();
		}
		result = await runInteractionBurst({
			databasePath,
			queries,
			count: BURST,
			onBotLog: (text) => (botLog += text),
		});
	}, 120_000);

	afterAll(() => {
		if (dir) removeTempDir(dir);
	});

	it('mixes /ngo, /province, /search and autocomplete', () => {
		expect(result.byKind).toEqual({ ngo: 250, province: 250, search: 250, autocomplete: 250 });
		const kinds = burstInteractions(
			[
				{ kind: 'ngo', label: 'x', text: 'Animals Asia' },
				{ kind: 'province', label: 'x', text: 'Hunan' },
				{ kind: 'search', label: 'x', text: 'training', filters: { province: 'Hunan' } },
			],
			5,
		).map((item) => item.kind);
		expect(kinds).toEqual(['ngo', 'province', 'search', 'autocomplete', 'ngo']);
	});

	it('acknowledges every interaction within Discord’s 3-second deadline, with nothing rejected', () => {
		expect(result.ackDeadlineMs).toBe(3_000);
		// Discord's own rule as the fake enforces it: a first response after 3 s is answered 404 code 10062.
		expect(result.violationCodes).toEqual({});
		expect(result.answered, JSON.stringify(result)).toBe(BURST);
		expect(result.missedDeadline).toBe(0);
		expect(result.unexpectedErrors).toBe(0);
		expect(botLog).not.toMatch(/"level":50/);
	});
});
