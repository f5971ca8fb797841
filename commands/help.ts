import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';

/** Each door lists the commands from their definitions (src/command/help.ts). */
export const help = {
	name: 'help',
	description: 'How to ask ngo-bot, with examples',
	help: 'the commands with examples',
	examples: ['/help'],
	// Help is for the asker; showing it to the channel is opt-in.
	privacy: 'private',
	userInstall: true,
	leaf: defineLeaf({
		options: {},
		async execute() {
			return { kind: 'help' };
		},
	}),
} satisfies CommandDefinition;
