import { describe, expect, it } from 'vitest';
import type { NgoAnswer, ProvinceAnswer, QueryResult, SearchAnswer } from '../../src/query/answers.js';
import { useSampleApp } from '../helpers/sample-app.js';

const app = useSampleApp();

function ok<T>(result: QueryResult<T>): T {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

describe('ngo()', () => {
	it('answers /ngo Animals Asia with its 2019-04-11 Sichuan entry and sentences about Animals Asia', () => {
		const answer: NgoAnswer = ok(app().query.ngo('Animals Asia'));
		expect(answer.org.name).toBe('Animals Asia Foundation');
		expect(answer.org.country).toBe('Hong Kong');
		expect(answer.resolvedBy).toBe('alias');
		expect(answer.entries.map((e) => [e.date, e.provinces])).toEqual([['2019-04-11', ['Sichuan']]]);
		expect(answer.provinces).toEqual([{ key: 'Sichuan', label: 'Sichuan', n: 1 }]);
	});

	it('finds the same Heilongjiang training by acronym and by long form', () => {
		const byAcronym = ok(app().query.ngo('AIFO'));
		const byName = ok(app().query.ngo('Associazione Italiana Amici di Raoul Follereau'));
		expect(byAcronym.org.id).toBe(byName.org.id);
		expect(byName.resolvedBy).toBe('name');
		expect(byAcronym.entries.map((e) => [e.type, e.provinces])).toEqual([['training', ['Heilongjiang']]]);
	});

	it('still finds Animals Asia through typos, and says it guessed', () => {
		const answer = ok(app().query.ngo('Animal Asia Foundaton'));
		expect(answer.org.name).toBe('Animals Asia Foundation');
		expect(answer.resolvedBy).toBe('fuzzy');
	});

	it('says which other name matched', () => {
		expect(ok(app().query.ngo('AIFO'))).toMatchObject({ resolvedBy: 'alias', matched: 'AIFO' });
		expect(ok(app().query.ngo('Animals Asia'))).toMatchObject({ resolvedBy: 'alias', matched: 'Animals Asia' });
		expect(ok(app().query.ngo('Animal Asia Foundaton')).matched).toBe('Animals Asia Foundation');
	});

	it('answers a word of one name only with that organization, saying what matched, not "did you mean"', () => {
		for (const [typed, name] of [
			['Madaifu', 'Children of Madaifu'],
			['Poyang', 'Nanchang Poyang Chamber of Commerce'],
			['rainbow health', 'Nanchang Rainbow Health Advisory Public Services Center'],
		]) {
			const answer = ok(app().query.ngo(typed!));
			expect([typed, answer.org.name, answer.resolvedBy, answer.matched]).toEqual([typed, name, 'partial', name]);
		}
	});

	it('answers the one close spelling when no other name comes near', () => {
		const answer = ok(app().query.ngo('Grace Charty'));
		expect([answer.org.name, answer.resolvedBy]).toEqual(['Grace Charity Foundation Limited', 'fuzzy']);
	});

	it('keeps suggestions for real ambiguity: words several names share', () => {
		for (const typed of ['Red Cross', 'Charity']) {
			const result = app().query.ngo(typed);
			if (result.ok || result.reason === 'invalid') throw new Error(`expected suggestions for ${typed}`);
			expect(result.suggestions.map((s) => s.name)).toEqual(
				expect.arrayContaining(
					typed === 'Red Cross'
						? ['Red Cross Society of China', 'Chinese Red Cross Foundation', 'Sri Lanka Red Cross Society']
						: ['Jiangxi Charity Federation', 'China Charity Alliance'],
				),
			);
		}
	});

	it('answers an unknown name with no match and suggestions, not a guess', () => {
		const result = app().query.ngo('Zebra Striped Umbrella League');
		expect(result.ok).toBe(false);
		if (result.ok || result.reason === 'invalid') throw new Error('expected no-match');
		expect(result.reason).toBe('no-match');
		expect(result.subject).toBe('ngo');
		expect(result.suggestions.length).toBeGreaterThan(0);
		expect(result.suggestions.every((s) => s.reason === 'popular')).toBe(true);
	});

	it('refuses empty and overlong names with a message', () => {
		expect(app().query.ngo('   ')).toMatchObject({ ok: false, reason: 'invalid' });
		expect(app().query.ngo('x'.repeat(2_000))).toMatchObject({ ok: false, reason: 'invalid' });
	});
});

describe('province()', () => {
	it('finds the Russian-Chinese foundation’s registration for Hunan and nothing from Henan', () => {
		const answer: ProvinceAnswer = ok(app().query.province('Hunan'));
		expect(answer.province).toBe('Hunan');
		expect(answer.entries).toHaveLength(1);
		expect(answer.entries[0]?.type).toBe('registration');
		expect(answer.entries[0]?.orgs.map((o) => o.name)).toEqual([
			'Russian-Chinese Cultural Education Science and Technology Development Foundation',
		]);
		expect(answer.entries.every((e) => e.provinces.includes('Hunan') && !e.provinces.includes('Henan'))).toBe(true);
	});

	it.each(['Helongjiang', '黑龙江', 'Harbin', 'heilongjiang province', '黑龙江省'])(
		'reads %s as Heilongjiang',
		(name) => {
			const answer = ok(app().query.province(name));
			expect(answer.province).toBe('Heilongjiang');
			expect(answer.page.total).toBe(1);
		},
	);

	it('never confuses Shanxi with Shaanxi or Hunan with Henan', () => {
		expect(ok(app().query.province('Shanxi')).province).toBe('Shanxi');
		expect(ok(app().query.province('Shaanxi')).province).toBe('Shaanxi');
		expect(ok(app().query.province('Henan')).page.total).toBe(0);
	});

	it('says no match, with close names, for what is not a province', () => {
		const result = app().query.province('Hunann');
		expect(result).toMatchObject({ ok: false, reason: 'no-match', subject: 'province' });
		if (!result.ok && result.reason !== 'invalid') expect(result.suggestions.map((s) => s.value)).toContain('Hunan');
		expect(app().query.province('Narnia')).toMatchObject({ ok: false, reason: 'no-match' });
	});
});

describe('search()', () => {
	it('finds the Heilongjiang mental-health training with a province filter', () => {
		const answer: SearchAnswer = ok(app().query.search('mental health', { province: 'Heilongjiang' }));
		expect(answer.page.total).toBe(1);
		expect(answer.entries[0]?.type).toBe('training');
		expect(answer.resolved.province).toBe('Heilongjiang');
	});

	it('lists newest first by default and by relevance on request, with exact totals and paging', () => {
		const newest = ok(app().query.search('registration', {}, { pageSize: 2 }));
		expect(newest.page.total).toBeGreaterThanOrEqual(3);
		expect(newest.entries).toHaveLength(2);
		const dates = newest.entries.map((e) => e.date ?? '');
		expect([...dates].sort().reverse()).toEqual(dates);
		const second = ok(app().query.search('registration', {}, { pageSize: 2, page: 2 }));
		expect(second.entries.map((e) => e.id)).not.toContain(newest.entries[0]?.id);
		const relevant = ok(app().query.search('registration', {}, { order: 'relevance' }));
		expect(new Set(relevant.entries.map((e) => e.id))).toEqual(
			new Set(ok(app().query.search('registration', {}, { pageSize: 25 })).entries.map((e) => e.id)),
		);
	});

	it('finds Chinese text and never breaks on markdown, mentions, emoji or FTS syntax', () => {
		expect(ok(app().query.search('红十字')).page.total).toBeGreaterThan(0);
		for (const text of ['@everyone **bold** `code`', '🎉🎉', 'NEAR(a b) OR "x" -y *', '<@123> <#456>', 'ＮＧＯ']) {
			const result = app().query.search(text);
			expect(result.ok || result.reason === 'invalid', text).toBe(true);
		}
	});

	it('refuses overlong text, unknown filter values and impossible dates with a message', () => {
		expect(app().query.search('word '.repeat(400))).toMatchObject({ ok: false, reason: 'invalid' });
		expect(app().query.search('x', { country: 'Atlantis' })).toMatchObject({ ok: false, reason: 'invalid' });
		expect(app().query.search('x', { from: '2019-02-30' })).toMatchObject({ ok: false, reason: 'invalid' });
		expect(app().query.search('x', { from: '2019-05-01', to: '2019-01-01' })).toMatchObject({
			ok: false,
			reason: 'invalid',
		});
		expect(app().query.search('x', { province: 'Narnia' })).toMatchObject({ ok: false, subject: 'province' });
	});

	it('filters by country of origin, organization and type together', () => {
		const answer = ok(app().query.search('', { country: 'Italy', ngo: 'AIFO', type: 'training' }));
		expect(answer.page.total).toBe(1);
		expect(answer.matchedBy).toBe('filters');
	});

	it('offers a close organization when the words match nothing', () => {
		const answer = ok(app().query.search('Animal Asia Foundaton'));
		const names = [
			...answer.didYouMean.map((s) => s.name),
			...answer.entries.flatMap((e) => e.orgs.map((o) => o.name)),
		];
		expect(names).toContain('Animals Asia Foundation');
	});
});

describe('entry(), stats() and suggest()', () => {
	it('returns one entry by id and says no match for unknown ids', () => {
		const id = ok(app().query.ngo('AIFO')).entries[0]!.id;
		expect(ok(app().query.entry(id)).id).toBe(id);
		expect(app().query.entry(99_999)).toMatchObject({ ok: false, reason: 'no-match', subject: 'entry' });
		expect(app().query.entry(-1)).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('counts by province and type, overall and for one province', () => {
		const all = ok(app().query.stats());
		expect(all.total).toBe(25);
		expect(all.byType.reduce((n, c) => n + c.n, 0)).toBe(25);
		const jiangxi = ok(app().query.stats({ province: 'Jiangxi' }));
		expect(jiangxi.total).toBe(2);
	});

	it('autocompletes names with counts, at most 25 choices of at most 100 characters', () => {
		const ngos = app().query.suggest('ngo', 'ani');
		expect(ngos[0]?.name).toMatch(/^Animals Asia Foundation.* — 1 entry · Sichuan$/);
		expect(ngos[0]?.value).toBe('Animals Asia Foundation');
		const many = app().query.suggest('ngo', '');
		expect(many.length).toBeLessThanOrEqual(25);
		expect(
			[...many, ...app().query.suggest('province', '')].every((s) => s.name.length <= 100 && s.value.length <= 100),
		).toBe(true);
		expect(
			app()
				.query.suggest('province', 'hu')
				.map((s) => s.value),
		).toEqual(expect.arrayContaining(['Hunan', 'Hubei']));
		expect(
			app()
				.query.suggest('type', 'reg')
				.map((s) => s.value),
		).toEqual(['registration', 'deregistration']);
	});
});
