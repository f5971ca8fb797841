import { describe, expect, it } from 'vitest';
import { exportCost } from '../../commands/export.js';
import { createRateLimits, limitMessage } from '../../src/discord/rate-limits.js';

const SETTINGS = { user: { burst: 10, perMinute: 30 }, server: { burst: 40, perMinute: 120 } };
const GUILD = 'g1';

/** Runs `count` takes of `units`, `everyMs` apart; returns how many were refused. */
function refusedOf(
	limits: ReturnType<typeof createRateLimits>,
	clock: { now: number },
	count: number,
	everyMs: number,
	user = 'u1',
) {
	let refused = 0;
	for (let i = 0; i < count; i++) {
		if (!limits.take(user, GUILD, 1).ok) refused++;
		clock.now += everyMs;
	}
	return refused;
}

describe('createRateLimits', () => {
	it('never refuses a person: twenty lookups two seconds apart, then four at once', () => {
		const clock = { now: 1_000_000 };
		const limits = createRateLimits(() => clock.now, SETTINGS);
		expect(refusedOf(limits, clock, 20, 2_000)).toBe(0);
		expect(refusedOf(limits, clock, 4, 0)).toBe(0);
	});

	it('slows a script firing ten a second to the steady rate, and says when to retry', () => {
		const clock = { now: 1_000_000 };
		const limits = createRateLimits(() => clock.now, SETTINGS);
		// Thirty in three seconds: the burst of ten, plus the 1.5 units refilled meanwhile.
		expect(refusedOf(limits, clock, 30, 100)).toBe(19);
		const verdict = limits.take('u1', GUILD, 1);
		expect(verdict).toMatchObject({ ok: false, scope: 'user' });
		if (verdict.ok) return;
		// One unit refills in two seconds; the wait is counted from now.
		expect(verdict.retryAt - clock.now).toBeGreaterThan(0);
		expect(verdict.retryAt - clock.now).toBeLessThanOrEqual(2_000);
		clock.now = verdict.retryAt;
		expect(limits.take('u1', GUILD, 1).ok).toBe(true);
	});

	it('holds other users and DMs apart from the one slowed down', () => {
		const clock = { now: 0 };
		const limits = createRateLimits(() => clock.now, SETTINGS);
		refusedOf(limits, clock, 12, 0);
		expect(limits.take('u1', GUILD, 1).ok).toBe(false);
		expect(limits.take('u2', GUILD, 1).ok).toBe(true);
		expect(limits.take('u1', null, 1).ok).toBe(false);
	});

	it('costs work: a big run passes on a full bucket and leaves a debt the next runs wait for', () => {
		const clock = { now: 0 };
		const limits = createRateLimits(() => clock.now, SETTINGS);
		expect(limits.take('u1', GUILD, 2).ok).toBe(true);
		limits.charge('u1', GUILD, 30);
		const verdict = limits.take('u1', GUILD, 1);
		expect(verdict).toMatchObject({ ok: false, scope: 'user' });
		// 10 − 2 − 30 = −22: 23 units to refill at half a unit a second.
		expect(verdict.ok ? 0 : verdict.retryAt).toBe(46_000);
		clock.now = 46_000;
		expect(limits.take('u1', GUILD, 1).ok).toBe(true);
	});

	it('gives back what a run refused for bad input spent', () => {
		const clock = { now: 0 };
		const limits = createRateLimits(() => clock.now, SETTINGS);
		for (let i = 0; i < 10; i++) {
			expect(limits.take('u1', GUILD, 1).ok).toBe(true);
			limits.refund('u1', GUILD, 1);
		}
		expect(refusedOf(limits, clock, 10, 0)).toBe(0);
	});

	it('caps a server: its members together cannot pass its ceiling, each within their own allowance', () => {
		const clock = { now: 0 };
		const limits = createRateLimits(() => clock.now, SETTINGS);
		let refused = 0;
		for (let user = 0; user < 10; user++) refused += refusedOf(limits, clock, 5, 0, `member${user}`);
		expect(refused).toBe(10);
		const verdict = limits.take('member99', GUILD, 1);
		expect(verdict).toMatchObject({ ok: false, scope: 'server' });
		// Another server, and a DM, are not held up.
		expect(limits.take('member99', 'g2', 1).ok).toBe(true);
		expect(limits.take('member98', null, 1).ok).toBe(true);
	});

	it('forgets full buckets and never holds more than its cap', () => {
		const clock = { now: 0 };
		const limits = createRateLimits(() => clock.now, SETTINGS, 100);
		for (let i = 0; i < 1_000; i++) limits.take(`user${i}`, null, 1);
		expect(limits.size).toBe(100);
		clock.now += 60_000;
		// Refilled buckets are dropped as they are touched.
		for (let i = 900; i < 1_000; i++) limits.refund(`user${i}`, null, 0.001);
		expect(limits.size).toBe(0);
	});

	it('words the wait with a Discord timestamp, rounded up to the next second', () => {
		const user = limitMessage({ ok: false, scope: 'user', retryAt: 1_700_000_000_400 }, 'search', SETTINGS);
		expect(user).toBe(
			'⏳ You are sending commands faster than ngo-bot answers them, so it is slowing you down: /search can run again <t:1700000001:R>. Up to 10 lookups in a row are fine, then about one every 2 s.',
		);
		const server = limitMessage({ ok: false, scope: 'server', retryAt: 1_700_000_000_000 }, 'export', SETTINGS);
		expect(server).toMatch(/^⏳ This server .* \/export can run again <t:1700000000:R>\.$/);
	});
});

describe('what an export costs', () => {
	it('is cheap for a few hundred entries and grows with the size, up to a ceiling', () => {
		expect(exportCost(300)).toBe(0);
		expect(exportCost(2_500)).toBe(2);
		expect(exportCost(100_000)).toBe(60);
		expect(exportCost(10_000_000)).toBe(60);
	});
});
