import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { cite as citeDefinition } from '../../commands/cite.js';
import { slashCommandsOf } from '../../src/discord/slash-command.js';
import { fenceSafe, renderCitationReply } from '../../src/render/citation-reply.js';
import { CITATION_STYLES, escapeBibtex } from '../../src/cite/cite-entry.js';
import { CITE_SELECT_ID } from '../../src/render/cite-select.js';
import type { CommandContext, ComponentContext } from '../../src/discord/types.js';
import type { Entry } from '../../src/domain/entry.js';
import { UserFacingError } from '../../src/domain/errors.js';
import { replyLimitViolations } from '../../src/render/check-limits.js';
import type { RenderedReply } from '../../src/render/reply.js';
import { useSampleApp } from '../helpers/sample-app.js';

const TODAY = '2026-01-02';
const cite = slashCommandsOf([citeDefinition])[0]!;
const FENCE = /```(text|bibtex)\n([\s\S]*)\n```$/;

const app = useSampleApp();

interface Sent {
	readonly reply: RenderedReply;
	readonly hidden: boolean;
}

/** A CommandContext as plain data: options from a record, replies collected in order. */
function fakeContext(options: Record<string, string | number | boolean>): { ctx: CommandContext; sent: Sent[] } {
	const sent: Sent[] = [];
	const pick = <T>(name: string, type: string): T | null =>
		typeof options[name] === type ? (options[name] as T) : null;
	const ctx: CommandContext = {
		services: {
			query: app().query,
			about: () => {
				throw new Error('unused');
			},
			now: () => new Date(`${TODAY}T12:00:00Z`),
			health: {
				report: () => {
					throw new Error('unused');
				},
			},
			// /cite uses no sources service.
			sources: undefined as never,
			// Nor watches.
			watch: undefined as never,
			// Nor digests.
			digest: undefined as never,
		},
		today: TODAY,
		userId: '123456789012345678',
		guildId: null,
		channelId: null,
		canManageGuild: false,
		commandName: 'cite',
		subcommand: null,
		getChannel: () => null,
		getAttachment: () => null,
		getUser: () => null,
		getRole: () => null,
		getString: (name) => pick<string>(name, 'string'),
		getInteger: (name) => pick<number>(name, 'number'),
		getBoolean: (name) => pick<boolean>(name, 'boolean'),
		reply: async (reply, { hidden }) => {
			sent.push({ reply, hidden });
		},
		// /cite answers at once; a deferral would show up as an empty reply.
		defer: async ({ hidden }) => {
			sent.push({ reply: {}, hidden });
		},
	};
	return { ctx, sent };
}

async function run(options: Record<string, string | number | boolean>): Promise<Sent> {
	const { ctx, sent } = fakeContext(options);
	await cite.execute(ctx);
	expect(sent).toHaveLength(1);
	return sent[0]!;
}

function sampleEntry(id: number): Entry {
	const result = app().query.entry(id);
	if (!result.ok) throw new Error(`sample entry #${id} is missing`);
	return result.value;
}

/** The reply's code block: one fenced block at the end, nothing inside able to close it. */
function codeBlockOf(reply: RenderedReply): { language: string; text: string } {
	const content = reply.content ?? '';
	expect(replyLimitViolations(reply)).toEqual([]);
	expect(content.length).toBeLessThanOrEqual(2_000);
	const match = FENCE.exec(content);
	expect(match, content).not.toBeNull();
	const text = match![2]!;
	expect(text).not.toContain('```');
	expect(content.match(/```/g)).toHaveLength(2);
	return { language: match![1]!, text };
}

describe('/cite definition', () => {
	it('takes a required id, a style choice, a member to aim it at and hide', () => {
		const json = cite.data.toJSON();
		expect(json.name).toBe('cite');
		const [id, style, mention, hide] = json.options ?? [];
		expect(mention).toMatchObject({ name: 'mention', type: ApplicationCommandOptionType.User });
		expect(id).toMatchObject({ name: 'id', type: ApplicationCommandOptionType.Integer, required: true, min_value: 1 });
		expect(style).toMatchObject({ name: 'style', type: ApplicationCommandOptionType.String });
		expect(style && 'choices' in style ? style.choices?.map((c) => c.value) : []).toEqual([...CITATION_STYLES]);
		expect(hide).toMatchObject({ name: 'hide', type: ApplicationCommandOptionType.Boolean });
	});
});

describe('/cite over the sample corpus', () => {
	// #1: dated digest item with a published source; #11: undated article; #13: titled item of a listing.
	describe.each([1, 11, 13])('entry #%i', (id) => {
		it.each(CITATION_STYLES)('%s: a code block within 2,000 characters with the id and the source', async (style) => {
			const entry = sampleEntry(id);
			const { reply, hidden } = await run({ id, style });
			expect(hidden).toBe(false);
			const { language, text } = codeBlockOf(reply);
			expect(language).toBe(style === 'bibtex' ? 'bibtex' : 'text');
			const content = reply.content!;
			expect(content).toContain(`#${id}`);
			const where = entry.source.url ?? entry.source.path!;
			expect(text).toContain(style === 'bibtex' ? escapeBibtex(where) : where);
			if (style !== 'apa') expect(text).toContain(`#${id}`);
			if (style !== 'bibtex') expect(text).toContain(style === 'apa' ? 'January 2, 2026' : TODAY);
		});
	});

	it('defaults to plain text', async () => {
		const { reply } = await run({ id: 1 });
		const { language, text } = codeBlockOf(reply);
		expect(language).toBe('text');
		expect(text).toMatch(/^“Digitization in Fujian, .*”, unknown publisher, published 2019-03-19; ngo-bot entry #1 /);
	});

	it('says what it cites above the block', async () => {
		const { reply } = await run({ id: 13, style: 'apa' });
		const [head, source] = reply.content!.split('\n');
		expect(head).toMatch(/^\*\*Entry #13\*\* · \*Designing “Lion Lights” for Kenya/);
		expect(source).toMatch(/^Source: “Keyword: Chinese NGOs Going Out” · data\/sample\/004\\_747907774088985a\.txt/);
	});

	it('hides the answer when asked', async () => {
		expect((await run({ id: 1, hide: true })).hidden).toBe(true);
		expect((await run({ id: 1, hide: false })).hidden).toBe(false);
	});

	it('answers an unknown id with a hidden no-match, whatever hide says', async () => {
		const { reply, hidden } = await run({ id: 999_999, style: 'bibtex', hide: false });
		expect(hidden).toBe(true);
		expect(reply.content).toBeUndefined();
		expect(reply.embeds?.[0]?.title).toBe('No match');
		expect(reply.embeds?.[0]?.description).toContain('There is no entry #999999');
	});

	it('rejects bad options with a message naming them', async () => {
		await expect(cite.execute(fakeContext({ id: 1, style: 'mla' }).ctx)).rejects.toThrow(UserFacingError);
		await expect(cite.execute(fakeContext({ id: 1, style: 'mla' }).ctx)).rejects.toThrow(/style must be one of/);
		await expect(cite.execute(fakeContext({ id: 0 }).ctx)).rejects.toThrow(/id starts at 1/);
		await expect(cite.execute(fakeContext({ id: 1.5 }).ctx)).rejects.toThrow(/id must be a whole number/);
		await expect(cite.execute(fakeContext({}).ctx)).rejects.toThrow(/id/);
	});

	it('gives the same answer every time', async () => {
		for (const style of CITATION_STYLES) {
			const first = await run({ id: 6, style });
			expect((await run({ id: 6, style })).reply).toEqual(first.reply);
		}
	});
});

describe('renderCitationReply limits', () => {
	const HOSTILE = '``` @everyone <@123456789012345678> **x** ```bibtex\n';

	function hostileEntry(title: string, url: string | null): Entry {
		return {
			...sampleEntry(1),
			title: `${HOSTILE} entry`,
			source: { path: 'data/x.txt', url, title, published: '2019-03-19' },
		};
	}

	it.each(CITATION_STYLES)('%s: shortens a huge title and keeps the citation whole', (style) => {
		const url = 'https://www.chinafile.com/ngo/latest/a';
		const reply = renderCitationReply(hostileEntry(`${HOSTILE}${'长标题 '.repeat(1_500)}`, url), style, TODAY);
		const { text } = codeBlockOf(reply);
		expect(reply.content!.length).toBeGreaterThan(1_800); // the title was cut to fit, not dropped
		expect(text).toContain('…');
		expect(text).toContain(url);
		expect(text).toContain(style === 'apa' ? 'January 2, 2026' : TODAY);
		expect(text).not.toContain('@everyone');
		expect(reply.content).not.toMatch(/<@\d/);
	});

	it.each(CITATION_STYLES)('%s: cuts the text, not the fence, when the address alone is too long', (style) => {
		const reply = renderCitationReply(hostileEntry('Short', `https://example.org/${'a'.repeat(3_000)}`), style, TODAY);
		const { text } = codeBlockOf(reply);
		expect(text.endsWith('…')).toBe(true);
	});

	it('neutralizes fences and mentions inside the block', () => {
		expect(fenceSafe('a ``` b `` c ` d')).toBe('a `\u200b`\u200b` b `\u200b` c ` d');
		expect(fenceSafe('@here <@&123>')).not.toMatch(/@here|<@&1/);
		const { text } = codeBlockOf(renderCitationReply(hostileEntry(HOSTILE, null), 'plain', TODAY));
		expect(text).toContain('`\u200b`\u200b`');
	});
});

describe('/cite components', () => {
	interface Answer {
		readonly how: 'reply' | 'update';
		readonly reply: RenderedReply;
		readonly hidden?: boolean;
	}

	async function press(customId: string, values: readonly string[] = []): Promise<Answer[]> {
		const { ctx } = fakeContext({});
		const answers: Answer[] = [];
		const context: ComponentContext = {
			...ctx,
			customId,
			values,
			reply: async (reply, { hidden }) => {
				answers.push({ how: 'reply', reply, hidden });
			},
			update: async (reply) => {
				answers.push({ how: 'update', reply });
			},
			defer: async () => {},
			fields: {},
			showModal: async () => {},
			answer: async () => {},
		};
		await cite.component!(context);
		return answers;
	}

	it('answers an entry picked in the "Cite an entry…" menu privately, like the Cite button', async () => {
		const picked = await press(CITE_SELECT_ID, ['13']);
		expect(picked).toEqual(await press('cite:13'));
		expect(picked).toEqual([{ how: 'reply', reply: expect.anything(), hidden: true }]);
		const { reply } = picked[0]!;
		expect(reply.content).toBe(renderCitationReply(sampleEntry(13), 'plain', TODAY).content);
		expect(reply.components?.[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : null))).toEqual([
			'cite:13:plain',
			'cite:13:apa',
			'cite:13:bibtex',
		]);
	});

	it('answers a picked id that no longer exists with a hidden no-match', async () => {
		const [answer] = await press(CITE_SELECT_ID, ['999999']);
		expect(answer?.hidden).toBe(true);
		expect(answer?.reply.embeds?.[0]?.description).toMatch(/There is no entry #999999/);
	});

	it.each([[[]], [['1', '2']], [['abc']], [['1'.repeat(17)]], [['']]])('refuses a forged pick %j', async (values) => {
		await expect(press(CITE_SELECT_ID, values)).rejects.toThrow(UserFacingError);
		await expect(press(CITE_SELECT_ID, values)).rejects.toThrow(/^Pick one entry from the menu/);
	});
});
