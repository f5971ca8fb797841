import type { BarChartSpec } from './chart-spec.js';

/**
 * Renders a chart, loading Chart.js and the canvas (about 0.2 s) on first use only, so the CLI commands and
 * deploy-commands that never draw do not pay for them.
 */
export async function drawChart(spec: BarChartSpec): Promise<Uint8Array> {
	const { renderChart } = await import('./render-chart.js');
	return renderChart(spec);
}
