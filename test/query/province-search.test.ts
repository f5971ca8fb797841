import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ftsMatchExpression } from '../../src/domain/search-text.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { type EntryInput, makeDocument } from '../helpers/make-document.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

// /search with one province folds the province into the full-text match (its column holds the canonical names) and
// checks nothing else: the entries it finds must be exactly those the plain filter finds, including entries whose
// text names the province without it being theirs, entries of several provinces, and two-word provinces.
const PROVINCES = ['Yunnan', 'Hunan', 'Inner Mongolia', 'Hong Kong', 'Beijing'];
let app: App;
let dir: string;

beforeAll(() => {
	dir = makeTempDir('ngo-bot-province-search-');
	app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
	const entries: EntryInput[] = [];
	for (let i = 0; i < 120; i++) {
		const own = [PROVINCES[i % 5]!, ...(i % 7 === 0 ? [PROVINCES[(i + 2) % 5]!] : [])];
		// The text names another province (a visitor from there, an origin) that is not the entry's.
		const mentioned = PROVINCES[(i + 1) % 5]!;
		const word = i % 4 === 0 ? 'training' : i % 4 === 1 ? 'trainings' : 'donation';
		entries.push({
			text: `A ${word} event, with guests from ${mentioned} Mongolia Hong. Entry ${i}.`,
			date: `20${10 + (i % 12)}-0${1 + (i % 9)}-${10 + (i % 18)}`,
			provinces: own,
			type: 'training',
		});
	}
	const now = new Date('2024-05-01T12:00:00.000Z');
	createDocumentStore(app.db).saveDocument(makeDocument({ entries }), { sourceKey: 'fold', extractorVersion: 1, now });
});
afterAll(() => {
	app.close();
	removeTempDir(dir);
});

it('finds with a province exactly what the plain province filter finds, in both orders and past the first page', () => {
	for (const province of PROVINCES) {
		for (const words of ['training', 'train', 'donation', 'event']) {
			const plain = app.search.find(
				{ match: ftsMatchExpression(words, { prefixLast: true }), provinces: [province], order: 'newest' },
				{ limit: 200 },
			);
			for (const order of ['newest', 'relevance'] as const) {
				const ids: number[] = [];
				for (let page = 1; page <= 10; page++) {
					const answer = app.query.search(words, { province }, { order, page, pageSize: 5 });
					if (!answer.ok) throw new Error(`no answer for ${words} in ${province}`);
					expect(answer.value.page.total).toBe(plain.total);
					ids.push(...answer.value.entries.map((entry) => entry.id));
				}
				if (order === 'newest') expect(ids).toEqual(plain.ids.slice(0, 50));
				else expect(ids.toSorted((a, b) => a - b)).toEqual(plain.ids.slice(0, 50).toSorted((a, b) => a - b));
			}
			expect(plain.total).toBeGreaterThan(0);
		}
	}
});
