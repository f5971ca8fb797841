import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import type { Evidence } from '../../src/domain/entry.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { type EntryInput, makeDocument } from './make-document.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

/** Evidence quoting the first occurrence of `quote` in `source` (the entry's title or text). */
export function quoted(
	source: string,
	quote: string,
	row: Pick<Evidence, 'fact' | 'value' | 'role'> & Partial<Evidence>,
	field: 'title' | 'text' = 'text',
): Evidence {
	const start = source.indexOf(quote);
	if (start < 0) throw new Error(`${quote} is not in ${source}`);
	return { subject: null, counted: true, field, start, end: start + quote.length, quote, ...row };
}

export const HUNAN_TITLE = 'Hunan registers Green-Net';
// An emoji before the quotes: offsets are JavaScript string indexes (UTF-16), not code points.
export const HUNAN_TEXT =
	'😀 On that day the Hunan PSB Foreign NGO Management Office issued a certificate to Green-Net (Japan), ' +
	'whose Hong Kong office had applied.';

/** An entry with hand-made evidence of every kind: page words, title and text quotes, an uncounted place. */
export function hunanEntry(): EntryInput {
	return {
		title: HUNAN_TITLE,
		text: HUNAN_TEXT,
		date: '2019-02-25',
		provinces: ['Hunan'],
		orgs: [{ name: 'Green-Net', country: 'Japan' }],
		type: 'registration',
		evidence: [
			{
				fact: 'date',
				value: '2019-02-25',
				subject: null,
				role: 'date heading',
				counted: true,
				field: 'page',
				start: null,
				end: null,
				quote: 'February 25, 2019',
			},
			quoted(HUNAN_TEXT, 'Hunan PSB Foreign NGO Management Office', {
				fact: 'province',
				value: 'Hunan',
				role: 'acting authority',
			}),
			quoted(HUNAN_TITLE, 'Hunan', { fact: 'province', value: 'Hunan', role: 'headline place' }, 'title'),
			quoted(HUNAN_TEXT, 'Green-Net', { fact: 'org', value: 'Green-Net', role: 'named organization' }),
			quoted(HUNAN_TEXT, '(Japan)', {
				fact: 'country',
				value: 'Japan',
				subject: 'Green-Net',
				role: 'origin of Green-Net',
			}),
			quoted(HUNAN_TEXT, 'Hong Kong', {
				fact: 'province',
				value: 'Hong Kong',
				role: 'office of Green-Net',
				counted: false,
			}),
			quoted(HUNAN_TITLE, 'registers', { fact: 'type', value: 'registration', role: 'activity word' }, 'title'),
		],
	};
}

/**
 * Saves the Hunan entry and one without evidence (like entries stored before evidence was kept) into the
 * app's database through the store; returns their ids.
 */
export function saveEvidenceCorpus(app: Pick<App, 'db'>): { hunan: number; plain: number } {
	const doc = makeDocument({ entries: [hunanEntry(), { text: 'Gansu hosted a meeting.', provinces: ['Gansu'] }] });
	const now = new Date('2024-05-01T12:00:00.000Z');
	const { entryIds } = createDocumentStore(app.db).saveDocument(doc, { sourceKey: 'hunan', extractorVersion: 1, now });
	return { hunan: entryIds[0]!, plain: entryIds[1]! };
}

/** A real app over a temporary database holding saveEvidenceCorpus, shared by a read-only suite. */
export function useEvidenceApp(): () => { app: App; ids: { hunan: number; plain: number } } {
	let app: App | undefined;
	let ids: { hunan: number; plain: number } | undefined;
	let dir: string | undefined;
	beforeAll(async () => {
		dir = makeTempDir('ngo-bot-evidence-');
		app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
		ids = saveEvidenceCorpus(app);
		// The name indexes may have loaded before the save: bring them up to date like another process's ingest.
		await app.indexes.whenReady();
		await app.refreshIndexes();
	});
	afterAll(() => {
		app?.close();
		if (dir) removeTempDir(dir);
	});
	return () => {
		if (!app || !ids) throw new Error('useEvidenceApp() getter called outside a test');
		return { app, ids };
	};
}
