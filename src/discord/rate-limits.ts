/**
 * How much a user, and a whole server, may ask of the bot: one token bucket per user and one per server, costed by
 * work (a lookup costs 1 unit, a big export many). A bucket holds `burst` units and refills `perMinute` units a
 * minute, so a person's few quick lookups in a row pass at once while a script firing many a second is slowed to
 * the steady rate. A run costing more than is left still passes when the bucket is full enough to start it; the
 * rest becomes a debt the next runs wait for (an export of the whole corpus is never refused, but is paid for).
 */

/** One bucket's size and refill. */
export interface BucketSettings {
	/** Units a full bucket holds: what may be spent at once. */
	readonly burst: number;
	/** Units refilled per minute: the steady rate. */
	readonly perMinute: number;
}

export interface LimitSettings {
	readonly user: BucketSettings;
	/** The ceiling of one server, shared by its members (DMs have none). */
	readonly server: BucketSettings;
}

/**
 * Ten lookups at once, then one every two seconds, per person; a server's members together may send a thousand
 * at once (a burst of lookups the admission queue answers within Discord's deadline), then ten a second.
 */
export const DEFAULT_LIMITS: LimitSettings = {
	user: { burst: 10, perMinute: 30 },
	server: { burst: 1_000, perMinute: 600 },
};

/** Past this many buckets per scope the fullest are forgotten (a full bucket is the same as no bucket). */
export const MAX_BUCKETS = 10_000;

export type LimitVerdict =
	| { readonly ok: true }
	/** Refused: who ran out, and when (epoch ms) there will be enough for this run. */
	| { readonly ok: false; readonly scope: 'user' | 'server'; readonly retryAt: number };

export interface RateLimits {
	/** Spends `units` for this user and server when both can start the run; otherwise spends nothing. */
	take(userId: string, guildId: string | null, units: number): LimitVerdict;
	/** Spends more once the run knows its size (may go into debt). */
	charge(userId: string, guildId: string | null, units: number): void;
	/** Gives units back (a run refused for bad input: fixing a typo should not cost a wait). */
	refund(userId: string, guildId: string | null, units: number): void;
	/** Buckets held (for tests and health checks). */
	readonly size: number;
}

interface Bucket {
	tokens: number;
	at: number;
}

/** A keyed set of buckets on an injected clock (epoch ms). */
function bucketsOf(settings: BucketSettings, nowMs: () => number, maxBuckets: number) {
	const buckets = new Map<string, Bucket>();
	const perMs = settings.perMinute / 60_000;

	/** The bucket as it stands now (a new key starts full). */
	function current(key: string): Bucket {
		const now = nowMs();
		const bucket = buckets.get(key);
		if (!bucket) return { tokens: settings.burst, at: now };
		return { tokens: Math.min(settings.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs), at: now };
	}

	function store(key: string, bucket: Bucket): void {
		buckets.delete(key);
		// Full again: nothing to remember.
		if (bucket.tokens >= settings.burst) return;
		buckets.set(key, bucket);
		// Insertion order is last use: the first ones have refilled the longest.
		for (const [old] of buckets) {
			if (buckets.size <= maxBuckets) break;
			buckets.delete(old);
		}
	}

	return {
		/** When (epoch ms) this key can start a run of `units`, or null for now. */
		blockedUntil(key: string, units: number): number | null {
			const bucket = current(key);
			const needed = Math.min(units, settings.burst);
			if (bucket.tokens >= needed) return null;
			return bucket.at + Math.ceil((needed - bucket.tokens) / perMs);
		},
		add(key: string, units: number): void {
			const bucket = current(key);
			store(key, { tokens: Math.min(settings.burst, bucket.tokens + units), at: bucket.at });
		},
		get size() {
			return buckets.size;
		},
	};
}

/** Token buckets per user and per server, on an injected clock (epoch ms). */
export function createRateLimits(
	nowMs: () => number,
	settings: LimitSettings = DEFAULT_LIMITS,
	maxBuckets = MAX_BUCKETS,
): RateLimits {
	const users = bucketsOf(settings.user, nowMs, maxBuckets);
	const servers = bucketsOf(settings.server, nowMs, maxBuckets);
	const spend = (userId: string, guildId: string | null, units: number) => {
		users.add(userId, -units);
		if (guildId !== null) servers.add(guildId, -units);
	};
	return {
		take(userId, guildId, units) {
			if (units <= 0) return { ok: true };
			const user = users.blockedUntil(userId, units);
			if (user !== null) return { ok: false, scope: 'user', retryAt: user };
			const server = guildId === null ? null : servers.blockedUntil(guildId, units);
			if (server !== null) return { ok: false, scope: 'server', retryAt: server };
			spend(userId, guildId, units);
			return { ok: true };
		},
		charge(userId, guildId, units) {
			if (units > 0) spend(userId, guildId, units);
		},
		refund(userId, guildId, units) {
			if (units <= 0) return;
			users.add(userId, units);
			if (guildId !== null) servers.add(guildId, units);
		},
		get size() {
			return users.size + servers.size;
		},
	};
}

/** The private answer to a refused run: who ran out, and when to try again as a Discord timestamp. */
export function limitMessage(
	verdict: Extract<LimitVerdict, { ok: false }>,
	command: string,
	settings: LimitSettings = DEFAULT_LIMITS,
): string {
	// Rounded up: Discord shows "in 1 second" rather than "now" for a wait under a second.
	const at = Math.ceil(verdict.retryAt / 1000);
	if (verdict.scope === 'server') {
		return `⏳ This server has sent ngo-bot more commands in the last minutes than it answers for one server: /${command} can run again <t:${at}:R>.`;
	}
	const { burst, perMinute } = settings.user;
	const pace = perMinute >= 60 ? `${Math.round(perMinute / 60)} a second` : `one every ${Math.round(60 / perMinute)} s`;
	return `⏳ You are sending commands faster than ngo-bot answers them, so it is slowing you down: /${command} can run again <t:${at}:R>. Up to ${burst} lookups in a row are fine, then about ${pace}.`;
}
