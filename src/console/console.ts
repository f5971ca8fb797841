import { join } from 'node:path';
import { commands } from '../../commands/index.js';
import { createInterface } from 'node:readline';
import type { App } from '../app.js';
import type { IsoDate } from '../domain/entry.js';
import { isUserFacingError } from '../domain/errors.js';
import { plural } from '../domain/text.js';
import { projectRoot } from '../project-root.js';
import type { CliIo } from '../cli/command.js';
import { writeFileAtomically } from '../cli/output.js';
import { type CommandServices, createCommandServices } from '../command/services.js';
import { type AnswerFile, answerLine } from './answer-line.js';

export interface ConsoleOptions {
	readonly app: App;
	readonly io: CliIo;
	readonly today: () => IsoDate;
	/** What commands use (default: built from the app with default settings). */
	readonly services?: CommandServices;
	/** Where answers' files go (exports, timeline charts); default: the working directory. */
	readonly outputDir?: string;
	/** Print each answer as one JSON line instead of text (piped mode). */
	readonly json?: boolean;
}

/** Writes an answer's files (each through a temporary file) and says where, on stderr. */
export async function writeAnswerFiles(
	files: readonly AnswerFile[],
	outputDir: string,
	err: NodeJS.WritableStream,
): Promise<void> {
	for (const file of files) {
		const path = join(outputDir, file.name);
		try {
			const data = await file.data();
			await writeFileAtomically(path, async (stream) => {
				stream.write(data);
			});
			err.write(`Wrote ${path} (${data.byteLength.toLocaleString('en-US')} bytes).\n`);
		} catch (error) {
			// A folder that cannot be written to is said, and the console goes on.
			if (!isUserFacingError(error)) throw error;
			err.write(`error: ${error.message}\n`);
		}
	}
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

// The first example of the first commands (/ngo, /province, /search), as their definitions give them.
const ASK_EXAMPLES = commands
	.slice(0, 3)
	.map((command) => command.examples[0])
	.join(' · ');

const BANNER = (
	entries: number,
	documents: number,
) => `ngo-bot console — ${plural(entries, 'entry', 'entries')} from ${plural(documents, 'document')}.
Ask as you would in Discord: ${ASK_EXAMPLES} · /help
To connect to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see README, "Deploy to Discord"),
then run npm run deploy-commands and npm start. Type /quit or press Ctrl-D to leave.
`;

/**
 * A prompt on a terminal; with piped input, one answer per line and exit (scriptable).
 * Returns the exit code.
 */
export async function runConsole(options: ConsoleOptions): Promise<number> {
	const { app, io } = options;
	const services = options.services ?? createCommandServices(app);
	const outputDir = options.outputDir ?? process.cwd();
	await ensureSampleCorpus(app, io);
	const interactive = io.stdin.isTTY === true && io.out.isTTY === true;
	if (interactive) io.out.write(BANNER(app.reader.countEntries(), app.reader.documentCount()));
	// Fuzzy name matching needs the org name index; it loads from its snapshot in well under a second.
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
			const answer = await answerLine(trimmed, services, options.today());
			io.out.write(options.json ? `${JSON.stringify(answer.json)}\n` : `${answer.text}\n`);
			await writeAnswerFiles(answer.files, outputDir, io.err);
		}
		if (interactive) lines.prompt();
	}
	lines.close();
	return 0;
}
