import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createApp } from '../app.js';
import { ftsMatchExpression } from '../domain/search-text.js';
import { normalizeText } from '../ingest/normalize-text.js';
import { parseDocument } from '../ingest/parse-document.js';
import { FACET_SAMPLE } from '../query/create-query-service.js';
import type { SearchCriteria } from '../store/entry-search.js';
import { type AnswerKind, type BenchQuery, BENCH_TODAY, type TimedAnswer, answer } from './answer-path.js';
import { buildBaseline, openBaseline } from './fts5-baseline.js';
import { SEARCH_CLASSES, baselineMatch, searchClass } from './queries.js';
import type { SearchClassFigures } from './report.js';
import { distribution, heapUsedMb, peakRssMb, round } from './stats.js';

/**
 * The measuring processes of the benchmark, one fresh process per phase so that each phase's peak RSS is its own:
 *   worker.js ingest <docs dir> <db>                      ingest through app.ingest, then extraction alone on a sample
 *   worker.js rebuild <db>                                drop the snapshots, rebuild the org name index in a new app
 *   worker.js baseline <db> <baseline db>                 build the plain FTS5 table the search figures compare with
 *   worker.js latency <db> <queries.json> <baseline db> <runs>   answer latencies, FTS5 baseline interleaved
 * Each prints one JSON object on its last stdout line; progress goes to stderr.
 */

const log = (message: string) => process.stderr.write(`  ${message}\n`);
const output = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function ingestPhase(docsDir: string, dbPath: string): Promise<void> {
	const app = createApp({ databasePath: dbPath });
	await app.indexes.whenReady();
	const files = readdirSync(docsDir).filter((name) => name.endsWith('.txt'));
	let last = 0;
	const timer = setInterval(() => {
		const entries = app.reader.countEntries();
		if (entries !== last) log(`ingest: ${entries.toLocaleString('en-US')} entries stored`);
		last = entries;
	}, 5_000);
	const started = performance.now();
	const report = await app.ingest([docsDir]);
	const ingestMs = performance.now() - started;
	clearInterval(timer);
	const status = app.indexes.status();
	const orgs = Number(app.db.prepare('SELECT count(*) FROM orgs').pluck().get());

	// Extraction alone (read + normalize + parseDocument, no storage) on a sample of the same files, to split the
	// ingest time between extraction and storage with index upkeep.
	const reference = app.reference;
	const sample = files.slice(0, 300);
	let sampleEntries = 0;
	const extractStarted = performance.now();
	for (const name of sample) {
		const path = join(docsDir, name);
		const parsed = parseDocument({ text: normalizeText(readFileSync(path, 'utf8')), path, url: null }, reference);
		sampleEntries += parsed.entries.length;
	}
	const extractMs = performance.now() - extractStarted;
	app.close();
	output({
		ingestMs: round(ingestMs),
		documents: report.totals.documents,
		failed: report.totals.failed,
		entries: report.totals.entries,
		orgs,
		extractMsPerEntry: round(extractMs / Math.max(1, sampleEntries)),
		// `entries` stays for the JSON's key names: entries have had no name index since /search respells words in SQLite.
		indexDocuments: { orgs: status.details.orgs.documents, entries: null },
		peakRssMb: peakRssMb(),
		heapUsedMb: heapUsedMb(),
	});
}

async function rebuildPhase(dbPath: string): Promise<void> {
	const raw = new Database(dbPath);
	raw.exec('DELETE FROM search_snapshots');
	raw.close();
	const started = performance.now();
	const app = createApp({ databasePath: dbPath });
	const status = await app.indexes.whenReady();
	const wallMs = performance.now() - started;
	app.close();
	output({
		wallMs: round(wallMs),
		loadMs: status.ms,
		loadedFrom: status.loadedFrom,
		orgsMs: status.details.orgs.ms,
		entriesMs: null, // no entry name index any more (key kept for the JSON's readers)
		peakRssMb: peakRssMb(),
		heapUsedMb: heapUsedMb(),
	});
}

interface QueryFigures {
	readonly kind: AnswerKind;
	readonly label: string;
	readonly text: string;
	readonly filters?: BenchQuery['filters'];
	readonly order?: BenchQuery['order'];
	readonly outcome: string;
	readonly total: number | null;
	readonly runs: number;
	readonly p50Ms: number;
	readonly maxMs: number;
	readonly queryMs: number;
	readonly summarizeMs: number;
	readonly renderMs: number;
}

interface Sample {
	readonly query: number;
	readonly timed: TimedAnswer;
	/** performance.now() when the run started. */
	readonly startMs: number;
	/** CPU time of the process during the run (user + system, all threads). */
	readonly cpuMs: number;
}

/** Garbage collections seen by a PerformanceObserver, to tell slow answers from collector pauses. */
function watchGc() {
	const pauses: { start: number; end: number }[] = [];
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries())
			pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
	});
	observer.observe({ entryTypes: ['gc'] });
	return {
		/** Lets the observer deliver what it buffered (it reports between turns of the event loop). */
		flush: () => new Promise<void>((resolve) => setTimeout(resolve, 20)),
		stop: () => observer.disconnect(),
		/** GC time inside a window (pauses clipped to it). */
		inside(from: number, to: number): number {
			let ms = 0;
			for (const p of pauses) if (p.end > from && p.start < to) ms += Math.min(p.end, to) - Math.max(p.start, from);
			return ms;
		},
	};
}

type Gc = ReturnType<typeof watchGc>;

/** Distribution, stage split, CPU time and GC of one kind's runs, and what its slowest 1% were made of. */
function kindFigures(samples: readonly Sample[], gc: Gc) {
	const total = distribution(samples.map((s) => s.timed.totalMs));
	const stage = (pick: (t: TimedAnswer) => number) => {
		const d = distribution(samples.map((s) => pick(s.timed)));
		return { mean: round(d.mean), p99: round(d.p99) };
	};
	const gcOf = (s: Sample) => gc.inside(s.startMs, s.startMs + s.timed.totalMs);
	const withGc = samples.filter((s) => gcOf(s) > 0);
	const slow = [...samples]
		.sort((a, b) => b.timed.totalMs - a.timed.totalMs)
		.slice(0, Math.max(1, Math.floor(samples.length / 100)));
	const mean = (values: number[]) => round(values.reduce((n, x) => n + x, 0) / Math.max(1, values.length));
	return {
		runs: total.n,
		p50Ms: round(total.p50),
		p99Ms: round(total.p99),
		meanMs: round(total.mean),
		maxMs: round(total.max),
		query: stage((t) => t.queryMs),
		summarize: stage((t) => t.summarizeMs),
		render: stage((t) => t.renderMs),
		cpuP99Ms: round(distribution(samples.map((s) => s.cpuMs)).p99),
		gc: {
			count: withGc.length,
			totalMs: round(withGc.reduce((n, s) => n + gcOf(s), 0)),
			maxMs: round(withGc.reduce((n, s) => Math.max(n, gcOf(s)), 0)),
		},
		slowest1pct: {
			runs: slow.length,
			meanWallMs: mean(slow.map((s) => s.timed.totalMs)),
			meanCpuMs: mean(slow.map((s) => s.cpuMs)),
			withGc: slow.filter((s) => gcOf(s) > 0).length,
		},
	};
}

type Runner = (q: BenchQuery) => TimedAnswer;

/**
 * Times `runs` answers per kind, the kinds interleaved (ngo, province, search, FTS5, ngo, …) so that whatever
 * else the machine does falls on all of them alike; each kind goes round-robin over its queries, after a warm-up.
 */
function measureInterleaved(
	sets: Record<string, readonly BenchQuery[]>,
	runners: Record<string, Runner>,
	runs: number,
	repeat: Record<string, number> = {},
) {
	const kinds = Object.keys(sets).filter((kind) => sets[kind]!.length > 0);
	for (let pass = 0; pass < 3; pass++) for (const kind of kinds) for (const q of sets[kind]!) runners[kind]!(q);
	const samples: Record<string, Sample[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
	for (let i = 0; i < runs; i++) {
		for (const kind of kinds) {
			const set = sets[kind]!;
			for (let r = 0; r < (repeat[kind] ?? 1); r++) {
				const query = samples[kind]!.length % set.length;
				const cpu = process.cpuUsage();
				const startMs = performance.now();
				const timed = runners[kind]!(set[query]!);
				const used = process.cpuUsage(cpu);
				samples[kind]!.push({ query, timed, startMs, cpuMs: (used.user + used.system) / 1000 });
			}
		}
		if (i > 0 && i % 200 === 0) log(`latency: ${i} of ${runs} runs per kind`);
	}
	return samples;
}

/**
 * /search by order and class (rare, common, very common words; a province filter), each beside FTS5 bm25 top-10 on
 * the same words in the same run. The ratio is ours over FTS5's p99.
 */
function searchClassFigures(
	searches: readonly BenchQuery[],
	ours: readonly Sample[],
	fts5: readonly Sample[],
	matches: readonly number[],
	entries: number,
): SearchClassFigures[] {
	// By the number of entries the words match (FTS5's exact count): an answer's own total stops at 1,000.
	const classOf = searches.map((q, index) => searchClass(q, matches[index] ?? 0, entries));
	const figures: SearchClassFigures[] = [];
	for (const order of ['newest', 'relevance'] as const) {
		for (const group of ['all', ...SEARCH_CLASSES] as const) {
			const member = (index: number) =>
				(searches[index]!.order ?? 'newest') === order && (group === 'all' || classOf[index] === group);
			const own = distribution(ours.filter((s) => member(s.query)).map((s) => s.timed.totalMs));
			const base = distribution(fts5.filter((s) => member(s.query)).map((s) => s.timed.totalMs));
			if (own.n === 0) continue;
			figures.push({
				order,
				class: group,
				queries: searches.filter((_, index) => member(index)).length,
				runs: own.n,
				p50Ms: round(own.p50),
				p99Ms: round(own.p99),
				fts5P50Ms: round(base.p50),
				fts5P99Ms: round(base.p99),
				vsFts5P99: round(own.p99 / base.p99),
			});
		}
	}
	return figures;
}

async function baselinePhase(dbPath: string, baselinePath: string): Promise<void> {
	output(buildBaseline(baselinePath, dbPath));
}

async function latencyPhase(dbPath: string, queriesPath: string, baselinePath: string, runs: number): Promise<void> {
	// Searches are timed as computed: the bench repeats each of its words hundreds of times, which the bot would
	// answer from memory after the first (the burst, through the real bot, keeps that cache).
	const app = createApp({ databasePath: dbPath, cacheSearches: false });
	await app.indexes.whenReady();
	const queries = JSON.parse(readFileSync(queriesPath, 'utf8')) as BenchQuery[];
	const kinds: AnswerKind[] = ['ngo', 'province', 'search'];
	const sets: Record<string, BenchQuery[]> = Object.fromEntries(
		kinds.map((kind) => [kind, queries.filter((q) => q.kind === kind)]),
	);

	// Baseline: plain FTS5 bm25 over the raw texts (built by the baseline phase), the same words.
	const baseline = openBaseline(baselinePath, Number(app.db.pragma('cache_size', { simple: true })));
	const provinceName = (name: string) => app.reference.gazetteer.resolve(name)?.province ?? null;
	const searches = sets['search']!;
	const matches = new Map(searches.map((q) => [q, baselineMatch(q, provinceName)]));
	const fts5: Runner = (q) => {
		const match = matches.get(q) ?? null;
		const started = performance.now();
		const ids = match ? baseline.search(match) : [];
		const ms = performance.now() - started;
		return { totalMs: ms, queryMs: ms, summarizeMs: 0, renderMs: 0, outcome: 'answer', total: ids.length, chars: 0 };
	};
	const ours: Runner = (q) => answer(app.query, q, BENCH_TODAY);

	// Searches come in two orders, so they (and FTS5 on their words) run twice per round to keep the runs per order.
	log(`latency: ${runs} runs per kind (ngo, province, search ×2, FTS5 ×2 interleaved)`);
	const gc = watchGc();
	const samples = measureInterleaved(
		{ ...sets, fts5: searches },
		{ ngo: ours, province: ours, search: ours, fts5 },
		runs,
		{ search: 2, fts5: 2 },
	);
	await gc.flush();
	gc.stop();
	const servingRssMb = peakRssMb();
	const servingHeapMb = heapUsedMb();

	const byKind: Record<string, unknown> = {};
	const perQuery: QueryFigures[] = [];
	for (const kind of kinds) {
		const own = samples[kind] ?? [];
		byKind[kind] = kindFigures(own, gc);
		sets[kind]!.forEach((q, index) => {
			const timed = own.filter((s) => s.query === index).map((s) => s.timed);
			const d = distribution(timed.map((t) => t.totalMs));
			const mean = (pick: (t: TimedAnswer) => number) => round(timed.reduce((n, t) => n + pick(t), 0) / timed.length);
			perQuery.push({
				kind,
				label: q.label,
				text: q.text,
				...(q.filters ? { filters: q.filters } : {}),
				...(q.order ? { order: q.order } : {}),
				outcome: timed[0]?.outcome ?? 'none',
				total: timed[0]?.total ?? null,
				runs: d.n,
				p50Ms: round(d.p50),
				maxMs: round(d.max),
				queryMs: mean((t) => t.queryMs),
				summarizeMs: mean((t) => t.summarizeMs),
				renderMs: mean((t) => t.renderMs),
			});
		});
	}
	const baselineSamples = samples['fts5'] ?? [];
	const baselineFigures = kindFigures(baselineSamples, gc);
	const baselinePerQuery = searches.map((q, index) => {
		const d = distribution(baselineSamples.filter((s) => s.query === index).map((s) => s.timed.totalMs));
		return { label: q.label, text: q.text, match: matches.get(q), p50Ms: round(d.p50), maxMs: round(d.max) };
	});

	// Where a search's query time goes: the store calls the query service makes, timed one by one (median of 15).
	const searchParts = searches.map((q) => ({ label: q.label, text: q.text, ...searchComponents(app, q) }));
	const matchCounts = searches.map((q) => {
		const match = matches.get(q);
		return match ? baseline.count(match) : 0;
	});
	const searchClasses = searchClassFigures(
		searches,
		samples['search'] ?? [],
		baselineSamples,
		matchCounts,
		app.facets.total('all'),
	);
	baseline.close();
	app.close();
	output({
		byKind,
		perQuery,
		searchParts,
		searchClasses,
		baseline: { ...baselineFigures, perQuery: baselinePerQuery },
		servingRssMb,
		servingHeapMb,
		peakRssMb: peakRssMb(),
	});
}

/**
 * The store calls behind one search answer, in the order the query service makes them (page and total, facet
 * sample, facet counts, entries), each timed (median of 9), and the plan of the page query. Caches the search
 * keeps between calls (a hit set) are cleared before each repetition: in the latency runs the queries rotate,
 * so every answer pays for its own.
 */
function searchComponents(app: ReturnType<typeof createApp>, q: BenchQuery) {
	const match = ftsMatchExpression(q.text, { prefixLast: true });
	const province = q.filters?.province ? app.reference.gazetteer.resolve(q.filters.province)?.province : undefined;
	const criteria: SearchCriteria = {
		match,
		order: q.order ?? 'newest',
		...(province ? { provinces: [province] } : {}),
	};
	const clearCaches = () => (app.search as { clearHitSet?: () => void }).clearHitSet?.();
	const times = { find: [] as number[], sample: [] as number[], facets: [] as number[], entries: [] as number[] };
	const timed = <T>(into: number[], work: () => T): T => {
		const started = performance.now();
		const value = work();
		into.push(performance.now() - started);
		return value;
	};
	let total = 0;
	for (let i = 0; i < 9; i++) {
		clearCaches();
		// As /search does: newest first, one walk over the newest 1,001 matches is the page, the count and the sample
		// (findMs; no separate sample); by relevance, the ranked page counted up to the sample, then the sample.
		let found: { ids: number[]; total: number };
		let sample: number[];
		if (criteria.order === 'newest') {
			const walk = timed(times.find, () => app.search.idsForFacets(criteria, FACET_SAMPLE + 1));
			found = { ids: walk.slice(0, 5), total: Math.min(walk.length, FACET_SAMPLE) };
			sample = timed(times.sample, () => walk.slice(0, FACET_SAMPLE));
		} else {
			const ranked = timed(times.find, () => app.search.find(criteria, { limit: 5, countUpTo: FACET_SAMPLE + 1 }));
			found = ranked;
			sample = timed(times.sample, () => (ranked.total > 0 ? app.search.idsForFacets(criteria, FACET_SAMPLE) : []));
		}
		total = found.total;
		timed(times.facets, () => {
			app.search.facetsOf(sample, 'province');
			app.search.facetsOf(sample, 'org');
			app.search.facetsOf(sample, 'type');
		});
		timed(times.entries, () => app.reader.getEntries(found.ids));
	}
	clearCaches();
	const explained = app.search.explain(criteria, { limit: 5 });
	let plan: string[] = [];
	if (explained) {
		plan = app.db
			.prepare(`EXPLAIN QUERY PLAN ${explained.sql}`)
			.all(explained.params)
			.map((row) => (row as { detail: string }).detail);
	}
	const median = (values: number[]) => round(distribution(values).p50);
	return {
		total,
		findMs: median(times.find),
		facetSampleMs: median(times.sample),
		facetCountsMs: median(times.facets),
		entriesMs: median(times.entries),
		plan,
	};
}

const [phase, ...args] = process.argv.slice(2);
switch (phase) {
	case 'ingest':
		await ingestPhase(args[0]!, args[1]!);
		break;
	case 'rebuild':
		await rebuildPhase(args[0]!);
		break;
	case 'baseline':
		await baselinePhase(args[0]!, args[1]!);
		break;
	case 'latency':
		await latencyPhase(args[0]!, args[1]!, args[2]!, Number(args[3] ?? 600));
		break;
	default:
		console.error(
			'usage: worker.js ingest <docs> <db> | rebuild <db> | baseline <db> <baseline db> | latency <db> <queries.json> <baseline db> <runs>',
		);
		process.exit(2);
}
