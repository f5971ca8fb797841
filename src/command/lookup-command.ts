import { type CommandDefinition, defineLeaf } from './definition.js';
import { optionSchemas, pageOption } from './options.js';
import { pagedOutcome } from './paged.js';

export interface LookupCommandSpec {
	/** The command name, the paged answer it gives and the names it autocompletes. */
	readonly kind: 'ngo' | 'partner' | 'province';
	readonly description: string;
	readonly help: string;
	/** Help for the `name` option, with examples. */
	readonly nameDescription: string;
	readonly examples: readonly string[];
}

/**
 * /ngo, /partner and /province: one name (autocompleted; the console's words), a page; the answer is a paged
 * overview.
 */
export function lookupCommand(spec: LookupCommandSpec): CommandDefinition {
	return {
		name: spec.kind,
		description: spec.description,
		help: spec.help,
		examples: spec.examples,
		privacy: 'public',
		userInstall: true,
		aimable: true,
		leaf: defineLeaf({
			options: {
				name: {
					kind: 'string',
					description: spec.nameDescription,
					schema: optionSchemas.name,
					required: true,
					suggest: spec.kind,
					maxLength: 100,
					words: true,
				},
				page: pageOption('Page of entries'),
			},
			async execute({ name, page }, ctx) {
				return pagedOutcome(spec.kind, [name], page, ctx.services.query, ctx.today);
			},
		}),
	};
}
