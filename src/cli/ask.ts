import { createApp } from '../app.js';
import { answerLine } from '../console/answer-line.js';
import { ensureSampleCorpus } from '../console/console.js';
import type { CliCommand } from './command.js';
import { todayIn } from './today.js';

export const askCommand: CliCommand = {
	name: 'ask',
	brief: 'Answer one slash command, as the bot would (e.g. "/ngo AIFO").',
	summary:
		'Answers one command the way the Discord bot and the console do: /ngo, /province, /search, /entry, /stats, /help.\n' +
		'--json prints the structured answer. On a database with no entries, the sample corpus is ingested first.',
	usage: 'ask "<command>" [--json]',
	options: { json: { type: 'boolean' } },
	positionals: 'one-or-more',
	examples: [
		'npm run -s cli -- ask "/ngo Animals Asia"',
		'npm run -s cli -- ask "/search mental health province:Heilongjiang" --json',
	],
	async run({ values, positionals, io, databasePath }) {
		const app = createApp({ databasePath });
		try {
			await ensureSampleCorpus(app, io);
			await app.indexes.whenReady();
			const answer = answerLine(positionals.join(' '), app.query, todayIn());
			io.out.write(values.json ? `${JSON.stringify(answer.json, null, 2)}\n` : answer.text);
			return answer.outcome.kind === 'error' ? 1 : 0;
		} finally {
			app.close();
		}
	},
};
