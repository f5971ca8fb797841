import { plural } from '../domain/text.js';
import { createWatchStore } from '../store/watch-store.js';
import { describeWatch } from '../watch/render-watch-notice.js';
import type { CliCommand } from './command.js';
import { openExistingDatabase } from './database.js';

export const watchesCommand: CliCommand = {
	name: 'watches',
	brief: 'List the /watch watchlists and how their notifications are doing.',
	summary:
		'Lists every Discord user’s watches (/watch add) by delivery target (DMs or a channel): how many ingests\n' +
		'the target is behind, notifications sent, and whether deliveries are paused (DMs refused, channel access lost).\n' +
		'Read-only: users manage their watches in Discord.',
	usage: 'watches [--json]',
	options: { json: { type: 'boolean' } },
	positionals: 'none',
	examples: ['npm run -s cli -- watches', 'npm run -s cli -- watches --json'],
	async run({ values, io, databasePath }) {
		const db = openExistingDatabase(databasePath);
		try {
			const store = createWatchStore(db);
			const latestRun = store.latestRunId();
			const targets = store.allTargets().map((target) => ({
				...target,
				behind: latestRun - target.cursorRunId,
				watches: store.watchesOfTarget(target.id).map((w) => ({ id: w.id, kind: w.kind, label: w.label })),
			}));
			if (values.json) {
				io.out.write(`${JSON.stringify({ latestRun, targets }, null, 2)}\n`);
				return 0;
			}
			if (targets.length === 0) {
				io.out.write('No watches yet. Discord users add them with /watch add.\n');
				return 0;
			}
			const lines: string[] = [];
			for (const target of targets) {
				const where = target.channelId === null ? 'DMs' : `channel ${target.channelId}`;
				const state = target.pausedAt
					? `paused since ${target.pausedAt} (${target.pausedReason ?? ''})`
					: target.behind > 0
						? `${plural(target.behind, 'ingest')} to look at`
						: 'up to date';
				lines.push(
					`user ${target.userId} → ${where}: ${state}; ${plural(target.deliveries, 'notification')} sent` +
						(target.lastSentAt ? `, last ${target.lastSentAt}` : ''),
				);
				for (const watch of target.watches) lines.push(`  #${watch.id}  ${describeWatch(watch)}`);
			}
			const count = targets.reduce((n, t) => n + t.watches.length, 0);
			lines.push(
				'',
				`${plural(count, 'watch', 'watches')} of ${plural(new Set(targets.map((t) => t.userId)).size, 'user')}.`,
			);
			io.out.write(`${lines.join('\n')}\n`);
			return 0;
		} finally {
			db.close();
		}
	},
};
