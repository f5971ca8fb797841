import { readCliHealth } from '../health/health-service.js';
import { renderHealthText } from '../render/health-reply.js';
import type { CliCommand } from './command.js';
import { openExistingDatabase } from './database.js';

export const healthCommand: CliCommand = {
	name: 'health',
	brief: 'Check the database: integrity, schema, corpus and index revisions, last ingest and digest.',
	summary:
		'Checks the database read-only: file size, schema version, integrity (PRAGMA quick_check), corpus revision and ' +
		'the revision of the saved search-index snapshots, last ingest and last digest post. Exit code 1 when it is ' +
		'unhealthy (integrity problems, a schema newer than this ngo-bot). Uptime, shards and error counts are the ' +
		"running bot's: ask /health in Discord.",
	usage: 'health [--json]',
	options: { json: { type: 'boolean' } },
	positionals: 'none',
	examples: ['npm run -s cli -- health', 'npm run -s cli -- health --json'],
	async run({ values, io, databasePath }) {
		const db = openExistingDatabase(databasePath);
		try {
			const report = readCliHealth(db, new Date());
			io.out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderHealthText(report));
			return report.status === 'unhealthy' ? 1 : 0;
		} finally {
			db.close();
		}
	},
};
