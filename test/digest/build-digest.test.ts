import { describe, expect, it } from 'vitest';
import { buildDigest, filterDigestEntries, NO_PROVINCE_LABEL } from '../../src/digest/build-digest.js';
import { parseWeek } from '../../src/digest/week.js';
import type { ActivityType, Entry } from '../../src/domain/entry.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import { renderDigestMarkdown } from '../../src/render/digest-markdown.js';
import { MAX_DIGEST_MESSAGES, renderDigestMessages } from '../../src/render/digest-reply.js';

const NOW = new Date('2019-03-06T04:00:00Z');
const WEEK = parseWeek('2019-W09', 'Asia/Shanghai', NOW);

function entry(id: number, fields: Partial<Entry> = {}): Entry {
	return {
		id,
		documentId: 1,
		kind: 'digest',
		source: { path: null, url: 'https://www.chinafile.com/ngo/posts', title: 'MPS WeChat Posts', published: null },
		ingestedAt: '2019-02-26T00:00:00.000Z',
		position: id,
		title: null,
		date: '2019-02-25',
		provinces: ['Hunan'],
		orgs: [{ name: 'Animals Asia Foundation', country: 'Hong Kong', aliases: [] }],
		partners: [],
		fields: [],
		type: 'registration' as ActivityType,
		summary: `Entry ${id} summary.`,
		text: `Entry ${id} text.`,
		eventId: id,
		otherSources: [],
		...fields,
	};
}

const options = {
	groupBy: 'province' as const,
	basis: 'ingested' as const,
	filters: {},
	lastIngestAt: '2019-03-01T00:00:00.000Z',
	staleAfterDays: 14,
	now: NOW,
};

describe('buildDigest', () => {
	it('groups by first province, biggest group first, entries without a province last, with counts', () => {
		const digest = buildDigest(
			WEEK,
			[
				entry(1),
				entry(2, { provinces: ['Yunnan'] }),
				entry(3, { provinces: ['Yunnan', 'Hunan'], date: '2019-02-27' }),
				entry(4, { provinces: [] }),
				entry(5, { provinces: [] }),
				entry(6, { provinces: [] }),
			],
			2,
			options,
		);
		expect(digest.groups.map((g) => [g.label, g.items.map((i) => i.id)])).toEqual([
			['Yunnan', [3, 2]],
			['Hunan', [1]],
			[NO_PROVINCE_LABEL, [4, 5, 6]],
		]);
		expect(digest).toMatchObject({ total: 6, previousTotal: 2, staleDays: null });
		expect(digest.groups[0]!.items[0]!.citation.sourceUrl).toBe('https://www.chinafile.com/ngo/posts');
	});

	it('groups by type when asked and says the data is stale after the threshold', () => {
		const digest = buildDigest(WEEK, [entry(1), entry(2, { type: 'meeting' }), entry(3)], 0, {
			...options,
			groupBy: 'type',
			lastIngestAt: '2019-02-01T00:00:00.000Z',
		});
		expect(digest.groups.map((g) => [g.label, g.items.length])).toEqual([
			['Registration', 2],
			['Meeting', 1],
		]);
		expect(digest.staleDays).toBe(33);
		expect(renderDigestMarkdown(digest)).toMatch(/data may be stale: the last ingest was 33 days ago/);
	});

	it('filters by province, type, org keys and country', () => {
		const entries = [
			entry(1),
			entry(2, { provinces: ['Yunnan'] }),
			entry(3, { type: 'meeting' }),
			entry(4, { orgs: [{ name: 'AIFO', country: 'Italy', aliases: [] }] }),
		];
		expect(filterDigestEntries(entries, { province: 'Yunnan' }).map((e) => e.id)).toEqual([2]);
		expect(filterDigestEntries(entries, { type: 'meeting' }).map((e) => e.id)).toEqual([3]);
		expect(filterDigestEntries(entries, { country: 'italy' }).map((e) => e.id)).toEqual([4]);
		expect(filterDigestEntries(entries, { org: { name: 'AIFO', keys: ['aifo'] } }).map((e) => e.id)).toEqual([4]);
	});
});

describe('renderDigestMessages', () => {
	it('puts the overview with totals and the change on the week before first', () => {
		const [first] = renderDigestMessages(buildDigest(WEEK, [entry(1), entry(2)], 5, options));
		expect(first?.embeds?.[0]?.title).toBe('Weekly digest · 2019-W09 · Feb 25 – Mar 3, 2019');
		expect(first?.embeds?.[0]?.description).toMatch(
			/^\*\*2 entries new in 1 province group, −3 on the week before \(5\)\.\*\*/,
		);
		expect(first?.embeds?.[0]?.description).toMatch(
			/`#1` \[MPS WeChat Posts\]\(<https:\/\/www\.chinafile\.com\/ngo\/posts>\)/,
		);
	});

	it('splits long digests between entries, within Discord limits, repeating the group heading', () => {
		const long = 'A foreign NGO held a meeting with the provincial PSB about the rules. '.repeat(2);
		const entries = Array.from({ length: 60 }, (_, i) =>
			entry(i + 1, { summary: `${long} (${i + 1})`, provinces: [i < 40 ? 'Hunan' : 'Yunnan'] }),
		);
		const messages = renderDigestMessages(buildDigest(WEEK, entries, 0, options));
		expect(messages.length).toBeGreaterThan(2);
		for (const message of messages) expect(replyLimitViolations(message)).toEqual([]);
		const text = messages.map((m) => m.embeds?.[0]?.description ?? '').join('\n');
		// Every entry exactly once, whole: its id follows its text on the same line.
		for (let id = 1; id <= 60; id++) {
			expect(text.split(`\`#${id}\``).length - 1).toBe(1);
			expect(text).toContain(`\\(${id}\\) \`#${id}\``);
		}
		expect(text).toMatch(/__\*\*Hunan\*\*__ — 40 entries \(continued\)/);
		expect(messages.at(-1)?.embeds?.[0]?.footer?.text).toBe(
			`Part ${messages.length} of ${messages.length} · cite entries by id`,
		);
	});

	it('stops at the message cap and says how many entries were left out', () => {
		const long = 'word '.repeat(60);
		const entries = Array.from({ length: 400 }, (_, i) => entry(i + 1, { summary: long }));
		const messages = renderDigestMessages(buildDigest(WEEK, entries, 0, options));
		expect(messages).toHaveLength(MAX_DIGEST_MESSAGES);
		for (const message of messages) expect(replyLimitViolations(message)).toEqual([]);
		expect(messages.at(-1)?.embeds?.[0]?.description).toMatch(/\d+ more entries not shown: narrow the digest/);
	});

	it('says "no new entries" for an empty week, or sends nothing when the note is off', () => {
		const empty = buildDigest(WEEK, [], 3, options);
		expect(renderDigestMessages(empty)[0]?.embeds?.[0]?.description).toMatch(/No new entries this week\./);
		expect(renderDigestMessages(empty, { emptyNote: false })).toEqual([]);
	});

	it('escapes markdown and breaks mentions from indexed text', () => {
		const hostile = entry(1, { summary: '@everyone **bold** <@123456789012345678> [x](https://evil.example)' });
		const description = renderDigestMessages(buildDigest(WEEK, [hostile], 0, options))[0]?.embeds?.[0]?.description;
		expect(description).not.toMatch(/@everyone/);
		expect(description).toMatch(/\\\*\\\*bold\\\*\\\*/);
		expect(description).not.toMatch(/<@123456789012345678>/);
	});
});
