import { DISCORD_LIMITS } from './limits.js';
import { truncate } from './markdown.js';
import type { RenderedReply } from './reply.js';

/** The first line of an answer aimed at a member: "*For @someone:*". */
export function aimLine(userId: string): string {
	return `*For <@${userId}>:*`;
}

/**
 * A public answer aimed at a member (`mention:`, as discord-utils-bot's `target:` does): `mentions` allowing that one
 * ping and no other, and the line naming them above the answer unless `named` says the reply already has it (a
 * citation counts it within its own 2,000 characters).
 */
export function aimedReply(reply: RenderedReply, userId: string, options: { named?: boolean } = {}): RenderedReply {
	if (!/^\d{17,20}$/.test(userId)) return reply;
	const line = aimLine(userId);
	const content = options.named
		? reply.content
		: truncate(reply.content ? `${line}\n${reply.content}` : line, DISCORD_LIMITS.content);
	return { ...reply, content, mentions: { users: [userId] } };
}
