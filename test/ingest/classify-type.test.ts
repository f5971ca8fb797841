import { describe, expect, it } from 'vitest';
import { classifyType } from '../../src/ingest/classify-type.js';

const classify = (title: string | null, ...sentences: string[]) => classifyType(title, sentences);

describe('classifyType', () => {
	it.each([
		['registration', 'The Zhejiang PSB issued a registration certificate to the Lotus Charity Fund (Singapore).'],
		['deregistration', 'The Oak Trust deregistered its representative office in Shanghai.'],
		['temporary_activity', 'The Maple Foundation filed a temporary activity in Yunnan with a local partner.'],
		['training', 'The office held a training course for chief representatives on tax reporting.'],
		['visit', 'The head of the Jilin PSB visited the representative office of the Pine Association.'],
		['donation', 'The Birch Society donated 200,000 yuan of relief supplies to flood victims.'],
		['publicity', 'PSBs publicized the Foreign NGO Law and handed out leaflets in city squares.'],
		['policy', 'The ministry issued a notice with new guidelines for annual reports.'],
		['project', 'The Cedar Fund launched a rural water project with a county partner.'],
	])('classifies a %s item', (type, sentence) => {
		expect(classify(null, sentence)).toBe(type);
	});

	it('calls a gathering with officials a meeting and a public gathering an event', () => {
		expect(classify(null, 'The Gansu PSB held a symposium to explain legal policies to foreign NGOs.')).toBe('meeting');
		expect(classify(null, 'The third Green Forum was held in Kunming, organized by two charities.')).toBe('event');
	});

	it('weights the lead sentence over passing mentions', () => {
		expect(
			classify(
				null,
				'The Heron Foundation launched an AIDS care project with a local centre.',
				'It will also hold volunteer training activities.',
			),
		).toBe('project');
	});

	it('falls back to other when nothing says what happened', () => {
		expect(classify('Wu Peng: bringing experience to the world', 'In this interview he shares his experience.')).toBe(
			'other',
		);
		expect(classify(null, 'It was a sunny day.')).toBe('other');
	});
});
