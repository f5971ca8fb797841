import type { ParsedDocument } from '../domain/entry.js';
import type { SourceFile } from './collect-files.js';
import { loadSource } from './load-source.js';
import { normalizeText } from './normalize-text.js';
import { type ExtractionReference, parseDocument } from './parse-document.js';

/** Reads one file and parses it into entries: the part of an ingest that needs no database (pure given the file). */
export async function readDocument(
	file: SourceFile,
	reference: ExtractionReference,
	options: { maxBytes?: number } = {},
): Promise<ParsedDocument> {
	const source = await loadSource(file, { maxBytes: options.maxBytes });
	return parseDocument(
		{
			text: normalizeText(source.text),
			path: file.path,
			url: source.meta.url,
			meta: { title: source.meta.title, published: source.meta.published },
		},
		reference,
	);
}
