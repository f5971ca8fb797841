import { SlashCommandStringOption } from 'discord.js';
import { ACTIVITY_TYPES } from '../domain/entry.js';
import { optionSchemas } from './options.js';
import type { AutocompleteContext, CommandContext } from './types.js';

/**
 * The words and filters of /search, shared by every command that narrows entries the same way (/search, /export),
 * so "the same filters as /search" stays true by construction.
 */
export function searchFilterOptions(queryDescription: string): SlashCommandStringOption[] {
	return [
		new SlashCommandStringOption().setName('query').setDescription(queryDescription).setMaxLength(500),
		new SlashCommandStringOption()
			.setName('province')
			.setDescription('Only this province')
			.setAutocomplete(true)
			.setMaxLength(100),
		new SlashCommandStringOption()
			.setName('ngo')
			.setDescription('Only this organization')
			.setAutocomplete(true)
			.setMaxLength(100),
		new SlashCommandStringOption()
			.setName('country')
			.setDescription('Only organizations from this country or region')
			.setAutocomplete(true)
			.setMaxLength(100),
		new SlashCommandStringOption()
			.setName('type')
			.setDescription('Only this kind of activity')
			.addChoices(...ACTIVITY_TYPES.map((type) => ({ name: type.replace('_', ' '), value: type }))),
		new SlashCommandStringOption()
			.setName('from')
			.setDescription('From this date, yyyy-mm-dd')
			.setMinLength(10)
			.setMaxLength(10),
		new SlashCommandStringOption()
			.setName('to')
			.setDescription('Up to this date, yyyy-mm-dd')
			.setMinLength(10)
			.setMaxLength(10),
	];
}

/** zod fields for the options above (wrap in an object and refine with `datesInOrder`). */
export const searchFilterFields = {
	query: optionSchemas.text.default(''),
	province: optionSchemas.name.optional(),
	ngo: optionSchemas.name.optional(),
	country: optionSchemas.name.optional(),
	type: optionSchemas.type.optional(),
	from: optionSchemas.date.optional(),
	to: optionSchemas.date.optional(),
};

/** `.refine(...datesInOrder)`: a range that ends before it starts is refused. */
export const datesInOrder: [(o: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
	(o) => !o.from || !o.to || o.from <= o.to,
	{ message: 'must not be after to', path: ['from'] },
];

/** The raw values of the filter options, for `parseOptions`. */
export function readSearchFilters(ctx: CommandContext): Record<keyof typeof searchFilterFields, string | null> {
	return {
		query: ctx.getString('query'),
		province: ctx.getString('province'),
		ngo: ctx.getString('ngo'),
		country: ctx.getString('country'),
		type: ctx.getString('type'),
		from: ctx.getString('from'),
		to: ctx.getString('to'),
	};
}

/** Names for the province, ngo and country options, with their entry counts. */
export async function autocompleteSearchFilter(ctx: AutocompleteContext): Promise<void> {
	const kind = ctx.focused.name === 'ngo' ? 'ngo' : ctx.focused.name === 'country' ? 'country' : 'province';
	const choices = ctx.services.query.suggest(kind, ctx.focused.value);
	await ctx.respond(choices.map((choice) => ({ name: choice.name, value: choice.value })));
}
