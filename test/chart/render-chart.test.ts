import { describe, expect, it } from 'vitest';
import type { BarChartSpec } from '../../src/chart/chart-spec.js';
import { CHART_THEME, chartSize, chartText, renderChart } from '../../src/chart/render-chart.js';
import { decodePng } from './png.js';

const QUARTERS: BarChartSpec = {
	title: 'Entries per quarter',
	subtitle: 'Hunan 湖南 · 2019 Q1 – 2020 Q2',
	footnote: '3 entries without an exact date not shown · ngo-bot',
	orientation: 'vertical',
	categoryTitle: 'Quarter',
	valueTitle: 'Entries',
	color: '#2f6fd6',
	bars: [
		{ label: '2019 Q1', value: 5 },
		{ label: '2019 Q2', value: 3 },
		{ label: '2019 Q3', value: 0 },
		{ label: '2019 Q4', value: 1 },
		{ label: '2020 Q1', value: 2 },
		{ label: '2020 Q2', value: 13 },
	],
};

const PROVINCES = (count: number): BarChartSpec => ({
	title: 'Entries by province',
	subtitle: 'All entries',
	footnote: null,
	orientation: 'horizontal',
	categoryTitle: 'Province',
	valueTitle: 'Entries',
	color: '#c8621a',
	bars: Array.from({ length: count }, (_, i) => ({ label: `Province ${i + 1}`, value: count - i })),
});

describe('renderChart', () => {
	it('draws a vertical timeline as a 1000×500 PNG with bars, text and an opaque card', async () => {
		const png = await decodePng(await renderChart(QUARTERS));
		expect({ width: png.width, height: png.height }).toEqual({ width: 1_000, height: 500 });
		expect(chartSize(QUARTERS)).toEqual({ width: 1_000, height: 500 });
		// Anti-aliased text, bars and grid make many colours; a blank or one-colour image has 1 or 2.
		expect(png.colors).toBeGreaterThan(50);
		expect(png.inked).toBeGreaterThan(0.05);
		expect(png.has('#2f6fd6')).toBe(true);
		// Opaque everywhere that matters: the corners and the middle, so Discord's theme never shows through.
		for (const [x, y] of [
			[0, 0],
			[999, 499],
			[500, 250],
			[5, 250],
		] as const) {
			expect(png.pixel(x, y)[3], `alpha at ${x},${y}`).toBe(255);
		}
		expect(png.pixel(10, 10).slice(0, 3)).toEqual([255, 255, 255]);
		expect(CHART_THEME.background).toBe('#ffffff');
	});

	it('draws taller horizontal charts for more categories, at the size chartSize reports', async () => {
		const few = PROVINCES(4);
		const many = PROVINCES(20);
		const [small, large] = await Promise.all([renderChart(few).then(decodePng), renderChart(many).then(decodePng)]);
		expect({ width: small.width, height: small.height }).toEqual(chartSize(few));
		expect({ width: large.width, height: large.height }).toEqual(chartSize(many));
		expect(large.height).toBeGreaterThan(small.height);
		expect(large.has('#c8621a')).toBe(true);
		expect(large.colors).toBeGreaterThan(50);
	});

	it('still draws a chart whose every bar is zero (axes, labels and title, no bars)', async () => {
		const png = await decodePng(
			await renderChart({ ...QUARTERS, bars: QUARTERS.bars.map((b) => ({ ...b, value: 0 })) }),
		);
		expect(png.has('#2f6fd6')).toBe(false);
		expect(png.colors).toBeGreaterThan(20);
	});

	it('renders the same spec to the same bytes (no clock, no randomness)', async () => {
		const [a, b] = await Promise.all([renderChart(QUARTERS), renderChart(QUARTERS)]);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
	});
});

describe('chartText', () => {
	it('drops characters the bundled font cannot draw instead of drawing boxes', () => {
		expect(chartText('Hunan 湖南')).toBe('Hunan');
		expect(chartText('Animals Asia Foundation (亚洲动物基金)')).toBe('Animals Asia Foundation');
		expect(chartText('Hunan 湖南 · 2019 Q1 – 2020 Q2')).toBe('Hunan · 2019 Q1 – 2020 Q2');
		expect(chartText('亚洲动物基金')).toBe('?');
		expect(chartText('亚洲动物基金', '')).toBe('');
	});

	it('keeps Latin text with accents, dashes and pinyin tone marks as it is', () => {
		for (const text of ['Associazione Italiana Amici di Raoul Follereau', 'Xī’ān · 2019 Q1 – 2019 Q2', 'Zürich']) {
			expect(chartText(text)).toBe(text);
		}
	});
});
