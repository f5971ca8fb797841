/** Small statistics and formatting helpers of the benchmark. */

export interface Distribution {
	readonly n: number;
	readonly p50: number;
	readonly p99: number;
	readonly mean: number;
	readonly max: number;
}

/** Nearest-rank percentile of ascending `sorted` values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function distribution(samples: readonly number[]): Distribution {
	const sorted = [...samples].sort((a, b) => a - b);
	const sum = sorted.reduce((total, x) => total + x, 0);
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p99: percentile(sorted, 99),
		mean: sorted.length ? sum / sorted.length : Number.NaN,
		max: sorted.at(-1) ?? Number.NaN,
	};
}

/** Rounds to a few significant decimals for JSON output (3 below 10, 2 below 100, 1 above). */
export function round(value: number): number {
	if (!Number.isFinite(value)) return value;
	const digits = Math.abs(value) < 10 ? 3 : Math.abs(value) < 100 ? 2 : 1;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export const MB = 1024 * 1024;

/** Peak resident set size of this process so far, in MB (resourceUsage reports kilobytes). */
export function peakRssMb(): number {
	return round(process.resourceUsage().maxRSS / 1024);
}

export function heapUsedMb(): number {
	return round(process.memoryUsage().heapUsed / MB);
}

/** 12,345 */
export function thousands(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

/** A duration for the table: 0.42 ms, 12.3 ms, 1,234 ms. */
export function ms(value: number): string {
	if (!Number.isFinite(value)) return '—';
	if (value < 10) return `${value.toFixed(2)} ms`;
	if (value < 100) return `${value.toFixed(1)} ms`;
	return `${thousands(value)} ms`;
}
