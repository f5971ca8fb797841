import { SlashCommandBuilder } from 'discord.js';
import { hidden } from '../src/discord/options.js';
import type { SlashCommand } from '../src/discord/types.js';
import { renderHelpReply } from '../src/render/about-reply.js';

export const help = {
	data: new SlashCommandBuilder()
		.setName('help')
		.setDescription('How to ask ngo-bot, with examples')
		.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer (default: yes)')),

	async execute(ctx) {
		// Help is for the asker; showing it to the channel is opt-in.
		await ctx.reply(renderHelpReply(), { hidden: hidden(ctx, true) });
	},
} satisfies SlashCommand;
