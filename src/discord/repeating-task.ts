/** A pass of background work repeated on a timer: never two passes at once, stoppable between passes. */
export interface RepeatingTask<T> {
	/** Runs a pass now, or returns the one in flight. */
	runOnce(): Promise<T>;
	/** The first pass after `delayMs` (default now), then one `intervalMs` after each pass ends. */
	start(delayMs?: number): void;
	/** No pass starts after this; resolves when the one in flight has ended. */
	stop(): Promise<void>;
	readonly stopped: boolean;
}

export interface RepeatingTaskOptions<T> {
	readonly intervalMs: number;
	readonly pass: () => Promise<T>;
	/** What a failed pass yields (after logging it); the next pass tries again. */
	readonly onError: (error: unknown) => T;
}

/**
 * The timer loop the scheduler, the feed poller and watch notifications share. The next pass is timed from the end
 * of the last one, so a slow pass (a hung request, a big ingest) never stacks passes up; timers are unref'd so they
 * never hold the process open.
 */
export function createRepeatingTask<T>(options: RepeatingTaskOptions<T>): RepeatingTask<T> {
	let timer: NodeJS.Timeout | null = null;
	let running: Promise<T> | null = null;
	let stopped = false;

	function runOnce(): Promise<T> {
		running ??= options
			.pass()
			.catch(options.onError)
			.finally(() => {
				running = null;
			});
		return running;
	}

	function schedule(delayMs: number): void {
		if (stopped) return;
		timer = setTimeout(() => {
			void runOnce().finally(() => schedule(options.intervalMs));
		}, delayMs);
		timer.unref();
	}

	return {
		runOnce,
		start: (delayMs = 0) => schedule(delayMs),
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running?.catch(() => {});
		},
		get stopped() {
			return stopped;
		},
	};
}
