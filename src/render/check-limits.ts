import { embedLength } from './discord-reply.js';
import { DISCORD_LIMITS } from './limits.js';
import type { RenderedReply } from './reply.js';

type Component = NonNullable<RenderedReply['components']>[number]['components'][number];

/** Component types of select menus: string, user, role, mentionable, channel. */
const SELECT_TYPES: ReadonlySet<number> = new Set([3, 5, 6, 7, 8]);

/** A select menu's placeholder and, for a string select, its 1–25 options and their texts. */
function selectViolations(select: Component, check: (ok: boolean, problem: string) => void): void {
	if ('placeholder' in select)
		check((select.placeholder?.length ?? 0) <= DISCORD_LIMITS.selectPlaceholder, 'select placeholder too long');
	if (!('options' in select)) return;
	const options = select.options ?? [];
	check(
		options.length >= 1 && options.length <= DISCORD_LIMITS.selectOptions,
		`select has ${options.length} options (1 to ${DISCORD_LIMITS.selectOptions})`,
	);
	for (const [i, option] of options.entries()) {
		const { label, value, description } = option;
		check(label.length > 0 && label.length <= DISCORD_LIMITS.selectOptionLabel, `select option ${i} label length`);
		check(value.length > 0 && value.length <= DISCORD_LIMITS.selectOptionValue, `select option ${i} value length`);
		check(
			(description?.length ?? 0) <= DISCORD_LIMITS.selectOptionDescription,
			`select option ${i} description too long`,
		);
	}
	const values = options.map((option) => option.value);
	check(new Set(values).size === values.length, 'select option values repeat');
}

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
		const selects = row.components.filter((component) => SELECT_TYPES.has(component.type)).length;
		check(selects === 0 || row.components.length === 1, 'a select menu shares its row');
		for (const component of row.components) {
			if ('custom_id' in component) check(component.custom_id.length <= DISCORD_LIMITS.customId, 'custom_id too long');
			check(
				!('label' in component) || (component.label?.length ?? 0) <= DISCORD_LIMITS.buttonLabel,
				'button label too long',
			);
			if (SELECT_TYPES.has(component.type)) selectViolations(component, check);
		}
	}
	check((reply.components?.length ?? 0) <= DISCORD_LIMITS.actionRows, 'too many action rows');
	return problems;
}
