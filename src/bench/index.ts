// npm run bench [-- --entries N] [--json] [--runs N] [--seed N] [--keep]
// Generates a synthetic corpus, ingests it through the real pipeline into a fresh temporary database, and measures
// ingest, index build, cold start, answer latencies and memory, with a plain FTS5 baseline for search. Each phase
// runs in a fresh child process (worker.js, cold-start.js). Figures go to stdout, progress to stderr.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { projectRoot } from '../project-root.js';
import type { BenchQuery } from './answer-path.js';
import { runInteractionBurst } from './interaction-burst.js';
import { pickQueries } from './queries.js';
import {
	type BenchResult,
	checkTargets,
	formatResult,
	type KindFigures,
	type QueryLine,
	type SearchClassFigures,
} from './report.js';
import { MB, distribution, round } from './stats.js';
import { DEFAULT_SEED, createWorld, generateCorpus } from './synthetic-corpus.js';

const USAGE = `usage: npm run bench [-- --entries N] [--json] [--runs N] [--seed N] [--burst N] [--keep]
  --entries N  one corpus of N entries (default: 10,000 then 100,000)
  --json       one JSON object on stdout ({ runs: [...] } for several sizes)
  --runs N     timed answers per kind, after a warm-up (default 600)
  --seed N     generator seed (default ${DEFAULT_SEED})
  --burst N    interactions sent at once to the bot through the local fake Discord (default 1,000)
  --keep       keep the temporary directory (corpus, database) and print where it is`;

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
const COLD_START = fileURLToPath(new URL('./cold-start.js', import.meta.url));
const COLD_STARTS = 3;
/** A misspelled word: the first search after start respells it against the full-text vocabulary. */
const COLD_SEARCH = 'trainnig';

const progress = (message: string) => process.stderr.write(`${message}\n`);

interface Options {
	readonly sizes: readonly number[];
	readonly json: boolean;
	readonly runs: number;
	readonly seed: number;
	readonly keep: boolean;
	readonly burst: number;
	readonly sourceDigest: string;
}

function readOptions(argv: readonly string[]): Options {
	const { values } = parseArgs({
		args: [...argv],
		options: {
			entries: { type: 'string' },
			json: { type: 'boolean', default: false },
			runs: { type: 'string' },
			seed: { type: 'string' },
			keep: { type: 'boolean', default: false },
			burst: { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false },
		},
		strict: true,
		allowPositionals: false,
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		process.exit(0);
	}
	const whole = (name: string, text: string | undefined, fallback: number, min: number): number => {
		if (text === undefined) return fallback;
		const value = Number(text.replace(/[_,]/g, ''));
		if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
		return value;
	};
	const entries = whole('entries', values.entries, 0, 1);
	return {
		sizes: entries > 0 ? [entries] : [10_000, 100_000],
		json: values.json,
		runs: whole('runs', values.runs, 600, 1),
		seed: whole('seed', values.seed, DEFAULT_SEED, 0),
		keep: values.keep,
		burst: whole('burst', values.burst, 1_000, 1),
		sourceDigest: sourceDigest(),
	};
}

/** Which code the figures are of: colleagues change sources between runs, and figures follow them. */
function sourceDigest(): string {
	const hash = createHash('sha256');
	const root = projectRoot();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.name.endsWith('.ts')) hash.update(relative(root, path)).update(readFileSync(path));
		}
	};
	walk(join(root, 'src'));
	return hash.digest('hex').slice(0, 12);
}

/** Runs a phase of worker.js and returns the JSON object of its last stdout line. */
function runWorker<T>(args: readonly string[]): Promise<T> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...process.execArgv, WORKER, ...args], {
			cwd: projectRoot(),
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const chunks: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
			if (code !== 0) {
				reject(new Error(`worker ${args[0]} failed (exit ${code}, signal ${signal})\n${lines.join('\n')}`));
				return;
			}
			try {
				resolve(JSON.parse(lines.at(-1) ?? '') as T);
			} catch (error) {
				reject(new Error(`worker ${args[0]} printed no JSON result: ${lines.at(-1)}`, { cause: error }));
			}
		});
	});
}

interface ColdStart {
	readonly wallFirstAnswerMs: number;
	readonly wallSearchReadyMs: number;
	readonly wallExitMs: number;
	readonly [key: string]: unknown;
}

/** `node dist/src/bench/cold-start.js <db> <name> <words>`, timed from spawn() to each milestone line. */
function coldStart(dbPath: string, ngoName: string): Promise<ColdStart> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, [COLD_START, dbPath, ngoName, COLD_SEARCH], {
			cwd: projectRoot(),
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const wall: Record<string, number> = {};
		let done: Record<string, unknown> | null = null;
		let buffered = '';
		child.stdout.on('data', (chunk: Buffer) => {
			const now = performance.now() - started;
			buffered += chunk.toString('utf8');
			let newline: number;
			while ((newline = buffered.indexOf('\n')) >= 0) {
				const line = buffered.slice(0, newline);
				buffered = buffered.slice(newline + 1);
				const event = JSON.parse(line) as Record<string, unknown>;
				wall[String(event['event'])] = now;
				if (event['event'] === 'done') done = event;
			}
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0 || done === null) {
				reject(new Error(`cold-start.js failed (exit ${code})`));
				return;
			}
			resolve({
				...done,
				wallFirstAnswerMs: round(wall['first-answer'] ?? NaN),
				wallSearchReadyMs: round(wall['search-ready'] ?? NaN),
				wallExitMs: round(performance.now() - started),
			});
		});
	});
}

function fileMb(path: string): number {
	return existsSync(path) ? statSync(path).size / MB : 0;
}

interface IngestOut {
	ingestMs: number;
	documents: number;
	failed: number;
	entries: number;
	orgs: number;
	extractMsPerEntry: number;
	peakRssMb: number;
}
interface RebuildOut {
	wallMs: number;
	loadMs: number | null;
	orgsMs: number | null;
	entriesMs: number | null;
	peakRssMb: number;
}
interface LatencyOut {
	byKind: Record<string, KindFigures>;
	perQuery: QueryLine[];
	searchParts: Record<string, unknown>[];
	searchClasses: SearchClassFigures[];
	baseline: { p50Ms: number; p99Ms: number } & Record<string, unknown>;
	servingRssMb: number;
	servingHeapMb: number;
	peakRssMb: number;
}

async function runSize(entries: number, options: Options): Promise<BenchResult> {
	const benchStarted = performance.now();
	const dir = mkdtempSync(join(tmpdir(), `ngo-bench-${entries}-`));
	const docs = join(dir, 'docs');
	const dbPath = join(dir, 'ngo.sqlite');
	const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(1)} s`;
	try {
		progress(`[${entries.toLocaleString('en-US')} entries] generating the corpus in ${dir}`);
		mkdirSync(docs);
		const world = createWorld({ seed: options.seed });
		let documents = 0;
		let generated = 0;
		for (const doc of generateCorpus({ entries, seed: options.seed }, world)) {
			writeFileSync(join(docs, doc.name), doc.text);
			documents++;
			generated += doc.entries.length;
		}
		progress(
			`  ${documents.toLocaleString('en-US')} documents, ${generated.toLocaleString('en-US')} entries (${elapsed()})`,
		);

		progress(`[${entries.toLocaleString('en-US')}] ingest through app.ingest (read, extract, store, org name index)`);
		const ingest = await runWorker<IngestOut>(['ingest', docs, dbPath]);
		progress(`  ${Math.round(ingest.ingestMs)} ms (${elapsed()})`);

		progress(`[${entries.toLocaleString('en-US')}] name index rebuild in a fresh process`);
		const rebuild = await runWorker<RebuildOut>(['rebuild', dbPath]);
		progress(`  ${Math.round(rebuild.loadMs ?? rebuild.wallMs)} ms (${elapsed()})`);

		const db = new Database(dbPath);
		const queries: BenchQuery[] = pickQueries(db, world);
		const snapshots: Record<string, number> = {};
		for (const row of db
			.prepare<[], { name: string; bytes: number }>('SELECT name, length(data) AS bytes FROM search_snapshots')
			.all())
			snapshots[row.name] = round(row.bytes / MB);
		db.close();
		const queriesPath = join(dir, 'queries.json');
		writeFileSync(queriesPath, JSON.stringify(queries, null, 1));
		const ngoName = queries.find((q) => q.kind === 'ngo')?.text ?? 'Animals Asia';

		progress(
			`[${entries.toLocaleString('en-US')}] cold start ×${COLD_STARTS} (node ${COLD_START.replace(`${projectRoot()}/`, '')})`,
		);
		const colds: ColdStart[] = [];
		for (let i = 0; i < COLD_STARTS; i++) colds.push(await coldStart(dbPath, ngoName));
		const median = (pick: (c: ColdStart) => number) => round(distribution(colds.map(pick)).p50);
		progress(`  first answer ${median((c) => Number(c['firstAnswerMs']))} ms (${elapsed()})`);

		progress(`[${entries.toLocaleString('en-US')}] FTS5 baseline table (bench_fts, its own database file)`);
		const baselinePath = join(dir, 'fts5-baseline.sqlite');
		const baselineBuild = await runWorker<{ buildMs: number; rows: number }>(['baseline', dbPath, baselinePath]);
		progress(`  ${Math.round(baselineBuild.buildMs)} ms (${elapsed()})`);

		progress(`[${entries.toLocaleString('en-US')}] answer latency (${options.runs} runs per kind) and FTS5 baseline`);
		const latency = await runWorker<LatencyOut>(['latency', dbPath, queriesPath, baselinePath, String(options.runs)]);
		progress(`  done (${elapsed()})`);

		progress(
			`[${entries.toLocaleString('en-US')}] interaction burst: ${options.burst} at once to the bot (node dist/src/main.js) through the local fake Discord`,
		);
		const burst = await runInteractionBurst({ databasePath: dbPath, queries, count: options.burst });
		progress(`  ack p99 ${burst.p99Ms} ms, ${burst.missedDeadline} missed the 3 s deadline (${elapsed()})`);

		const kind = (name: string) => latency.byKind[name] ?? { p50Ms: NaN, p99Ms: NaN };
		const searchClass = (order: string) =>
			latency.searchClasses.find((c) => c.order === order && c.class === 'all') ?? {
				p50Ms: NaN,
				p99Ms: NaN,
				fts5P99Ms: NaN,
				vsFts5P99: NaN,
			};
		const peakRssByProcess = {
			ingest: ingest.peakRssMb,
			rebuild: rebuild.peakRssMb,
			'cold start': Math.max(...colds.map((c) => Number(c['peakRssMb']))),
			serving: latency.servingRssMb,
		};
		const figures: Omit<BenchResult, 'targets'> = {
			entries: ingest.entries,
			ingest_per_s: round(ingest.entries / (ingest.ingestMs / 1000)),
			index_build_ms: round(rebuild.loadMs ?? rebuild.wallMs),
			cold_start_ms: median((c) => Number(c['firstAnswerMs'])),
			search_ready_ms: median((c) => Number(c['searchReadyMs'])),
			ngo_p50_ms: kind('ngo').p50Ms,
			ngo_p99_ms: kind('ngo').p99Ms,
			province_p50_ms: kind('province').p50Ms,
			province_p99_ms: kind('province').p99Ms,
			search_p50_ms: kind('search').p50Ms,
			search_p99_ms: kind('search').p99Ms,
			fts5_search_p50_ms: latency.baseline.p50Ms,
			fts5_search_p99_ms: latency.baseline.p99Ms,
			search_vs_fts5_p99_ratio: round(kind('search').p99Ms / latency.baseline.p99Ms),
			search_newest_p50_ms: searchClass('newest').p50Ms,
			search_newest_p99_ms: searchClass('newest').p99Ms,
			search_relevance_p50_ms: searchClass('relevance').p50Ms,
			search_relevance_p99_ms: searchClass('relevance').p99Ms,
			fts5_relevance_p99_ms: searchClass('relevance').fts5P99Ms,
			search_relevance_vs_fts5_p99_ratio: searchClass('relevance').vsFts5P99,
			search_classes: latency.searchClasses,
			peak_rss_mb: Math.max(...Object.values(peakRssByProcess)),
			db_mb: round(fileMb(dbPath) + fileMb(`${dbPath}-wal`)),
			snapshot_mb: round(Object.values(snapshots).reduce((n, x) => n + x, 0)),
			cold_start_wall_ms: median((c) => c.wallFirstAnswerMs),
			search_ready_wall_ms: median((c) => c.wallSearchReadyMs),
			heap_used_mb: latency.servingHeapMb,
			documents: ingest.documents,
			orgs: ingest.orgs,
			runs_per_kind: options.runs,
			seed: options.seed,
			burst_interactions: burst.interactions,
			burst_ack_p50_ms: burst.p50Ms,
			burst_ack_p99_ms: burst.p99Ms,
			burst_ack_max_ms: burst.maxMs,
			burst_missed_deadline: burst.missedDeadline,
			burst_answer_p50_ms: burst.answerP50Ms,
			burst_answer_p99_ms: burst.answerP99Ms,
			burst_deferred: burst.deferred,
			details: {
				ingest: {
					method:
						'app.ingest([dir]) on generated .txt files: read, normalize, parseDocument, saveDocument, name-index upkeep, snapshot save',
					ms: ingest.ingestMs,
					failedDocuments: ingest.failed,
					extractMsPerEntry: ingest.extractMsPerEntry,
					peakRssMb: ingest.peakRssMb,
				},
				indexBuild: { orgsMs: rebuild.orgsMs, entriesMs: rebuild.entriesMs, peakRssMb: rebuild.peakRssMb },
				coldStart: { runs: colds, ngoName, searchText: COLD_SEARCH },
				latency: latency.byKind,
				perQuery: latency.perQuery,
				searchParts: latency.searchParts,
				baseline: {
					...latency.baseline,
					buildMs: baselineBuild.buildMs,
					rows: baselineBuild.rows,
					mb: round(fileMb(baselinePath)),
				},
				peakRssByProcess,
				snapshots,
				burst,
				totalBenchMs: round(performance.now() - benchStarted),
				sourceDigest: options.sourceDigest,
				machine: {
					cpus: cpus().length,
					node: process.version,
					// Other processes on the machine make latencies noisy: the load during the run says how much.
					loadAverage1m: round(loadavg()[0]!),
				},
			},
		};
		return { ...figures, targets: checkTargets(figures) };
	} finally {
		if (options.keep) progress(`kept ${dir}`);
		else rmSync(dir, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	let options: Options;
	try {
		options = readOptions(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		return 2;
	}
	const results: BenchResult[] = [];
	for (const size of options.sizes) {
		const result = await runSize(size, options);
		results.push(result);
		if (!options.json) process.stdout.write(`\n${formatResult(result)}\n`);
	}
	if (options.json) {
		const value = results.length === 1 ? results[0] : { runs: results };
		process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
	}
	return 0;
}

process.exitCode = await main();
