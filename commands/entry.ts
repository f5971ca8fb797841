import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { entryIdOption } from '../src/command/options.js';
import { noMatchOutcome } from '../src/command/paged.js';
import { summarizeEntry } from '../src/summarize/answer-summary.js';

export const entry = {
	name: 'entry',
	description: 'One entry in full: why each fact is there, its source and a citation',
	help: 'one entry in full, with **why each fact is there** (the words it came from); its **Cite** button gives you a citation',
	examples: ['/entry 9'],
	privacy: 'public',
	userInstall: true,
	aimable: true,
	leaf: defineLeaf({
		options: { id: entryIdOption() },
		async execute({ id }, ctx) {
			const result = ctx.services.query.entry(id);
			if (!result.ok) return noMatchOutcome(result);
			const detail = summarizeEntry(result.value, { today: ctx.today }, ctx.services.query.evidence(id));
			return { kind: 'entry', detail, data: result.value };
		},
	}),
} satisfies CommandDefinition;
