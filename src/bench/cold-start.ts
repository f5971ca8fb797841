// A bot's cold start, as a fresh process: node dist/src/bench/cold-start.js <db> <ngo name> <search words>
// performance.now() counts from performance.timeOrigin, the start of this process, so module loading, opening the
// database and loading the reference data are all inside the figures. Each milestone is printed as one JSON line
// at once, so the parent can also time it by the wall clock.
import { performance } from 'node:perf_hooks';
import { createApp } from '../app.js';
import { BENCH_TODAY, answer } from './answer-path.js';
import { heapUsedMb, peakRssMb, round } from './stats.js';

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const [databasePath, ngoName, searchText] = process.argv.slice(2);
if (!databasePath || !ngoName || !searchText) {
	console.error('usage: cold-start.js <db> <ngo name> <search words>');
	process.exit(2);
}

const modulesLoadedMs = performance.now();
const app = createApp({ databasePath });
const appCreatedMs = performance.now();
// The first /ngo answer: query, summary and rendered embed.
const first = answer(app.query, { kind: 'ngo', label: 'cold', text: ngoName }, BENCH_TODAY);
const firstAnswerMs = performance.now();
emit({ event: 'first-answer', ms: round(firstAnswerMs), outcome: first.outcome });

const status = await app.indexes.whenReady();
const searchReadyMs = performance.now();
emit({ event: 'search-ready', ms: round(searchReadyMs) });

// The first search once the org name index is ready: a typo, which is respelled against the full-text vocabulary.
const search = answer(app.query, { kind: 'search', label: 'cold', text: searchText }, BENCH_TODAY);
emit({
	event: 'done',
	nodeBootstrapMs: round(performance.nodeTiming.bootstrapComplete),
	modulesLoadedMs: round(modulesLoadedMs),
	appCreatedMs: round(appCreatedMs),
	firstAnswerMs: round(firstAnswerMs),
	firstAnswerOwnMs: round(first.totalMs),
	firstAnswerOutcome: first.outcome,
	searchReadyMs: round(searchReadyMs),
	firstSearchMs: round(search.totalMs),
	firstSearchOutcome: search.outcome,
	indexes: {
		loadedFrom: status.loadedFrom,
		orgsMs: status.details.orgs.ms,
		entriesMs: null, // no entry name index any more (key kept for the JSON's readers)
	},
	peakRssMb: peakRssMb(),
	heapUsedMb: heapUsedMb(),
});
app.close();
