import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { renderAboutReply } from '../src/render/about-reply.js';

export const about = {
	name: 'about',
	description: 'What ngo-bot knows: sources, entry counts, last update, data cut-off, how to cite',
	help: 'sources, entry counts, last update, data cut-off, how to cite',
	examples: ['/about'],
	privacy: 'public',
	userInstall: true,
	leaf: defineLeaf({
		options: {},
		async execute(_values, ctx) {
			return { kind: 'messages', messages: [renderAboutReply(ctx.services.about())] };
		},
	}),
} satisfies CommandDefinition;
