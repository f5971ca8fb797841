/** One bar: its axis label and its value. */
export interface ChartBar {
	readonly label: string;
	readonly value: number;
}

/** What a chart shows, as plain data: summaries build it, `renderChart` draws it. */
export interface BarChartSpec {
	/** Bold first line, e.g. "Entries per quarter". */
	readonly title: string;
	/** Second line stating the filters, e.g. "Hunan · 2019 Q1 – 2020 Q2". */
	readonly subtitle: string | null;
	/** Small print under the chart (undated entries left out, the source). */
	readonly footnote: string | null;
	/** Vertical bars over time; horizontal bars for named categories (provinces, types). */
	readonly orientation: 'vertical' | 'horizontal';
	/** Title of the category axis ("Quarter", "Province"). */
	readonly categoryTitle: string;
	/** Title of the value axis ("Entries"). */
	readonly valueTitle: string;
	readonly bars: readonly ChartBar[];
	/** Bar colour (CSS); readable on the chart's light card. */
	readonly color: string;
}
