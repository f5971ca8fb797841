import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { drawChart } from '../chart/draw-chart.js';
import { UserFacingError } from '../domain/errors.js';
import type { ChartFigure } from '../summarize/chart-summary.js';
import type { CliCommand } from './command.js';
import { UsageError } from './command.js';
import { writeFileAtomically } from './output.js';

/** The --chart path, checked before any work: it must name a .png file. */
export function chartPath(value: unknown, command: CliCommand): string | null {
	if (value === undefined) return null;
	if (typeof value !== 'string' || !/\.png$/i.test(value) || /[\\/]$/.test(value)) {
		throw new UsageError(`--chart writes a PNG image: give a file name ending in .png, e.g. --chart out.png.`, command);
	}
	return value;
}

/** Draws the chart and writes it through a temporary file, so an interrupted run leaves no broken image. */
export async function writeChart(path: string, figure: ChartFigure | null, err: NodeJS.WritableStream): Promise<void> {
	if (!figure) throw new UserFacingError(`Nothing to chart: no entries with a date match. ${path} was not written.`);
	const folder = dirname(path);
	if (!(await stat(folder).catch(() => null))?.isDirectory()) {
		throw new UserFacingError(
			`Cannot write ${path}: the folder ${folder} does not exist. Create it or choose another --chart path.`,
		);
	}
	const png = await drawChart(figure.spec);
	await writeFileAtomically(path, async (stream) => {
		stream.write(png);
	});
	err.write(`Wrote the chart “${figure.spec.title}” to ${path} (${png.byteLength} bytes).\n`);
}
