import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import {
	digestEntryIds,
	digestThreadName,
	draftParts,
	reviewedDigest,
	reviveDigest,
	storableDigest,
	withRoleMention,
} from '../../src/digest/review.js';
import { parseWeek } from '../../src/digest/week.js';
import type { ActivityType, Entry } from '../../src/domain/entry.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';

const NOW = new Date('2019-03-06T04:00:00Z');
const WEEK = parseWeek('2019-W09', 'Asia/Shanghai', NOW);

function entry(id: number, province: string): Entry {
	return {
		id,
		documentId: 1,
		kind: 'digest',
		source: { path: null, url: 'https://www.chinafile.com/ngo/posts', title: 'MPS WeChat Posts', published: null },
		ingestedAt: '2019-02-26T00:00:00.000Z',
		position: id,
		title: null,
		date: '2019-02-25',
		provinces: [province],
		orgs: [{ name: `Trust ${id}`, country: 'Japan', aliases: [] }],
		partners: [],
		fields: [],
		type: 'registration' as ActivityType,
		summary: `Entry ${id}: ${'a long summary of what the office did with the trust this week '.repeat(3)}`,
		text: `Entry ${id} text.`,
		eventId: id,
		otherSources: [],
	};
}

function digestOf(entries: Entry[], lastIngestAt: string | null = '2019-03-01T00:00:00.000Z') {
	return buildDigest(WEEK, entries, 0, {
		groupBy: 'province',
		basis: 'ingested',
		filters: {},
		lastIngestAt,
		staleAfterDays: 14,
		now: NOW,
	});
}

const listed = (description = '') => [...description.matchAll(/`#(\d+)`/g)].map((m) => Number(m[1]));

describe('digest review', () => {
	const entries = [...Array.from({ length: 30 }, (_, i) => entry(i + 1, 'Hunan')), entry(31, 'Hainan')];
	const digest = digestOf(entries);

	it('renders the same messages as the digest when nothing changed, with the entries each message lists', () => {
		const parts = draftParts(digest, { dropped: [], intro: null });
		expect(parts.messages.length).toBeGreaterThan(1);
		expect(parts.messages.map((m) => listed(m.embeds?.[0]?.description))).toEqual(parts.entryIds);
		expect(parts.entryIds.flat().sort((a, b) => a - b)).toEqual(digestEntryIds(digest).sort((a, b) => a - b));
		for (const message of parts.messages) expect(replyLimitViolations(message)).toEqual([]);
	});

	it('leaves dropped entries out, removes a group left empty and says how many were left out', () => {
		const parts = draftParts(digest, { dropped: [31, 2, 999], intro: null });
		expect(parts.entryIds.flat()).not.toContain(31);
		expect(parts.entryIds.flat()).not.toContain(2);
		const first = parts.messages[0]?.embeds?.[0]?.description ?? '';
		expect(first).not.toContain('Hainan');
		// The id no entry of the digest has (999) is not counted.
		expect(first).toContain('*2 of them were left out by the moderators.*');
		expect(first).toMatch(/^\*\*31 entries new/);
		expect(reviewedDigest(digest, [31]).groups.map((g) => g.label)).toEqual(['Hunan']);
	});

	it('puts the intro line first, escaped', () => {
		const parts = draftParts(digest, { dropped: [], intro: '  <@&123456789012345678> **Zebra**  ' });
		const line = parts.messages[0]?.embeds?.[0]?.description?.split('\n')[0];
		expect(line).toContain('Zebra');
		expect(line).not.toMatch(/(?<!\\)\*\*Zebra/);
		expect(parts.messages[0]?.embeds?.[0]?.description?.split('\n')[0]).not.toContain('<@&123456789012345678>');
		expect(parts.messages[1]?.embeds?.[0]?.description).not.toContain('Zebra');
	});

	it('reads a stored digest back as it was, a never-ingested corpus included', () => {
		const never = digestOf(entries.slice(0, 2), null);
		expect(never.staleDays).toBe(Number.POSITIVE_INFINITY);
		for (const built of [digest, never]) {
			const back = reviveDigest(JSON.parse(JSON.stringify(storableDigest(built))));
			expect(back).toEqual(built);
			expect(draftParts(back, { dropped: [1], intro: 'x' })).toEqual(draftParts(built, { dropped: [1], intro: 'x' }));
		}
	});

	it('names threads after the week within 100 characters, and mentions only a real role id', () => {
		expect(digestThreadName(digest)).toBe('Weekly digest · 2019-W09 · Feb 25 – Mar 3, 2019');
		const parts = draftParts(digest, { dropped: [], intro: null }).messages;
		const mentioned = withRoleMention(parts, '1180000000000000400');
		expect(mentioned[0]).toMatchObject({
			content: '<@&1180000000000000400>',
			mentions: { roles: ['1180000000000000400'] },
		});
		expect(mentioned.slice(1)).toEqual(parts.slice(1));
		expect(withRoleMention(parts, '@everyone')).toEqual(parts);
		expect(withRoleMention(parts, null)).toEqual(parts);
	});
});
