import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DraftEntry, DraftEntrySchema, isPlainlyValidDraftEntry } from '../../src/domain/entry.js';
import { loadReference } from '../../src/ingest/load-reference.js';
import { normalizeText } from '../../src/ingest/normalize-text.js';
import { parseDocument } from '../../src/ingest/parse-document.js';
import { projectRoot } from '../../src/project-root.js';

const reference = loadReference();
const sampleDir = join(projectRoot(), 'data', 'sample');
const sampleEntries: DraftEntry[] = readdirSync(sampleDir)
	.filter((name) => name.endsWith('.txt'))
	.flatMap(
		(name) =>
			parseDocument(
				{ text: normalizeText(readFileSync(join(sampleDir, name), 'utf8')), path: name, url: null },
				reference,
			).entries,
	);

/** Every path to a value inside an entry (objects and arrays walked), with the value found there. */
function pathsOf(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
	const here: [(string | number)[], unknown][] = [[path, value]];
	if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...path, i]))];
	if (typeof value === 'object' && value !== null) {
		return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))];
	}
	return here;
}

function withValueAt(entry: DraftEntry, path: (string | number)[], value: unknown): unknown {
	const copy = structuredClone(entry) as unknown as Record<string | number, unknown>;
	if (path.length === 0) return value;
	let at = copy;
	for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
	const last = path[path.length - 1]!;
	if (value === undefined) delete at[last];
	else at[last] = value;
	return copy;
}

// Values a buggy extractor might leave anywhere: wrong types, empty and overlong strings, edge numbers, values of
// other enums.
const oddValue = fc.oneof(
	fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, NaN, Infinity, 2 ** 53, '', 'x', 'ab', [], {}),
	fc.constantFrom('registration', 'partner', 'page', 'title', 'national', 'education', '2023-02-29', '2024-02-29'),
	fc.constantFrom('2023-13-01', '2023-1-01', ' 2023-01-01', 'a'.repeat(201), 'a'.repeat(301), 'a'.repeat(1_001)),
	fc.constantFrom('a'.repeat(2_001), 'a'.repeat(200), 'a'.repeat(300), 'a'.repeat(1_000), 'a'.repeat(2_000)),
	fc.integer({ min: -3, max: 400 }),
	fc.string({ maxLength: 3 }),
);

describe('isPlainlyValidDraftEntry', () => {
	it('passes the entries the extractor makes (so the schema rarely runs)', () => {
		expect(sampleEntries.length).toBeGreaterThan(10);
		for (const entry of sampleEntries) expect(isPlainlyValidDraftEntry(entry)).toBe(true);
	});

	it('never passes an entry the schema rejects', () => {
		let rejected = 0;
		fc.assert(
			fc.property(fc.nat(), fc.nat(), fc.array(oddValue, { minLength: 1, maxLength: 2 }), (pick, at, values) => {
				let mutated: unknown = sampleEntries[pick % sampleEntries.length]!;
				values.forEach((value, i) => {
					// Paths of what the previous change left (it may have replaced a whole object).
					const paths = pathsOf(mutated);
					const [path] = paths[(at + i * 7) % paths.length]!;
					mutated = withValueAt(mutated as DraftEntry, path, value);
				});
				const schemaAccepts = DraftEntrySchema.safeParse(mutated).success;
				if (!schemaAccepts) rejected++;
				if (isPlainlyValidDraftEntry(mutated)) expect(schemaAccepts).toBe(true);
			}),
			{ numRuns: 5_000 },
		);
		// The mutations reach the schema's rules, not only harmless spots.
		expect(rejected).toBeGreaterThan(1_000);
	});

	it('rejects the evidence offsets the schema refuses', () => {
		const entry = sampleEntries.find((candidate) => candidate.evidence.some((row) => row.field === 'text'))!;
		const at = entry.evidence.findIndex((row) => row.field === 'text');
		const row = entry.evidence[at]!;
		for (const change of [
			{ start: row.end, end: row.start },
			{ start: null },
			{ end: null },
			{ field: 'page' },
			{ start: null, end: null },
		]) {
			const mutated = structuredClone(entry);
			Object.assign(mutated.evidence[at]!, change);
			expect(DraftEntrySchema.safeParse(mutated).success).toBe(false);
			expect(isPlainlyValidDraftEntry(mutated)).toBe(false);
		}
	});
});
