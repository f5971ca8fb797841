import { describe, expect, it } from 'vitest';
import { CUES, classifyEntry, classifyType } from '../../src/ingest/classify-type.js';

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

describe('classifyEntry: the main action', () => {
	const lead = (text: string, title: string | null = null) =>
		classifyEntry({ title, paragraphs: [[text]], block: false })?.type;

	it('reads a registration certificate handed over in a ceremony as a registration', () => {
		expect(
			lead(
				'The Jiangsu PSB held a ceremony to give a registration certificate to the Harbour Light Association (Taiwan).',
			),
		).toBe('registration');
		expect(lead('Today, two Korean NGOs working in Guizhou became legally registered.')).toBe('registration');
		expect(lead('A certificate-issuing ceremony was held for three Taiwanese NGOs.')).toBe('registration');
	});

	it('does not take a wish, a plan or a tally for a registration', () => {
		expect(lead('The police met the consul and hoped that more NGOs would register offices in the city.')).toBe(
			'meeting',
		);
		expect(lead('As of April 9, 2018, Guangdong had registered 15 foreign NGO representative offices.')).not.toBe(
			'registration',
		);
	});

	it('calls a release of statistics "other", whatever the statistics count', () => {
		expect(
			lead('Today, the MPS released statistics on representative office registrations and temporary activities.'),
		).toBe('other');
	});

	it('takes the action a sentence leads with', () => {
		expect(lead('The deputy director met with a delegation from Laos, which visited the province this week.')).toBe(
			'meeting',
		);
		expect(lead('The PSB, with the visiting labour officials, led a panel discussion on youth exchange.')).toBe(
			'meeting',
		);
		expect(lead('The Hubei PSB sent staff to two universities to explain the law.')).toBe('visit');
	});

	it('calls a gathering with officials a meeting and one without an event', () => {
		expect(lead('The Ningxia PSB held a symposium for foreign NGO representatives.')).toBe('meeting');
		expect(lead('A seminar on charity going abroad was held, organized by a university institute.')).toBe('event');
		expect(lead('The foundation hosted its first forum for rural headmasters.')).toBe('event');
	});

	it('lets the headline speak first, and a topic decide only when no action does', () => {
		expect(lead('The two NGOs thanked the PSB.', 'Overseas NGOs register in Fujian and Gansu')).toBe('registration');
		expect(lead('An introduction to China’s growing foreign aid programme.', 'An Overview of Foreign Aid')).toBe(
			'policy',
		);
		expect(lead('Chinese foundations face obscure policies. On May 7 a salon of foundations was held.')).toBe('event');
	});

	it('ignores editorial notes', () => {
		expect(
			lead(
				'The Jiangxi PSB sent personnel to a university (Note: it has not served as a partner for any temporary activities).',
			),
		).toBe('visit');
	});

	it('makes a digest block with a registration in any item a registration', () => {
		expect(
			classifyEntry({
				title: null,
				paragraphs: [
					['The Sichuan commission held a meeting on the law.'],
					['The Chongqing PSB registered its first representative office.'],
				],
				block: true,
			})?.type,
		).toBe('registration');
	});
});

describe("a cue's required words", () => {
	// One sentence per alternative of the registration pattern, and sentences around them that must not match.
	const sentences = [
		'The Zhejiang PSB issued a registration certificate to the Lotus Charity Fund (Singapore).',
		'Officials handed over certificates of registration to three NGOs.',
		'The PSB held a certificate-issuing ceremony.',
		'The Oak Trust registered a representative office in Beijing.',
		'The foundation registers in Shanghai this month.',
		'The group was registered in Guangdong.',
		'It has officially been registered.',
		'The trust completed its filing with the PSB.',
		'The Hope Foundation was established in 2001.',
		'The charity set up an office.',
		'The association founded a school.',
		'The Oak Trust REGISTERED an office in Beijing.',
		'The Oak Trust regiſtered an office in Beijing.',
		'Officials presented awards to volunteers.',
		'The PSB gave a lecture on the law.',
	];
	for (const cue of CUES.filter((candidate) => candidate.requires)) {
		it(`finds every match of the ${cue.type} pattern with its required words`, () => {
			let matched = 0;
			for (const sentence of sentences) {
				if (!cue.pattern.test(sentence)) continue;
				matched++;
				expect(cue.requires!.test(sentence), sentence).toBe(true);
			}
			expect(matched).toBeGreaterThanOrEqual(cue.type === 'registration' ? 12 : 1);
		});
	}
});
