import { existsSync } from 'node:fs';
import { BaseEnv, loadConfig } from '../config.js';
import { DIGEST_BASES, DIGEST_GROUP_BY } from '../digest/build-digest.js';
import { DEFAULT_DIGEST_CONFIG, createDigestService } from '../digest/digest-service.js';
import { UserFacingError } from '../domain/errors.js';
import { loadReference } from '../ingest/load-reference.js';
import { renderDigestMarkdown } from '../render/digest-markdown.js';
import { createDigestStore } from '../store/digest-store.js';
import { createEntryReader } from '../store/entry-reader.js';
import { openDatabase } from '../store/open-database.js';
import { type CliCommand, choiceOption, stringOptions } from './command.js';

const FORMATS = ['markdown', 'json'] as const;

export const digestCommand: CliCommand = {
	name: 'digest',
	brief: 'Print the weekly digest of a week as Markdown (or JSON).',
	summary:
		'Prints the digest of one week: entries new that week (--basis ingested, the default) or dated that week\n' +
		'(--basis date), grouped by province or type, with counts, one line per entry and its source, and the change\n' +
		'against the week before. Weeks are ISO weeks (2019-W09) or seven days from a start date (2019-02-25), in\n' +
		'DIGEST_TIMEZONE (default Asia/Shanghai) unless --timezone says otherwise. Default week: last week.',
	usage:
		'digest [--week 2019-W09] [--format markdown|json] [--group-by province|type] [--basis ingested|date]\n' +
		'       [--province NAME] [--type TYPE] [--org NAME] [--country NAME] [--timezone ZONE]',
	options: stringOptions(['week', 'format', 'group-by', 'basis', 'province', 'type', 'org', 'country', 'timezone']),
	positionals: 'none',
	examples: [
		'npm run -s cli -- digest --week 2019-W09',
		'npm run -s cli -- digest --week 2019-W09 --basis date --group-by type',
		'npm run -s cli -- digest --week 2019-02-25 --province Hunan --format json',
	],
	async run({ values, io, databasePath }) {
		const format = choiceOption(values, 'format', FORMATS, 'markdown', digestCommand);
		const groupBy = choiceOption(values, 'group-by', DIGEST_GROUP_BY, 'province', digestCommand);
		const basis = choiceOption(values, 'basis', DIGEST_BASES, 'ingested', digestCommand);
		if (databasePath !== ':memory:' && !existsSync(databasePath))
			throw new UserFacingError(
				`No database at ${databasePath} yet. Ingest documents first (npm run -s cli -- ingest data/sample), or point --db or DATABASE_PATH at an existing database.`,
				'not-found',
			);
		const config = loadConfig(BaseEnv);
		const db = openDatabase(databasePath);
		try {
			const reader = createEntryReader(db);
			const service = createDigestService({
				store: createDigestStore(db, reader),
				reader,
				gazetteer: loadReference().gazetteer,
				config: { ...DEFAULT_DIGEST_CONFIG, timeZone: config.DIGEST_TIMEZONE, staleDays: config.DIGEST_STALE_DAYS },
				now: () => new Date(),
			});
			const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : null);
			const { digest } = service.preview({
				week: str('week'),
				province: str('province'),
				type: str('type'),
				org: str('org'),
				country: str('country'),
				timeZone: str('timezone'),
				groupBy,
				basis,
			});
			io.out.write(format === 'json' ? `${JSON.stringify(digest, null, 2)}\n` : renderDigestMarkdown(digest));
			return 0;
		} finally {
			db.close();
		}
	},
};
