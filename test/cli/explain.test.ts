import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/domain/entry.js';
import { openDatabase } from '../../src/store/open-database.js';
import { hunanEntry, saveEvidenceCorpus } from '../helpers/evidence-fixture.js';
import { describeResult, runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('ngo-bot-cli-explain-');

/** A database written by the store, holding an entry with hand-made evidence and one without. */
function database(): { dbPath: string; hunan: number; plain: number } {
	const dbPath = join(tempDir(), 'ngo.sqlite');
	const db = openDatabase(dbPath);
	try {
		return { dbPath, ...saveEvidenceCorpus({ db }) };
	} finally {
		db.close();
	}
}

/** Wrong usage: exit 2, the problem first on stderr, then the usage; nothing on stdout, no database created. */
async function expectUsageError(args: string[], message: RegExp): Promise<void> {
	const dbPath = join(tempDir(), 'missing.sqlite');
	const result = await runCli(['explain', ...args, '--db', dbPath]);
	expect(result.code, describeResult(result)).toBe(2);
	expect(result.stdout).toBe('');
	const [first, ...rest] = result.stderr.split('\n');
	expect(first).toMatch(message);
	expect(rest.join('\n')).toMatch(/Usage: npm run -s cli -- explain <id> \[--json\]/);
	expect(existsSync(dbPath)).toBe(false);
}

describe('npm run -s cli -- explain <id>', () => {
	it('prints the entry head, then each fact with its words in context and the field they are in', async () => {
		const { dbPath, hunan } = database();
		const result = await runCli(['explain', `#${hunan}`, '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe(
			[
				`Entry #${hunan} · 2019-02-25 · Hunan · registration`,
				'Title: Hunan registers Green-Net',
				'Source: A document (data/sample/doc.txt)',
				'',
				'Why these facts:',
				'  2019-02-25 — from the date heading “February 25, 2019”',
				'      page: around the entry, not in its title or text',
				'  Hunan — from “Hunan PSB Foreign NGO Management Office” (acting authority)',
				'      text: 😀 On that day the [[Hunan PSB Foreign NGO Management Office]] issued a certificate to Green-Net…',
				'  Hunan — from “Hunan” (headline place)',
				'      title: [[Hunan]] registers Green-Net',
				'  Green-Net — from “Green-Net” (named organization)',
				'      text: …Office issued a certificate to [[Green-Net]] (Japan), whose Hong Kong office had…',
				'  Green-Net — Japan, from “(Japan)”',
				'      text: …issued a certificate to Green-Net [[(Japan)]], whose Hong Kong office had applied.',
				'  registration — from “registers” (activity word)',
				'      title: Hunan [[registers]] Green-Net',
				'Not counted:',
				'  Hong Kong — office of Green-Net',
				'      text: …to Green-Net (Japan), whose [[Hong Kong]] office had applied.',
				'',
			].join('\n'),
		);
	});

	it('prints the evidence rows with --json, and says when an entry has none', async () => {
		const { dbPath, hunan, plain } = database();
		const json = await runCli(['explain', String(hunan), '--json', '--db', dbPath]);
		expect(json.code, describeResult(json)).toBe(0);
		expect(JSON.parse(json.stdout) as Evidence[]).toEqual(hunanEntry().evidence);

		const none = await runCli(['explain', String(plain), '--db', dbPath]);
		expect(none.code, describeResult(none)).toBe(0);
		expect(none.stdout).toMatch(/\nNo evidence is stored for this entry: it was stored before ngo-bot kept the words/);
		expect((await runCli(['explain', String(plain), '--json', '--db', dbPath])).stdout).toBe('[]\n');
	});

	it('exits 1 for an entry that does not exist', async () => {
		const { dbPath } = database();
		const result = await runCli(['explain', '999', '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(`error: There is no entry #999 in ${dbPath}.\n`);
	});

	it('exits 2 with the usage for a missing, extra or malformed id', async () => {
		await expectUsageError([], /^error: "explain" needs an entry id, e\.g\. explain 9\.$/);
		await expectUsageError(['9', '10'], /^error: "explain" takes one entry id, got: 9 10$/);
		await expectUsageError(['nine'], /^error: "nine" is not an entry id: ids are whole numbers from 1/);
		await expectUsageError(['0'], /^error: "0" is not an entry id/);
	});

	it('shows the same lines as /entry through ask', async () => {
		const { dbPath, hunan } = database();
		const result = await runCli(['ask', `/entry ${hunan}`, '--db', dbPath]);
		expect(result.code, describeResult(result)).toBe(0);
		expect(result.stdout).toContain(
			'Why these facts:\n  2019-02-25 — from the date heading “February 25, 2019”\n' +
				'  Hunan — from “Hunan PSB Foreign NGO Management Office” (acting authority)\n',
		);
		expect(result.stdout).toContain('Not counted:\n  Hong Kong — office of Green-Net\n');
	});
});
