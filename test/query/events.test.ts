import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import type { Entry } from '../../src/domain/entry.js';
import { toExportRecord } from '../../src/export/export-record.js';
import { projectRoot } from '../../src/project-root.js';
import type { QueryResult } from '../../src/query/answers.js';
import { createDigestStore } from '../../src/store/digest-store.js';
import { summarizeEntry } from '../../src/summarize/answer-summary.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

// A news story, written for this test in China Development Brief's style, re-reporting a registration that one of
// the samples (an MPS WeChat digest) tells: ingested beside the samples, the two make one event with two citations.
const ORG = 'Association Generale Chine-Afrique';
const STORY = `# Madagascar association opens a representative office in Guangzhou

Posted on April 3, 2019 by CDB staff

The ${ORG}, a Madagascar association promoting exchanges between China and African countries, has registered a representative office in Guangzhou, Guangdong Province. The office will organise trade fairs, language classes and visits by African students.
`;
// The same story corrected: it was another association's office.
const CORRECTED = STORY.replaceAll(ORG, 'Baobab Friendship Society');

let app: App;
let dir: string;
const storyPath = () => join(dir, 'corpus', 'madagascar-office.md');

function ok<T>(result: QueryResult<T>): T {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

function exported(filters: { ngo: string }): Entry[] {
	return [...ok(app.query.matching('', filters)).batches()].flat();
}

beforeAll(async () => {
	dir = makeTempDir('ngo-bot-events-');
	cpSync(join(projectRoot(), 'data', 'sample'), join(dir, 'corpus'), { recursive: true });
	app = createApp({ databasePath: join(dir, 'ngo.sqlite') });
	await app.ingest([join(dir, 'corpus')]);
	writeFileSync(storyPath(), STORY);
	await app.ingest([storyPath()]);
	await app.indexes.whenReady();
});

afterAll(() => {
	app.close();
	removeTempDir(dir);
});

describe('one registration told by the MPS digest and by a news story', () => {
	it('is one entry on the NGO card and in /stats, with both citations', () => {
		const card = ok(app.query.ngo(ORG));
		expect(card.page.total).toBe(1);
		expect(card.org.entryCount).toBe(1);
		const [event] = card.entries;
		expect(event!.source.path).toMatch(/001_0bd6699c74066d22\.txt$/);
		expect(event!.otherSources).toEqual([expect.objectContaining({ date: '2019-04-03', reason: 'same registration' })]);
		expect(event!.otherSources[0]!.source.path).toBe(storyPath());
		expect(ok(app.query.stats({ ngo: ORG })).total).toBe(1);
		// The corpus count: every stored entry but the story, which tells an event already counted.
		const stored = app.db.prepare<[], number>('SELECT count(*) FROM entries').pluck().get()!;
		expect(ok(app.query.stats({})).total).toBe(stored - 1);
	});

	it('exports a row per source sharing one event_id', () => {
		const rows = exported({ ngo: ORG }).map(toExportRecord);
		expect(rows).toHaveLength(2);
		expect(new Set(rows.map((row) => row.event_id)).size).toBe(1);
		expect(rows.map((row) => row.source.path)).toContain(storyPath());
	});

	it('says on /entry which reports were merged and why', () => {
		const event = ok(app.query.ngo(ORG)).entries[0]!;
		const story = event.otherSources[0]!.entryId;
		const detail = summarizeEntry(event, { today: '2026-12-07' });
		const told = detail.facts.find((fact) => fact.label === 'Same event told by');
		expect(told?.value).toMatch(new RegExp(`^#${story} .*\\(2019-04-03\\) — same registration$`));
		const storyDetail = summarizeEntry(ok(app.query.entry(story)), { today: '2026-12-07' });
		expect(storyDetail.facts).toContainEqual({
			label: 'Counted as',
			value: `#${event.id}: this report tells its event again`,
		});
	});

	it('is one item of a digest and one search result, found by the story’s own words', () => {
		const digest = createDigestStore(app.db, app.reader).entriesDatedBetween('2019-03-25', '2019-04-07');
		expect(digest.filter((entry) => entry.orgs.some((org) => org.name === ORG))).toHaveLength(1);
		const found = ok(app.query.search('trade fairs language classes'));
		expect(found.entries.map((entry) => entry.orgs[0]?.name)).toEqual([ORG]);
		expect(found.page.total).toBe(1);
	});

	it('comes apart when the story is corrected to another association, and back when corrected again', async () => {
		const before = ok(app.query.stats({})).total;
		writeFileSync(storyPath(), CORRECTED);
		await app.ingest([storyPath()]);
		expect(ok(app.query.ngo(ORG)).entries[0]!.otherSources).toEqual([]);
		expect(ok(app.query.stats({})).total).toBe(before + 1);
		expect(exported({ ngo: ORG })).toHaveLength(1);

		writeFileSync(storyPath(), STORY);
		await app.ingest([storyPath()]);
		expect(ok(app.query.stats({})).total).toBe(before);
		expect(exported({ ngo: ORG })).toHaveLength(2);
	});
});
