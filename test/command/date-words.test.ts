import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root.js';
import { useConsoleApp } from '../helpers/console-app.js';

// Dates as people write them reach the same filter as yyyy-mm-dd: a month is the whole month, a year the whole year.
const { run } = useConsoleApp([join(projectRoot(), 'data', 'sample')]);

describe('from: and to: in words', () => {
	it('read "March 2019" as 2019-03-01 to 2019-03-31, with the same answer as the exact dates', async () => {
		const words = await run('/search from:"March 2019" to:"March 2019"');
		const exact = await run('/search from:2019-03-01 to:2019-03-31');
		expect(words.kind).toBe('answer');
		expect(JSON.stringify(words)).toBe(JSON.stringify(exact));
		const dates = JSON.stringify(words).match(/2019-\d\d-\d\d/g) ?? [];
		expect(dates.length).toBeGreaterThan(0);
	});

	it('read a year as the whole year', async () => {
		expect(JSON.stringify(await run('/search to:2018'))).toBe(JSON.stringify(await run('/search to:2018-12-31')));
	});

	it('refuse an ambiguous numeric date, saying how to write one', async () => {
		const outcome = await run('/search from:3/4/2019');
		expect(outcome).toMatchObject({ kind: 'error', message: expect.stringContaining('must be a date: 2019-02-25') });
	});
});
