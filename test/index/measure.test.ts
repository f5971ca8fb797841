import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/bench/synthetic-corpus.js';
import type { OrgDoc } from '../../src/index/index-docs.js';
import { buildOrgIndex, searchOrgs, suggestOrgs } from '../../src/index/org-index.js';
import { createSearchIndexes } from '../../src/index/search-indexes.js';
import { ORG_INDEX_OPTIONS } from '../../src/index/search-options.js';
import { createSnapshotRepository } from '../../src/store/snapshot-repository.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';
import { gazetteerTerms, SNAPSHOTS_DDL } from './fixtures.js';

/**
 * Figures for the design notes, not assertions: NGO_INDEX_BENCH=1 NGO_SKIP_BUILD=1 npx vitest run test/index/measure
 * Size: NGO_INDEX_BENCH_ORGS (default 10000). (Entries have no name index: they are searched in SQLite.)
 */
const ORGS = Number(process.env.NGO_INDEX_BENCH_ORGS ?? 10_000);

// Deterministic (mulberry32), so runs compare.
const next = mulberry32(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sha', 'tu', 'vel', 'dor', 'ing', 'an', 'fu', 'zhi', 'mar', 'ter', 'po'];
const word = () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(SYLLABLES)).join('');
const VOCABULARY = [
	'training',
	'children',
	'women',
	'rural',
	'poverty',
	'water',
	...Array.from({ length: 3000 }, word),
];
const ORG_WORDS = ['Global', 'China', 'Asia', 'International', 'Friends', 'Children', 'Animal', 'Health', 'Rural'];
const ORG_TYPES = ['Foundation', 'Association', 'Trust', 'Society', 'Fund', 'Network', 'Institute', 'Alliance'];
const HAN = [...'亚洲动物基金会中国国际儿童救助发展扶贫环保协会妇女联合教育健康乡村爱德自然之友红十字'];

function makeOrgs(count: number): OrgDoc[] {
	return Array.from({ length: count }, (_, i) => {
		const words = [pick(ORG_WORDS), word(), pick(VOCABULARY), pick(ORG_TYPES)];
		const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
		const acronym = words.map((w) => w[0]!.toUpperCase()).join('') + (i % 7);
		const chinese = Array.from({ length: 4 + Math.floor(next() * 4) }, () => pick(HAN)).join('');
		return {
			id: i + 1,
			name,
			aliases: [acronym, chinese],
			country: pick(['Italy', 'France', null]),
			entryCount: 1 + Math.floor(next() * 50),
		};
	});
}

function percentiles(run: () => unknown, times = 200): { p50: number; p99: number; hits: number } {
	const samples: number[] = [];
	let hits = 0;
	for (let i = 0; i < times; i++) {
		const started = performance.now();
		const result = run();
		samples.push(performance.now() - started);
		if (Array.isArray(result)) hits = result.length;
	}
	samples.sort((a, b) => a - b);
	const at = (q: number) =>
		Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! * 100) / 100;
	return { p50: at(0.5), p99: at(0.99), hits };
}

function timed<T>(run: () => T): [T, number] {
	const started = performance.now();
	const result = run();
	return [result, Math.round(performance.now() - started)];
}

/** Longest gap between ticks of a 1 ms interval: how long the event loop was held, whatever held it. */
function gapTracker(): { stop: () => number } {
	let last = performance.now();
	let worst = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		worst = Math.max(worst, now - last);
		last = now;
	}, 1);
	return {
		stop() {
			clearInterval(timer);
			return Math.round(Math.max(worst, performance.now() - last));
		},
	};
}

function collectGarbage(): () => void {
	setFlagsFromString('--expose_gc');
	return runInNewContext('gc') as () => void;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

describe.runIf(process.env.NGO_INDEX_BENCH === '1')('measure (report only)', () => {
	it('builds, snapshots, loads and searches 10k orgs', { timeout: 600_000 }, async () => {
		const gc = collectGarbage();
		const orgs = makeOrgs(ORGS);
		const figures: Record<string, unknown> = { orgs: ORGS };

		gc();
		const heapBefore = process.memoryUsage().heapUsed;
		const [orgIndex, orgBuildMs] = timed(() => buildOrgIndex(orgs));
		gc();
		figures.orgHeapMB = mb(process.memoryUsage().heapUsed - heapBefore);
		figures.orgBuildMs = orgBuildMs;
		const [orgJson, orgStringifyMs] = timed(() => JSON.stringify(orgIndex));
		Object.assign(figures, { orgStringifyMs, orgSnapshotMB: mb(Buffer.byteLength(orgJson)) });
		figures.orgLoadJSONMs = timed(() => MiniSearch.loadJSON(orgJson, ORG_INDEX_OPTIONS))[1];

		// The lifecycle end to end on a real SQLite file, with the event loop's worst stall while it works.
		const dir = makeTempDir();
		const db = new Database(join(dir, 'bench.db'));
		try {
			db.exec(SNAPSHOTS_DDL);
			const snapshots = createSnapshotRepository(db);
			const source = { iterateOrgs: () => orgs };
			let revision = 1;
			for (const phase of ['rebuild', 'snapshot'] as const) {
				const delay = monitorEventLoopDelay({ resolution: 5 });
				delay.enable();
				const gaps = gapTracker();
				const indexes = createSearchIndexes({ snapshots, source, revision: () => revision, neverFuzzy: new Set() });
				const status = await indexes.load();
				delay.disable();
				figures[`lifecycle_${phase}`] = {
					loadedFrom: status.loadedFrom,
					totalMs: status.ms,
					orgsMs: status.details.orgs.ms,
					worstEventLoopStallMs: Math.max(Math.round(delay.max / 1e6), gaps.stop()),
				};
				if (phase === 'snapshot') {
					revision = 2;
					indexes.applyChanges({ changedOrgIds: [1] }, { orgs: (ids) => ids.map((id) => orgs[id - 1]!) });
					figures.persistMs = timed(() => indexes.persist())[1];
				}
			}
		} finally {
			db.close();
			removeTempDir(dir);
		}

		const neverFuzzy = gazetteerTerms();
		const rareOrg = orgs[ORGS - 1]!;
		const orgQueries = {
			'common "foundation"': () => searchOrgs(orgIndex, 'foundation', { exactTerms: neverFuzzy }),
			'common "China"': () => searchOrgs(orgIndex, 'China', { exactTerms: neverFuzzy }),
			'rare exact name': () => searchOrgs(orgIndex, rareOrg.name, { exactTerms: neverFuzzy }),
			'rare name with typos': () => searchOrgs(orgIndex, rareOrg.name.replace(/a/g, 'e'), { exactTerms: neverFuzzy }),
			'rare acronym': () => searchOrgs(orgIndex, rareOrg.aliases[0]!, { exactTerms: neverFuzzy }),
			'unknown name': () => searchOrgs(orgIndex, 'Zorblax Qwertyuiop', { exactTerms: neverFuzzy }),
			'suggest "a"': () => suggestOrgs(orgIndex, 'a', 25),
			'suggest "fo"': () => suggestOrgs(orgIndex, 'fo', 25),
			'suggest "global ka"': () => suggestOrgs(orgIndex, 'global ka', 25),
		};
		const latency: Record<string, unknown> = {};
		for (const [label, run] of Object.entries(orgQueries)) latency[label] = percentiles(run);

		console.log(JSON.stringify({ figures, latencyMs: latency }, null, 2));
		expect(orgIndex.documentCount).toBe(ORGS);
	});
});
