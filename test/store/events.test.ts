import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ftsMatchExpression } from '../../src/domain/search-text.js';
import { MAX_QUOTES, MAX_SOURCES } from '../../src/events/same-event.js';
import { createDocumentStore, type DocumentStore } from '../../src/store/document-store.js';
import { createEntryReader, type EntryReader } from '../../src/store/entry-reader.js';
import { createEntrySearch, type EntrySearch } from '../../src/store/entry-search.js';
import { createFacetReader } from '../../src/store/facets.js';
import { openDatabase } from '../../src/store/open-database.js';
import { makeDocument, type EntryInput } from '../helpers/make-document.js';
import { useTempDir } from '../helpers/temp-dir.js';

// One event told by several documents, kept by the store: linked, counted once, found once, undone on change.
const tempDir = useTempDir();
let db: Database.Database;
let store: DocumentStore;
let reader: EntryReader;
let search: EntrySearch;

beforeEach(() => {
	db = openDatabase(join(tempDir(), 'ngo.sqlite'));
	store = createDocumentStore(db);
	reader = createEntryReader(db);
	search = createEntrySearch(db);
});

afterEach(() => {
	db.close();
});

const NOW = new Date('2024-05-01T12:00:00.000Z');

function save(sourceKey: string, entries: EntryInput[], contentHash = sourceKey): number[] {
	const doc = makeDocument({ entries, contentHash, kind: 'article' });
	return [...store.saveDocument(doc, { sourceKey, extractorVersion: 1, now: NOW }).entryIds];
}

/** A registration as the MPS digests write it, and a news story about the same registration days later. */
const CERTIFICATE: EntryInput = {
	date: '2019-03-31',
	type: 'registration',
	provinces: ['Guangdong'],
	orgs: [{ name: 'Cedar Friendship Association', country: 'Madagascar' }],
	text: 'The Guangdong PSB issued a registration certificate to the Cedar Friendship Association.',
};
const STORY: EntryInput = {
	date: '2019-04-03',
	type: 'registration',
	provinces: ['Guangdong'],
	orgs: [{ name: 'Cedar Friendship Association' }],
	text: 'The Cedar Friendship Association opened its office in Guangzhou with a ceremony and a banquet.',
};

const total = () => createFacetReader(db).total('all', '');
const find = (words: string) =>
	search.find({ match: ftsMatchExpression(words)!, order: 'newest' }, { limit: 10 }).ids.sort((a, b) => a - b);
const eventOf = (id: number) => reader.getEntry(id)!.eventId;

describe('one event, several documents', () => {
	it('counts a registration and a story about it once, lists it once, and finds it by either text', () => {
		const [certificate] = save('digest', [CERTIFICATE]);
		const [story] = save('story', [STORY]);
		expect(eventOf(story!)).toBe(certificate);
		expect(total()).toBe(1);
		expect(search.find({ order: 'newest' }, { limit: 10 })).toEqual({ ids: [certificate], total: 1 });
		expect(search.find({ provinces: ['Guangdong'], order: 'newest' }, { limit: 10 }).ids).toEqual([certificate]);
		// "banquet" is only in the story: the event is found by it, as the entry that stands for it.
		expect(find('banquet')).toEqual([certificate]);
		expect(find('certificate')).toEqual([certificate]);

		const event = reader.getEntry(certificate!)!;
		expect(event.otherSources).toEqual([
			expect.objectContaining({ entryId: story, date: '2019-04-03', reason: 'same registration' }),
		]);
		expect(reader.getEntry(story!)!.otherSources.map((other) => other.entryId)).toEqual([certificate]);
		expect(reader.withOtherSources([certificate!])).toEqual([certificate, story]);
	});

	it('undoes the event when a source changes so that it tells something else, and when a source goes', () => {
		const [certificate] = save('digest', [CERTIFICATE]);
		save('story', [STORY]);
		expect(total()).toBe(1);

		// The story is corrected: it is about another organization now.
		const [corrected] = save('story', [{ ...STORY, orgs: [{ name: 'Baobab Trust' }] }], 'story-v2');
		expect(eventOf(corrected!)).toBe(corrected);
		expect(eventOf(certificate!)).toBe(certificate);
		expect(total()).toBe(2);
		expect(find('banquet')).toEqual([corrected]);
		expect(reader.getEntry(certificate!)!.otherSources).toEqual([]);

		// Back to the same organization: one event again; then the digest goes and the story stands alone.
		const [again] = save('story', [STORY], 'story-v3');
		expect(eventOf(again!)).toBe(certificate);
		expect(total()).toBe(1);
		store.removeDocument('digest');
		expect(eventOf(again!)).toBe(again);
		expect(total()).toBe(1);
		expect(find('banquet')).toEqual([again]);
		expect(find('certificate')).toEqual([]);
	});

	it('keeps apart what only looks alike: another province, another year, another activity days apart', () => {
		// Texts differ too: a shared sentence would be a quote (see the teaser below).
		save('digest', [CERTIFICATE]);
		save('hunan', [{ ...STORY, provinces: ['Hunan'], text: 'Its Changsha office opened.' }]);
		save('next-year', [{ ...STORY, date: '2020-04-03', text: 'It opened a second office.' }]);
		save('meetings', [{ ...CERTIFICATE, type: 'meeting', text: 'Officials met the association.' }]);
		save('later-meeting', [{ ...CERTIFICATE, type: 'meeting', date: '2019-04-09', text: 'They met again.' }]);
		expect(total()).toBe(5);
		expect(db.prepare('SELECT count(*) FROM event_links').pluck().get()).toBe(0);
	});

	it('joins at most one report per document to an event, and at most MAX_SOURCES in all', () => {
		const [certificate] = save('digest', [CERTIFICATE]);
		// A document telling the registration twice (a summary and its full text): one of them joins.
		const twice = save('twice', [STORY, { ...STORY, text: `${STORY.text!} A second paragraph.` }]);
		expect(twice.map(eventOf).filter((event) => event === certificate)).toHaveLength(1);
		for (let i = 0; i < MAX_SOURCES + 2; i++) save(`story-${i}`, [STORY]);
		const sources = reader.getEntry(certificate!)!.otherSources.length + 1;
		expect(sources).toBe(MAX_SOURCES);
	});

	it('links a listing teaser to its page by a quoted sentence, but not entries sharing boilerplate', () => {
		const sentence =
			'The Cedar Friendship Association will train sixty teachers from village schools in rural Guangdong over the summer.';
		const [page] = save('page', [{ ...CERTIFICATE, type: 'training', date: null, text: `${sentence} More text.` }]);
		const [teaser] = save('listing', [
			// Cut inside "over", words before the end.
			{
				...STORY,
				type: 'other',
				provinces: [],
				date: null,
				text: `${sentence.slice(0, sentence.indexOf(' over') + 3)}… read more`,
			},
		]);
		expect(eventOf(teaser!)).toBe(page);
		expect(reader.getEntry(page!)!.otherSources[0]?.reason).toBe('same words');

		// A standard sentence in more than MAX_QUOTES entries is nobody's quote: a new entry opening with it stands alone.
		const boilerplate = 'Overseas NGOs must register with the public security organs before they carry out activities.';
		for (let i = 0; i <= MAX_QUOTES; i++)
			save(`law-${i}`, [{ date: null, type: 'policy', text: `${boilerplate} ${i}.` }]);
		const late = save('law-late', [{ date: null, type: 'policy', text: `${boilerplate} Late item.` }]);
		expect(eventOf(late[0]!)).toBe(late[0]);
	});
});

describe('what leaves the counts', () => {
	it('the other sources are in no walk of a fact table, no facet and no page of a filter', () => {
		const [certificate] = save('digest', [CERTIFICATE]);
		const [story] = save('story', [STORY]);
		const org = reader.findOrgByKey('cedar friendship association')!;
		expect(reader.entryIdsByOrg(org.id, { limit: 10 })).toEqual([certificate]);
		expect(reader.entryIdsByProvince('Guangdong', { limit: 10 })).toEqual([certificate]);
		expect(reader.entryIdsByType('registration', { limit: 10 })).toEqual([certificate]);
		expect(reader.entryIdsBetween('2019-01-01', '2019-12-31', { limit: 10 })).toEqual([certificate]);
		expect(createFacetReader(db).total('org', org.id)).toBe(1);
		// The org row lives while any report names it; its stored count counts reports.
		expect(org.entryCount).toBe(2);
		expect(reader.stats()).toMatchObject({ entries: 1, otherSources: 1 });
		expect(reader.eventIdsOf([story!, certificate!])).toEqual([certificate]);
	});
});
