import { z } from 'zod';
import { readDateBound } from '../query/date-bound.js';
import { ACTIVITY_TYPES } from '../domain/entry.js';
import type { Choice, OptionDefinition, OptionProblem } from './definition.js';

/** Choices typed at the console may differ in case and spacing ("Temporary activity"); Discord sends the value. */
function normalizeChoice(value: unknown): unknown {
	return typeof value === 'string'
		? value
				.trim()
				.toLowerCase()
				.replace(/[\s-]+/g, '_')
		: value;
}

/** One of `values`, whatever the case; the message lists them. */
export function choiceSchema<const T extends readonly [string, ...string[]]>(values: T, message?: string) {
	return z.preprocess(
		normalizeChoice,
		z.enum(values, { error: message ?? `must be one of ${values.join(', ')}` }),
	) as unknown as z.ZodType<T[number]>;
}

const wholeNumber = () => z.number({ error: 'must be a whole number' }).int('must be a whole number');

const DATE_PROBLEM = 'must be a date: 2019-02-25, 25 April 2019, March 2019, 2019 or "last year"';

/** A date bound as people write it, read as the first (from) or last (to) day of the period; yyyy-mm-dd out. */
function dateBoundSchema(edge: 'start' | 'end') {
	return z
		.string()
		.trim()
		.max(40, DATE_PROBLEM)
		.transform((text, context) => {
			const date = readDateBound(text, edge, new Date().toISOString().slice(0, 10));
			if (date === null) context.addIssue({ code: 'custom', message: DATE_PROBLEM });
			return date ?? z.NEVER;
		});
}

/** Option schemas shared by commands: the same bounds Discord's registration declares, checked again here. */
export const optionSchemas = {
	name: z.string().trim().min(1, 'cannot be empty').max(100, 'is at most 100 characters'),
	text: z.string().trim().max(500, 'is at most 500 characters'),
	page: wholeNumber().min(1, 'starts at 1').max(10_000, 'is at most 10000'),
	from: dateBoundSchema('start'),
	to: dateBoundSchema('end'),
	type: choiceSchema(ACTIVITY_TYPES),
	id: wholeNumber().min(1, 'starts at 1').max(Number.MAX_SAFE_INTEGER),
};

/** Discord choices for a list of values, labelled by `label`. */
export function choicesOf<T extends string>(values: readonly T[], label: (value: T) => string = (v) => v): Choice[] {
	return values.map((value) => ({ name: label(value), value }));
}

/**
 * The words and filters of /search, shared by every command that narrows entries the same way (/search,
 * /export, /stats, /timeline), so "the same filters as /search" stays true by construction.
 */
export const searchFilters = {
	province: {
		kind: 'string',
		description: 'Only this province',
		schema: optionSchemas.name.optional(),
		suggest: 'province',
		maxLength: 100,
		filter: true,
		placeholder: 'name',
	},
	ngo: {
		kind: 'string',
		description: 'Only this organization',
		schema: optionSchemas.name.optional(),
		suggest: 'ngo',
		maxLength: 100,
		filter: true,
		placeholder: 'name',
	},
	partner: {
		kind: 'string',
		description: 'Only entries naming this Chinese body (a bureau, supervisor or partner), any spelling',
		schema: optionSchemas.name.optional(),
		suggest: 'partner',
		maxLength: 100,
		filter: true,
		placeholder: 'body',
	},
	country: {
		kind: 'string',
		description: 'Only organizations from this country or region',
		schema: optionSchemas.name.optional(),
		suggest: 'country',
		maxLength: 100,
		filter: true,
		placeholder: 'origin',
	},
	type: {
		kind: 'string',
		description: 'Only this kind of activity',
		schema: optionSchemas.type.optional(),
		choices: choicesOf(ACTIVITY_TYPES, (type) => type.replace('_', ' ')),
		filter: true,
	},
	// Checked by the query, which reads ChinaFile's names as well as keys and lists the fields when it cannot.
	field: {
		kind: 'string',
		description: 'Only this field of work (ChinaFile’s 27), e.g. Health, Disaster Relief',
		schema: optionSchemas.name.optional(),
		suggest: 'field',
		maxLength: 100,
		filter: true,
		placeholder: 'field',
	},
	from: {
		kind: 'string',
		description: 'From this date: 2019-02-25, March 2019, 2019, last year',
		schema: optionSchemas.from.optional(),
		placeholder: 'date',
		minLength: 4,
		maxLength: 40,
		filter: true,
	},
	to: {
		kind: 'string',
		description: 'Up to this date (its whole month or year): 2019-02-25, March 2019, 2019',
		schema: optionSchemas.to.optional(),
		placeholder: 'date',
		minLength: 4,
		maxLength: 40,
		filter: true,
	},
} as const satisfies Record<string, OptionDefinition>;

/** The filters that pick a slice of the corpus by name, the ones /stats and /timeline take. */
export const sliceFilters = {
	province: searchFilters.province,
	ngo: searchFilters.ngo,
	partner: searchFilters.partner,
	field: searchFilters.field,
} as const satisfies Record<string, OptionDefinition>;

/** The names of the /search filters, in order (the command line's export takes the same, as --province …). */
export const SEARCH_FILTER_NAMES = Object.keys(searchFilters) as (keyof typeof searchFilters)[];

/** The words to find (at the console, the words after the command name). */
export function queryOption(description: string) {
	return {
		kind: 'string',
		description,
		schema: optionSchemas.text.default(''),
		maxLength: 500,
		words: true,
	} as const satisfies OptionDefinition;
}

/** Which page of a paged answer. */
export function pageOption(description: string) {
	return {
		kind: 'integer',
		description,
		schema: optionSchemas.page.default(1),
		minValue: 1,
		maxValue: 10_000,
	} as const satisfies OptionDefinition;
}

/** An entry number, as answers show it (#12); the console also takes "#12". */
export function entryIdOption() {
	return {
		kind: 'integer',
		description: 'The entry number shown as #12 in answers',
		schema: optionSchemas.id,
		required: true,
		minValue: 1,
		words: true,
	} as const satisfies OptionDefinition;
}

/** A check for commands with from/to: a range that ends before it starts is refused. */
export function datesInOrder(values: { readonly from?: string; readonly to?: string }): OptionProblem | null {
	return values.from && values.to && values.from > values.to
		? { option: 'from', message: 'must not be after to' }
		: null;
}
