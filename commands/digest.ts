import { z } from 'zod';
import {
	type CommandDefinition,
	type OptionDefinition,
	type RunContext,
	defineLeaf,
} from '../src/command/definition.js';
import { choicesOf } from '../src/command/options.js';
import { DIGEST_BASES, DIGEST_GROUP_BY, typeLabel } from '../src/digest/build-digest.js';
import type { DigestRequest, ScheduleStatus } from '../src/digest/digest-service.js';
import type { ChannelRef, ComponentContext } from '../src/discord/types.js';
import { ACTIVITY_TYPES } from '../src/domain/entry.js';
import { UserFacingError } from '../src/domain/errors.js';
import { BUTTON_STYLE, COMPONENT, TEXT_CHANNEL_TYPES } from '../src/render/components.js';
import { renderDigestMarkdown } from '../src/render/digest-markdown.js';
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
		textChannels: true,
		door: 'discord',
	}) as const satisfies OptionDefinition;

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
	const lines = [
		`<#${schedule.channelId}> — ${slotText(status)}; ${filtersText(schedule.filters)}`,
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

function draftReply(messages: readonly RenderedReply[], draftId: string): RenderedReply {
	const first = messages[0]?.embeds?.[0];
	const note =
		messages.length > 1
			? `Draft: ${messages.length} messages, the first shown. Only you see this.`
			: 'Draft: only you see this.';
	return {
		content: note,
		embeds: first ? [first] : [],
		components: [
			{
				type: COMPONENT.actionRow,
				components: [
					{
						type: COMPONENT.button,
						style: BUTTON_STYLE.primary,
						label: 'Post here',
						custom_id: `digest:here:${draftId}`,
					},
					{
						type: COMPONENT.button,
						style: BUTTON_STYLE.secondary,
						label: 'Discard',
						custom_id: `digest:discard:${draftId}`,
					},
				],
			},
			{
				type: COMPONENT.actionRow,
				components: [
					{
						type: COMPONENT.channelSelect,
						custom_id: `digest:to:${draftId}`,
						placeholder: 'Post to…',
						channel_types: [...TEXT_CHANNEL_TYPES],
						min_values: 1,
						max_values: 1,
					},
				],
			},
		],
	};
}

const done = (content: string): RenderedReply => ({ content, embeds: [], components: [] });

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
				requireModerator(ctx, 'anywhere');
				const service = ctx.services.digest;
				const { digest, messages } = service.preview(requestOf(values));
				const markdown = renderDigestMarkdown(digest);
				// Where there are no buttons to post it with, the draft is the digest itself.
				if (!ctx.door.components) return { kind: 'messages', messages, text: markdown };
				const draft = draftReply(messages, service.saveDraft(ctx.userId, messages));
				return { kind: 'messages', messages: [draft], text: markdown };
			},
		}),
		post: defineLeaf({
			description: 'Post a digest to a channel now',
			options: { channel: channel('Where to post'), week, ...filters },
			needsServer: IN_A_SERVER,
			async execute(values, ctx) {
				await ctx.defer();
				requireModerator(ctx, 'server');
				const service = ctx.services.digest;
				const { messages } = service.preview(requestOf(values));
				await service.postNow(values.channel.id, messages);
				return { kind: 'messages', messages: [{ content: `✅ Digest posted in <#${values.channel.id}>.` }] };
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
				const request = requestOf(values);
				const status = service.schedule({
					guildId,
					channelId: target.id,
					userId: ctx.userId,
					weekday: values.weekday ?? 1,
					hour: values.hour ?? 9,
					timeZone: request.timeZone ?? service.config.timeZone,
					request: { ...request, timeZone: null },
				});
				const content =
					`✅ Weekly digest scheduled in <#${target.id}>: ${slotText(status)}, covering the seven days before. ` +
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
		requireModerator(ctx, 'server');
		const [, action, draftId = ''] = ctx.customId.split(':');
		const service = ctx.services.digest;
		if (action === 'discard') {
			service.discardDraft(draftId, ctx.userId);
			await ctx.update(done('Draft discarded.'));
			return;
		}
		const channelId = action === 'here' ? ctx.channelId : action === 'to' ? (ctx.values[0] ?? null) : null;
		if (channelId === null) throw new UserFacingError('Pick a channel to post the digest to.');
		await service.postDraft(draftId, ctx.userId, channelId, () => ctx.defer());
		await ctx.update(done(`✅ Digest posted in <#${channelId}>.`));
	},
} satisfies CommandDefinition;
