import type { AskAnswer } from '../ask/answer-question.js';
import type { Reading } from '../ask/read-question.js';
import { FIELD_LABELS } from '../domain/entry.js';
import type { SearchFilters } from '../query/answers.js';
import type { AnswerSummary, Fact } from './answer-summary.js';
import { snippetOf } from './entry-snippet.js';

const LISTED = 8;

/** "Read as: type registration · province Hunan · origin Japan · 2019-01-01 to 2019-12-31". */
export function readingLine(reading: Reading): string {
	const parts: string[] = [];
	if (reading.type) parts.push(`type ${reading.type.replace('_', ' ')}`);
	if (reading.ngo) parts.push(`NGO ${reading.ngo}`);
	if (reading.partner) parts.push(`partner ${reading.partner}`);
	if (reading.province) parts.push(`province ${reading.province}`);
	if (reading.country) parts.push(`origin ${reading.country}`);
	if (reading.field) parts.push(`field ${FIELD_LABELS[reading.field]}`);
	if (reading.from || reading.to) parts.push(`${reading.from ?? '…'} to ${reading.to ?? '…'}`);
	return [`${reading.intent}`, ...parts].join(' · ');
}

/** The command that lists exactly what the answer counts. */
export function equivalentSearch(filters: SearchFilters): string {
	const value = (text: string) => (/\s/.test(text) ? `"${text}"` : text);
	const options = Object.entries(filters).map(([key, text]) => `${key}:${value(String(text))}`);
	return ['/search', ...options].join(' ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
/** The first LISTED parts, and how many more there are. */
const withMore = (parts: readonly string[]) =>
	parts.slice(0, LISTED).join(', ') + (parts.length > LISTED ? ` and ${parts.length - LISTED} more` : '');
const matches = (n: number) => plural(n, 'entry matches', 'entries match');

/** The one or two sentences that answer, from the counts alone; every number is of the entries listed under it. */
export function answerSentence(answer: AskAnswer): string {
	const { total, counted } = answer;
	if (total === 0) return 'None: no entry matches this reading.';
	const over = counted < total ? ` (counted over the newest ${counted.toLocaleString('en-US')})` : '';
	switch (answer.reading.intent) {
		case 'which': {
			if (answer.orgs.length === 0) return `${matches(total)}, but none names an organization.`;
			const named = answer.orgs.slice(0, LISTED).map((org) => {
				const origin = org.country ? ` (${org.country})` : '';
				const dates =
					org.first && org.last ? (org.first === org.last ? `, ${org.first}` : `, ${org.first} to ${org.last}`) : '';
				// Named only in entries about several provinces: the entry does not place it in the one asked about.
				const roundup = org.onlyInRoundups
					? ` (only in ${org.n === 1 ? 'an entry' : 'entries'} naming several provinces)`
					: '';
				return `${org.name}${origin}: ${plural(org.n, 'entry', 'entries')}${dates} [#${org.newestId}]${roundup}`;
			});
			const more = answer.orgs.length > LISTED ? `; and ${answer.orgs.length - LISTED} more` : '';
			return `${plural(answer.orgs.length, 'organization')}${over}: ${named.join('; ')}${more}.`;
		}
		case 'how many': {
			const byType = answer.types.map((c) => `${c.n} ${c.label}`).join(', ');
			const byProvince = withMore(answer.provinces.map((c) => `${c.key} ${c.n}`));
			return `${plural(total, 'entry', 'entries')}${over}${byType ? `: ${byType}` : ''}${byProvince ? `; by province: ${byProvince}` : ''}.`;
		}
		case 'when': {
			const { first, last } = answer.span;
			if (!first || !last) return `${matches(total)}, none with an exact date.`;
			const inside = counted < total ? `; counted over the newest ${counted.toLocaleString('en-US')}` : '';
			return first === last
				? `On ${first} (${plural(total, 'entry', 'entries')}${inside}).`
				: `From ${first} to ${last} (${plural(total, 'entry', 'entries')}${inside}).`;
		}
		case 'where': {
			if (answer.provinces.length === 0) return `${matches(total)}, none naming a province.`;
			const places = withMore(answer.provinces.map((c) => `${c.key} (${c.n})`));
			return `In ${plural(answer.provinces.length, 'province')}${over}: ${places}.`;
		}
		case 'what':
			return `${matches(total)}, newest first.`;
	}
}

/** A question's answer: the sentence, how it was read and the command that lists the same, then the entries. */
export function summarizeAsk(answer: AskAnswer): AnswerSummary {
	const facts: Fact[] = [
		{ label: 'Answer', value: answerSentence(answer) },
		{ label: 'Read as', value: readingLine(answer.reading) },
		{ label: 'Same as', value: equivalentSearch(answer.filters) },
	];
	const terms = [
		answer.resolved.org?.name,
		...(answer.resolved.org?.aliases ?? []),
		answer.resolved.partner?.name,
	].filter((term): term is string => Boolean(term));
	return {
		kind: 'ask',
		title: answer.question.length > 200 ? `${answer.question.slice(0, 199)}…` : answer.question,
		subtitle: null,
		// The answer sentence is a fact: a field holds more than the lead line, and lists of organizations run long.
		lead: null,
		facts,
		items: answer.entries.map((entry) => snippetOf(entry, { terms })),
		page: answer.page,
		empty: answer.total === 0 ? 'Nothing matches all of these conditions.' : null,
		notes: answer.withoutType
			? [
					`Without the activity type (${answer.reading.type?.replace('_', ' ') ?? ''}): ${matches(answer.withoutType.total)}, ${equivalentSearch(answer.withoutType.filters)}`,
				]
			: [],
	};
}
