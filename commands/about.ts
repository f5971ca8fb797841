import { SlashCommandBuilder } from 'discord.js';
import { hidden } from '../src/discord/options.js';
import type { SlashCommand } from '../src/discord/types.js';
import { renderAboutReply } from '../src/render/about-reply.js';

export const about = {
	data: new SlashCommandBuilder()
		.setName('about')
		.setDescription('What ngo-bot knows: sources, entry counts, last update, data cut-off, how to cite')
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

	async execute(ctx) {
		await ctx.reply(renderAboutReply(ctx.services.about()), { hidden: hidden(ctx) });
	},
} satisfies SlashCommand;
