import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_META_LINES, type ExportMeta, packageExport, renderExportFile } from '../../src/export/export-files.js';
import { CSV_COLUMNS, type ExportRecord } from '../../src/export/export-record.js';
import { csvCells, fileText, readExportCsv, readExportJson } from '../helpers/export-files.js';
import { mulberry32 } from '../../src/bench/synthetic-corpus.js';

const META: ExportMeta = {
	generator: 'ngo-bot',
	query: 'mental "health", 心理',
	filters: { province: 'Heilongjiang', from: '2019-01-01' },
	resolved: { province: 'Heilongjiang' },
	order: 'newest',
	entries: 2,
	data_cutoff: '2026-11-20T10:00:00.000Z',
	corpus_revision: 12,
	generated_at: '2026-11-22T05:50:00.000Z',
};

function record(id: number, overrides: Partial<ExportRecord> = {}): ExportRecord {
	return {
		id,
		event_id: id,
		position: id % 7,
		date: '2019-02-15',
		provinces: ['Heilongjiang', 'Hunan'],
		orgs: [
			{ name: 'Example Foundation', country: 'Japan' },
			{ name: '北京某某基金会', country: null },
		],
		partners: [
			{ name: 'Heilongjiang Public Security Bureau', role: 'authority' },
			{ name: 'Harbin "Sunrise", Care Center', role: 'partner' },
		],
		fields: ['health', 'youth'],
		type: 'training',
		title: null,
		summary: `Summary ${id}, with a comma.`,
		text: `Entry ${id}.`,
		kind: 'digest',
		source: { path: 'data/x.txt', url: 'https://www.chinafile.com/x?a=1,b=2', title: 'A "title"', published: null },
		document_id: 3,
		ingested_at: '2026-11-20T10:00:00.000Z',
		...overrides,
	};
}

const HARD: ExportRecord[] = [
	record(1, {
		text: 'He said "all forms, including \'these\', are ready".\r\nNext line\nand a lone\rCR; 黑龙江省民政厅, 培训。',
		summary: '# not a comment, "quoted"',
		title: '=SUM(A1) 标题',
	}),
	record(2, {
		date: null,
		provinces: [],
		orgs: [],
		text: '',
		summary: ',',
		source: { path: null, url: null, title: null, published: '2019-03-01' },
	}),
];

describe('export files', () => {
	it('CSV: a BOM, six "#" lines with query, filters, cut-off and time, then rows that parse back exactly', () => {
		const csv = renderExportFile('csv', HARD, META);
		const { meta, header, rows } = readExportCsv(csv);
		expect(meta).toHaveLength(CSV_META_LINES);
		expect(meta[0]).toMatch(/^# ngo-bot export: 2 entries\. .*skiprows=6/);
		expect(meta[1]).toBe('# query: "mental \\"health\\", 心理"');
		expect(meta[2]).toBe('# filters: province=Heilongjiang; from=2019-01-01 (province → Heilongjiang)');
		expect(meta[3]).toBe('# order: newest first');
		expect(meta[4]).toBe('# data cut-off: 2026-11-20T10:00:00.000Z (corpus revision 12)');
		expect(meta[5]).toBe('# generated: 2026-11-22T05:50:00.000Z');
		expect(header).toEqual([...CSV_COLUMNS]);
		expect(rows).toEqual(HARD.map(csvCells));
		expect(rows[0]![CSV_COLUMNS.indexOf('orgs')]).toBe('Example Foundation (Japan); 北京某某基金会');
	});

	it('JSON: {meta, entries} whose entries equal the records', () => {
		const json = readExportJson(renderExportFile('json', HARD, META));
		expect(json.meta).toEqual(META);
		expect(json.entries).toEqual(HARD);
		expect(readExportJson(renderExportFile('json', [], { ...META, entries: 0 })).entries).toEqual([]);
	});

	it('any text round-trips through CSV and JSON (property)', () => {
		const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '中', '#', '\u2028', 'é', '😀') });
		fc.assert(
			fc.property(fc.array(fc.tuple(text, text, text), { maxLength: 5 }), (cells) => {
				const records = cells.map(([t, s, title], i) => record(i + 1, { text: t, summary: s, title }));
				expect(readExportCsv(renderExportFile('csv', records, META)).rows).toEqual(records.map(csvCells));
				expect(readExportJson(renderExportFile('json', records, META)).entries).toEqual(records);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('fitting an export to the upload limit', () => {
	/** Records with poorly compressible text, so gzip alone cannot always save the day. */
	function noisyRecords(n: number, textLength: number): ExportRecord[] {
		const random = mulberry32(7);
		const alphabet = 'abcdefghijklmnopqrstuvwxyz 中文,"\n0123456789';
		return Array.from({ length: n }, (_, i) =>
			record(i + 1, {
				text: Array.from({ length: textLength }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
			}),
		);
	}
	const options = { formats: ['csv', 'json'] as const, baseName: 'ngo-bot-export-2026-11-22' };

	it('attaches plain files in one message when they fit', async () => {
		const records = noisyRecords(20, 100);
		const pkg = await packageExport(records, { ...META, entries: 20 }, { ...options, maxMessageBytes: 1_000_000 });
		expect(pkg.compressed).toBe(false);
		expect(pkg.parts).toBe(1);
		expect(pkg.messages.map((m) => m.map((f) => f.name))).toEqual([
			['ngo-bot-export-2026-11-22.csv', 'ngo-bot-export-2026-11-22.json'],
		]);
		expect(readExportCsv(fileText('x.csv', pkg.messages[0]![0]!.data)).rows).toEqual(records.map(csvCells));
	});

	it('gzips when the plain files are over the limit and the gzipped ones fit', async () => {
		const records = Array.from({ length: 2_000 }, (_, i) => record(i + 1, { text: 'same words again '.repeat(20) }));
		const meta = { ...META, entries: records.length };
		const plain = new TextEncoder().encode(renderExportFile('csv', records, meta)).length;
		const pkg = await packageExport(records, meta, { ...options, maxMessageBytes: Math.floor(plain / 2) });
		expect(pkg.compressed).toBe(true);
		expect(pkg.parts).toBe(1);
		expect(pkg.messages).toHaveLength(1);
		const [csv, json] = pkg.messages[0]!;
		expect(csv!.name).toBe('ngo-bot-export-2026-11-22.csv.gz');
		expect(readExportCsv(fileText(csv!.name, csv!.data)).rows).toEqual(records.map(csvCells));
		expect(readExportJson(fileText(json!.name, json!.data)).entries).toEqual(records);
		expect(pkg.largestMessageBytes).toBeLessThanOrEqual(Math.floor(plain / 2));
	});

	it('splits into complete parts, each within the limit, that together hold every record once, in order', async () => {
		const records = noisyRecords(600, 400);
		const meta = { ...META, entries: records.length };
		const maxMessageBytes = 40_000;
		const pkg = await packageExport(records, meta, { ...options, maxMessageBytes });
		expect(pkg.compressed).toBe(true);
		expect(pkg.parts).toBeGreaterThan(1);
		const files = pkg.messages.flat();
		expect(files).toHaveLength(pkg.parts * 2);
		for (const message of pkg.messages) {
			expect(message.length).toBeLessThanOrEqual(10);
			expect(message.reduce((sum, f) => sum + f.data.length, 0)).toBeLessThanOrEqual(maxMessageBytes);
		}
		const csvParts = files.filter((f) => f.name.endsWith('.csv.gz'));
		const jsonParts = files.filter((f) => f.name.endsWith('.json.gz'));
		expect(csvParts.map((f) => f.name)[1]).toBe(`ngo-bot-export-2026-11-22-part2-of-${pkg.parts}.csv.gz`);
		const csvRows = csvParts.flatMap((f) => readExportCsv(fileText(f.name, f.data)).rows);
		expect(csvRows).toEqual(records.map(csvCells));
		const jsons = jsonParts.map((f) => readExportJson(fileText(f.name, f.data)));
		expect(jsons.flatMap((j) => j.entries)).toEqual(records);
		expect(jsons.map((j) => j.meta.part?.number)).toEqual(jsons.map((_, i) => i + 1));
		expect(jsons[1]!.meta.part).toMatchObject({ of: pkg.parts, first: jsons[0]!.entries.length + 1 });
		expect(jsons.every((j) => j.meta.entries === 600 && j.meta.query === META.query)).toBe(true);
		const firstCsv = readExportCsv(fileText(csvParts[0]!.name, csvParts[0]!.data));
		expect(firstCsv.meta[0]).toMatch(
			new RegExp(`^# ngo-bot export: 600 entries, part 1 of ${pkg.parts} \\(entries 1–`),
		);
	});
});
