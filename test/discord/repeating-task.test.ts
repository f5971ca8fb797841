import { describe, expect, it } from 'vitest';
import { createRepeatingTask } from '../../src/discord/repeating-task.js';

/** A promise with its resolve function, to hold a pass open. */
function gate(): { promise: Promise<void>; open: () => void } {
	let open = () => {};
	const promise = new Promise<void>((resolve) => (open = resolve));
	return { promise, open };
}

describe('createRepeatingTask', () => {
	it('never runs two passes at once: runOnce during a pass returns the pass in flight', async () => {
		const held = gate();
		let started = 0;
		const task = createRepeatingTask({
			intervalMs: 60_000,
			pass: async () => {
				started += 1;
				await held.promise;
				return started;
			},
			onError: () => -1,
		});
		const first = task.runOnce();
		const second = task.runOnce();
		expect(second).toBe(first);
		held.open();
		expect(await first).toBe(1);
		expect(await task.runOnce()).toBe(2);
		await task.stop();
	});

	it('turns a failed pass into the onError value and keeps going on the timer', async () => {
		const errors: unknown[] = [];
		let passes = 0;
		const twoPasses = gate();
		const task = createRepeatingTask({
			intervalMs: 1,
			pass: async () => {
				passes += 1;
				if (passes === 2) twoPasses.open();
				throw new Error(`boom ${passes}`);
			},
			onError: (error) => {
				errors.push(error);
				return 'failed';
			},
		});
		task.start();
		await twoPasses.promise;
		await task.stop();
		expect(passes).toBeGreaterThanOrEqual(2);
		expect(String(errors[0])).toBe('Error: boom 1');
	});

	it('stop waits for the pass in flight and no pass starts after it', async () => {
		const held = gate();
		const inPass = gate();
		let passes = 0;
		let finished = false;
		const task = createRepeatingTask({
			intervalMs: 1,
			pass: async () => {
				passes += 1;
				inPass.open();
				await held.promise;
				finished = true;
			},
			onError: () => {},
		});
		task.start();
		await inPass.promise;
		const stopping = task.stop();
		expect(task.stopped).toBe(true);
		held.open();
		await stopping;
		expect(finished).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(passes).toBe(1);
	});
});
