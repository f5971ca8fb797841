import { ChannelType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { UserFacingError } from '../src/domain/errors.js';
import { optionSchemas, parseOptions } from '../src/discord/options.js';
import type { CommandContext, SlashCommand } from '../src/discord/types.js';
import { WATCH_KINDS, type WatchKind } from '../src/watch/match-watches.js';
import { describeWatch } from '../src/watch/render-watch-notice.js';
import { renderWatchAdded, renderWatchList, renderWatchRemoved } from '../src/watch/render-watch-replies.js';
import { MAX_WATCH_QUERY_LENGTH } from '../src/watch/watch-service.js';

const AddOptions = z.object({
	ngo: optionSchemas.name.optional(),
	province: optionSchemas.name.optional(),
	query: z
		.string()
		.trim()
		.min(1, 'cannot be empty')
		.max(MAX_WATCH_QUERY_LENGTH, `is at most ${MAX_WATCH_QUERY_LENGTH} characters`)
		.optional(),
});
// "12" or "#12", as /watch list shows them.
const RemoveOptions = z.object({
	watch: z
		.string()
		.trim()
		.regex(/^#?\d{1,15}$/, 'must be a watch number from /watch list, e.g. 12')
		.transform((value) => Number(value.replace('#', ''))),
});

/** Watches are personal: every /watch answer is seen by its user only. */
const HIDDEN = { hidden: true };

export const watch = {
	data: new SlashCommandBuilder()
		.setName('watch')
		.setDescription('Get the new entries about an NGO, a province or some words after each ingest')
		.addSubcommand((sub) =>
			sub
				.setName('add')
				.setDescription('Watch one NGO, province or set of words (give exactly one)')
				.addStringOption((option) =>
					option.setName('ngo').setDescription('An organization, e.g. AIFO').setAutocomplete(true).setMaxLength(100),
				)
				.addStringOption((option) =>
					option
						.setName('province')
						.setDescription('A province, e.g. Hunan or 湖南')
						.setAutocomplete(true)
						.setMaxLength(100),
				)
				.addStringOption((option) =>
					option
						.setName('query')
						.setDescription('Words in the text, e.g. mental health training')
						.setMaxLength(MAX_WATCH_QUERY_LENGTH),
				)
				.addChannelOption((option) =>
					option
						.setName('channel')
						.setDescription('Post the notifications in this channel instead of your DMs')
						.addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
				),
		)
		.addSubcommand((sub) => sub.setName('list').setDescription('Your watches and where their notifications go'))
		.addSubcommand((sub) =>
			sub
				.setName('remove')
				.setDescription('Stop one of your watches')
				.addStringOption((option) =>
					option
						.setName('watch')
						.setDescription('The watch number from /watch list')
						.setRequired(true)
						.setAutocomplete(true)
						.setMaxLength(20),
				),
		),

	async execute(ctx) {
		const service = ctx.services.watch;
		switch (ctx.subcommand) {
			case 'add': {
				const { kind, value } = watchedThing(ctx);
				const channel = ctx.getChannel('channel');
				const result = service.add({
					userId: ctx.userId,
					guildId: ctx.guildId,
					kind,
					value,
					channel: channel && {
						id: channel.id,
						name: channel.name,
						userCanSend: channel.memberCanSend ?? null,
						botCanSend: channel.botCanSend ?? null,
					},
				});
				await ctx.reply(renderWatchAdded(result, service.takePauseNotices(ctx.userId)), HIDDEN);
				return;
			}
			case 'list': {
				const notices = service.takePauseNotices(ctx.userId);
				await ctx.reply(renderWatchList(service.list(ctx.userId), notices), HIDDEN);
				return;
			}
			case 'remove': {
				const { watch: id } = parseOptions(RemoveOptions, { watch: ctx.getString('watch') });
				const removed = service.remove(ctx.userId, id);
				await ctx.reply(renderWatchRemoved(removed, service.takePauseNotices(ctx.userId)), HIDDEN);
				return;
			}
			default:
				throw new UserFacingError('Use /watch add, /watch list or /watch remove.');
		}
	},

	async autocomplete(ctx) {
		if (ctx.focused.name === 'watch') {
			if (ctx.userId === undefined) return ctx.respond([]);
			const userId = ctx.userId;
			const typed = ctx.focused.value.replace('#', '').trim().toLowerCase();
			const choices = ctx.services.watch
				.list(userId)
				.map((w) => ({
					name: `#${w.id} ${describeWatch(w)} → ${w.channelId === null ? 'DMs' : 'a channel'}`,
					value: String(w.id),
				}))
				.filter((choice) => typed === '' || choice.name.toLowerCase().includes(typed));
			await ctx.respond(choices);
			return;
		}
		const kind = ctx.focused.name === 'ngo' ? 'ngo' : 'province';
		const choices = ctx.services.query.suggest(kind, ctx.focused.value);
		await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
	},
} satisfies SlashCommand;

/** The one thing /watch add was given. */
function watchedThing(ctx: CommandContext): { kind: WatchKind; value: string } {
	const options = parseOptions(AddOptions, {
		ngo: ctx.getString('ngo'),
		province: ctx.getString('province'),
		query: ctx.getString('query'),
	});
	const given = WATCH_KINDS.flatMap((kind) => (options[kind] === undefined ? [] : [{ kind, value: options[kind] }]));
	if (given.length !== 1) {
		throw new UserFacingError(
			`Give exactly one of ngo:, province: or query: (${given.length === 0 ? 'none was given' : 'one watch each'}), e.g. /watch add province:Hunan.`,
		);
	}
	return given[0]!;
}
