import { type REST, type RawFile, Routes } from 'discord.js';
import type { RenderedReply } from '../render/reply.js';
import { NO_MENTIONS } from './dispatch.js';

/** A public thread (Discord's channel type 11), archived after a week without messages (in minutes). */
const PUBLIC_THREAD = 11;
const WEEK_MINUTES = 10_080;

/** Messages the bot sends on its own (digests, notifications), outside any interaction. */
export interface ChannelPoster {
	/**
	 * Posts to a channel. With `nonce`, Discord drops a second post with the same nonce sent within minutes
	 * (`enforce_nonce`), so a retried request cannot post twice.
	 */
	post(channelId: string, reply: RenderedReply, options?: { nonce?: string }): Promise<{ messageId: string }>;
	/** A channel's type (Discord's numbers: 0 text, 5 announcement, 15 forum …); null when it cannot be read. */
	channelType(channelId: string): Promise<number | null>;
	/**
	 * Starts a thread named `name` in a channel: in a forum a post whose first message is `first`; in a text or
	 * announcement channel a public thread with no starter message (then `first` is not sent).
	 */
	startThread(
		channelId: string,
		name: string,
		first?: RenderedReply,
	): Promise<{ threadId: string; messageId: string | null }>;
	/** Opens (or reuses) the DM channel with a user and posts there (`nonce` as for `post`). */
	dm(
		userId: string,
		reply: RenderedReply,
		options?: { nonce?: string },
	): Promise<{ messageId: string; channelId: string }>;
}

/** The JSON body and files of a message create request (mentions always disabled). */
export function messageBody(
	reply: RenderedReply,
	nonce?: string,
): { body: Record<string, unknown>; files?: RawFile[] } {
	const files = reply.files?.map((file) => ({ name: file.name, data: Buffer.from(file.data) }));
	return {
		body: {
			content: reply.content,
			embeds: reply.embeds,
			components: reply.components,
			allowed_mentions: {
				parse: NO_MENTIONS.parse,
				...(reply.mentions?.users?.length ? { users: reply.mentions.users } : {}),
				...(reply.mentions?.roles?.length ? { roles: reply.mentions.roles } : {}),
			},
			...(nonce ? { nonce, enforce_nonce: true } : {}),
			...(reply.files
				? {
						attachments: reply.files.map((file, id) => ({
							id,
							filename: file.name,
							...(file.description ? { description: file.description } : {}),
						})),
					}
				: {}),
		},
		...(files ? { files } : {}),
	};
}

export function createChannelPoster(rest: REST): ChannelPoster {
	return {
		async post(channelId, reply, options = {}) {
			const message = (await rest.post(Routes.channelMessages(channelId), messageBody(reply, options.nonce))) as {
				id: string;
			};
			return { messageId: message.id };
		},
		async channelType(channelId) {
			try {
				const channel = (await rest.get(Routes.channel(channelId))) as { type?: number };
				return typeof channel.type === 'number' ? channel.type : null;
			} catch {
				// Posting there will say what is wrong (missing access, unknown channel).
				return null;
			}
		},
		async startThread(channelId, name, first) {
			if (first) {
				const { body, files } = messageBody(first);
				const { nonce: _nonce, enforce_nonce: _enforce, ...message } = body;
				const thread = (await rest.post(Routes.threads(channelId), {
					body: { name, auto_archive_duration: WEEK_MINUTES, message },
					...(files ? { files } : {}),
				})) as { id: string; message?: { id: string } };
				return { threadId: thread.id, messageId: thread.message?.id ?? thread.id };
			}
			const thread = (await rest.post(Routes.threads(channelId), {
				body: { name, type: PUBLIC_THREAD, auto_archive_duration: WEEK_MINUTES },
			})) as { id: string };
			return { threadId: thread.id, messageId: null };
		},
		async dm(userId, reply, options = {}) {
			const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
			const message = (await rest.post(Routes.channelMessages(channel.id), messageBody(reply, options.nonce))) as {
				id: string;
			};
			return { messageId: message.id, channelId: channel.id };
		},
	};
}
