import { answerQuestion } from '../src/ask/answer-question.js';
import { type CommandDefinition, defineLeaf } from '../src/command/definition.js';
import { optionSchemas, pageOption } from '../src/command/options.js';
import { searchArgs } from '../src/command/paged.js';
import { readingLine, summarizeAsk } from '../src/summarize/ask-summary.js';

/** Words asking for a body's role, which a search filter cannot express: the cards of /partner and /ngo show roles. */
const ROLE_WORDS = /^(?:supervis|sponsor)/i;

export const ask = {
	name: 'ask',
	description: 'Ask in plain words: which NGOs, how many, when, where',
	help: 'a question in plain English, read into filters (shown as "Read as") and answered from the entries it cites',
	examples: [
		'/ask which Japanese NGOs registered in Hunan in 2019?',
		'/ask how many temporary activities were filed in Yunnan?',
		'/ask when did Animals Asia open its Chengdu office?',
	],
	privacy: 'public',
	userInstall: true,
	aimable: true,
	// Reads up to 5,000 matching entries to count them, like /stats over a filter.
	cost: 4,
	leaf: defineLeaf({
		options: {
			question: {
				kind: 'string',
				description: 'e.g. which Japanese NGOs registered in Hunan in 2019?',
				schema: optionSchemas.text.pipe(optionSchemas.name.max(300, 'is at most 300 characters')),
				required: true,
				maxLength: 300,
				words: true,
			},
			page: pageOption('Page of supporting entries'),
		},
		async execute({ question, page }, ctx) {
			const result = answerQuestion(question, ctx.services.query, ctx.today, page);
			if (!result.ok) {
				const { reading } = result;
				const read = reading.understood.length
					? `I read ${reading.understood.map((part) => `“${part.words}” as ${part.as}`).join(', ')}.`
					: 'I read nothing I can look up.';
				const words = reading.notUnderstood.join(' ');
				const asksRole = reading.notUnderstood.some((word) => ROLE_WORDS.test(word));
				const next = reading.alsoNamed.length
					? ''
					: asksRole
						? `Who supervises or sponsors whom is on the cards: /partner ${reading.partner ?? 'name of the body'} lists the organizations a body supervised or was the partner unit of, and /ngo ${reading.ngo ?? 'name'} an organization's supervisors and partners.`
						: words
							? `Look the words up with /search ${words}, or name a province, an organization or a country as /province and /ngo know them.`
							: 'Name an organization, a province, an origin, an activity or a year, e.g. “which Japanese NGOs registered in Hunan in 2019?”.';
				return { kind: 'refused', message: [result.message, read, next].filter(Boolean).join(' ') };
			}
			const summary = summarizeAsk(result.value);
			return {
				kind: 'answer',
				summary,
				data: { ...result.value, readAs: readingLine(result.value.reading) },
				// Further pages are the equivalent /search, which lists exactly the entries the answer counts.
				paging: { kind: 'search', args: searchArgs('', 'newest', result.value.filters) },
			};
		},
	}),
} satisfies CommandDefinition;
