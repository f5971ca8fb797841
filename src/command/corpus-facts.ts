import type Database from 'better-sqlite3';
import type { CorpusFacts } from '../query/answers.js';
import type { EntryReader } from '../store/entry-reader.js';

/** /about's figures: totals from the store, the largest sources by entries. */
export function createCorpusFacts(db: Database.Database, reader: EntryReader): () => CorpusFacts {
	const sources = db.prepare<[], { title: string; entries: number }>(
		`SELECT coalesce(title, path, url, 'untitled') AS title, entry_count AS entries FROM documents
		ORDER BY entry_count DESC, id LIMIT 10`,
	);
	return () => {
		const stats = reader.stats();
		return {
			entries: stats.entries,
			documents: stats.documents,
			orgs: stats.orgs,
			byKind: stats.byKind,
			lastIngestAt: stats.lastIngestAt,
			latestEntryDate: stats.dateSpan.to,
			earliestEntryDate: stats.dateSpan.from,
			sources: sources.all(),
		};
	};
}
