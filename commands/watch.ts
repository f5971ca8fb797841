import { z } from 'zod';
import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { optionSchemas } from '../src/command/options.js';
import type { ChannelRef } from '../src/discord/types.js';
import { WATCH_KINDS } from '../src/watch/match-watches.js';
import { describeWatch } from '../src/watch/render-watch-notice.js';
import { renderWatchAdded, renderWatchList, renderWatchRemoved } from '../src/watch/render-watch-replies.js';
import { MAX_WATCH_QUERY_LENGTH } from '../src/watch/watch-service.js';

/**
 * Watches are personal: every /watch answer is seen by its user only. At the console the user is the command
 * line's own watch list (`npm run -s cli -- watch news` prints what is new).
 */
export const watch = {
	name: 'watch',
	description: 'Get the new entries about an NGO, a province or some words after each ingest',
	help: 'a message with the new entries about an NGO, a province or words after each ingest; `list` and `remove` yours',
	examples: ['/watch add province:Hunan', '/watch add ngo:AIFO', '/watch list'],
	privacy: 'always private',
	subcommands: {
		add: defineLeaf({
			description: 'Watch one NGO, province or set of words (give exactly one)',
			options: {
				ngo: {
					kind: 'string',
					description: 'An organization, e.g. AIFO',
					schema: optionSchemas.name.optional(),
					suggest: 'ngo',
					maxLength: 100,
				},
				province: {
					kind: 'string',
					description: 'A province, e.g. Hunan or 湖南',
					schema: optionSchemas.name.optional(),
					suggest: 'province',
					maxLength: 100,
				},
				query: {
					kind: 'string',
					description: 'Words in the text, e.g. mental health training',
					schema: z
						.string()
						.trim()
						.min(1, 'cannot be empty')
						.max(MAX_WATCH_QUERY_LENGTH, `is at most ${MAX_WATCH_QUERY_LENGTH} characters`)
						.optional(),
					maxLength: MAX_WATCH_QUERY_LENGTH,
					words: true,
				},
				channel: {
					kind: 'channel',
					description: 'Post the notifications in this channel instead of your DMs',
					schema: z.custom<ChannelRef>().optional(),
					textChannels: true,
					door: 'discord',
				},
			},
			check(values) {
				const given = WATCH_KINDS.filter((kind) => values[kind] !== undefined).length;
				if (given === 1) return null;
				return {
					option: null,
					message: `Give exactly one of ngo:, province: or query: (${given === 0 ? 'none was given' : 'one watch each'}), e.g. /watch add province:Hunan`,
				};
			},
			async execute(values, ctx) {
				const service = ctx.services.watch;
				const kind = WATCH_KINDS.find((k) => values[k] !== undefined)!;
				const { channel } = values;
				const result = service.add({
					userId: ctx.userId,
					guildId: ctx.guildId,
					kind,
					value: values[kind]!,
					channel: channel
						? {
								id: channel.id,
								name: channel.name,
								userCanSend: channel.memberCanSend ?? null,
								botCanSend: channel.botCanSend ?? null,
							}
						: null,
				});
				return { kind: 'messages', messages: [renderWatchAdded(result, service.takePauseNotices(ctx.userId))] };
			},
		}),
		list: defineLeaf({
			description: 'Your watches and where their notifications go',
			options: {},
			async execute(_values, ctx) {
				const service = ctx.services.watch;
				const notices = service.takePauseNotices(ctx.userId);
				return { kind: 'messages', messages: [renderWatchList(service.list(ctx.userId), notices)] };
			},
		}),
		remove: defineLeaf({
			description: 'Stop one of your watches',
			options: {
				// "12" or "#12", as /watch list shows them.
				watch: {
					kind: 'string',
					description: 'The watch number from /watch list',
					schema: z
						.string()
						.trim()
						.regex(/^#?\d{1,15}$/, 'must be a watch number from /watch list, e.g. 12')
						.transform((value) => Number(value.replace('#', ''))),
					required: true,
					maxLength: 20,
					words: true,
					suggest: ({ services, userId, typed }) => {
						if (userId === undefined) return [];
						const words = typed.replace('#', '').trim().toLowerCase();
						return services.watch
							.list(userId)
							.map((w) => ({
								name: `#${w.id} ${describeWatch(w)} → ${w.channelId === null ? 'DMs' : 'a channel'}`,
								value: String(w.id),
							}))
							.filter((choice) => words === '' || choice.name.toLowerCase().includes(words));
					},
				},
			},
			async execute({ watch: id }, ctx) {
				const service = ctx.services.watch;
				const removed = service.remove(ctx.userId, id);
				return { kind: 'messages', messages: [renderWatchRemoved(removed, service.takePauseNotices(ctx.userId))] };
			},
		}),
	},
} satisfies CommandDefinition;
