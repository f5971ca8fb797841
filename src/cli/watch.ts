import { createApp } from '../app.js';
import { plural } from '../domain/text.js';
import type { Entry } from '../domain/entry.js';
import { createWatchStore } from '../store/watch-store.js';
import type { WatchKind, WatchRule } from '../watch/match-watches.js';
import { describeWatch } from '../watch/render-watch-notice.js';
import { CLI_WATCHER_PREFIX, type WatchDelivery, createWatchService } from '../watch/watch-service.js';
import { type CliCommand, UsageError } from './command.js';

const ACTIONS = ['add', 'list', 'remove', 'news'] as const;
const WATCHER_NAME = /^[\w.-]{1,40}$/;

export const watchCommand: CliCommand = {
	name: 'watch',
	brief: 'Watch an NGO, a province or words from the terminal; `watch news` shows what is new since last time.',
	summary:
		'The command line’s own watchlist (Discord users have /watch): `watch add` follows one organization, province\n' +
		'or set of words; `watch news` prints the entries stored since your last `watch news` that match, one block per\n' +
		'ingest, and never shows an entry twice (run it from cron after ingests). `--as NAME` keeps separate lists\n' +
		'(default: "default"). A new watch reports only entries ingested after it was added.',
	usage:
		'watch add (--ngo NAME | --province NAME | --query WORDS) | watch list | watch remove <id> | watch news  [--as NAME] [--json]',
	options: {
		ngo: { type: 'string' },
		province: { type: 'string' },
		query: { type: 'string', short: 'q' },
		as: { type: 'string' },
		json: { type: 'boolean' },
	},
	positionals: 'one-or-more',
	examples: [
		'npm run -s cli -- watch add --ngo "Animals Asia"',
		'npm run -s cli -- watch add --province Hunan --as hunan-desk',
		'npm run -s cli -- watch news',
		'npm run -s cli -- watch list --json',
	],
	async run({ values, positionals, io, databasePath }) {
		const [action, ...rest] = positionals;
		if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
			throw new UsageError(`Unknown action "${action}". Use one of: ${ACTIONS.join(', ')}.`, watchCommand);
		}
		if (action === 'remove' ? rest.length !== 1 : rest.length !== 0) {
			throw new UsageError(
				action === 'remove' ? '"watch remove" takes one watch number.' : `"watch ${action}" takes no arguments.`,
				watchCommand,
			);
		}
		const name = typeof values.as === 'string' ? values.as : 'default';
		if (!WATCHER_NAME.test(name)) {
			throw new UsageError('--as takes a name of letters, digits, ".", "-" or "_" (at most 40).', watchCommand);
		}
		const kinds = (['ngo', 'province', 'query'] as const).filter((kind) => typeof values[kind] === 'string');
		if (action === 'add' ? kinds.length !== 1 : kinds.length !== 0) {
			throw new UsageError(
				action === 'add'
					? '"watch add" takes exactly one of --ngo, --province or --query.'
					: `--${kinds[0]} belongs to "watch add".`,
				watchCommand,
			);
		}
		const removeId = action === 'remove' ? Number(rest[0]) : 0;
		if (action === 'remove' && !(Number.isSafeInteger(removeId) && removeId > 0)) {
			throw new UsageError(`"${rest[0]}" is not a watch number; see them with: watch list`, watchCommand);
		}

		const app = createApp({ databasePath });
		const userId = `${CLI_WATCHER_PREFIX}${name}`;
		const json = values.json === true;
		const write = (text: string) => io.out.write(`${text}\n`);
		try {
			const watches = createWatchService({
				store: createWatchStore(app.db),
				query: app.query,
				reader: app.reader,
				now: () => new Date(),
			});
			switch (action) {
				case 'add': {
					const kind: WatchKind = kinds[0]!;
					const result = watches.add({ userId, guildId: null, kind, value: String(values[kind]), channel: null });
					if (json) write(JSON.stringify(result, null, 2));
					else {
						write(
							`${result.added ? 'watching' : 'already watching'}  #${result.watch.id} ${describeWatch(result.watch)}` +
								(result.note ? `  (${result.note})` : ''),
						);
						write(
							`${plural(result.count, 'watch', 'watches')} for "${name}". New entries: npm run -s cli -- watch news`,
						);
					}
					return 0;
				}
				case 'remove': {
					const removed = watches.remove(userId, removeId);
					if (json) write(JSON.stringify(removed, null, 2));
					else write(`removed  #${removed.id} ${describeWatch(removed)}`);
					return 0;
				}
				case 'list': {
					const list = watches.list(userId);
					if (json) write(JSON.stringify(list, null, 2));
					else if (list.length === 0)
						write(`No watches for "${name}". Add one with: npm run -s cli -- watch add --ngo NAME`);
					else for (const watch of list) write(`#${watch.id}  ${describeWatch(watch)}  (since ${watch.createdAt})`);
					return 0;
				}
				default: {
					// One delivery per ingest run; each is marked read as soon as it is printed, so a rerun never repeats it.
					const batches: WatchDelivery[] = [];
					for (;;) {
						const [next] = watches.pendingDeliveries({ userId });
						if (next === undefined) break;
						batches.push(next);
						watches.markSent(next, 'cli');
					}
					if (json) write(JSON.stringify(batches.map(newsJson), null, 2));
					else if (batches.length === 0) write(`Nothing new for "${name}" since the last look.`);
					else write(batches.map(newsText).join('\n\n'));
					return 0;
				}
			}
		} finally {
			app.close();
		}
	},
};

function newsText(batch: WatchDelivery): string {
	const lines = [`Ingest of ${batch.finishedAt}: ${plural(batch.entryCount, 'new entry', 'new entries')}`];
	for (const { entry, watches } of batch.matches) {
		lines.push(
			`  #${entry.id}  ${entry.date ?? 'undated'} · ${entry.provinces.join(', ') || 'no province'} · ${entry.type.replace('_', ' ')}`,
			`        ${entry.summary}`,
			`        source: ${sourceLine(entry)} · matches ${watches.map(describeWatch).join(', ')}`,
		);
	}
	return lines.join('\n');
}

function sourceLine(entry: Entry): string {
	return (
		[entry.source.title, entry.source.url ?? entry.source.path].filter(Boolean).join(' ') ||
		`document ${entry.documentId}`
	);
}

function newsJson(batch: WatchDelivery): object {
	return {
		ingestFinishedAt: batch.finishedAt,
		entries: batch.matches.map(({ entry, watches }: { entry: Entry; watches: readonly WatchRule[] }) => ({
			id: entry.id,
			date: entry.date,
			provinces: entry.provinces,
			orgs: entry.orgs.map((org) => ({ name: org.name, country: org.country })),
			type: entry.type,
			summary: entry.summary,
			source: entry.source,
			watches: watches.map((watch) => ({ id: watch.id, kind: watch.kind, label: watch.label })),
		})),
	};
}
