/** Counts kept by the dispatcher's error boundary since the process started (shown by /health). */
export interface InteractionCounts {
	/** Interactions received (commands, autocomplete, components). */
	readonly interactions: number;
	/** Bad input or refusals answered with `❌ …` (expected: not errors of the bot). */
	readonly userErrors: number;
	/** Unexpected failures answered with `🐞 … (ref …)` and logged at error level. */
	readonly unexpectedErrors: number;
	/** Autocomplete handlers that failed (nothing is shown to the user; logged at warn level). */
	readonly autocompleteFailures: number;
	/** Answers Discord no longer accepted (after the 3-second deadline or the token's life) or that failed to send. */
	readonly undeliveredAnswers: number;
}

export type InteractionCountKey = keyof InteractionCounts;

export interface InteractionMetrics {
	count(key: InteractionCountKey): void;
	snapshot(): InteractionCounts;
}

/** In-process counters; each shard counts its own (the /health report sums them across shards). */
export function createInteractionMetrics(): InteractionMetrics {
	const counts: Record<InteractionCountKey, number> = {
		interactions: 0,
		userErrors: 0,
		unexpectedErrors: 0,
		autocompleteFailures: 0,
		undeliveredAnswers: 0,
	};
	return {
		count(key) {
			counts[key]++;
		},
		snapshot: () => ({ ...counts }),
	};
}
