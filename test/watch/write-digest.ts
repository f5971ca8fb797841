import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One dated item of a test digest: a province PSB registering (or meeting) an organization. */
export interface DigestItem {
	readonly day: number;
	readonly text: string;
}

/** Writes an MPS-style digest for May 2020 (one entry per item) and returns its path. */
export function writeDigest(dir: string, name: string, items: readonly DigestItem[]): string {
	const text = [
		'Ministry of Public Security WeChat Posts—May 1-30, 2020',
		...items.map((item) => `May ${item.day}, 2020:\n\n${item.text}`),
	].join('\n\n');
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

/** An item about a registration in Hunan (the province most watches in these tests follow). */
export const hunanItem = (day: number, org: string): DigestItem => ({
	day,
	text: `The Hunan PSB Foreign NGO Management Office issued a registration certificate to the ${org} (Japan).`,
});

/** An item about Hainan: matches none of the Hunan watches. */
export const hainanItem = (day: number, org: string): DigestItem => ({
	day,
	text: `The Hainan PSB Foreign NGO Management Office met representatives of the ${org} (Australia).`,
});
