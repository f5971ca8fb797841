import { describe, expect, it } from 'vitest';
import { ASK_CORPUS, useConsoleApp } from '../helpers/console-app.js';

// Questions over the sample corpus and a digest written for these tests (test/fixtures/ask), each with how it must
// be read and what the answer must say; null where the question must be refused, with the words it did not read.
const TODAY = '2026-12-07';
const QUESTIONS: readonly (readonly [question: string, readAs: string | null, answer: string])[] = [
	[
		'which Japanese NGOs registered in Hunan in 2019?',
		'which · type registration · province Hunan · origin Japan · 2019-01-01 to 2019-12-31',
		'2 organizations: Sakura Health Cooperation Society (Japan): 1 entry, 2019-05-20 [#27]; Japan Asia Friendship Fund (Japan): 1 entry, 2019-03-04 [#26].',
	],
	[
		'which NGOs registered in Hunan?',
		'which · type registration · province Hunan',
		'4 organizations: Maple Bridge Education Trust (Canada): 1 entry, 2019-08-02 [#29]; Sakura Health Cooperation Society (Japan): 1 entry, 2019-05-20 [#27]; Japan Asia Friendship Fund (Japan): 1 entry, 2019-03-04 [#26]; Russian-Chinese Cultural Education Science and Technology Development Foundation: 1 entry, 2019-02-25 [#4].',
	],
	[
		'which Canadian organizations registered in Hunan?',
		'which · type registration · province Hunan · origin Canada',
		'1 organization: Maple Bridge Education Trust (Canada): 1 entry, 2019-08-02 [#29].',
	],
	[
		'which organizations from Hong Kong worked in Guangdong?',
		'which · province Guangdong · origin Hong Kong',
		'1 organization: Green Pearl Water Trust (Hong Kong): 1 entry, 2020-04-02 [#30].',
	],
	[
		'which Swiss NGOs filed temporary activities in Yunnan?',
		'which · type temporary activity · province Yunnan · origin Switzerland',
		'1 organization: Alpine Health Foundation (Switzerland): 2 entries, 2024-10-21 to 2025-09-09 [#33].',
	],
	[
		'who filed temporary activities in Yunnan last year?',
		'which · type temporary activity · province Yunnan · 2025-01-01 to 2025-12-31',
		'2 organizations: Alpine Health Foundation (Switzerland): 1 entry, 2025-09-09 [#33]; Mekong River Health Alliance (Thailand): 1 entry, 2025-03-15 [#32].',
	],
	[
		'which NGOs met officials in Guangdong?',
		'which · type meeting · province Guangdong',
		'1 organization: Green Pearl Water Trust (Hong Kong): 1 entry, 2020-04-02 [#30].',
	],
	[
		'which Italian NGOs worked in Heilongjiang?',
		'which · province Heilongjiang · origin Italy',
		'1 organization: Associazione Italiana Amici di Raoul Follereau (Italy): 1 entry, 2019-04-11 [#9].',
	],
	[
		'which French organizations visited Gansu?',
		'which · type visit · province Gansu · origin France',
		'None: no entry matches this reading.',
	],
	[
		'which NGOs were in Sichuan in April 2019?',
		'which · province Sichuan · 2019-04-01 to 2019-04-30',
		'2 organizations: Animals Asia Foundation (Hong Kong): 1 entry, 2019-04-11 [#10]; Japan-China Economic Association: 1 entry, 2019-04-11 [#10].',
	],
	[
		'which NGOs registered in Guangdong?',
		'which · type registration · province Guangdong',
		'1 organization: Association Generale Chine-Afrique (Madagascar): 1 entry, 2019-03-31 [#8].',
	],
	[
		'which NGOs work on health in Yunnan?',
		'which · province Yunnan · field Health',
		'2 organizations: Alpine Health Foundation (Switzerland): 2 entries, 2024-10-21 to 2025-09-09 [#33]; Mekong River Health Alliance (Thailand): 1 entry, 2025-03-15 [#32].',
	],
	[
		'which Thai NGOs worked in Yunnan?',
		'which · province Yunnan · origin Thailand',
		'1 organization: Mekong River Health Alliance (Thailand): 1 entry, 2025-03-15 [#32].',
	],
	[
		'how many temporary activities were filed in Yunnan?',
		'how many · type temporary activity · province Yunnan',
		'3 entries: 3 temporary activity; by province: Yunnan 3.',
	],
	[
		'how many temporary activities were filed in Yunnan last year?',
		'how many · type temporary activity · province Yunnan · 2025-01-01 to 2025-12-31',
		'2 entries: 2 temporary activity; by province: Yunnan 2.',
	],
	[
		'how many registrations in Hunan in 2019?',
		'how many · type registration · province Hunan · 2019-01-01 to 2019-12-31',
		'4 entries: 4 registration; by province: Hunan 4.',
	],
	[
		'how many NGOs registered in Hubei?',
		'how many · type registration · province Hubei',
		'1 entry: 1 registration; by province: Hubei 1.',
	],
	['how many entries mention Beijing?', 'how many · province Beijing', '4 entries: 4 event; by province: Beijing 4.'],
	[
		'how many Japanese organizations registered in 2019?',
		'how many · type registration · origin Japan · 2019-01-01 to 2019-12-31',
		'3 entries: 3 registration; by province: Hunan 2, Hubei 1.',
	],
	[
		'how many meetings were held in Gansu?',
		'how many · type meeting · province Gansu',
		'1 entry: 1 meeting; by province: Gansu 1.',
	],
	['how many donations were made?', 'how many · type donation', '1 entry: 1 donation.'],
	['how many visits in Hubei?', 'how many · type visit · province Hubei', '1 entry: 1 visit; by province: Hubei 1.'],
	[
		'when did Animals Asia open its Chengdu office?',
		'when · type registration · NGO Animals Asia Foundation · province Sichuan',
		'None: no entry matches this reading.',
	],
	[
		'when did the Japan Asia Friendship Fund register?',
		'when · type registration · NGO Japan Asia Friendship Fund',
		'On 2019-03-04 (1 entry).',
	],
	[
		'when was the Alpine Health Foundation in Yunnan?',
		'when · NGO Alpine Health Foundation · province Yunnan',
		'From 2024-10-21 to 2025-09-09 (2 entries).',
	],
	[
		'when did AIFO train people in Heilongjiang?',
		'when · type training · NGO Associazione Italiana Amici di Raoul Follereau · province Heilongjiang',
		'On 2019-04-11 (1 entry).',
	],
	[
		'when did Children of Madaifu meet officials?',
		'when · type meeting · NGO Children of Madaifu',
		'On 2019-02-25 (1 entry).',
	],
	[
		'when did the Red Cross Society of China donate?',
		'when · type donation · NGO Red Cross Society of China',
		'1 entry matches, none with an exact date.',
	],
	[
		'where did AIFO work?',
		'where · NGO Associazione Italiana Amici di Raoul Follereau',
		'In 1 province: Heilongjiang (1).',
	],
	[
		'where did Japanese NGOs register in 2019?',
		'where · type registration · origin Japan · 2019-01-01 to 2019-12-31',
		'In 2 provinces: Hunan (2), Hubei (1).',
	],
	[
		'where were temporary activities filed last year?',
		'where · type temporary activity · 2025-01-01 to 2025-12-31',
		'In 1 province: Yunnan (2).',
	],
	[
		'where has the Alpine Health Foundation worked?',
		'where · NGO Alpine Health Foundation',
		'In 1 province: Yunnan (2).',
	],
	[
		'in which provinces did NGOs register?',
		'where · type registration',
		'In 3 provinces: Hunan (4), Guangdong (1), Hubei (1).',
	],
	[
		'where did China Foundation for Poverty Alleviation work?',
		'where · NGO China Foundation for Poverty Alleviation',
		'In 2 provinces: Beijing (1), Jiangxi (1).',
	],
	['what happened in Heilongjiang?', 'what · province Heilongjiang', '1 entry matches, newest first.'],
	[
		'what happened in Guangdong in 2020?',
		'what · province Guangdong · 2020-01-01 to 2020-12-31',
		'1 entry matches, newest first.',
	],
	[
		'tell me about Grace Charity Foundation Limited',
		'what · NGO Grace Charity Foundation Limited',
		'1 entry matches, newest first.',
	],
	['what happened in Hong Kong?', 'what · province Hong Kong', 'None: no entry matches this reading.'],
	['what happened between March and May 2019?', 'what · 2019-03-01 to 2019-05-31', '7 entries match, newest first.'],
	['what happened from March 2019 to May 2019?', 'what · 2019-03-01 to 2019-05-31', '7 entries match, newest first.'],
	['what happened in Xishuangbanna?', 'what · province Yunnan', '4 entries match, newest first.'],
	[
		'what did NGOs do in Yunnan since 2025?',
		'what · province Yunnan · 2025-01-01 to …',
		'2 entries match, newest first.',
	],
	['what happened before 2019-03-01?', 'what · … to 2019-03-01', '5 entries match, newest first.'],
	['what happened after March 2025?', 'what · 2025-03-01 to …', '2 entries match, newest first.'],
	[
		'who partners with the Nanchang Rainbow Health Advisory Public Services Center?',
		'which · NGO Nanchang Rainbow Health Advisory Public Services Center',
		'2 organizations: Barry & Martin’s Trust (United Kingdom): 1 entry, 2019-02-15 [#2]; Nanchang Rainbow Health Advisory Public Services Center: 1 entry, 2019-02-15 [#2].',
	],
	[
		'which NGOs worked with the Jiangxi Public Security Bureau?',
		'which · partner Jiangxi Public Security Bureau',
		'2 organizations: Barry & Martin’s Trust (United Kingdom): 1 entry, 2019-02-15 [#2]; Nanchang Rainbow Health Advisory Public Services Center: 1 entry, 2019-02-15 [#2].',
	],
	[
		'which NGOs work in disaster relief?',
		'which · field Disaster Relief',
		'4 organizations: Grace Charity Foundation Limited (Hong Kong): 1 entry, 2019-03-31 [#6]; China Charity Alliance: 1 entry [#18]; Red Cross Society of China: 1 entry [#14]; Sri Lanka Red Cross Society (Sri Lanka): 1 entry [#14].',
	],
	[
		'how many entries are about education?',
		'how many · field Education',
		'3 entries: 1 other, 1 registration, 1 visit; by province: Guizhou 1, Hubei 1, Hunan 1.',
	],
	['which NGOs registered in Hunnan?', null, 'I did not understand “Hunnan”.'],
	["what's the weather in Beijing?", null, 'I did not understand “weather”.'],
	['hello', null, 'I did not understand “hello”.'],
	['which ones?', null, 'I did not understand “ones”.'],
	['@everyone which NGOs registered in Hunan?', null, 'I did not understand “everyone”.'],
	[
		'which NGOs registered in Henan?',
		'which · type registration · province Henan',
		'None: no entry matches this reading.',
	],
	['how many NGOs from Atlantis registered?', null, 'I did not understand “Atlantis”.'],
	[
		'which NGOs registered in Shanxi?',
		'which · type registration · province Shanxi',
		'None: no entry matches this reading.',
	],
	['when did the Foo Bar Institute register?', null, 'I did not understand “Foo”, “Bar”, “Institute”.'],
	[
		'which Japanese NGOs registered in Hunan in 2030?',
		'which · type registration · province Hunan · origin Japan · 2030-01-01 to 2030-12-31',
		'None: no entry matches this reading.',
	],
	[
		'which NGOs from the United Kingdom worked in Jiangxi?',
		'which · province Jiangxi · origin United Kingdom',
		'1 organization: Barry & Martin’s Trust (United Kingdom): 1 entry, 2019-02-15 [#2].',
	],
	[
		'how many British NGOs worked in Jiangxi in February 2019?',
		'how many · province Jiangxi · origin United Kingdom · 2019-02-01 to 2019-02-28',
		'1 entry: 1 project; by province: Jiangxi 1.',
	],
	[
		'which NGOs registered in 湖南?',
		'which · type registration · province Hunan',
		'4 organizations: Maple Bridge Education Trust (Canada): 1 entry, 2019-08-02 [#29]; Sakura Health Cooperation Society (Japan): 1 entry, 2019-05-20 [#27]; Japan Asia Friendship Fund (Japan): 1 entry, 2019-03-04 [#26]; Russian-Chinese Cultural Education Science and Technology Development Foundation: 1 entry, 2019-02-25 [#4].',
	],
	[
		'list Swiss NGOs',
		'which · origin Switzerland',
		'1 organization: Alpine Health Foundation (Switzerland): 2 entries, 2024-10-21 to 2025-09-09 [#33].',
	],
	[
		'which NGOs registered in Hunan or Hubei?',
		null,
		'I can look up one province at a time, and “Hubei” is a second one',
	],
	[
		'which Japanese or Canadian NGOs registered in Hunan?',
		null,
		'I can look up one origin at a time, and “Canadian” is a second one',
	],
	['who supervises the Alpine Health Foundation?', null, 'Who supervises or sponsors whom is on the cards: /partner'],
	[
		'which NGOs does the Jiangxi Public Security Bureau sponsor?',
		null,
		'/partner Jiangxi Public Security Bureau lists the organizations',
	],
];

const { run, query } = useConsoleApp(ASK_CORPUS, TODAY);
const ask = (question: string) => run(`/ask ${question}`);

describe('/ask reads questions and answers them from the entries', () => {
	it('has at least 60 questions, refusals and "none" answers among them', () => {
		expect(QUESTIONS.length).toBeGreaterThanOrEqual(60);
		expect(QUESTIONS.filter(([, readAs]) => readAs === null).length).toBeGreaterThanOrEqual(5);
		expect(QUESTIONS.filter(([, , answer]) => answer.startsWith('None')).length).toBeGreaterThanOrEqual(4);
	});

	it.each(QUESTIONS)('%s', async (question, readAs, answer) => {
		const outcome = await ask(question);
		if (readAs === null) {
			expect(outcome).toMatchObject({ kind: 'refused', message: expect.stringContaining(answer) });
			return;
		}
		expect(outcome.kind).toBe('answer');
		if (outcome.kind !== 'answer') return;
		const facts = Object.fromEntries(outcome.summary.facts.map((fact) => [fact.label, fact.value]));
		expect(facts['Read as']).toBe(readAs);
		expect(facts.Answer).toBe(answer);
	});

	it('cites, for every organization an answer names, an entry that names it', async () => {
		for (const [question, readAs] of QUESTIONS) {
			if (readAs === null || !readAs.startsWith('which')) continue;
			const outcome = await ask(question);
			if (outcome.kind !== 'answer') continue;
			const answer = outcome.summary.facts.find((fact) => fact.label === 'Answer')!.value;
			for (const [, name, id] of answer.matchAll(
				/(?:: |; )([^;:]+?)(?: \([^)]*\))?: \d+ entr(?:y|ies)[^[]*\[#(\d+)\]/g,
			)) {
				const entry = query().entry(Number(id));
				expect(entry.ok, `${question}: #${id}`).toBe(true);
				if (entry.ok)
					expect(
						entry.value.orgs.map((org) => org.name),
						question,
					).toContain(name);
			}
		}
	});

	it('backs a count with the entries it counts: the equivalent /search has the same total', async () => {
		for (const [question, readAs] of QUESTIONS) {
			if (readAs === null) continue;
			const outcome = await ask(question);
			if (outcome.kind !== 'answer') continue;
			const same = outcome.summary.facts.find((fact) => fact.label === 'Same as')!.value;
			const search = await run(same);
			expect(search.kind, same).toBe('answer');
			if (search.kind === 'answer') expect(search.summary.page?.total, same).toBe(outcome.summary.page?.total);
		}
	});
});
