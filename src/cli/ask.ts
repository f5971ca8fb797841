import { createApp } from '../app.js';
import { BaseEnv, loadConfig } from '../config.js';
import { createCommandServices } from '../command/services.js';
import { answerLine } from '../console/answer-line.js';
import { ensureSampleCorpus, writeAnswerFiles } from '../console/console.js';
import type { CliCommand } from './command.js';
import { todayIn } from './today.js';

export const askCommand: CliCommand = {
	name: 'ask',
	brief: 'Answer one slash command, as the bot would (e.g. "/ngo AIFO").',
	summary:
		'Answers one slash command the way the Discord bot and the console do (/help lists them); files an answer\n' +
		'brings (an /export, a /timeline chart) are written to the current folder. --json prints the structured answer.\n' +
		'On a database with no entries, the sample corpus is ingested first.',
	usage: 'ask "<command>" [--json]',
	options: { json: { type: 'boolean' } },
	positionals: 'one-or-more',
	examples: [
		'npm run -s cli -- ask "/ngo Animals Asia"',
		'npm run -s cli -- ask "/search mental health province:Heilongjiang" --json',
		'npm run -s cli -- ask "/export province:Hunan format:both"',
	],
	async run({ values, positionals, io, databasePath }) {
		const config = loadConfig(BaseEnv);
		const app = createApp({ databasePath });
		try {
			await ensureSampleCorpus(app, io);
			await app.indexes.whenReady();
			const services = createCommandServices(app, {
				sources: config,
				digest: { timeZone: config.DIGEST_TIMEZONE, staleDays: config.DIGEST_STALE_DAYS },
			});
			const answer = await answerLine(positionals.join(' '), services, todayIn());
			io.out.write(values.json ? `${JSON.stringify(answer.json, null, 2)}\n` : answer.text);
			await writeAnswerFiles(answer.files, process.cwd(), io.err);
			return answer.outcome.kind === 'error' ? 1 : 0;
		} finally {
			app.close();
		}
	},
};
