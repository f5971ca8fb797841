import { describe, expect, it } from 'vitest';
import { INGEST_HEAP_GROWING_PERCENT, createLeanHeap } from '../../src/ingest/lean-heap.js';

const bounded = `--heap-growing-percent=${INGEST_HEAP_GROWING_PERCENT}`;
const restored = '--heap-growing-percent=0';

function recorder() {
	const set: string[] = [];
	return { set, setFlags: (flags: string) => void set.push(flags) };
}

describe('lean heap during ingest runs', () => {
	it('bounds growth for the run and restores V8 heuristics after it', async () => {
		const { set, setFlags } = recorder();
		const heap = createLeanHeap(setFlags, false);
		const result = await heap.during(async () => {
			expect(set).toEqual([bounded]);
			return 42;
		});
		expect(result).toBe(42);
		expect(set).toEqual([bounded, restored]);
	});

	it('keeps the bound until the last of overlapping runs ends', async () => {
		const { set, setFlags } = recorder();
		const heap = createLeanHeap(setFlags, false);
		let releaseFirst!: () => void;
		const first = heap.during(() => new Promise<void>((resolve) => (releaseFirst = resolve)));
		const second = heap.during(async () => expect(set).toEqual([bounded]));
		await second;
		expect(set).toEqual([bounded]);
		releaseFirst();
		await first;
		expect(set).toEqual([bounded, restored]);
	});

	it('restores the setting when a run fails', async () => {
		const { set, setFlags } = recorder();
		const heap = createLeanHeap(setFlags, false);
		await expect(heap.during(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
		expect(set).toEqual([bounded, restored]);
		await heap.during(async () => undefined);
		expect(set).toEqual([bounded, restored, bounded, restored]);
	});

	it('leaves an operator’s own --heap-growing-percent alone', async () => {
		const { set, setFlags } = recorder();
		const heap = createLeanHeap(setFlags, true);
		expect(await heap.during(async () => 'done')).toBe('done');
		expect(set).toEqual([]);
	});

	it('reads the operator’s choice from NODE_OPTIONS too', async () => {
		const before = process.env.NODE_OPTIONS;
		try {
			for (const [options, chose] of [
				['--enable-source-maps --heap-growing-percent=40', true],
				['--enable-source-maps --max-old-space-size=512', false],
			] as const) {
				process.env.NODE_OPTIONS = options;
				const { set, setFlags } = recorder();
				await createLeanHeap(setFlags).during(async () => undefined);
				expect(set.length === 0).toBe(chose);
			}
		} finally {
			if (before === undefined) delete process.env.NODE_OPTIONS;
			else process.env.NODE_OPTIONS = before;
		}
	});
});
