import type { ParsedDocument } from '../domain/entry.js';
import type { SourceFile } from './collect-files.js';
import { type LoadedSource, loadSource, loadSourceSync } from './load-source.js';
import { type ExtractionReference, parseDocument } from './parse-document.js';

/** Reads one file and parses it into entries: the part of an ingest that needs no database (pure given the file). */
export async function readDocument(
	file: SourceFile,
	reference: ExtractionReference,
	options: { maxBytes?: number } = {},
): Promise<ParsedDocument> {
	return parseSource(file, await loadSource(file, { maxBytes: options.maxBytes }), reference);
}

/** readDocument with synchronous reads (loadSourceSync), for the parse worker. */
export function readDocumentSync(
	file: SourceFile,
	reference: ExtractionReference,
	options: { maxBytes?: number } = {},
): ParsedDocument {
	return parseSource(file, loadSourceSync(file, { maxBytes: options.maxBytes }), reference);
}

function parseSource(file: SourceFile, source: LoadedSource, reference: ExtractionReference): ParsedDocument {
	return parseDocument(
		{
			// loadSource's text is normalizeText's output already (text, HTML and Markdown alike), and normalizing is
			// idempotent: a second pass cost ~2 % of parsing for nothing (test/property/fast-paths.test.ts checks both).
			text: source.text,
			path: file.path,
			url: source.meta.url,
			meta: { title: source.meta.title, published: source.meta.published },
		},
		reference,
	);
}
