import { describe, expect, it } from 'vitest';
import type { PartnerMention } from '../../src/domain/entry.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { createEntryReader } from '../../src/store/entry-reader.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const NOW = new Date('2024-05-01T12:00:00.000Z');

const body = (name: string, role: PartnerMention['role'], written = name): PartnerMention => ({
	name,
	role,
	written,
	level: 'provincial',
	province: 'Zhejiang',
});

describe('Chinese bodies and fields in the store', () => {
	it('stores an entry’s bodies by role and its fields, and resolves a body written two ways to one', () => {
		const db = openDatabase(`${tempDir()}/ngo.sqlite`);
		const store = createDocumentStore(db);
		const reader = createEntryReader(db);
		const saved = store.saveDocument(
			makeDocument({
				entries: [
					{
						text: 'A.',
						partners: [
							body('Zhejiang Public Security Bureau', 'authority', 'Zhejiang PSB Foreign NGO Management Office'),
							body('Zhejiang Department of Commerce', 'partner', 'Department of Commerce'),
							body('Zhejiang Department of Commerce', 'supervisor'),
						],
						fields: ['trade', 'international_exchange'],
					},
					{
						text: 'B.',
						partners: [body('Department of Commerce of Zhejiang Province', 'supervisor')],
						fields: ['trade'],
					},
				],
			}),
			{ sourceKey: 'a', extractorVersion: 1, now: NOW },
		);
		const [first, second] = saved.entryIds.map((id) => reader.getEntry(id)!);
		expect(first!.partners.map((p) => [p.name, p.role, p.written])).toEqual([
			['Zhejiang Public Security Bureau', 'authority', 'Zhejiang PSB Foreign NGO Management Office'],
			['Zhejiang Department of Commerce', 'partner', 'Department of Commerce'],
			['Zhejiang Department of Commerce', 'supervisor', 'Zhejiang Department of Commerce'],
		]);
		expect(first!.fields).toEqual(['trade', 'international_exchange']);
		// "Department of Commerce of Zhejiang Province" is the body first stored as "Zhejiang Department of Commerce".
		expect(second!.partners.map((p) => [p.name, p.written])).toEqual([
			['Zhejiang Department of Commerce', 'Department of Commerce of Zhejiang Province'],
		]);
		const counts = db.prepare('SELECT name, entry_count FROM bodies ORDER BY id').all();
		expect(counts).toEqual([
			{ name: 'Zhejiang Public Security Bureau', entry_count: 1 },
			{ name: 'Zhejiang Department of Commerce', entry_count: 2 },
		]);
	});

	it('rewrites bodies and fields with a new version of a document, and drops bodies nothing names any more', () => {
		const db = openDatabase(`${tempDir()}/ngo.sqlite`);
		const store = createDocumentStore(db);
		const reader = createEntryReader(db);
		const first = store.saveDocument(
			makeDocument({
				contentHash: 'v1',
				entries: [{ text: 'Kept.', partners: [body('Hunan Public Security Bureau', 'authority')], fields: ['health'] }],
			}),
			{ sourceKey: 'a', extractorVersion: 1, now: NOW },
		);
		const again = store.saveDocument(
			makeDocument({
				contentHash: 'v1',
				entries: [{ text: 'Kept.', partners: [body('Hunan Civil Affairs Department', 'partner')], fields: ['aging'] }],
			}),
			{ sourceKey: 'a', extractorVersion: 2, now: NOW },
		);
		expect(again.keptIds).toEqual(first.entryIds);
		const entry = reader.getEntry(first.entryIds[0]!)!;
		expect(entry.partners.map((p) => p.name)).toEqual(['Hunan Civil Affairs Department']);
		expect(entry.fields).toEqual(['aging']);
		expect(db.prepare('SELECT name FROM bodies').pluck().all()).toEqual(['Hunan Civil Affairs Department']);

		store.removeDocument('a');
		expect(db.prepare('SELECT count(*) FROM bodies').pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM body_aliases').pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM entry_fields').pluck().get()).toBe(0);
	});
});
