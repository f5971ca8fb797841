import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../src/store/document-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument } from '../helpers/make-document.js';
import { evidenceAsRows } from '../helpers/older-schema.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const NOW = new Date('2024-05-01T12:00:00.000Z');

const counts = (db: Database.Database) => ({
	bodies: db.prepare('SELECT body_id, role, org_id, n FROM body_counts ORDER BY 1, 2, 3').raw().all(),
	fields: db.prepare('SELECT org_id, field, n FROM field_counts ORDER BY 1, 2').raw().all(),
});

describe('migration 13', () => {
	it('counts the bodies and fields of a populated v11 database as the store keeps them, events once', () => {
		const path = join(tempDir(), 'ngo.sqlite');
		let db = openDatabase(path);
		const store = createDocumentStore(db);
		const partner = (name: string, role: 'supervisor' | 'partner') => ({
			name,
			role,
			written: name,
			level: null,
			province: null,
		});
		const registration = {
			type: 'registration' as const,
			date: '2019-03-01',
			provinces: ['Yunnan'],
			orgs: [{ name: 'Oxfam' }],
			partners: [partner('Yunnan Department of Civil Affairs', 'supervisor')],
			fields: ['health' as const],
		};
		store.saveDocument(
			makeDocument({
				entries: [
					registration,
					{
						text: 'Second.',
						orgs: [{ name: 'Oxfam' }, { name: 'AIFO' }],
						partners: [partner('Peking University', 'partner'), partner('Peking University', 'supervisor')],
						fields: ['education', 'youth'],
					},
				],
			}),
			{ sourceKey: 'a', extractorVersion: 1, now: NOW },
		);
		// Another document reporting the registration: one event, counted once.
		store.saveDocument(makeDocument({ entries: [{ ...registration, text: 'The registration, told again.' }] }), {
			sourceKey: 'b',
			extractorVersion: 1,
			now: NOW,
		});
		expect(db.prepare('SELECT count(*) FROM entries WHERE event_id IS NOT NULL').pluck().get()).toBe(1);
		const kept = counts(db);
		expect(kept.bodies.length).toBeGreaterThan(0);
		// (migration 14 comes after it and runs again: its table goes too; so does migration 17, which needs the
		// evidence as migration 8 kept it)
		evidenceAsRows(db);
		db.exec('DROP TABLE body_counts; DROP TABLE field_counts; DROP TABLE fts_terms; PRAGMA user_version = 12;');
		db.close();

		db = openDatabase(path);
		expect(counts(db)).toEqual(kept);
		db.close();
	});
});
