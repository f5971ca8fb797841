import { setFlagsFromString } from 'node:v8';
import { startupNodeOptions } from '../config.js';

/**
 * How far V8 may grow a heap past what survived its last full collection during an ingest run, in percent.
 *
 * An ingest allocates fast and keeps little: through a 30,000-entry load the main thread's live heap stayed near
 * 25 MB (read after forced collections), but V8 sizes the next collection's limit from its allocation rate (up to
 * four times the live size), so at 100,000 entries the heap grew to ~175 MB of mostly garbage. Measured on generated
 * corpora (2 vCPUs): at 100,000 entries peak RSS 333 MB and 87.8 s without this, 240 MB and 89.8 s with it; at
 * 30,000 entries, alternated, 281 / 279 MB in 29.7 / 29.2 s without, 224 / 223 MB in 29.8 / 28.2 s with. Unlike a
 * heap cap (`--max-old-space-size`) it never makes a large load fail: the heap still grows as far as the live data
 * needs.
 */
export const INGEST_HEAP_GROWING_PERCENT = 25;

/** Sets a V8 flag of the running process (node:v8's setFlagsFromString). */
export type FlagSetter = (flags: string) => void;

export interface LeanHeap {
	/** Runs `work` with the heap's growth bounded; overlapping runs share the setting, the last one out restores it. */
	during<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The flag is read each time V8 computes a heap's next limit, so setting it at run time takes effect at the next
 * collection and 0 (V8's default: its own heuristics) restores the usual growth. A process started with its own
 * `--heap-growing-percent` (node options or NODE_OPTIONS) keeps it: the operator chose.
 */
export function createLeanHeap(
	setFlags: FlagSetter = setFlagsFromString,
	operatorChose: boolean = startedWithGrowthFlag(),
): LeanHeap {
	let running = 0;
	return {
		async during(work) {
			if (operatorChose) return work();
			if (running++ === 0) setFlags(`--heap-growing-percent=${INGEST_HEAP_GROWING_PERCENT}`);
			try {
				return await work();
			} finally {
				if (--running === 0) setFlags('--heap-growing-percent=0');
			}
		},
	};
}

function startedWithGrowthFlag(): boolean {
	return startupNodeOptions().some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
}

/** The process's one: V8 flags are process-wide, so every ingest run in it shares the count. */
export const leanHeap = createLeanHeap();
