import { createRequire } from 'node:module';
import { type SKRSContext2D, GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type ChartItem, type Plugin, registerables } from 'chart.js';
import type { BarChartSpec } from './chart-spec.js';

Chart.register(...registerables);

/** The bundled font, so a chart looks the same on every machine whatever fonts the system has. */
const FONT_FAMILY = 'ngo-bot DejaVu Sans';
let fontFamily: string | null = null;

function registeredFont(): string {
	if (fontFamily === null) {
		const require = createRequire(import.meta.url);
		let registered: boolean;
		try {
			registered = Boolean(
				GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT_FAMILY),
			);
			GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), FONT_FAMILY);
		} catch {
			registered = false;
		}
		// Without the bundled font the system's sans-serif still draws Latin text.
		fontFamily = registered ? `'${FONT_FAMILY}', sans-serif` : 'sans-serif';
	}
	return fontFamily;
}

/**
 * An opaque light card with dark text: legible pasted into Discord's dark theme (#313338) and light theme (#ffffff),
 * unlike a transparent chart whose text would vanish in one of them. Text colours reach at least 7:1 on the card.
 */
export const CHART_THEME = {
	background: '#ffffff',
	border: '#c9ced6',
	text: '#1f2328',
	muted: '#4b535d',
	grid: '#e3e6ea',
} as const;

export const CHART_WIDTH = 1_000;
export const TIMELINE_HEIGHT = 500;
const BAR_ROW = 28;
const MIN_HEIGHT = 320;
const MAX_HEIGHT = 1_400;

/** Pixel size of a spec's PNG: fixed for timelines, growing with the number of rows for horizontal bars. */
export function chartSize(spec: BarChartSpec): { width: number; height: number } {
	if (spec.orientation === 'vertical') return { width: CHART_WIDTH, height: TIMELINE_HEIGHT };
	const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, 190 + BAR_ROW * spec.bars.length));
	return { width: CHART_WIDTH, height };
}

// CJK, Hangul, full-width forms and CJK punctuation: DejaVu Sans has no glyphs for them (they would draw as boxes).
const NO_GLYPHS = /[\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+/gu;

/**
 * Text the bundled font can draw: characters it lacks (Chinese names) are dropped with the brackets around them,
 * so "Hunan 湖南" reads "Hunan" rather than "Hunan □□". The answer's text keeps the full names.
 */
export function chartText(text: string, fallback = '?'): string {
	const cleaned = text
		.replace(NO_GLYPHS, '')
		.replace(/\(\s*\)|\[\s*\]|（\s*）/g, '')
		.replace(/\s+([,.;:)])/g, '$1')
		.replace(/\s{2,}/g, ' ')
		.replace(/^[\s·,;:–—-]+|[\s·,;:–—-]+$/g, '')
		.trim();
	return cleaned || fallback;
}

/** Draws each bar's number at its end, so values are read without estimating against the grid. */
const valueLabels: Plugin<'bar'> = {
	id: 'ngoValueLabels',
	afterDatasetsDraw(chart) {
		const meta = chart.getDatasetMeta(0);
		const values = chart.data.datasets[0]?.data ?? [];
		const horizontal = chart.options.indexAxis === 'y';
		const count = values.length;
		// Past ~48 vertical bars the numbers would overlap; the text answer still lists every value.
		if (count === 0 || (!horizontal && count > 48)) return;
		const { ctx } = chart;
		ctx.save();
		ctx.fillStyle = CHART_THEME.text;
		ctx.font = `${!horizontal && count > 24 ? 10 : 13}px ${registeredFont()}`;
		meta.data.forEach((element, i) => {
			const value = values[i];
			if (typeof value !== 'number') return;
			const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
			if (horizontal) {
				ctx.textAlign = 'left';
				ctx.textBaseline = 'middle';
				ctx.fillText(String(value), x + 6, y);
			} else {
				ctx.textAlign = 'center';
				ctx.textBaseline = 'bottom';
				ctx.fillText(String(value), x, y - 4);
			}
		});
		ctx.restore();
	},
};

/** The opaque card behind everything, with a hairline border so it also stands out on a white page. */
const card: Plugin<'bar'> = {
	id: 'ngoCard',
	beforeDraw(chart) {
		const { ctx, width, height } = chart;
		ctx.save();
		ctx.fillStyle = CHART_THEME.background;
		ctx.fillRect(0, 0, width, height);
		ctx.strokeStyle = CHART_THEME.border;
		ctx.lineWidth = 2;
		ctx.strokeRect(1, 1, width - 2, height - 2);
		ctx.restore();
	},
};

function footnote(text: string | null): Plugin<'bar'> {
	return {
		id: 'ngoFootnote',
		afterDraw(chart) {
			if (!text) return;
			const { ctx, height } = chart;
			ctx.save();
			ctx.fillStyle = CHART_THEME.muted;
			ctx.font = `12px ${registeredFont()}`;
			ctx.textAlign = 'left';
			ctx.textBaseline = 'bottom';
			ctx.fillText(text, 16, height - 10);
			ctx.restore();
		},
	};
}

/** Renders a bar chart as PNG bytes with Chart.js on a server-side canvas (tens of milliseconds). */
export async function renderChart(spec: BarChartSpec): Promise<Uint8Array> {
	const family = registeredFont();
	const { width, height } = chartSize(spec);
	const canvas = createCanvas(width, height);
	const horizontal = spec.orientation === 'horizontal';
	const labels = spec.bars.map((bar) => chartText(bar.label));
	const note = spec.footnote ? chartText(spec.footnote, '') : null;
	const max = Math.max(0, ...spec.bars.map((bar) => bar.value));
	const valueAxis = {
		beginAtZero: true,
		// Room above the tallest bar for its number; counts are whole.
		suggestedMax: Math.max(1, Math.ceil(max * 1.08)),
		ticks: { precision: 0, color: CHART_THEME.muted, font: { family, size: 13 } },
		grid: { color: CHART_THEME.grid },
		border: { color: CHART_THEME.border },
		title: { display: true, text: chartText(spec.valueTitle), color: CHART_THEME.text, font: { family, size: 14 } },
	};
	const categoryAxis = {
		ticks: {
			color: CHART_THEME.text,
			font: { family, size: 13 },
			autoSkip: !horizontal,
			maxRotation: horizontal ? 0 : 50,
		},
		grid: { display: false },
		border: { color: CHART_THEME.border },
		title: { display: true, text: chartText(spec.categoryTitle), color: CHART_THEME.text, font: { family, size: 14 } },
	};
	const config: ChartConfiguration<'bar'> = {
		type: 'bar',
		data: {
			labels,
			datasets: [
				{
					data: spec.bars.map((bar) => bar.value),
					backgroundColor: spec.color,
					borderColor: spec.color,
					maxBarThickness: horizontal ? 22 : 64,
				},
			],
		},
		options: {
			responsive: false,
			animation: false,
			devicePixelRatio: 1,
			indexAxis: horizontal ? 'y' : 'x',
			layout: { padding: { top: 8, right: horizontal ? 48 : 24, bottom: note ? 30 : 12, left: 16 } },
			scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
			plugins: {
				legend: { display: false },
				tooltip: { enabled: false },
				title: {
					display: true,
					text: chartText(spec.title),
					color: CHART_THEME.text,
					font: { family, size: 20, weight: 'bold' },
					padding: { top: 12, bottom: spec.subtitle ? 2 : 12 },
				},
				subtitle: {
					display: Boolean(spec.subtitle),
					text: spec.subtitle ? chartText(spec.subtitle, '') : '',
					color: CHART_THEME.muted,
					font: { family, size: 14 },
					padding: { bottom: 12 },
				},
			},
		},
		plugins: [card, valueLabels, footnote(note)],
	};
	// Chart.js drives any 2D context with the canvas API; @napi-rs/canvas provides one without a DOM.
	const context: SKRSContext2D = canvas.getContext('2d');
	const chart = new Chart(context as unknown as ChartItem, config);
	try {
		return await canvas.encode('png');
	} finally {
		chart.destroy();
	}
}
