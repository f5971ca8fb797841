import { z } from 'zod';
import { orgKey } from '../domain/names.js';

const KnownOrgSchema = z.object({
	name: z.string().min(2),
	aliases: z.array(z.string().min(2)),
	zh: z.array(z.string().min(2)),
	country: z.string().min(2).nullable(),
});
const DirectorySchema = z.object({ orgs: z.array(KnownOrgSchema) });

export type KnownOrg = z.infer<typeof KnownOrgSchema>;

export interface DirectoryMention {
	readonly org: KnownOrg;
	readonly start: number;
	readonly end: number;
	readonly surface: string;
}

export interface OrgDirectory {
	readonly orgs: readonly KnownOrg[];
	/** The known org one of whose names has this identity key. */
	byKey(key: string): KnownOrg | null;
	/** Mentions of known orgs by any of their names (case-sensitive, whole words), in text order. */
	findMentions(text: string): DirectoryMention[];
}

/** Every name a known org goes by: canonical, aliases and Chinese names. */
export function namesOf(org: KnownOrg): string[] {
	return [org.name, ...org.aliases, ...org.zh];
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Validates the directory JSON and builds its lookups once. */
export function createOrgDirectory(json: unknown): OrgDirectory {
	const parsed = DirectorySchema.safeParse(json);
	if (!parsed.success) throw new Error(`data/reference/ngo-aliases.json is invalid: ${z.prettifyError(parsed.error)}`);
	const { orgs } = parsed.data;
	const byKey = new Map<string, KnownOrg>();
	const bySurface = new Map<string, KnownOrg>();
	for (const org of orgs) {
		for (const name of namesOf(org)) {
			const key = orgKey(name);
			const taken = byKey.get(key);
			if (taken && taken !== org)
				throw new Error(`ngo-aliases.json: "${name}" names both ${taken.name} and ${org.name}`);
			byKey.set(key, org);
			bySurface.set(name, org);
			// "the Salvation Army" in running text is "The Salvation Army".
			if (/^The \p{Lu}/u.test(name)) bySurface.set(name.slice(4), org);
		}
	}
	// Longest names first so "Red Cross Society of China" wins over a shorter alias inside it.
	const surfaces = [...bySurface.keys()].sort((a, b) => b.length - a.length);
	const latin = surfaces.filter((s) => !/\p{Script=Han}/u.test(s)).map(escapeRegExp);
	const han = surfaces.filter((s) => /\p{Script=Han}/u.test(s)).map(escapeRegExp);
	const parts = [];
	if (latin.length) parts.push(String.raw`(?<![\p{L}\p{N}])(?:${latin.join('|')})(?![\p{L}\p{N}])`);
	if (han.length) parts.push(`(?:${han.join('|')})`);
	const pattern = new RegExp(parts.join('|'), 'gu');

	return {
		orgs,
		byKey: (key) => byKey.get(key) ?? null,
		findMentions(text) {
			const mentions: DirectoryMention[] = [];
			// exec() on the shared pattern rather than matchAll(), which copies it: a copy of this pattern of every
			// known name cost more than the search (the pattern never matches the empty string).
			pattern.lastIndex = 0;
			for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
				const org = bySurface.get(m[0]);
				if (org) mentions.push({ org, start: m.index, end: m.index + m[0].length, surface: m[0] });
			}
			return mentions;
		},
	};
}
