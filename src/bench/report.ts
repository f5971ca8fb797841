import type { BurstResult } from './interaction-burst.js';
import { ms, thousands } from './stats.js';

/** The figures of one corpus size; the snake_case keys are the --json output. */
export interface BenchResult {
	readonly entries: number;
	readonly ingest_per_s: number;
	readonly index_build_ms: number;
	readonly cold_start_ms: number;
	readonly search_ready_ms: number;
	readonly ngo_p50_ms: number;
	readonly ngo_p99_ms: number;
	readonly province_p50_ms: number;
	readonly province_p99_ms: number;
	readonly search_p50_ms: number;
	readonly search_p99_ms: number;
	readonly fts5_search_p50_ms: number;
	readonly fts5_search_p99_ms: number;
	readonly search_vs_fts5_p99_ratio: number;
	/** /search in newest-first order, and by relevance beside FTS5 bm25 on the same words. */
	readonly search_newest_p50_ms: number;
	readonly search_newest_p99_ms: number;
	readonly search_relevance_p50_ms: number;
	readonly search_relevance_p99_ms: number;
	readonly fts5_relevance_p99_ms: number;
	readonly search_relevance_vs_fts5_p99_ratio: number;
	/** /search by order and class (rare, common, very common words; a province filter), each beside FTS5. */
	readonly search_classes: readonly SearchClassFigures[];
	readonly peak_rss_mb: number;
	readonly db_mb: number;
	readonly snapshot_mb: number;
	/** Wall-clock figures of the cold start, measured by the parent from spawn() to the child's line. */
	readonly cold_start_wall_ms: number;
	readonly search_ready_wall_ms: number;
	readonly heap_used_mb: number;
	readonly documents: number;
	readonly orgs: number;
	readonly runs_per_kind: number;
	readonly seed: number;
	/** The interaction burst: interactions sent at once to the real bot through the local fake Discord. */
	readonly burst_interactions: number;
	/** Time to the first response (reply or deferral) the fake accepted; Discord's deadline is 3,000 ms. */
	readonly burst_ack_p50_ms: number;
	readonly burst_ack_p99_ms: number;
	readonly burst_ack_max_ms: number;
	/** Interactions without an accepted first response within 3 s (Discord drops them: 10062). */
	readonly burst_missed_deadline: number;
	/** Time to the answer itself (the reply, or the edit of a deferral). */
	readonly burst_answer_p50_ms: number;
	readonly burst_answer_p99_ms: number;
	readonly burst_deferred: number;
	readonly targets: Record<string, { readonly target: string; readonly met: boolean }>;
	readonly details: BenchDetails;
}

export interface BenchDetails {
	readonly ingest: {
		readonly method: string;
		readonly ms: number;
		readonly failedDocuments: number;
		readonly extractMsPerEntry: number;
		readonly peakRssMb: number;
	};
	readonly indexBuild: {
		readonly orgsMs: number | null;
		readonly entriesMs: number | null;
		readonly peakRssMb: number;
	};
	readonly coldStart: {
		readonly runs: readonly Record<string, unknown>[];
		readonly ngoName: string;
		readonly searchText: string;
	};
	readonly latency: Record<string, KindFigures>;
	readonly perQuery: readonly QueryLine[];
	readonly searchParts: readonly Record<string, unknown>[];
	readonly baseline: Record<string, unknown>;
	readonly peakRssByProcess: Record<string, number>;
	readonly snapshots: Record<string, number>;
	/** The whole burst result (latencies by kind of figure, violations by Discord error code). */
	readonly burst: BurstResult;
	readonly totalBenchMs: number;
	readonly machine: { readonly cpus: number; readonly node: string; readonly loadAverage1m: number };
	/** sha256 (first 12 hex digits) of src/**\/*.ts at the start of the run: which code the figures are of. */
	readonly sourceDigest: string;
}

export interface QueryLine {
	readonly kind: string;
	readonly label: string;
	readonly text: string;
	readonly filters?: Record<string, string>;
	readonly order?: string;
	readonly outcome: string;
	readonly total: number | null;
	readonly p50Ms: number;
	readonly maxMs: number;
	readonly queryMs: number;
	readonly summarizeMs: number;
	readonly renderMs: number;
}

/** One class of searches in one order, and FTS5 bm25 top-10 on the same words in the same run. */
export interface SearchClassFigures {
	readonly order: 'newest' | 'relevance';
	/** 'all', or rare / common / very common (share of entries matched: < 1%, < 20%, more), or 'province filter'. */
	readonly class: string;
	readonly queries: number;
	readonly runs: number;
	readonly p50Ms: number;
	readonly p99Ms: number;
	readonly fts5P50Ms: number;
	readonly fts5P99Ms: number;
	/** Our p99 over FTS5's. */
	readonly vsFts5P99: number;
}

/** What the latency worker reports per answer kind. */
export interface KindFigures {
	readonly runs: number;
	readonly p50Ms: number;
	readonly p99Ms: number;
	readonly meanMs: number;
	readonly maxMs: number;
	readonly query: { readonly mean: number; readonly p99: number };
	readonly summarize: { readonly mean: number; readonly p99: number };
	readonly render: { readonly mean: number; readonly p99: number };
	readonly cpuP99Ms: number;
	readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
	readonly slowest1pct: {
		readonly runs: number;
		readonly meanWallMs: number;
		readonly meanCpuMs: number;
		readonly withGc: number;
	};
}

type NumericKey = {
	[K in keyof BenchResult]: BenchResult[K] extends number ? K : never;
}[keyof BenchResult];

interface Target {
	readonly key: NumericKey;
	readonly max?: number;
	readonly min?: number;
	readonly text: string;
}

/** Targets up to 100k entries (issue 14); printed next to the figures, never failing the run. */
export const TARGETS: readonly Target[] = [
	{ key: 'ingest_per_s', min: 2_000, text: '≥ 2,000/s' },
	{ key: 'cold_start_ms', max: 1_000, text: '≤ 1,000 ms' },
	{ key: 'search_ready_ms', max: 5_000, text: '≤ 5,000 ms' },
	{ key: 'ngo_p99_ms', max: 1, text: '≤ 1 ms' },
	{ key: 'province_p99_ms', max: 1, text: '≤ 1 ms' },
	{ key: 'search_newest_p99_ms', max: 5, text: '≤ 5 ms' },
	{ key: 'search_relevance_vs_fts5_p99_ratio', max: 0.5, text: '≤ 0.5' },
	{ key: 'peak_rss_mb', max: 300, text: '≤ 300 MB' },
	{ key: 'burst_missed_deadline', max: 0, text: '0 of the burst' },
	{ key: 'burst_ack_p99_ms', max: 1_000, text: '≤ 1,000 ms' },
	{ key: 'burst_answer_p50_ms', max: 1_500, text: '≤ 1,500 ms' },
	{ key: 'burst_answer_p99_ms', max: 5_000, text: '≤ 5,000 ms' },
];

/** Targets of a million entries: served on the same machine, answers within a few ms, under 1 GB. */
export const MILLION_TARGETS: readonly Target[] = [
	{ key: 'cold_start_ms', max: 1_000, text: '≤ 1,000 ms' },
	{ key: 'ngo_p99_ms', max: 5, text: '≤ 5 ms' },
	{ key: 'province_p99_ms', max: 5, text: '≤ 5 ms' },
	{ key: 'search_vs_fts5_p99_ratio', max: 1, text: '≤ 1.0' },
	{ key: 'peak_rss_mb', max: 1_024, text: '≤ 1 GB' },
	{ key: 'burst_missed_deadline', max: 0, text: '0 of the burst' },
];

export function checkTargets(result: Omit<BenchResult, 'targets'>): BenchResult['targets'] {
	const checked: Record<string, { target: string; met: boolean }> = {};
	for (const target of result.entries >= 1_000_000 ? MILLION_TARGETS : TARGETS) {
		const value = result[target.key] as number;
		const met = (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
		checked[target.key] = { target: target.text, met };
	}
	return checked;
}

function table(rows: readonly (readonly string[])[]): string {
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
	return rows
		.map((row) =>
			row
				.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

const mb = (value: number) => `${value.toFixed(1)} MB`;

/** The readable report of one corpus size. */
export function formatResult(result: BenchResult): string {
	const t = result.targets;
	const verdict = (key: string) => (t[key] ? (t[key].met ? 'ok' : 'MISSED') : '');
	const target = (key: string) => t[key]?.target ?? '';
	const row = (label: string, value: string, key = '', note = '') => [label, value, target(key), verdict(key), note];
	const d = result.details;
	const lines: string[] = [];
	lines.push(
		`== ${thousands(result.entries)} entries · ${thousands(result.documents)} documents · ${thousands(result.orgs)} orgs · seed ${result.seed} · ${result.runs_per_kind} runs per kind ==`,
		`   node ${d.machine.node}, ${d.machine.cpus} CPUs, load average ${d.machine.loadAverage1m} at the end, bench took ${ms(d.totalBenchMs)}, sources ${d.sourceDigest}`,
	);
	lines.push(
		table([
			['figure', 'value', 'target', '', 'note'],
			row(
				'ingest',
				`${thousands(result.ingest_per_s)} entries/s`,
				'ingest_per_s',
				`${ms(d.ingest.ms)}; extraction alone ${d.ingest.extractMsPerEntry.toFixed(3)} ms/entry`,
			),
			row(
				'index build (rebuild)',
				ms(result.index_build_ms),
				'',
				`orgs ${ms(d.indexBuild.orgsMs ?? NaN)}${d.indexBuild.entriesMs === null ? '' : `, entries ${ms(d.indexBuild.entriesMs)}`}, incl. snapshot save`,
			),
			row('cold start: first /ngo', ms(result.cold_start_ms), 'cold_start_ms', `wall ${ms(result.cold_start_wall_ms)}`),
			row(
				'cold start: search ready',
				ms(result.search_ready_ms),
				'search_ready_ms',
				`wall ${ms(result.search_ready_wall_ms)}`,
			),
			row('ngo p50', ms(result.ngo_p50_ms)),
			row('ngo p99', ms(result.ngo_p99_ms), 'ngo_p99_ms'),
			row('province p50', ms(result.province_p50_ms)),
			row('province p99', ms(result.province_p99_ms), 'province_p99_ms'),
			row('search p50', ms(result.search_p50_ms)),
			row('search p99', ms(result.search_p99_ms), 'search_p99_ms'),
			row('FTS5 bm25 p50', ms(result.fts5_search_p50_ms), '', 'top-10 rowids only'),
			row('FTS5 bm25 p99', ms(result.fts5_search_p99_ms)),
			row('search / FTS5 p99', result.search_vs_fts5_p99_ratio.toFixed(2), 'search_vs_fts5_p99_ratio'),
			row('search newest-first p99', ms(result.search_newest_p99_ms), 'search_newest_p99_ms'),
			row(
				'search by relevance p99',
				ms(result.search_relevance_p99_ms),
				'',
				`FTS5 bm25 on the same words ${ms(result.fts5_relevance_p99_ms)}`,
			),
			row(
				'relevance / FTS5 p99',
				result.search_relevance_vs_fts5_p99_ratio.toFixed(2),
				'search_relevance_vs_fts5_p99_ratio',
			),
			row(
				'peak RSS',
				mb(result.peak_rss_mb),
				'peak_rss_mb',
				Object.entries(d.peakRssByProcess)
					.map(([name, value]) => `${name} ${value.toFixed(0)}`)
					.join(', '),
			),
			row(
				`burst of ${thousands(result.burst_interactions)}: ack p50`,
				ms(result.burst_ack_p50_ms),
				'',
				'INTERACTION_CREATE sent → first response received (the bot in its own process)',
			),
			row('burst: ack p99 / max', `${ms(result.burst_ack_p99_ms)} / ${ms(result.burst_ack_max_ms)}`),
			row(
				'burst: missed 3 s deadline',
				thousands(result.burst_missed_deadline),
				'burst_missed_deadline',
				`${thousands(result.burst_deferred)} deferred first`,
			),
			row(
				'burst: answer p50 / p99',
				`${ms(result.burst_answer_p50_ms)} / ${ms(result.burst_answer_p99_ms)}`,
				'',
				'to the reply, or to the edit of a deferral',
			),
			row('heap used (serving)', mb(result.heap_used_mb)),
			row('database file', mb(result.db_mb)),
			row(
				'snapshots',
				mb(result.snapshot_mb),
				'',
				Object.entries(d.snapshots)
					.map(([name, value]) => `${name} ${value.toFixed(1)}`)
					.join(', '),
			),
		]),
	);

	lines.push(
		'',
		'where answer time goes (stages: mean / p99 ms; on-CPU p99; GC during the runs; the slowest 1%: wall vs CPU ms):',
	);
	const stageRows: string[][] = [
		['kind', 'query', 'summarize', 'render', 'p50', 'p99', 'on-CPU p99', 'GC n · total · max', 'slowest 1%'],
	];
	for (const kind of ['ngo', 'province', 'search']) {
		const k = d.latency[kind] as KindFigures | undefined;
		if (!k) continue;
		const pair = (s: { mean: number; p99: number }) => `${s.mean.toFixed(2)} / ${s.p99.toFixed(2)}`;
		const tail = k.slowest1pct;
		stageRows.push([
			kind,
			pair(k.query),
			pair(k.summarize),
			pair(k.render),
			ms(k.p50Ms),
			ms(k.p99Ms),
			ms(k.cpuP99Ms),
			`${k.gc.count} · ${k.gc.totalMs.toFixed(0)} · ${k.gc.maxMs.toFixed(1)} ms`,
			`${tail.meanWallMs.toFixed(1)} vs ${tail.meanCpuMs.toFixed(1)}, ${tail.withGc}/${tail.runs} with GC`,
		]);
	}
	lines.push(table(stageRows));

	lines.push('', '/search by order and class beside FTS5 bm25 top-10 on the same words (ms):');
	const classRows: string[][] = [
		['order', 'class', 'queries', 'runs', 'p50', 'p99', 'FTS5 p50', 'FTS5 p99', 'p99 / FTS5'],
	];
	for (const c of result.search_classes) {
		classRows.push([
			c.order,
			c.class,
			String(c.queries),
			String(c.runs),
			ms(c.p50Ms),
			ms(c.p99Ms),
			ms(c.fts5P50Ms),
			ms(c.fts5P99Ms),
			c.vsFts5P99.toFixed(2),
		]);
	}
	lines.push(table(classRows));

	lines.push('', 'queries (p50 / max ms, mean query · summarize · render ms):');
	const queryRows: string[][] = [['kind', 'query', 'label', 'outcome', 'matches', 'p50', 'max', 'q · s · r']];
	for (const q of d.perQuery) {
		const filters = q.filters ? ` ${Object.entries(q.filters).map(([k, v]) => `${k}:${v}`)}` : '';
		const order = q.order ? ` order:${q.order}` : '';
		queryRows.push([
			q.kind,
			`${q.text}${filters}${order}`.slice(0, 48),
			q.label.slice(0, 36),
			q.outcome,
			q.total === null ? '' : thousands(q.total),
			q.p50Ms.toFixed(2),
			q.maxMs.toFixed(2),
			`${q.queryMs.toFixed(2)} · ${q.summarizeMs.toFixed(2)} · ${q.renderMs.toFixed(2)}`,
		]);
	}
	lines.push(table(queryRows));

	lines.push(
		'',
		'search store calls in answer order (median ms, search caches cleared each time) vs FTS5 bm25 top-10 (p50 ms):',
	);
	const baselinePerQuery = (d.baseline['perQuery'] ?? []) as { text: string; p50Ms: number }[];
	const partRows: string[][] = [['query', 'matches', 'find', 'facet sample', 'facet counts', 'entries', 'FTS5']];
	d.searchParts.forEach((part, i) => {
		partRows.push([
			String(part['text']).slice(0, 40),
			thousands(Number(part['total'])),
			Number(part['findMs']).toFixed(2),
			Number(part['facetSampleMs']).toFixed(2),
			Number(part['facetCountsMs']).toFixed(2),
			Number(part['entriesMs']).toFixed(2),
			baselinePerQuery[i]?.p50Ms.toFixed(2) ?? '',
		]);
	});
	lines.push(table(partRows));

	// The page-query plans of the slowest searches: where a plan walks or builds more than it should.
	const slowest = d.perQuery
		.filter((q) => q.kind === 'search')
		.map((q, i) => ({ q, part: d.searchParts[i] }))
		.sort((a, b) => b.q.p50Ms - a.q.p50Ms)
		.slice(0, 3);
	lines.push('', 'page-query plans of the three slowest searches:');
	for (const { q, part } of slowest) {
		const plan = (part?.['plan'] ?? []) as string[];
		const filters = q.filters ? ` ${Object.entries(q.filters).map(([k, v]) => `${k}:${v}`)}` : '';
		lines.push(`  ${q.text}${filters}${q.order ? ` order:${q.order}` : ''} (p50 ${ms(q.p50Ms)}): ${plan.join(' | ')}`);
	}
	return lines.join('\n');
}
