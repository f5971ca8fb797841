import type { CrawlProgress, CrawlSummary } from '../crawl/crawler.js';
import { plural } from '../domain/text.js';

/** "12 pages fetched (3 unchanged, 304), 1 skipped by robots.txt, 0 failed; 40 entries added." */
export function crawlSummaryLine(summary: CrawlSummary): string {
	const { crawl } = summary;
	const parts = [
		`${plural(crawl.pagesFetched, 'page')} fetched (${crawl.notModified} unchanged, answered 304)`,
		`${crawl.robotsSkipped} skipped by robots.txt`,
		`${crawl.failed} failed`,
	];
	const state =
		crawl.state === 'done'
			? 'Crawl complete'
			: `Crawl stopped: ${crawl.stopReason ?? 'before the end'}; ${plural(crawl.queued, 'page')} left, run the same command again to resume`;
	const unreachable = summary.unreachableRobots.length
		? ` The robots.txt of ${summary.unreachableRobots.join(', ')} could not be read, so nothing was fetched there.`
		: '';
	return `${summary.resumed ? 'Resumed crawl' : 'Crawl'} #${crawl.id} of ${crawl.seed}: ${parts.join(', ')}; ${plural(crawl.entriesAdded, 'entry', 'entries')} added. ${state}.${unreachable}`;
}

/** One progress line for a terminal: pages done, entries added, pages queued and the time left. */
export function crawlProgressLine(progress: CrawlProgress): string {
	const eta = progress.etaMs === null ? '' : ` · about ${formatDuration(progress.etaMs)} left`;
	return `${progress.done} pages · ${plural(progress.crawl.entriesAdded, 'entry', 'entries')} added · ${progress.crawl.queued} queued${eta}`;
}

function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 90) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}
