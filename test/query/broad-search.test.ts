import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { pagedOutcome } from '../../src/command/paged.js';
import { createCommandServices } from '../../src/command/services.js';
import { renderOutcomeText } from '../../src/console/answer-line.js';
import { runLine } from '../../src/console/run-line.js';
import { pagedAnswerReply } from '../../src/discord/paged-answer.js';
import { useApp } from '../helpers/sample-app.js';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir.js';

// A digest of 1,030 dated registrations written for this test: more matches than /search counts (1,000).
const ENTRIES = 1_030;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dir = makeTempDir('ngo-bot-broad-');
afterAll(() => removeTempDir(dir));
const lines = ['NGO Digest: registrations (written for the tests)', ''];
for (let i = 0; i < ENTRIES; i++) {
	const year = 2017 + Math.floor(i / 336);
	const month = MONTHS[Math.floor(i / 28) % 12]!;
	const day = 1 + (i % 28);
	const province = i % 3 === 0 ? 'Beijing' : 'Yunnan';
	const word = i === 77 ? ' The office will study wetland birds.' : '';
	lines.push(
		`${month} ${day}, ${year}: The ${province} PSB Foreign NGO Management Office issued a registration certificate to the Example Trust ${i + 1} (United Kingdom) ${province} Representative Office.${word}`,
		'',
	);
}
writeFileSync(join(dir, 'registrations.txt'), lines.join('\n'));

const app = useApp([dir]);
const TODAY = '2026-12-07';

describe('a search broader than it counts', () => {
	it('counts up to 1,000 and says "more than", with the same pages as an exact count', () => {
		const query = createCommandServices(app()).query;
		// One walk over the newest 1,001 matches gives the page, the count and the facet sample.
		const word = query.search('registration', {}, { pageSize: 10 });
		if (!word.ok) throw new Error('no answer');
		expect(word.value.page).toEqual({ offset: 0, limit: 10, total: 1_000, more: true });
		expect(word.value.sampled).toBe(1_000);
		// With a date bound too.
		const found = query.search('registration', { from: '2017-01-01' }, { pageSize: 10 });
		if (!found.ok) throw new Error('no answer');
		expect(found.value.page).toEqual({ offset: 0, limit: 10, total: 1_000, more: true });
		// The page is what the exact search finds: the newest ten of every match.
		const every = app().search.find({ match: '"registration"', from: '2017-01-01', order: 'newest' }, { limit: 10 });
		expect(every.total).toBe(ENTRIES);
		expect(found.value.entries.map((entry) => entry.id)).toEqual(every.ids);
		// Past the count, the page's end is the bound; the last page is counted exactly.
		const last = query.search('registration', { from: '2017-01-01' }, { pageSize: 10, page: 103 });
		if (!last.ok) throw new Error('no answer');
		expect(last.value.page).toEqual({ offset: 1_020, limit: 10, total: ENTRIES });
		expect(last.value.entries.map((entry) => entry.id)).toEqual(
			app().search.find({ match: '"registration"', order: 'newest' }, { limit: 10, offset: 1_020 }).ids,
		);
		// With a province (its words narrow the match), and by relevance: counted the same way.
		const beijing = query.search('registration', { province: 'Beijing' });
		if (!beijing.ok) throw new Error('no answer');
		expect(beijing.value.page.total).toBe(Math.ceil(ENTRIES / 3));
		expect(beijing.value.page.more).toBeUndefined();
		const ranked = query.search('registration certificate', { to: '2026-01-01' }, { order: 'relevance' });
		if (!ranked.ok) throw new Error('no answer');
		expect(ranked.value.page).toMatchObject({ total: 1_000, more: true });
		// A narrow search is exact.
		const narrow = query.search('wetland birds', {});
		if (!narrow.ok) throw new Error('no answer');
		expect(narrow.value.page).toEqual({ offset: 0, limit: narrow.value.page.limit, total: 1 });
	});

	it('shows "1000+" in the answer, the footer and the page buttons, and Next goes on', async () => {
		const services = createCommandServices(app());
		const text = renderOutcomeText(
			await runLine('/search registration from:2017-01-01', { commands, services, today: TODAY }),
			commands,
		);
		expect(text).toContain('More than 1000 entries match “registration”');
		expect(text).toMatch(/Matches\s+1000\+/);
		expect(text).toContain('of 1000+.');

		const outcome = pagedOutcome('search', ['registration', 'newest', 'from=2017-01-01'], 1, services.query, TODAY);
		if (outcome.kind !== 'answer') throw new Error(outcome.kind);
		const reply = pagedAnswerReply(outcome, { ownerId: '1180000000000000009', hidden: false }, 1_800_000_000);
		expect(reply.embeds?.[0]?.footer?.text).toMatch(/^Entries 1–\d+ of 1000\+ · /);
		const buttons = (reply.components ?? []).flatMap((row) => row.components) as {
			label?: string;
			disabled?: boolean;
		}[];
		const pages = buttons.find((button) => button.label?.startsWith('Page '));
		expect(pages?.label).toMatch(/^Page 1 of \d+\+$/);
		expect(buttons.find((button) => button.label === 'Next ▶')?.disabled).toBe(false);
	});
});
