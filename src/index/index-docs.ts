/**
 * The documents the two name indexes hold. They sit below the index files and their shared options
 * (search-options.ts), which all need them, so that no index file imports another.
 */

/** One organization as indexed: `aliases` holds every other name (acronyms, Chinese and translated names). */
export interface OrgDoc {
	readonly id: number;
	readonly name: string;
	readonly aliases: readonly string[];
	readonly country: string | null;
	readonly entryCount: number;
}

/** One entry as indexed by name: only short fields (~15 tokens), the full text lives in SQLite FTS5. */
export interface EntryDoc {
	readonly id: number;
	readonly title: string | null;
	readonly provinces: readonly string[];
	/** Names and aliases of the entry's organizations. */
	readonly orgNames: readonly string[];
}
