import { z } from 'zod';
import {
	type CommandDefinition,
	type OptionDefinition,
	type RunContext,
	defineLeaf,
} from '../src/command/definition.js';
import { choicesOf } from '../src/command/options.js';
import { DIGEST_BASES, DIGEST_GROUP_BY, typeLabel } from '../src/digest/build-digest.js';
import type { DigestRequest, DraftChange, DraftView, ScheduleStatus } from '../src/digest/digest-service.js';
import { plural } from '../src/domain/text.js';
import { DIGEST_INTRO_MAX } from '../src/render/digest-reply.js';
import { DISCORD_LIMITS } from '../src/render/limits.js';
import type { ChannelRef, ComponentContext } from '../src/discord/types.js';
import { ACTIVITY_TYPES } from '../src/domain/entry.js';
import { UserFacingError } from '../src/domain/errors.js';
import { BUTTON_STYLE, COMPONENT, DIGEST_CHANNEL_TYPES } from '../src/render/components.js';
import { renderDigestMarkdown } from '../src/render/digest-markdown.js';
import { digestThreadName } from '../src/digest/review.js';
import { escapeMarkdown, truncate } from '../src/render/markdown.js';
import { COLORS, type RenderedReply } from '../src/render/reply.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

// The service checks these values and says what is wrong in its own words (weeks, time zones, weekdays).
const text = z.string().optional();
const wholeNumber = z.number().optional();

const filters = {
	province: {
		kind: 'string',
		description: 'Only this province',
		schema: text,
		suggest: 'province',
		maxLength: 100,
	},
	type: {
		kind: 'string',
		description: 'Only this activity type',
		schema: text,
		choices: choicesOf(ACTIVITY_TYPES, typeLabel),
	},
	org: { kind: 'string', description: 'Only this organization', schema: text, suggest: 'ngo', maxLength: 100 },
	country: { kind: 'string', description: 'Only organizations from this country', schema: text, maxLength: 60 },
	group_by: {
		kind: 'string',
		description: 'Group entries by province (default) or activity type',
		schema: text,
		choices: choicesOf(DIGEST_GROUP_BY),
	},
	basis: {
		kind: 'string',
		description: 'Entries new this week (default) or dated this week',
		schema: text,
		choices: choicesOf(DIGEST_BASES, (value) => (value === 'ingested' ? 'new this week' : 'dated this week')),
	},
} as const satisfies Record<string, OptionDefinition>;

const week = {
	kind: 'string',
	description: 'ISO week like 2019-W09, or a start date; default: last week',
	schema: text,
	maxLength: 20,
} as const satisfies OptionDefinition;

const channel = (description: string) =>
	({
		kind: 'channel',
		description,
		schema: z.custom<ChannelRef>(),
		required: true,
		channelTypes: DIGEST_CHANNEL_TYPES,
		door: 'discord',
	}) as const satisfies OptionDefinition;

const thread = {
	kind: 'boolean',
	description: 'Post in a new thread named after the week (a forum always gets a post of that name)',
	schema: z.boolean().optional(),
	door: 'discord',
} as const satisfies OptionDefinition;

const FORUM = 15;

/** What the command line does instead, for the subcommands that act on a server's channels. */
const IN_A_SERVER = 'preview a digest with /digest preview, or print one: npm run -s cli -- digest --week 2019-W09';

/**
 * Manage Server is required by default permissions, and checked again here: admins can override the default.
 * Posting and schedules belong to a server; a preview does not (the console's operator may preview).
 */
function requireModerator(ctx: RunContext | ComponentContext, where: 'server' | 'anywhere'): string | null {
	if (where === 'server' && ctx.guildId === null) {
		throw new UserFacingError('Digests belong to a server: use /digest in a server channel.');
	}
	if (!ctx.canManageGuild)
		throw new UserFacingError('Only members with the Manage Server permission can use /digest.', 'forbidden');
	return ctx.guildId;
}

function requestOf(values: {
	readonly week?: string;
	readonly province?: string;
	readonly type?: string;
	readonly org?: string;
	readonly country?: string;
	readonly group_by?: string;
	readonly basis?: string;
	readonly timezone?: string;
}): DigestRequest {
	return {
		week: values.week ?? null,
		province: values.province ?? null,
		type: values.type ?? null,
		org: values.org ?? null,
		country: values.country ?? null,
		groupBy: (values.group_by ?? null) as DigestRequest['groupBy'],
		basis: (values.basis ?? null) as DigestRequest['basis'],
		timeZone: values.timezone ?? null,
	};
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

function slotText(status: ScheduleStatus): string {
	const { schedule } = status;
	return `${WEEKDAYS[schedule.weekday - 1]}s at ${String(schedule.hour).padStart(2, '0')}:00 (${schedule.timeZone})`;
}

function filtersText(filters: Record<string, unknown>): string {
	const parts = Object.entries(filters).map(([name, value]) => `${name.replace('_', ' ')} ${String(value)}`);
	return parts.length ? escapeMarkdown(parts.join(', ')) : 'everything';
}

function statusLines(status: ScheduleStatus): string {
	const { schedule, lastPost } = status;
	const where = [
		schedule.newThread ? 'in a new thread each week' : null,
		schedule.roleId ? `mentioning <@&${schedule.roleId}>` : null,
	].filter(Boolean);
	const lines = [
		`<#${schedule.channelId}>${where.length ? ` (${where.join(', ')})` : ''} — ${slotText(status)}; ${filtersText(schedule.filters)}`,
		`Next run: <t:${unix(status.nextRun)}:F>`,
	];
	if (lastPost) {
		const what =
			lastPost.state === 'posted'
				? lastPost.messageIds.length
					? `posted (${lastPost.messageIds.length} message${lastPost.messageIds.length === 1 ? '' : 's'})`
					: 'nothing new, no post'
				: lastPost.state === 'posting'
					? `posting (${lastPost.messageIds.length} of ${lastPost.parts.length} sent)`
					: 'failed';
		lines.push(
			`Last: week ${lastPost.week}, ${what}, <t:${unix(new Date(lastPost.finishedAt ?? lastPost.claimedAt))}:R>`,
		);
	} else lines.push('Last: nothing posted yet');
	if (schedule.lastError)
		lines.push(
			`⚠️ Last error <t:${unix(new Date(schedule.lastErrorAt ?? schedule.createdAt))}:R>: ${escapeMarkdown(truncate(schedule.lastError, 300))}`,
		);
	return lines.join('\n');
}

/*
 * The review of a draft, one message of it at a time (custom_ids carry the draft, the revision seen and the page):
 *   digest:page:<draft>:<page>:<slot>     show a page (slot keeps the ids of ◀ and ▶ apart)
 *   digest:drop:<draft>:<rev>:<page>      the entries of this page to drop (a select menu)
 *   digest:restore:<draft>:<rev>:<page>   take back every drop
 *   digest:intro:<draft>:<rev>:<page>     open the intro form; digest:introset:… is its submission
 *   digest:here:<draft>:<rev>             post here; digest:thread:… in a new thread here; digest:to:… where picked
 *   digest:discard:<draft>
 */

function entryLabel(view: DraftView, id: number): { label: string; description: string } {
	const item = view.digest.groups.flatMap((group) => group.items).find((i) => i.id === id);
	const what = [item?.date ?? 'undated', item?.orgs[0] ?? item?.provinces[0]].filter(Boolean).join(' · ');
	return {
		label: truncate(`#${id} · ${what}`, DISCORD_LIMITS.selectOptionLabel),
		description: truncate(item?.line ?? '', DISCORD_LIMITS.selectOptionDescription),
	};
}

function draftReply(view: DraftView, requestedPage: number): RenderedReply {
	const { draft, parts } = view;
	const total = parts.messages.length;
	const page = Math.min(Math.max(0, requestedPage), Math.max(0, total - 1));
	const { id, revision } = draft;
	const shown = parts.messages[page]?.embeds?.[0];
	const notes = [
		draft.dropped.length ? `${plural(draft.dropped.length, 'entry', 'entries')} dropped` : null,
		draft.intro ? 'with an intro line' : null,
	].filter(Boolean);
	const content =
		`**Draft digest** · message ${page + 1} of ${total}${notes.length ? ` · ${notes.join(', ')}` : ''}. ` +
		`Posting sends exactly ${total === 1 ? 'this message' : `these ${total} messages`}. ` +
		'Only you see this view; any moderator of this server who previews the same digest gets this draft.';
	const pageButton = (target: number, label: string, slot: string, disabled: boolean) => ({
		type: COMPONENT.button,
		style: BUTTON_STYLE.secondary,
		label,
		custom_id: `digest:page:${id}:${target}:${slot}`,
		disabled,
	});
	const rows: NonNullable<RenderedReply['components']>[number][] = [
		{
			type: COMPONENT.actionRow,
			components: [
				pageButton(page - 1, '◀ Previous', 'prev', page === 0),
				pageButton(page, `Message ${page + 1} of ${total}`, 'here', false),
				pageButton(page + 1, 'Next ▶', 'next', page >= total - 1),
			],
		},
	];
	const ids = (parts.entryIds[page] ?? []).slice(0, DISCORD_LIMITS.selectOptions);
	if (ids.length > 0) {
		rows.push({
			type: COMPONENT.actionRow,
			components: [
				{
					type: COMPONENT.stringSelect,
					custom_id: `digest:drop:${id}:${revision}:${page}`,
					placeholder: 'Drop entries of this message…',
					min_values: 1,
					max_values: ids.length,
					options: ids.map((entryId) => ({ value: String(entryId), ...entryLabel(view, entryId) })),
				},
			],
		});
	}
	rows.push(
		{
			type: COMPONENT.actionRow,
			components: [
				{
					type: COMPONENT.button,
					style: BUTTON_STYLE.primary,
					label: 'Post here',
					custom_id: `digest:here:${id}:${revision}`,
				},
				{
					type: COMPONENT.button,
					style: BUTTON_STYLE.secondary,
					label: 'Post in a new thread here',
					custom_id: `digest:thread:${id}:${revision}`,
				},
				{
					type: COMPONENT.button,
					style: BUTTON_STYLE.secondary,
					label: draft.intro ? 'Edit intro…' : 'Add intro…',
					custom_id: `digest:intro:${id}:${revision}:${page}`,
				},
				...(draft.dropped.length
					? [
							{
								type: COMPONENT.button,
								style: BUTTON_STYLE.secondary,
								label: 'Undo drops',
								custom_id: `digest:restore:${id}:${revision}:${page}`,
							},
						]
					: []),
				{ type: COMPONENT.button, style: BUTTON_STYLE.danger, label: 'Discard', custom_id: `digest:discard:${id}` },
			],
		},
		{
			type: COMPONENT.actionRow,
			components: [
				{
					type: COMPONENT.channelSelect,
					custom_id: `digest:to:${id}:${revision}`,
					placeholder: 'Post to… (a forum gets a post named after the week)',
					channel_types: [...DIGEST_CHANNEL_TYPES],
					min_values: 1,
					max_values: 1,
				},
			],
		},
	);
	return { content, embeds: shown ? [shown] : [], components: rows };
}

/** The intro form: one line above the digest (empty removes it). */
/** The form names the revision the moderator saw: an intro set on a view another moderator changed is refused. */
function introModal(view: DraftView, revision: number, page: number) {
	return {
		custom_id: `digest:introset:${view.draft.id}:${revision}:${page}`,
		title: 'Intro line of the digest',
		components: [
			{
				type: COMPONENT.actionRow,
				components: [
					{
						type: COMPONENT.textInput,
						custom_id: 'intro',
						style: 2 as const,
						label: 'Shown above the digest (empty: none)',
						required: false,
						max_length: DIGEST_INTRO_MAX,
						...(view.draft.intro ? { value: view.draft.intro } : {}),
					},
				],
			},
		],
	};
}

const done = (content: string): RenderedReply => ({ content, embeds: [], components: [] });

/** Where a digest went: the channel, or the thread or forum post started there. */
function postedText(channelId: string, postedIn: string): string {
	return postedIn === channelId
		? `✅ Digest posted in <#${channelId}>.`
		: `✅ Digest posted in <#${postedIn}>, a thread named after the week in <#${channelId}>.`;
}

export const digest = {
	name: 'digest',
	description: 'Weekly digests of new entries (Manage Server)',
	help: 'moderators: a weekly digest of new entries, previewed as a draft, posted now or every week in a channel',
	examples: ['/digest preview week:2019-W09', '/digest status'],
	privacy: 'always private',
	forManagers: true,
	serverOnly: true,
	subcommands: {
		preview: defineLeaf({
			description: 'A draft only you see, with buttons to post it',
			options: { week, ...filters },
			async execute(values, ctx) {
				const guildId = requireModerator(ctx, 'anywhere');
				const service = ctx.services.digest;
				const { digest, messages } = service.preview(requestOf(values));
				const markdown = renderDigestMarkdown(digest);
				// Where there are no buttons to post it with, the draft is the digest itself.
				if (!ctx.door.components || guildId === null) return { kind: 'messages', messages, text: markdown };
				const view = service.openDraft(guildId, ctx.userId, digest);
				return { kind: 'messages', messages: [draftReply(view, 0)], text: markdown };
			},
		}),
		post: defineLeaf({
			description: 'Post a digest to a channel now',
			options: { channel: channel('Where to post'), thread, week, ...filters },
			needsServer: IN_A_SERVER,
			async execute(values, ctx) {
				await ctx.defer();
				requireModerator(ctx, 'server');
				const service = ctx.services.digest;
				const { digest, messages } = service.preview(requestOf(values));
				const { postedIn } = await service.postNow(
					{ channelId: values.channel.id, newThread: values.thread ?? false },
					messages,
					digestThreadName(digest),
				);
				return { kind: 'messages', messages: [{ content: postedText(values.channel.id, postedIn) }] };
			},
		}),
		schedule: defineLeaf({
			description: 'Post a digest every week',
			options: {
				channel: channel('Where to post'),
				weekday: {
					kind: 'integer',
					description: 'Day of the week',
					schema: wholeNumber,
					required: true,
					choices: WEEKDAYS.map((name, i) => ({ name, value: i + 1 })),
				},
				hour: {
					kind: 'integer',
					description: 'Hour of the day, 0–23',
					schema: wholeNumber,
					required: true,
					minValue: 0,
					maxValue: 23,
				},
				thread,
				role: {
					kind: 'role',
					description: 'A role each digest mentions (it pings that role and nothing else)',
					schema: z.string().optional(),
					door: 'discord',
				},
				timezone: {
					kind: 'string',
					description: 'IANA time zone, e.g. Asia/Shanghai (default) or Europe/Berlin',
					schema: text,
					maxLength: 64,
				},
				...filters,
			},
			needsServer: IN_A_SERVER,
			async execute(values, ctx) {
				const guildId = requireModerator(ctx, 'server')!;
				const service = ctx.services.digest;
				const { channel: target } = values;
				if (target.botCanSend === false)
					throw new UserFacingError(
						`I cannot send messages in <#${target.id}>. Give the bot View Channel, Send Messages and Embed Links there, or pick another channel.`,
					);
				if (values.role === guildId) {
					throw new UserFacingError('A digest never pings everyone: pick a role, not @everyone.');
				}
				const request = requestOf(values);
				const status = service.schedule({
					newThread: values.thread ?? false,
					roleId: values.role ?? null,
					guildId,
					channelId: target.id,
					userId: ctx.userId,
					weekday: values.weekday ?? 1,
					hour: values.hour ?? 9,
					timeZone: request.timeZone ?? service.config.timeZone,
					request: { ...request, timeZone: null },
				});
				const extras = [
					target.type === FORUM ? 'as a forum post named after the week' : null,
					target.type !== FORUM && values.thread ? 'in a new thread named after the week' : null,
					values.role ? `mentioning <@&${values.role}> (no one else is pinged)` : null,
				].filter(Boolean);
				const content =
					`✅ Weekly digest scheduled in <#${target.id}>${extras.length ? `, ${extras.join(', ')}` : ''}: ${slotText(status)}, covering the seven days before. ` +
					`First run <t:${unix(status.nextRun)}:F>. \`/digest status\` shows it; \`/digest unschedule\` stops it.`;
				return { kind: 'messages', messages: [{ content }] };
			},
		}),
		unschedule: defineLeaf({
			description: 'Stop the weekly digest of a channel',
			options: { channel: channel('The channel') },
			needsServer: IN_A_SERVER,
			async execute({ channel: target }, ctx) {
				const guildId = requireModerator(ctx, 'server')!;
				const removed = ctx.services.digest.unschedule(guildId, target.id);
				if (!removed)
					throw new UserFacingError(
						`<#${target.id}> has no weekly digest. \`/digest status\` lists the scheduled channels.`,
						'not-found',
					);
				return { kind: 'messages', messages: [{ content: `✅ The weekly digest of <#${target.id}> is stopped.` }] };
			},
		}),
		status: defineLeaf({
			description: 'Schedules, next runs, last posts and errors',
			options: {},
			needsServer: IN_A_SERVER,
			async execute(_values, ctx) {
				const guildId = requireModerator(ctx, 'server')!;
				const statuses = ctx.services.digest.status(guildId);
				const description = statuses.length
					? truncate(statuses.map(statusLines).join('\n\n'), 4_000)
					: 'No weekly digest is scheduled. Use `/digest schedule` to post one every week.';
				return {
					kind: 'messages',
					messages: [{ embeds: [{ title: 'Weekly digests', color: COLORS.digest, description }] }],
				};
			},
		}),
	},

	async component(ctx) {
		const guildId = requireModerator(ctx, 'server')!;
		const [, action = '', draftId = '', third = '', fourth = ''] = ctx.customId.split(':');
		const service = ctx.services.digest;
		const revision = Number(third);
		const seen = action === 'page' || action === 'discard' || Number.isSafeInteger(revision);
		if (!/^[0-9a-f]{16}$/.test(draftId) || !seen) {
			throw new UserFacingError('This button belongs to an older version of the bot. Run /digest preview again.');
		}
		const page = Number(fourth) || 0;
		const revise = async (change: DraftChange) => {
			const view = service.reviseDraft(draftId, guildId, revision, ctx.userId, change);
			await ctx.update(draftReply(view, page));
		};
		switch (action) {
			case 'page':
				await ctx.update(draftReply(service.viewDraft(draftId, guildId), Number(third) || 0));
				return;
			case 'drop': {
				const ids = ctx.values.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
				if (ids.length === 0) throw new UserFacingError('Pick the entries to drop from the menu.');
				await revise({ drop: ids });
				return;
			}
			case 'restore':
				await revise({ restore: true });
				return;
			case 'intro':
				await ctx.showModal(introModal(service.viewDraft(draftId, guildId), revision, page));
				return;
			case 'introset':
				await revise({ intro: ctx.fields.intro ?? null });
				return;
			case 'discard':
				service.discardDraft(draftId, guildId, ctx.userId);
				await ctx.update(done('Draft discarded.'));
				return;
			case 'here':
			case 'thread':
			case 'to': {
				const channelId = action === 'to' ? (ctx.values[0] ?? null) : ctx.channelId;
				if (channelId === null) throw new UserFacingError('Pick a channel to post the digest to.');
				const { postedIn } = await service.postDraft(
					draftId,
					guildId,
					revision,
					ctx.userId,
					{ channelId, newThread: action === 'thread' },
					() => ctx.defer(),
				);
				await ctx.update(done(postedText(channelId, postedIn)));
				return;
			}
			default:
				throw new UserFacingError('This button belongs to an older version of the bot. Run /digest preview again.');
		}
	},
} satisfies CommandDefinition;
