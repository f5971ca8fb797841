import { ApplicationCommandType, ContextMenuCommandBuilder } from 'discord.js';
import type { MessageCommandDefinition } from '../command/definition.js';
import { renderHelpReply } from '../render/about-reply.js';
import { replyOutcome } from './outcome-reply.js';
import { discordRunContext, setInstallContexts } from './slash-command.js';
import type { MessageMenu } from './types.js';

/** A message context-menu command's Discord door: registration, and its answer, always to the asker only. */
export function messageMenuOf(command: MessageCommandDefinition): MessageMenu {
	const builder = new ContextMenuCommandBuilder().setName(command.name).setType(ApplicationCommandType.Message);
	setInstallContexts(builder, command);
	const json = builder.toJSON();
	return {
		data: { name: command.name, toJSON: () => json },
		prefix: command.prefix,
		cost: command.cost ?? 1,
		async execute(ctx) {
			const run = discordRunContext(ctx, true);
			const outcome = await command.execute(ctx.target?.text ?? '', run);
			// What someone else wrote is looked up for the asker alone; they can show the card with its button.
			await replyOutcome(outcome, ctx, { hidden: true, help: () => renderHelpReply([], []) });
		},
		...(command.component && { component: command.component.bind(command) }),
	};
}
