import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { App } from '../app.js';
import type { IsoDate } from '../domain/entry.js';
import { plural } from '../domain/text.js';
import { projectRoot } from '../project-root.js';
import type { CliIo } from '../cli/command.js';
import { answerLine } from './answer-line.js';

export interface ConsoleOptions {
	readonly app: App;
	readonly io: CliIo;
	readonly today: () => IsoDate;
	/** Print each answer as one JSON line instead of text (piped mode). */
	readonly json?: boolean;
}

/** The first run of the console works on the sample corpus, so there is something to ask about. */
export async function ensureSampleCorpus(app: App, io: CliIo): Promise<void> {
	if (app.reader.countEntries() > 0) return;
	const sample = join(projectRoot(), 'data', 'sample');
	const report = await app.ingest([sample]);
	io.err.write(
		`First run: ingested ${plural(report.totals.entries, 'entry', 'entries')} from the sample corpus (${sample}).\n`,
	);
}

const BANNER = (
	entries: number,
	documents: number,
) => `ngo-bot console — ${plural(entries, 'entry', 'entries')} from ${plural(documents, 'document')}.
Ask as you would in Discord: /ngo Animals Asia · /province 湖南 · /search mental health province:Heilongjiang · /help
To connect to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see README, "Deploy to Discord"),
then run npm run deploy-commands and npm start. Type /quit or press Ctrl-D to leave.
`;

/**
 * A prompt on a terminal; with piped input, one answer per line and exit (scriptable).
 * Returns the exit code.
 */
export async function runConsole(options: ConsoleOptions): Promise<number> {
	const { app, io } = options;
	await ensureSampleCorpus(app, io);
	const interactive = io.stdin.isTTY === true && io.out.isTTY === true;
	if (interactive) io.out.write(BANNER(app.reader.countEntries(), app.reader.documentCount()));
	// Fuzzy name matching needs the name indexes; they load from their snapshot in well under a second.
	await app.indexes.whenReady();

	const lines = createInterface({ input: io.stdin, output: interactive ? io.out : undefined, terminal: interactive });
	if (interactive) {
		lines.setPrompt('ngo> ');
		lines.prompt();
	}
	for await (const line of lines) {
		const trimmed = line.trim();
		if (trimmed === '/quit' || trimmed === '/exit' || trimmed === 'quit' || trimmed === 'exit') break;
		// Blank lines and # comments make command files readable.
		if (trimmed && !trimmed.startsWith('#')) {
			await app.refreshIndexes();
			const answer = answerLine(trimmed, app.query, options.today());
			io.out.write(options.json ? `${JSON.stringify(answer.json)}\n` : `${answer.text}\n`);
		}
		if (interactive) lines.prompt();
	}
	lines.close();
	return 0;
}
