/** Past this many live entries the oldest are dropped, so a flood of users cannot grow memory without bound. */
export const MAX_COOLDOWN_ENTRIES = 10_000;

export interface Cooldowns {
	/**
	 * Starts a cooldown of `seconds` for this user and command and returns 0, or returns the whole seconds still to
	 * wait (at least 1) when the previous one has not ended.
	 */
	take(userId: string, command: string, seconds: number): number;
	/** Ends a cooldown early (the run was refused for bad input: fixing a typo should not cost a wait). */
	release(userId: string, command: string): void;
	/** Live entries (for tests and health checks). */
	readonly size: number;
}

/** Per-user, per-command cooldowns on an injected clock (epoch ms); expired entries are evicted as time passes. */
export function createCooldowns(nowMs: () => number, maxEntries = MAX_COOLDOWN_ENTRIES): Cooldowns {
	// Insertion order is start order; entries are re-inserted on each start, so the first ones end soonest.
	const endsAt = new Map<string, number>();
	const keyOf = (userId: string, command: string) => `${command}\u0000${userId}`;

	function evict(now: number): void {
		for (const [key, end] of endsAt) {
			if (end > now && endsAt.size <= maxEntries) break;
			endsAt.delete(key);
		}
	}

	return {
		take(userId, command, seconds) {
			const now = nowMs();
			evict(now);
			const key = keyOf(userId, command);
			const end = endsAt.get(key);
			if (end !== undefined && end > now) return Math.max(1, Math.ceil((end - now) / 1000));
			endsAt.delete(key);
			if (seconds > 0) endsAt.set(key, now + seconds * 1000);
			evict(now);
			return 0;
		},
		release(userId, command) {
			endsAt.delete(keyOf(userId, command));
		},
		get size() {
			return endsAt.size;
		},
	};
}
