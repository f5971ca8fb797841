import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	ZipfSampler,
	createWorld,
	generateCorpus,
	mulberry32,
	type SyntheticDocument,
} from '../../src/bench/synthetic-corpus.js';
import { orgKey } from '../../src/domain/names.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = fileURLToPath(new URL('../../dist/src/bench/index.js', import.meta.url));

// One world (org population, vocabulary) for the suite: building it is the slow part of generation.
const world = createWorld();
const corpus = (entries: number, seed?: number): SyntheticDocument[] => [
	...generateCorpus({ entries, seed }, seed === undefined ? world : createWorld({ seed })),
];

describe('synthetic corpus generator', () => {
	it('is deterministic: the same seed gives the same documents, another seed others', () => {
		expect(corpus(400)).toEqual(corpus(400));
		const other = corpus(400, 7);
		expect(other.map((doc) => doc.text)).not.toEqual(corpus(400).map((doc) => doc.text));
		expect(corpus(400, 7)).toEqual(other);
	});

	it('generates exactly the number of entries asked for, in digests, listings and articles', () => {
		for (const n of [1, 13, 257, 1_000]) {
			expect(corpus(n).reduce((total, doc) => total + doc.entries.length, 0)).toBe(n);
		}
		const kinds = new Set(corpus(1_000).map((doc) => doc.kind));
		expect(kinds).toEqual(new Set(['digest', 'listing', 'article']));
		const names = corpus(1_000).map((doc) => doc.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('writes documents that parseDocument splits into the intended entries, provinces, orgs, dates and origins', () => {
		const reference = loadReference();
		const docs = corpus(1_500);
		let entries = 0;
		let orgMentions = 0;
		for (const doc of docs) {
			const parsed = parseDocument({ text: normalizeText(doc.text), path: doc.name, url: null }, reference);
			expect(parsed.kind, doc.name).toBe(doc.kind);
			expect(parsed.entries.length, `${doc.name}\n${doc.text}`).toBe(doc.entries.length);
			parsed.entries.forEach((entry, i) => {
				const expected = doc.entries[i]!;
				const where = `${doc.name} entry ${i}:\n${entry.text}`;
				expect(entry.provinces, where).toEqual(expected.provinces);
				expect(entry.orgs.map((org) => org.name).sort(), where).toEqual([...expected.orgs].sort());
				expect(entry.date, where).toBe(expected.date);
				for (const org of entry.orgs) {
					const origin = expected.countries[org.name];
					if (origin !== undefined) expect(org.country, where).toBe(origin);
				}
				orgMentions += entry.orgs.length;
			});
			entries += parsed.entries.length;
		}
		expect(entries).toBe(1_500);
		// 0–3 organizations per entry, most entries naming at least one.
		expect(orgMentions / entries).toBeGreaterThan(1);
		expect(orgMentions / entries).toBeLessThan(2);
	});

	it('draws from a few thousand distinct org names with realistic heads, unique acronyms and origins', () => {
		expect(world.orgs.length).toBe(4_000);
		const keys = world.orgs.map((org) => orgKey(org.name));
		expect(new Set(keys).size).toBe(keys.length);
		const acronyms = world.orgs.flatMap((org) => (org.acronym ? [org.acronym] : []));
		expect(new Set(acronyms).size).toBe(acronyms.length);
		expect(acronyms.length).toBeGreaterThan(200);
		const share = (pattern: RegExp) => world.orgs.filter((org) => pattern.test(org.name)).length / world.orgs.length;
		for (const head of [/ Foundation\b/, / Association\b/, / Chamber of Commerce$/, / Trust$/, /^Fondation /]) {
			expect(share(head), String(head)).toBeGreaterThan(0.02);
		}
		expect(world.orgs.filter((org) => org.country !== null).length / world.orgs.length).toBeGreaterThan(0.3);
	});

	it('skews provinces and organizations: a few are named far more often than the rest', () => {
		const provinces = new Map<string, number>();
		const orgs = new Map<string, number>();
		for (const doc of corpus(3_000)) {
			for (const entry of doc.entries) {
				for (const p of entry.provinces) provinces.set(p, (provinces.get(p) ?? 0) + 1);
				for (const o of entry.orgs) orgs.set(o, (orgs.get(o) ?? 0) + 1);
			}
		}
		const counts = [...provinces.values()].sort((a, b) => b - a);
		expect(counts[0]!).toBeGreaterThan(5 * counts[Math.floor(counts.length / 2)]!);
		const orgCounts = [...orgs.values()].sort((a, b) => b - a);
		expect(orgCounts[0]!).toBeGreaterThan(50 * orgCounts[Math.floor(orgCounts.length / 2)]!);
	});

	it('samples Zipf ranks deterministically with the stated shares', () => {
		const sampler = new ZipfSampler(['a', 'b', 'c', 'd'], 1);
		expect(sampler.share(0)).toBeCloseTo(1 / (1 + 1 / 2 + 1 / 3 + 1 / 4), 10);
		const draw = (seed: number) =>
			Array.from(
				{ length: 50 },
				(
					(r) => () =>
						sampler.sample(r)
				)(mulberry32(seed)),
			);
		expect(draw(1)).toEqual(draw(1));
		const random = mulberry32(3);
		const n = 20_000;
		let first = 0;
		for (let i = 0; i < n; i++) if (sampler.sample(random) === 'a') first++;
		expect(first / n).toBeCloseTo(sampler.share(0), 1);
	});
});

describe('npm run bench', () => {
	const REQUIRED_KEYS = [
		'entries',
		'ingest_per_s',
		'index_build_ms',
		'cold_start_ms',
		'search_ready_ms',
		'ngo_p50_ms',
		'ngo_p99_ms',
		'province_p50_ms',
		'province_p99_ms',
		'search_p50_ms',
		'search_p99_ms',
		'fts5_search_p50_ms',
		'fts5_search_p99_ms',
		'search_vs_fts5_p99_ratio',
		'peak_rss_mb',
		'db_mb',
		'snapshot_mb',
		'burst_ack_p50_ms',
		'burst_ack_p99_ms',
		'burst_missed_deadline',
		'burst_answer_p99_ms',
		'search_newest_p50_ms',
		'search_newest_p99_ms',
		'search_relevance_p50_ms',
		'search_relevance_p99_ms',
		'fts5_relevance_p99_ms',
		'search_relevance_vs_fts5_p99_ratio',
	];

	it('runs a tiny corpus end to end and prints one JSON object with every figure', async () => {
		expect(existsSync(BENCH), `${BENCH} is missing: build with npx tsc -p tsconfig.build.json`).toBe(true);
		const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
			(resolve, reject) => {
				const child = spawn(process.execPath, [BENCH, '--entries', '300', '--burst', '40', '--json'], {
					cwd: REPO_ROOT,
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				let out = '';
				let err = '';
				child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
				child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
				child.on('error', reject);
				child.on('close', (exit) => resolve({ code: exit, stdout: out, stderr: err }));
			},
		);
		expect(code, stderr).toBe(0);
		const result = JSON.parse(stdout) as Record<string, unknown>;
		for (const key of REQUIRED_KEYS) {
			expect(typeof result[key], key).toBe('number');
			expect(Number.isFinite(result[key]), key).toBe(true);
		}
		expect(result['entries']).toBe(300);
		// /search by order and class, each beside FTS5 on the same words.
		const classes = result['search_classes'] as { order: string; class: string; p99Ms: number; fts5P99Ms: number }[];
		expect(classes.filter((c) => c.class === 'all').map((c) => c.order)).toEqual(['newest', 'relevance']);
		expect(classes.some((c) => c.class === 'province filter')).toBe(true);
		for (const c of classes) expect(Number.isFinite(c.p99Ms) && Number.isFinite(c.fts5P99Ms), c.class).toBe(true);
		// Progress goes to stderr, so stdout stays parseable.
		expect(stderr).toContain('ingest');
	}, 180_000);
});
