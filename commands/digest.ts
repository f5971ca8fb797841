import {
	ChannelType,
	ComponentType,
	InteractionContextType,
	PermissionFlagsBits,
	SlashCommandBuilder,
	type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { DIGEST_BASES, DIGEST_GROUP_BY, typeLabel } from '../src/digest/build-digest.js';
import type { DigestRequest, ScheduleStatus } from '../src/digest/digest-service.js';
import { ACTIVITY_TYPES } from '../src/domain/entry.js';
import { UserFacingError } from '../src/domain/errors.js';
import type { CommandContext, ComponentContext, SlashCommand } from '../src/discord/types.js';
import { escapeMarkdown, truncate } from '../src/render/markdown.js';
import { COLORS, type RenderedReply } from '../src/render/reply.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

function addFilters(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
	return sub
		.addStringOption((o) =>
			o.setName('province').setDescription('Only this province').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((o) =>
			o
				.setName('type')
				.setDescription('Only this activity type')
				.addChoices(ACTIVITY_TYPES.map((type) => ({ name: typeLabel(type), value: type }))),
		)
		.addStringOption((o) =>
			o.setName('org').setDescription('Only this organization').setAutocomplete(true).setMaxLength(100),
		)
		.addStringOption((o) =>
			o.setName('country').setDescription('Only organizations from this country').setMaxLength(60),
		)
		.addStringOption((o) =>
			o
				.setName('group_by')
				.setDescription('Group entries by province (default) or activity type')
				.addChoices(DIGEST_GROUP_BY.map((value) => ({ name: value, value }))),
		)
		.addStringOption((o) =>
			o
				.setName('basis')
				.setDescription('Entries new this week (default) or dated this week')
				.addChoices(
					DIGEST_BASES.map((value) => ({ name: value === 'ingested' ? 'new this week' : 'dated this week', value })),
				),
		);
}

const weekOption = (sub: SlashCommandSubcommandBuilder) =>
	sub.addStringOption((o) =>
		o.setName('week').setDescription('ISO week like 2019-W09, or a start date; default: last week').setMaxLength(20),
	);
const channelOption = (sub: SlashCommandSubcommandBuilder, what: string) =>
	sub.addChannelOption((o) =>
		o
			.setName('channel')
			.setDescription(what)
			.setRequired(true)
			.addChannelTypes(...TEXT_CHANNELS),
	);

/** Manage Server is required by default permissions, and checked again here: admins can override the default. */
function requireModerator(ctx: CommandContext | ComponentContext): string {
	if (ctx.guildId === null) throw new UserFacingError('Digests belong to a server: use /digest in a server channel.');
	if (!ctx.canManageGuild)
		throw new UserFacingError('Only members with the Manage Server permission can use /digest.', 'forbidden');
	return ctx.guildId;
}

function requestOf(ctx: CommandContext): DigestRequest {
	return {
		week: ctx.getString('week'),
		province: ctx.getString('province'),
		type: ctx.getString('type'),
		org: ctx.getString('org'),
		country: ctx.getString('country'),
		groupBy: ctx.getString('group_by') as DigestRequest['groupBy'],
		basis: ctx.getString('basis') as DigestRequest['basis'],
		timeZone: ctx.getString('timezone'),
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
				type: ComponentType.ActionRow,
				components: [
					{ type: ComponentType.Button, style: 1, label: 'Post here', custom_id: `digest:here:${draftId}` },
					{ type: ComponentType.Button, style: 2, label: 'Discard', custom_id: `digest:discard:${draftId}` },
				],
			},
			{
				type: ComponentType.ActionRow,
				components: [
					{
						type: ComponentType.ChannelSelect,
						custom_id: `digest:to:${draftId}`,
						placeholder: 'Post to…',
						channel_types: [...TEXT_CHANNELS],
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
	data: new SlashCommandBuilder()
		.setName('digest')
		.setDescription('Weekly digests of new entries (Manage Server)')
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.setContexts(InteractionContextType.Guild)
		.addSubcommand((sub) =>
			addFilters(weekOption(sub.setName('preview').setDescription('A draft only you see, with buttons to post it'))),
		)
		.addSubcommand((sub) =>
			addFilters(
				weekOption(
					channelOption(sub.setName('post').setDescription('Post a digest to a channel now'), 'Where to post'),
				),
			),
		)
		.addSubcommand((sub) =>
			addFilters(
				channelOption(sub.setName('schedule').setDescription('Post a digest every week'), 'Where to post')
					.addIntegerOption((o) =>
						o
							.setName('weekday')
							.setDescription('Day of the week')
							.setRequired(true)
							.addChoices(WEEKDAYS.map((name, i) => ({ name, value: i + 1 }))),
					)
					.addIntegerOption((o) =>
						o.setName('hour').setDescription('Hour of the day, 0–23').setRequired(true).setMinValue(0).setMaxValue(23),
					)
					.addStringOption((o) =>
						o
							.setName('timezone')
							.setDescription('IANA time zone, e.g. Asia/Shanghai (default) or Europe/Berlin')
							.setMaxLength(64),
					),
			),
		)
		.addSubcommand((sub) =>
			channelOption(sub.setName('unschedule').setDescription('Stop the weekly digest of a channel'), 'The channel'),
		)
		.addSubcommand((sub) => sub.setName('status').setDescription('Schedules, next runs, last posts and errors')),

	defers: (ctx) => ctx.subcommand === 'post',

	async execute(ctx) {
		const guildId = requireModerator(ctx);
		const service = ctx.services.digest;
		switch (ctx.subcommand) {
			case 'preview': {
				const { messages } = service.preview(requestOf(ctx));
				await ctx.reply(draftReply(messages, service.saveDraft(ctx.userId, messages)), { hidden: true });
				return;
			}
			case 'post': {
				const channel = ctx.getChannel('channel')!;
				const { messages } = service.preview(requestOf(ctx));
				await service.postNow(channel.id, messages);
				await ctx.reply({ content: `✅ Digest posted in <#${channel.id}>.` }, { hidden: true });
				return;
			}
			case 'schedule': {
				const channel = ctx.getChannel('channel')!;
				if (channel.botCanSend === false)
					throw new UserFacingError(
						`I cannot send messages in <#${channel.id}>. Give the bot View Channel, Send Messages and Embed Links there, or pick another channel.`,
					);
				const request = requestOf(ctx);
				const status = service.schedule({
					guildId,
					channelId: channel.id,
					userId: ctx.userId,
					weekday: ctx.getInteger('weekday') ?? 1,
					hour: ctx.getInteger('hour') ?? 9,
					timeZone: request.timeZone ?? service.config.timeZone,
					request: { ...request, timeZone: null },
				});
				await ctx.reply(
					{
						content:
							`✅ Weekly digest scheduled in <#${channel.id}>: ${slotText(status)}, covering the seven days before. ` +
							`First run <t:${unix(status.nextRun)}:F>. \`/digest status\` shows it; \`/digest unschedule\` stops it.`,
					},
					{ hidden: true },
				);
				return;
			}
			case 'unschedule': {
				const channel = ctx.getChannel('channel')!;
				const removed = service.unschedule(guildId, channel.id);
				if (!removed)
					throw new UserFacingError(
						`<#${channel.id}> has no weekly digest. \`/digest status\` lists the scheduled channels.`,
						'not-found',
					);
				await ctx.reply({ content: `✅ The weekly digest of <#${channel.id}> is stopped.` }, { hidden: true });
				return;
			}
			case 'status': {
				const statuses = service.status(guildId);
				const description = statuses.length
					? truncate(statuses.map(statusLines).join('\n\n'), 4_000)
					: 'No weekly digest is scheduled. Use `/digest schedule` to post one every week.';
				await ctx.reply({ embeds: [{ title: 'Weekly digests', color: COLORS.digest, description }] }, { hidden: true });
				return;
			}
			default:
				throw new UserFacingError('Use one of /digest preview, post, schedule, unschedule or status.');
		}
	},

	async autocomplete(ctx) {
		const kind = ctx.focused.name === 'org' ? 'ngo' : 'province';
		const choices = ctx.services.query.suggest(kind, ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},

	async component(ctx) {
		requireModerator(ctx);
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
} satisfies SlashCommand;
