import { type REST, type RawFile, Routes } from 'discord.js';
import type { RenderedReply } from '../render/reply.js';
import { NO_MENTIONS } from './dispatch.js';

/** Messages the bot sends on its own (digests, notifications), outside any interaction. */
export interface ChannelPoster {
	/**
	 * Posts to a channel. With `nonce`, Discord drops a second post with the same nonce sent within minutes
	 * (`enforce_nonce`), so a retried request cannot post twice.
	 */
	post(channelId: string, reply: RenderedReply, options?: { nonce?: string }): Promise<{ messageId: string }>;
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
		async dm(userId, reply, options = {}) {
			const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
			const message = (await rest.post(Routes.channelMessages(channel.id), messageBody(reply, options.nonce))) as {
				id: string;
			};
			return { messageId: message.id, channelId: channel.id };
		},
	};
}
