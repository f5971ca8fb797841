/**
 * The documents the name index holds. They sit below the index files and their shared options
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
