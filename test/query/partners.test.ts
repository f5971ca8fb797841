import { describe, expect, it } from 'vitest';
import type { ActivityType } from '../../src/domain/entry.js';
import type { QueryResult, SearchFilters } from '../../src/query/answers.js';
import { useSampleApp } from '../helpers/sample-app.js';

// Partners and fields of work over the shipped sample corpus, through the real app (SQLite, indexes).
const app = useSampleApp();

function ok<T>(result: QueryResult<T>): T {
	if (!result.ok) throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
	return result.value;
}

describe('partners and fields on the NGO card', () => {
	it('names the partner of Barry & Martin’s Trust and its field, health', () => {
		const answer = ok(app().query.ngo('Barry & Martin’s Trust'));
		expect(answer.partners.filter((p) => p.role === 'partner').map((p) => p.name)).toEqual([
			'Nanchang Rainbow Health Advisory Public Services Center',
		]);
		expect(answer.partners.filter((p) => p.role === 'authority').map((p) => p.name)).toEqual([
			'Jiangxi Public Security Bureau',
		]);
		expect(answer.fields.map((f) => f.label)).toContain('Health');
	});

	it('names the Harbin office AIFO worked with', () => {
		const answer = ok(app().query.ngo('AIFO'));
		expect(answer.partners.map((p) => [p.name, p.role])).toContainEqual([
			'Harbin Municipal Office of Mental Health and Prevention',
			'partner',
		]);
	});
});

describe('partner()', () => {
	it('finds Barry & Martin’s Trust from a word of its partner’s name, with the entry as citation', () => {
		const answer = ok(app().query.partner('Nanchang Rainbow'));
		expect(answer.body.name).toBe('Nanchang Rainbow Health Advisory Public Services Center');
		expect(answer.orgs.map((o) => [o.name, o.role])).toContainEqual(['Barry & Martin’s Trust', 'partner']);
		expect(answer.entries).toHaveLength(1);
		expect(answer.entries[0]?.source.path).toMatch(/000_2234dc75a7662411\.txt$/);
	});

	it('resolves the ways a bureau is written to one body', () => {
		const byShortName = ok(app().query.partner('Jiangxi PSB'));
		const byLongName = ok(app().query.partner('Jiangxi Public Security Bureau'));
		expect(byShortName.body.id).toBe(byLongName.body.id);
		expect(byShortName.roles.map((r) => r.key)).toEqual(['authority']);
	});

	it('offers bodies when nothing matches, and counts them in autocomplete', () => {
		const result = app().query.partner('Zzyzx Water Bureau');
		expect(result.ok).toBe(false);
		if (result.ok || result.reason === 'invalid') throw new Error('expected no-match');
		expect(result.subject).toBe('partner');
		expect(result.suggestions.length).toBeGreaterThan(0);
		const choices = app().query.suggest('partner', 'Harbin');
		expect(choices.map((c) => c.value)).toEqual(['Harbin Municipal Office of Mental Health and Prevention']);
		expect(choices[0]?.name).toMatch(/— 1 entry$/);
	});

	it('suggests fields of work by ChinaFile’s names, with counts', () => {
		const choices = app().query.suggest('field', 'heal');
		expect(choices[0]).toMatchObject({ value: 'health' });
		expect(choices[0]!.entries).toBeGreaterThanOrEqual(2);
	});
});

describe('search by partner and by field', () => {
	it('finds the entries of both health organizations with field:health, and says what it resolved', () => {
		const answer = ok(app().query.search('', { field: 'Health' }));
		expect(answer.resolved.field).toBe('health');
		const orgs = answer.entries.flatMap((entry) => entry.orgs.map((org) => org.name));
		expect(orgs).toEqual(
			expect.arrayContaining(['Barry & Martin’s Trust', 'Associazione Italiana Amici di Raoul Follereau']),
		);
		expect(answer.entries.every((entry) => entry.fields.includes('health'))).toBe(true);
		expect(answer.page.total).toBe(answer.entries.length);
	});

	it('narrows words to a partner, and refuses what is not a field with what to try', () => {
		const answer = ok(app().query.search('AIDS', { partner: 'Nanchang Rainbow' }));
		expect(answer.resolved.partner?.name).toBe('Nanchang Rainbow Health Advisory Public Services Center');
		expect(answer.entries.map((entry) => entry.orgs[0]?.name)).toEqual(['Barry & Martin’s Trust']);
		const bad = app().query.search('', { field: 'astrology' });
		expect(bad.ok).toBe(false);
		if (bad.ok || bad.reason !== 'invalid') throw new Error('expected invalid');
		expect(bad.message).toMatch(/is not a field of work\. Try one of: Aging, Agriculture/);
	});

	it('counts a partner filter exactly, with several roles of one body in one entry counted once', () => {
		const byPartner = ok(app().query.search('', { partner: 'Jiangxi PSB' }));
		const ids = byPartner.entries.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(byPartner.page.total).toBe(ok(app().query.partner('Jiangxi PSB')).body.entryCount);
	});
});

describe('stats by field of work', () => {
	// Every count /stats gives for a field must equal what /search finds with that field as a filter.
	// The last scope combines two filters, which /stats counts over the matching entries rather than from facets.
	const aifoAndItsType = (): SearchFilters => ({
		ngo: 'AIFO',
		type: ok(app().query.stats({ ngo: 'AIFO' })).byType[0]!.key as ActivityType,
	});
	const scopes: [string, () => SearchFilters][] = [
		['the whole corpus', () => ({})],
		['an NGO', () => ({ ngo: 'AIFO' })],
		['a province', () => ({ province: 'Jiangxi' })],
		['an NGO and a type', aifoAndItsType],
	];
	for (const [name, scopeOf] of scopes) {
		it(`counts fields the way search does for ${name}`, () => {
			const scope = scopeOf();
			const stats = ok(app().query.stats(scope));
			expect(stats.byField.length).toBeGreaterThan(0);
			for (const count of stats.byField) {
				const found = ok(app().query.search('', { ...scope, field: count.key }));
				expect({ field: count.key, n: found.page.total }).toEqual({ field: count.key, n: count.n });
			}
		});
	}

	it('names the fields in the coverage summary', () => {
		const stats = ok(app().query.stats({}));
		expect(stats.byField.map((c) => c.label)).toContain('Health');
	});
});

describe('timeline by partner and by field', () => {
	it('charts the entries a partner or field filter finds, and no others', () => {
		for (const filters of [{ field: 'health' }, { partner: 'Jiangxi PSB' }] as SearchFilters[]) {
			const timeline = ok(app().query.timeline(filters, 'year'));
			const found = ok(app().query.search('', filters));
			expect(timeline.total).toBe(found.page.total);
			expect(timeline.points.reduce((sum, p) => sum + p.n, 0) + timeline.undated).toBe(found.page.total);
		}
	});
});
