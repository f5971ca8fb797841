import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { makeTempDir, removeTempDir } from './helpers/temp-dir.js';

// Digests written for this test: organizations appear, recur across documents, and one disappears with its document.
const line = (day: number, org: string) =>
	`Mar ${day}, 2020: The Yunnan PSB Foreign NGO Management Office met the ${org} (United Kingdom).`;

let dirs: string[] = [];
const apps: App[] = [];
afterEach(() => {
	for (const app of apps.splice(0)) app.close();
	for (const dir of dirs) removeTempDir(dir);
	dirs = [];
});

function answers(app: App) {
	return ['Otter Trust', 'Crane Fund', 'Heron Society', 'Lotus Alliance', 'otter'].map((name) => [
		name,
		app.indexes.searchOrgs(name)?.map((hit) => [hit.id, hit.name, hit.entryCount]),
		app.indexes.suggestOrgs(name.slice(0, 3), 25)?.map((s) => [s.id, s.entryCount]),
	]);
}

describe('the org name index after an ingest', () => {
	it('equals one rebuilt from the database, with every save of the run applied once per org', async () => {
		const docs = makeTempDir('ngo-bot-upkeep-');
		const dbDir = makeTempDir('ngo-bot-upkeep-db-');
		dirs = [docs, dbDir];
		const orgs = ['Otter Trust', 'Crane Fund', 'Heron Society', 'Lotus Alliance'];
		for (let d = 0; d < 30; d++) {
			const text = [
				`NGO Digest ${d} (written for the tests)`,
				line(1 + (d % 28), orgs[d % 4]!),
				line(2, orgs[(d + 1) % 4]!),
			];
			writeFileSync(join(docs, `digest-${d}.txt`), text.join('\n\n'));
		}
		// The only document naming a fifth organization: removed by the second ingest, the organization with it.
		writeFileSync(join(docs, 'digest-x.txt'), ['NGO Digest x', line(3, 'Kestrel Foundation')].join('\n\n'));
		const path = join(dbDir, 'ngo.sqlite');
		const app = createApp({ databasePath: path });
		apps.push(app);
		await app.ingest([docs]);
		writeFileSync(join(docs, 'digest-x.txt'), ['NGO Digest x', line(3, 'Otter Trust')].join('\n\n'));
		await app.ingest([docs]);
		expect(app.indexes.searchOrgs('Kestrel Foundation')?.some((hit) => hit.name === 'Kestrel Foundation')).toBe(false);

		app.db.exec('DELETE FROM search_snapshots');
		const rebuilt = createApp({ databasePath: path });
		apps.push(rebuilt);
		expect((await rebuilt.indexes.whenReady()).loadedFrom).toBe('rebuilt');
		expect(answers(app)).toEqual(answers(rebuilt));
		expect(app.indexes.status().details.orgs.documents).toBe(rebuilt.indexes.status().details.orgs.documents);
	});
});
