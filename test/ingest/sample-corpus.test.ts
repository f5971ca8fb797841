import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/ingest/collect-files.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { loadSource } from '../../src/ingest/load-source.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';
import { projectRoot } from '../../src/project-root.js';
import truth from '../fixtures/sample-truth.json' with { type: 'json' };
import { type GoldPage, type Predicted, scoreExtraction } from '../helpers/score-extraction.js';

// Quality gate on the shipped sample corpus: the figures the project is judged by, measured on every run.
describe('extraction quality on data/sample', async () => {
	const sampleDir = join(projectRoot(), 'data', 'sample');
	const { files } = await collectFiles([sampleDir]);
	const reference = loadReference();
	const predicted = new Map<string, Predicted[]>();
	for (const file of files) {
		const source = await loadSource(file);
		const document = parseDocument({ text: normalizeText(source.text), path: file.path, url: null }, reference);
		predicted.set(basename(file.path, extname(file.path)), [...document.entries]);
	}
	const scores = scoreExtraction(truth.pages as GoldPage[], predicted);

	it('ships the five sample documents under their own names', () => {
		expect(readdirSync(sampleDir).sort()).toEqual(truth.pages.map((page) => `${page.id}.txt`).sort());
	});

	it('splits every document into exactly its gold number of entries', () => {
		expect(scores.segmentation, scores.misses.join('\n')).toBe(1);
	});

	it('dates every dated item exactly', () => {
		expect(scores.date_acc, scores.misses.join('\n')).toBe(1);
	});

	// Never worse than before place roles and context-read names (provinces 0.97, orgs 0.98, countries 1, types 0.94).
	it('finds provinces with F1 ≥ 0.97, organizations with F1 ≥ 0.97 and all their countries', () => {
		const summary = `${JSON.stringify({ ...scores, misses: undefined })}\n${scores.misses.join('\n')}`;
		expect(scores.provinces_f1, summary).toBeGreaterThanOrEqual(0.97);
		expect(scores.orgs_f1, summary).toBeGreaterThanOrEqual(0.97);
		expect(scores.country_acc, summary).toBe(1);
	});

	it('classifies activity types at least 94% right', () => {
		expect(scores.type_acc, scores.misses.join('\n')).toBeGreaterThanOrEqual(0.94);
	});
});
