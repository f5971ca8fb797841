import { describe, expect, it } from 'vitest';
import { createCooldowns } from '../../src/discord/cooldowns.js';

describe('createCooldowns', () => {
	it('makes the same user wait for the same command only, rounding the wait up to whole seconds', () => {
		let now = 1_000_000;
		const cooldowns = createCooldowns(() => now);
		expect(cooldowns.take('u1', 'search', 3)).toBe(0);
		expect(cooldowns.take('u1', 'search', 3)).toBe(3);
		expect(cooldowns.take('u2', 'search', 3)).toBe(0);
		expect(cooldowns.take('u1', 'stats', 10)).toBe(0);
		now += 2_100;
		expect(cooldowns.take('u1', 'search', 3)).toBe(1);
		now += 900;
		expect(cooldowns.take('u1', 'search', 3)).toBe(0);
	});

	it('forgets a released cooldown (a run refused for bad input)', () => {
		const cooldowns = createCooldowns(() => 0);
		cooldowns.take('u1', 'search', 3);
		cooldowns.release('u1', 'search');
		expect(cooldowns.take('u1', 'search', 3)).toBe(0);
	});

	it('evicts expired entries and never holds more than its cap', () => {
		let now = 0;
		const cooldowns = createCooldowns(() => now, 100);
		for (let i = 0; i < 1_000; i += 1) cooldowns.take(`user${i}`, 'search', 60);
		expect(cooldowns.size).toBe(100);
		now += 61_000;
		cooldowns.take('late', 'search', 3);
		expect(cooldowns.size).toBe(1);
	});
});
