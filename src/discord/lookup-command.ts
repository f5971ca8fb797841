import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { optionSchemas, parseOptions, hidden } from './options.js';
import { replyPaged } from './paged-answer.js';
import type { SlashCommand } from './types.js';

const Options = z.object({ name: optionSchemas.name, page: optionSchemas.page.default(1) });

export interface LookupCommandSpec {
	/** The command name, the paged answer it gives and the names it autocompletes. */
	readonly kind: 'ngo' | 'province';
	readonly description: string;
	/** Help for the `name` option, with examples. */
	readonly nameDescription: string;
}

/** /ngo and /province: one name (autocompleted), a page, `hide`; the answer is a paged overview. */
export function lookupCommand(spec: LookupCommandSpec): SlashCommand {
	return {
		data: new SlashCommandBuilder()
			.setName(spec.kind)
			.setDescription(spec.description)
			.addStringOption((option) =>
				option
					.setName('name')
					.setDescription(spec.nameDescription)
					.setRequired(true)
					.setAutocomplete(true)
					.setMaxLength(100),
			)
			.addIntegerOption((option) =>
				option.setName('page').setDescription('Page of entries').setMinValue(1).setMaxValue(10_000),
			)
			.addBooleanOption((option) => option.setName('hide').setDescription('Only you see the answer')),

		async execute(ctx) {
			const { name, page } = parseOptions(Options, { name: ctx.getString('name'), page: ctx.getInteger('page') });
			await replyPaged(ctx, { kind: spec.kind, args: [name], page, hidden: hidden(ctx) });
		},

		async autocomplete(ctx) {
			const choices = ctx.services.query.suggest(spec.kind, ctx.focused.value);
			await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
		},
	};
}
