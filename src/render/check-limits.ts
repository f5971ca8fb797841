import { embedLength } from './discord-reply.js';
import { DISCORD_LIMITS } from './limits.js';
import type { RenderedReply } from './reply.js';

/** Every way a reply breaks Discord's limits (empty when it is sendable). */
export function replyLimitViolations(reply: RenderedReply): string[] {
	const problems: string[] = [];
	const check = (ok: boolean, problem: string) => {
		if (!ok) problems.push(problem);
	};
	check(
		(reply.content?.length ?? 0) <= DISCORD_LIMITS.content,
		`content ${reply.content?.length} > ${DISCORD_LIMITS.content}`,
	);
	const embeds = reply.embeds ?? [];
	check(embeds.length <= DISCORD_LIMITS.embedsPerMessage, `${embeds.length} embeds`);
	check(Boolean(reply.content) || embeds.length > 0, 'empty reply');
	let total = 0;
	for (const [i, embed] of embeds.entries()) {
		total += embedLength(embed);
		check((embed.title?.length ?? 0) <= DISCORD_LIMITS.embedTitle, `embed ${i} title too long`);
		check((embed.description?.length ?? 0) <= DISCORD_LIMITS.embedDescription, `embed ${i} description too long`);
		check((embed.fields?.length ?? 0) <= DISCORD_LIMITS.embedFields, `embed ${i} has too many fields`);
		for (const field of embed.fields ?? []) {
			check(field.name.length > 0 && field.name.length <= DISCORD_LIMITS.fieldName, `embed ${i} field name length`);
			check(field.value.length > 0 && field.value.length <= DISCORD_LIMITS.fieldValue, `embed ${i} field value length`);
		}
		check((embed.footer?.text.length ?? 0) <= DISCORD_LIMITS.footerText, `embed ${i} footer too long`);
	}
	check(total <= DISCORD_LIMITS.embedTotal, `embeds total ${total} > ${DISCORD_LIMITS.embedTotal}`);
	for (const row of reply.components ?? []) {
		check(row.components.length <= DISCORD_LIMITS.componentsPerRow, 'too many buttons in a row');
		for (const button of row.components) {
			if ('custom_id' in button) check(button.custom_id.length <= DISCORD_LIMITS.customId, 'custom_id too long');
			check(!('label' in button) || (button.label?.length ?? 0) <= DISCORD_LIMITS.buttonLabel, 'button label too long');
		}
	}
	check((reply.components?.length ?? 0) <= DISCORD_LIMITS.actionRows, 'too many action rows');
	return problems;
}
