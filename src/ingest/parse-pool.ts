import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParsedDocument } from '../domain/entry.js';
import type { PreparedDocument } from '../store/document-store.js';
import type { SourceFile } from './collect-files.js';
import { type ParseJob, type ParseOutcome, documentOf, outcomeOfError } from './parse-outcome.js';

/** Files sent to the workers ahead of the one being stored: enough to keep them busy, few enough to hold in memory. */
const READ_AHEAD = 8;

export interface FileParser {
	/** The parsed and prepared document of files[index] (or its error); indexes are asked for in increasing order. */
	parse(index: number): Promise<{ document: ParsedDocument; prepared: PreparedDocument | null }>;
	/** Stops the workers; documents still in flight are dropped. */
	close(): Promise<void>;
}

/**
 * The worker's heap bounds. V8 sizes a heap's growth from its limit, and a worker inherits the process's (gigabytes),
 * so its garbage was collected late: measured at 30,000 entries, peak RSS 368–388 MB without these, 313–318 MB with
 * them, at the same speed. 512 MB of old space still parses the largest document ingest accepts (10 MB) many times over.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 16 };

/**
 * Reads and parses files in worker threads, so that extraction (about half of an ingest's CPU time) runs beside
 * the store's writes on another core instead of before them. Results come back in the files' order, errors included.
 * Returns null where the worker script is not built (vitest runs the .ts sources): the caller parses in-process.
 */
export function startParsePool(
	files: readonly SourceFile[],
	options: { maxBytes?: number; workers?: number } = {},
): FileParser | null {
	const script = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
	if (!existsSync(script)) return null;
	const workers = Array.from(
		{ length: Math.max(1, options.workers ?? 1) },
		() => new Worker(script, { resourceLimits: WORKER_HEAP }),
	);
	const pending = new Map<number, Promise<ParseOutcome>>();
	const waiting = new Map<number, (outcome: ParseOutcome) => void>();
	let broken: unknown = null;
	// A worker that dies takes its documents with it: they, and every later one, fail with the cause (a bug).
	const breakDown = (error: unknown) => {
		broken ??= error;
		for (const [id, resolve] of waiting) resolve({ id, ...outcomeOfError(broken) });
		waiting.clear();
	};
	for (const worker of workers) {
		worker.on('message', (outcome: ParseOutcome) => {
			waiting.get(outcome.id)?.(outcome);
			waiting.delete(outcome.id);
		});
		worker.on('error', breakDown);
		worker.on('exit', (code) => breakDown(new Error(`A parse worker stopped unexpectedly (exit code ${code}).`)));
	}
	let sent = 0;
	const sendUpTo = (end: number) => {
		for (; sent < Math.min(end, files.length); sent++) {
			const id = sent;
			const { path, absolutePath } = files[id]!;
			pending.set(
				id,
				new Promise<ParseOutcome>((resolve) => {
					if (broken !== null) return resolve({ id, ...outcomeOfError(broken) });
					waiting.set(id, resolve);
					workers[id % workers.length]!.postMessage({
						id,
						file: { path, absolutePath },
						maxBytes: options.maxBytes,
					} satisfies ParseJob);
				}),
			);
		}
	};
	return {
		async parse(index) {
			sendUpTo(index + 1 + READ_AHEAD);
			const outcome = pending.get(index);
			if (outcome === undefined) throw new Error(`Document ${index} was asked for twice or out of order.`);
			pending.delete(index);
			return documentOf(await outcome);
		},
		async close() {
			for (const worker of workers) worker.removeAllListeners('exit');
			await Promise.all(workers.map((worker) => worker.terminate()));
		},
	};
}
