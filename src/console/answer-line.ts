import { commands as allCommands } from '../../commands/index.js';
import { drawChart } from '../chart/draw-chart.js';
import type { CommandDefinition } from '../command/definition.js';
import { consoleHelpText } from '../command/help.js';
import type { CommandServices } from '../command/services.js';
import type { IsoDate } from '../domain/entry.js';
import { renderTimelineText } from '../render/chart-reply.js';
import { renderAnswerText, renderEntryText, renderNoMatchText, plainText, renderReplyText } from '../render/text.js';
import { type ConsoleOutcome, runLine } from './run-line.js';

/** A file an answer brings (an export, a timeline's chart), made when the console writes it. */
export interface AnswerFile {
	readonly name: string;
	data(): Promise<Uint8Array>;
}

/** One console or `ask` line answered: the outcome, its terminal text, its JSON form and its files. */
export interface LineAnswer {
	readonly outcome: ConsoleOutcome;
	readonly text: string;
	readonly json: unknown;
	readonly files: readonly AnswerFile[];
}

export interface AnswerLineOptions {
	/** The commands answered (default: every command of commands/index.ts). */
	readonly commands?: readonly CommandDefinition[];
}

/** Parses, runs and renders one command line. */
export async function answerLine(
	line: string,
	services: CommandServices,
	today: IsoDate,
	options: AnswerLineOptions = {},
): Promise<LineAnswer> {
	const commands = options.commands ?? allCommands;
	const found = await runLine(line, { commands, services, today });
	// Refusals read as errors here: the console has no private answers to put them in.
	const outcome: ConsoleOutcome = found.kind === 'refused' ? { kind: 'error', message: found.message } : found;
	const text = renderOutcomeText(outcome, commands);
	return { outcome, text, json: outcomeJson(line, outcome, text), files: filesOf(outcome) };
}

export function renderOutcomeText(outcome: ConsoleOutcome, commands: readonly CommandDefinition[]): string {
	switch (outcome.kind) {
		case 'answer':
			return renderAnswerText(outcome.summary);
		case 'entry':
			return renderEntryText(outcome.detail);
		case 'timeline':
			return renderTimelineText(outcome.summary);
		case 'no-match':
			return renderNoMatchText(outcome.summary);
		case 'citation':
			return `${outcome.text}\n`;
		case 'help':
			return `${plainText(consoleHelpText(commands))}\n`;
		case 'messages':
			return outcome.text ?? outcome.messages.map(renderReplyText).join('\n');
		case 'refused':
		case 'error':
			return `error: ${outcome.message}\n`;
	}
}

/** The files to write: an export's (whole, never split at the console) and a timeline's chart. */
function filesOf(outcome: ConsoleOutcome): AnswerFile[] {
	if (outcome.kind === 'messages') {
		return outcome.messages.flatMap((message) =>
			(message.files ?? []).map((file) => ({ name: file.name, data: async () => file.data })),
		);
	}
	if (outcome.kind === 'timeline' && outcome.summary.chart) {
		const { chart } = outcome.summary;
		return [{ name: chart.fileName, data: () => drawChart(chart.spec) }];
	}
	return [];
}

function outcomeJson(line: string, outcome: ConsoleOutcome, text: string): unknown {
	const command = line.trim();
	switch (outcome.kind) {
		case 'answer':
			return { command, kind: outcome.summary.kind, answer: outcome.data, summary: outcome.summary };
		case 'entry':
			return { command, kind: 'entry', answer: outcome.data, summary: outcome.detail };
		case 'timeline':
			return { command, kind: 'timeline', answer: outcome.data, summary: outcome.summary };
		case 'no-match':
			return { command, kind: 'no-match', message: outcome.summary.message, suggestions: outcome.summary.suggestions };
		case 'citation':
			return { command, kind: 'citation', style: outcome.style, text: outcome.text };
		case 'help':
			return { command, kind: 'help', text: text.trimEnd() };
		case 'messages':
			return { command, kind: 'messages', text: text.trimEnd(), files: filesOf(outcome).map((file) => file.name) };
		case 'refused':
		case 'error':
			return { command, kind: 'error', message: outcome.message };
	}
}
