import type { APIEmbed } from 'discord.js';
import type { HealthReport, HealthStatus } from '../health/health-report.js';
import { DISCORD_LIMITS } from './limits.js';
import { escapeMarkdown, truncate } from './markdown.js';
import type { RenderedReply } from './reply.js';

const STATUS_LABEL: Record<HealthStatus, string> = { ok: '🟢 OK', degraded: '🟡 Degraded', unhealthy: '🔴 Unhealthy' };
const STATUS_COLOR: Record<HealthStatus, number> = { ok: 0x27ae60, degraded: 0xf2c94c, unhealthy: 0xeb5757 };

/** "3 d 4 h", "5 min 2 s": uptime at a glance. */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	const parts: [number, string][] = [
		[Math.floor(s / 86_400), 'd'],
		[Math.floor((s % 86_400) / 3_600), 'h'],
		[Math.floor((s % 3_600) / 60), 'min'],
		[s % 60, 's'],
	];
	const first = parts.findIndex(([n]) => n > 0);
	if (first === -1) return '0 s';
	return parts
		.slice(first, first + 2)
		.filter(([n]) => n > 0)
		.map(([n, unit]) => `${n} ${unit}`)
		.join(' ');
}

export function formatBytes(bytes: number | null): string {
	if (bytes === null) return 'in memory';
	if (bytes < 1_024) return `${bytes} B`;
	if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KB`;
	return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** The parts of a report as label/value lines, shared by the embed and the terminal. */
function sections(report: HealthReport, esc: (text: string) => string): { name: string; lines: string[] }[] {
	const db = report.database;
	const out: { name: string; lines: string[] }[] = [];
	if (report.process) {
		out.push({
			name: 'Process',
			lines: [
				`Uptime ${formatDuration(report.process.uptimeSeconds)} (since ${report.process.startedAt})`,
				`PID ${report.process.pid} · ${report.process.rssMb} MB RSS · Node ${report.process.node}`,
			],
		});
	}
	if (report.shards) {
		out.push({
			name: 'Shards',
			lines: [
				...report.shards.map(
					(shard) =>
						`#${shard.id} ${shard.status} · ping ${shard.pingMs === null ? '—' : `${shard.pingMs} ms`} · ${shard.guilds} server${shard.guilds === 1 ? '' : 's'}`,
				),
				...(report.shardsMissing > 0 ? [`${report.shardsMissing} not answering`] : []),
			],
		});
	}
	out.push({
		name: 'Database',
		lines: [
			`${esc(db.path)} · ${formatBytes(db.sizeBytes)}${db.walBytes ? ` + ${formatBytes(db.walBytes)} WAL` : ''} · ${db.journalMode}`,
			`Schema ${db.schemaVersion}${db.schemaVersion === db.expectedSchemaVersion ? '' : ` (expected ${db.expectedSchemaVersion})`} · integrity ${esc(db.integrity)} (checked ${db.integrityCheckedAt})`,
		],
	});
	const snapshots = Object.entries(db.snapshotRevisions)
		.map(([name, revision]) => `${name} ${revision}`)
		.join(', ');
	out.push({
		name: 'Corpus and indexes',
		lines: [
			`${db.entries} entries from ${db.documents} documents · revision ${db.corpusRevision}`,
			`Last ingest ${db.lastIngestAt ?? 'never'}`,
			report.indexes
				? `Indexes ${report.indexes.state} at revision ${report.indexes.revision ?? '—'}${report.indexes.loadedFrom ? ` (from ${report.indexes.loadedFrom === 'snapshot' ? 'snapshot' : 'rebuild'})` : ''}${report.indexes.stale ? ', refreshing' : ''}`
				: `Index snapshots: ${snapshots || 'none yet (built at the first start)'}`,
		],
	});
	const digest = db.digest;
	out.push({
		name: 'Digest',
		lines: digest
			? [
					`${digest.schedules} schedule${digest.schedules === 1 ? '' : 's'} · last post ${digest.lastPosted ? `${digest.lastPosted.at} (week ${digest.lastPosted.week})` : 'none yet'}`,
					...(digest.failedPosts + digest.unfinishedPosts > 0
						? [`${digest.failedPosts} failed · ${digest.unfinishedPosts} unfinished`]
						: []),
				]
			: ['Not set up (no schedules)'],
	});
	out.push({
		name: 'Feeds',
		lines: db.feeds
			? [
					`${db.feeds.count} followed · ${db.feeds.failing.length} failing`,
					...db.feeds.failing.map((feed) => `${esc(feed.url)}: ${esc(feed.error)} (${feed.failures}×)`),
				]
			: ['None followed'],
	});
	const crawl = db.lastCrawl;
	out.push({
		name: 'Last crawl',
		lines: crawl
			? [
					`#${crawl.id} ${esc(crawl.seed)} · ${crawl.state === 'done' ? 'complete' : crawl.state === 'running' ? 'running (or killed: the next run resumes it)' : `stopped: ${esc(crawl.stopReason ?? 'before the end')}`} · ${crawl.updatedAt}`,
					`${crawl.pagesFetched} pages (${crawl.notModified} unchanged) · ${crawl.robotsSkipped} skipped by robots.txt · ${crawl.failed} failed · ${crawl.entriesAdded} entries added${crawl.queued ? ` · ${crawl.queued} queued` : ''}`,
				]
			: ['None yet (ingest --follow, /ingest follow:true)'],
	});
	if (report.errors) {
		const e = report.errors;
		out.push({
			name: 'Since start',
			lines: [
				`${e.interactions} interactions · ${e.unexpectedErrors} unexpected errors · ${e.userErrors} refused (bad input)`,
				`${e.autocompleteFailures} autocomplete failures · ${e.undeliveredAnswers} answers Discord no longer accepted`,
			],
		});
	}
	return out;
}

/** /health as an embed: status in the title and colour, problems first. */
export function renderHealthReply(report: HealthReport): RenderedReply {
	const notes = [
		...report.problems.map((problem) => `❗ ${escapeMarkdown(problem)}`),
		...report.warnings.map((warning) => `⚠️ ${escapeMarkdown(warning)}`),
	];
	const embed: APIEmbed = {
		title: `Health: ${STATUS_LABEL[report.status]}`,
		color: STATUS_COLOR[report.status],
		description: truncate(
			notes.length > 0 ? notes.join('\n') : 'Everything looks fine.',
			DISCORD_LIMITS.embedDescription,
		),
		fields: sections(report, escapeMarkdown)
			.slice(0, DISCORD_LIMITS.embedFields)
			.map((section) => ({
				name: section.name,
				value: truncate(section.lines.join('\n'), DISCORD_LIMITS.fieldValue),
			})),
		footer: { text: `Checked ${report.checkedAt}` },
	};
	return { embeds: [embed] };
}

/** The CLI's `health` report, aligned for a terminal. */
export function renderHealthText(report: HealthReport): string {
	const lines = [`Health: ${report.status}`];
	for (const problem of report.problems) lines.push(`  problem: ${problem}`);
	for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
	for (const section of sections(report, (text) => text)) {
		lines.push('', `${section.name}:`, ...section.lines.map((line) => `  ${line}`));
	}
	return `${lines.join('\n')}\n`;
}
