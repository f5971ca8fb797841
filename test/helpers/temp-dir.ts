import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Creates a fresh temporary directory; remove it with removeTempDir. */
export function makeTempDir(prefix = 'ngo-bot-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a directory made by makeTempDir, whatever it holds. */
export function removeTempDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

/** Gives each test of the calling suite its own temporary directory, removed after the test; returns a getter. */
export function useTempDir(prefix?: string): () => string {
	let dir: string | undefined;
	beforeEach(() => {
		dir = makeTempDir(prefix);
	});
	afterEach(() => {
		if (dir !== undefined) removeTempDir(dir);
		dir = undefined;
	});
	return () => {
		if (dir === undefined) throw new Error('useTempDir() getter called outside a test');
		return dir;
	};
}
