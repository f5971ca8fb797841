import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserFacingError } from '../domain/errors.js';

/** Writes a chunk and waits when the stream's buffer is full, so exports of any size use bounded memory. */
export async function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
	if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Writes to `path` through a temporary file renamed into place at the end, so an interrupted export never
 * leaves a truncated file where a complete one is expected.
 */
export async function writeFileAtomically(
	path: string,
	produce: (stream: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
	const folder = dirname(path);
	const folderStats = await stat(folder).catch(() => null);
	if (!folderStats?.isDirectory()) {
		throw new UserFacingError(
			`Cannot write ${path}: the folder ${folder} does not exist. Create it or choose another --out.`,
		);
	}
	const temporary = `${path}.${process.pid}.partial`;
	const stream = createWriteStream(temporary, { encoding: 'utf8' });
	try {
		await once(stream, 'open').catch((error: NodeJS.ErrnoException) => {
			throw new UserFacingError(
				`Cannot write ${path}: ${error.code === 'EACCES' ? 'permission denied' : error.message}.`,
			);
		});
		await produce(stream);
		stream.end();
		await once(stream, 'finish');
		await rename(temporary, path);
	} catch (error) {
		stream.destroy();
		await rm(temporary, { force: true });
		throw error;
	}
}

/** A one-line progress bar on a terminal; silent elsewhere (pipes, CI, tests). */
export function createProgressBar(
	stream: NodeJS.WritableStream & { isTTY?: boolean },
	options: { enabled?: boolean } = {},
) {
	const enabled = stream.isTTY === true && options.enabled !== false;
	let drawn = false;
	const startedAt = Date.now();
	return {
		update(done: number, total: number, label: string): void {
			// Short runs finish before a bar would help; start drawing after half a second.
			if (!enabled || total < 2 || Date.now() - startedAt < 500) return;
			const width = 24;
			const filled = Math.round((done / total) * width);
			const name = label.length > 40 ? `…${label.slice(-39)}` : label;
			stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}\x1b[K`);
			drawn = true;
		},
		clear(): void {
			if (drawn) stream.write('\r\x1b[K');
		},
	};
}
