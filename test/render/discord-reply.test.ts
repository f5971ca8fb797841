import { describe, expect, it } from 'vitest';
import type { Entry, Evidence } from '../../src/domain/entry.js';
import type { NgoAnswer, PartnerAnswer } from '../../src/query/answers.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import { renderAnswerReply, renderEntryReply, renderNoMatchReply } from '../../src/render/discord-reply.js';
import { escapeMarkdown, neutralizeMentions, truncate } from '../../src/render/markdown.js';
import {
	summarizeEntry,
	summarizeNgo,
	summarizeNoMatch,
	summarizePartner,
} from '../../src/summarize/answer-summary.js';
import { HUNAN_TEXT, HUNAN_TITLE, hunanEntry } from '../helpers/evidence-fixture.js';

const HOSTILE =
	'@everyone @here <@123456789012345678> <@&987654321098765432> **bold** __u__ `code` [x](https://evil.example) # Title\n> quote';

function entry(id: number, text: string, overrides: Partial<Entry> = {}): Entry {
	return {
		id,
		documentId: 1,
		position: id,
		title: null,
		date: '2019-04-11',
		provinces: ['Sichuan'],
		orgs: [{ name: `Foundation ${HOSTILE}`, country: 'Hong Kong', aliases: [] }],
		partners: [],
		fields: [],
		type: 'visit',
		summary: text.slice(0, 300),
		text,
		kind: 'digest',
		source: { path: 'data/x.txt', url: 'https://example.org/a', title: `Title ${HOSTILE}`, published: '2019-04-15' },
		ingestedAt: '2026-01-01T00:00:00.000Z',
		eventId: id,
		otherSources: [],
		...overrides,
	};
}

function ngoAnswer(entries: Entry[]): NgoAnswer {
	return {
		query: HOSTILE,
		resolvedBy: 'fuzzy',
		matched: HOSTILE,
		org: {
			id: 1,
			name: `Foundation ${HOSTILE}`.repeat(5),
			aliases: [HOSTILE, 'A'.repeat(500)],
			country: HOSTILE,
			entryCount: 9999,
		},
		span: { first: '2019-01-01', last: '2019-04-11' },
		provinces: Array.from({ length: 40 }, (_, i) => ({ key: `P${i}`, label: `Province ${i} ${HOSTILE}`, n: i })),
		types: [{ key: 'visit', label: 'visit', n: 3 }],
		// Hostile names of bodies and fields stay within limits and never ping.
		partners: Array.from({ length: 12 }, (_, i) => ({
			id: i,
			name: `Bureau ${i} ${HOSTILE}`,
			role: (['supervisor', 'partner', 'partner_unit', 'authority'] as const)[i % 4]!,
			n: 12 - i,
		})),
		fields: [{ key: 'health', label: `Health ${HOSTILE}`, n: 2 }],
		entries,
		page: { offset: 0, limit: entries.length, total: 9999 },
	};
}

/** Text that pings no one and shows HOSTILE's markdown literally. */
function expectInert(text: string): void {
	expect(text).not.toMatch(/@everyone|@here/);
	expect(text).not.toMatch(/<@&?\d+>/);
	expect(text).not.toMatch(/(?<!\\)\*\*bold/);
}

/** Everything a reply shows, as one string. */
function visibleText(reply: ReturnType<typeof renderAnswerReply>): string {
	return JSON.stringify(reply);
}

describe('Discord replies', () => {
	it('stay within every limit and ping no one, even with 6,000-character hostile entries', () => {
		const huge = `${HOSTILE} `.repeat(60).slice(0, 6_000);
		const reply = renderAnswerReply(
			summarizeNgo(ngoAnswer([1, 2, 3, 4, 5].map((id) => entry(id, huge))), { today: '2026-11-22' }),
		);
		expect(replyLimitViolations(reply)).toEqual([]);
		expectInert(visibleText(reply));
	});

	it('shows as many whole entries as fit and says how many more are on the next page', () => {
		const reply = renderAnswerReply(
			summarizeNgo(ngoAnswer([1, 2, 3, 4, 5].map((id) => entry(id, 'x'.repeat(280)))), { today: '2026-11-22' }),
		);
		expect(reply.embeds?.[0]?.description).toContain('`#5`');
		const crowded = renderAnswerReply(
			summarizeNgo(ngoAnswer(Array.from({ length: 25 }, (_, i) => entry(i + 1, 'y'.repeat(300)))), {
				today: '2026-11-22',
			}),
		);
		expect(crowded.embeds?.[0]?.description).toMatch(/more on the next page/);
		expect(replyLimitViolations(crowded)).toEqual([]);
	});

	it('renders a long entry in full up to the limit, with its citation', () => {
		const reply = renderEntryReply(summarizeEntry(entry(7, `${HOSTILE}\n\n`.repeat(200)), { today: '2026-11-22' }));
		expect(replyLimitViolations(reply)).toEqual([]);
		expect(reply.embeds?.[0]?.footer?.text).toMatch(/^Entry #7 · /);
		expect(reply.embeds?.[0]?.description).toMatch(/Text shortened/);
		expect(visibleText(reply)).not.toMatch(/@everyone/);
	});

	it('renders a Chinese body’s card within limits, pinging no one, whatever its names and partners', () => {
		const roles = ['supervisor', 'partner_unit', 'partner', 'authority', 'participant'] as const;
		const answer: PartnerAnswer = {
			query: HOSTILE,
			body: {
				id: 3,
				name: `Bureau ${HOSTILE}`,
				aliases: [`Bureau ${HOSTILE}`, HOSTILE, 'B'.repeat(500)],
				level: 'city',
				province: 'Jiangxi',
				entryCount: 9999,
			},
			span: { first: '2019-01-01', last: '2019-04-11' },
			roles: roles.map((role, i) => ({ key: role, label: role, n: 10 - i })),
			orgs: Array.from({ length: 60 }, (_, i) => ({
				id: i,
				name: `Foundation ${i} ${HOSTILE}`,
				role: roles[i % roles.length]!,
				n: 60 - i,
			})),
			entries: [1, 2, 3, 4, 5].map((id) => entry(id, `${HOSTILE} `.repeat(60))),
			page: { offset: 0, limit: 5, total: 9999 },
		};
		const reply = renderAnswerReply(summarizePartner(answer, { today: '2026-11-22' }));
		expect(replyLimitViolations(reply)).toEqual([]);
		expectInert(visibleText(reply));
		expect(reply.embeds?.[0]?.fields?.map((field) => field.name)).toEqual([
			'Entries',
			'Seen',
			'Level',
			'Province',
			'Roles',
			'Supervised',
			'Partner unit of',
			'Worked with',
			'Registered, met or visited',
			'Named with',
		]);
	});

	it('renders no-match replies within limits', () => {
		const suggestions = Array.from({ length: 30 }, (_, i) => ({ name: `${HOSTILE} ${i}`, value: 'v', entries: i }));
		const reply = renderNoMatchReply(summarizeNoMatch('ngo', HOSTILE.repeat(20), suggestions));
		expect(replyLimitViolations(reply)).toEqual([]);
		expect(visibleText(reply)).not.toMatch(/@everyone/);
	});
});

describe('/entry: why these facts', () => {
	const hunan = () => entry(9, HUNAN_TEXT, { title: HUNAN_TITLE, provinces: ['Hunan'], type: 'registration' });
	const fieldsOf = (reply: ReturnType<typeof renderEntryReply>) =>
		Object.fromEntries((reply.embeds?.[0]?.fields ?? []).map((field) => [field.name, field.value]));

	it('shows one line per counted fact with its words and role, and the places not counted', () => {
		const detail = summarizeEntry(hunan(), { today: '2026-11-22' }, hunanEntry().evidence);
		const reply = renderEntryReply(detail);
		expect(replyLimitViolations(reply)).toEqual([]);
		const fields = fieldsOf(reply);
		// Date first, then places, orgs, origins, type; Hunan's second quote (the title) is not repeated.
		expect(fields['Why these facts']!.split('\n')).toEqual([
			'2019-02-25 — from the date heading “February 25, 2019”',
			'Hunan — from “Hunan PSB Foreign NGO Management Office” (acting authority)',
			'Green-Net — from “Green-Net” (named organization)',
			'Green-Net — Japan, from “\\(Japan\\)”',
			'registration — from “registers” (activity word)',
		]);
		expect(fields['Not counted']).toBe('Hong Kong — office of Green-Net');
	});

	it('adds nothing for an entry without evidence (stored before evidence was kept)', () => {
		const reply = renderEntryReply(summarizeEntry(hunan(), { today: '2026-11-22' }, []));
		expect(Object.keys(fieldsOf(reply))).toEqual(['Date', 'Provinces', 'Organizations', 'Type', 'Source', 'Published']);
		expect(reply).toEqual(renderEntryReply(summarizeEntry(hunan(), { today: '2026-11-22' })));
	});

	it('stays within every limit with hostile 2,000-character quotes, pings no one, and counts what it leaves out', () => {
		const quote = `${HOSTILE} `.repeat(20).slice(0, 2_000);
		const text = `${quote}${HOSTILE}`.repeat(3);
		const row = (i: number, counted: boolean): Evidence => ({
			fact: (['date', 'province', 'org', 'country', 'type'] as const)[i % 5]!,
			value: `${HOSTILE} ${i}`,
			subject: i % 5 === 3 ? HOSTILE : null,
			role: `${HOSTILE} role ${i}`,
			counted,
			field: 'text',
			start: 0,
			end: quote.length,
			quote,
		});
		const evidence = [...Array.from({ length: 40 }, (_, i) => row(i, true)), row(41, false), row(42, false)];
		for (const hostileEntry of [entry(7, text), entry(7, text, { title: HOSTILE.repeat(10) })]) {
			const reply = renderEntryReply(summarizeEntry(hostileEntry, { today: '2026-11-22' }, evidence));
			expect(replyLimitViolations(reply)).toEqual([]);
			const shown = visibleText(reply);
			expect(shown).not.toMatch(/@everyone|@here/);
			expect(shown).not.toMatch(/<@&?\d+>/);
			// Footers show text literally; everything that renders markdown must have it escaped.
			const { fields, description } = reply.embeds![0]!;
			expect(JSON.stringify({ fields, description })).not.toMatch(/(?<!\\)\*\*bold/);
			const why = fieldsOf(reply)['Why these facts']!;
			expect(why).toMatch(/\n\+\d+ more$/);
			// Quotes are cut with "…" so several facts fit; the entry text still gets its share.
			expect(why.split('\n').length).toBeGreaterThan(2);
			expect(why).toContain('…”');
			expect(reply.embeds?.[0]?.description?.length).toBeGreaterThan(500);
			expect(fieldsOf(reply)['Not counted']).toMatch(/; /);
		}
	});
});

describe('markdown helpers', () => {
	it('escape markdown so it shows literally', () => {
		expect(escapeMarkdown('**a** _b_ `c` ~~d~~ |e| > f [g](h)')).toBe(
			'\\*\\*a\\*\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\|e\\| \\> f \\[g\\]\\(h\\)',
		);
		expect(escapeMarkdown('# Title\n- item\n1. first\n-# small\ndate 2019-04-11 #12: ok')).toBe(
			'\\# Title\n\\- item\n\\1. first\n\\-# small\ndate 2019-04-11 #12: ok',
		);
	});

	it('break mentions', () => {
		expect(neutralizeMentions('@everyone <@123> <@!45> <@&6> <#7> @Here')).not.toMatch(
			/@everyone|<@!?&?\d+>|<#\d+>|@Here/,
		);
	});

	it('truncate without splitting a surrogate pair or ending in an escape', () => {
		expect(truncate('😀😀😀', 4)).toBe('😀…');
		expect(truncate('abc\\\\\\def', 6)).toBe('abc…');
	});
});
