import type { IsoDate } from '../domain/entry.js';
import type { QueryService } from '../query/query-service.js';
import { renderTimelineText } from '../render/chart-reply.js';
import { renderAnswerText, renderEntryText, renderNoMatchText } from '../render/text.js';
import { type CommandOutcome, executeCommand } from './execute-command.js';
import { parseCommandLine } from './parse-command.js';

/** One console or `ask` line answered: the outcome, its terminal text, and its JSON form. */
export interface LineAnswer {
	readonly outcome: CommandOutcome;
	readonly text: string;
	readonly json: unknown;
}

/** Parses, runs and renders one command line. */
export function answerLine(line: string, query: QueryService, today: IsoDate): LineAnswer {
	const parsed = parseCommandLine(line);
	const outcome: CommandOutcome = parsed.ok
		? executeCommand(parsed.command, query, { today })
		: { kind: 'error', message: parsed.message };
	return { outcome, text: renderOutcomeText(outcome), json: outcomeJson(line, outcome) };
}

export function renderOutcomeText(outcome: CommandOutcome): string {
	switch (outcome.kind) {
		case 'answer':
			return renderAnswerText(outcome.summary);
		case 'entry':
			return renderEntryText(outcome.detail);
		case 'timeline':
			return renderTimelineText(outcome.summary);
		case 'no-match':
			return renderNoMatchText(outcome.summary);
		case 'help':
			return `${outcome.text}\n`;
		case 'error':
			return `error: ${outcome.message}\n`;
	}
}

function outcomeJson(line: string, outcome: CommandOutcome): unknown {
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
		case 'help':
			return { command, kind: 'help', text: outcome.text };
		case 'error':
			return { command, kind: 'error', message: outcome.message };
	}
}
