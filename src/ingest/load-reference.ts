import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';
import { createCountryLexicon } from './countries.js';
import { createGazetteer, loadGazetteerData } from './gazetteer.js';
import { createOrgDirectory } from './org-directory.js';
import type { ExtractionReference } from './parse-document.js';

let cached: ExtractionReference | null = null;

function readJson(file: string): unknown {
	const path = join(projectRoot(), 'data', 'reference', file);
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(`Cannot read reference data ${path}: ${(error as Error).message}`, { cause: error });
	}
}

/** Reads and validates data/reference/*.json once per process. */
export function loadReference(): ExtractionReference {
	cached ??= {
		gazetteer: createGazetteer(loadGazetteerData(readJson('provinces.json'))),
		countries: createCountryLexicon(readJson('countries.json')),
		directory: createOrgDirectory(readJson('ngo-aliases.json')),
	};
	return cached;
}

/** Whether `reference` is the one loadReference() returns (what a parse worker loads for itself). */
export function isStandardReference(reference: ExtractionReference): boolean {
	return reference === cached;
}
