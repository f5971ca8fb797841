import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The folder holding ngo-bot's package.json, whether running from src/ (tests) or dist/ (built). */
export function projectRoot(): string {
	if (cached) return cached;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ngo-bot') {
			cached = dir;
			return dir;
		}
		const parent = dirname(dir);
		if (parent === dir) throw new Error('Cannot find the ngo-bot project folder (package.json) above this module.');
		dir = parent;
	}
}
