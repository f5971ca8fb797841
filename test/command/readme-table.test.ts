import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { commandTableMarkdown } from '../../src/command/help.js';
import { projectRoot } from '../../src/project-root.js';

const README = join(projectRoot(), 'README.md');
const START =
	'<!-- commands: generated from commands/*.ts; UPDATE_README=1 npx vitest run test/command/readme-table.test.ts -->';
const END = '<!-- /commands -->';

describe("the README's command table", () => {
	it('is the one the command definitions generate', async () => {
		const readme = readFileSync(README, 'utf8');
		const start = readme.indexOf(START);
		const end = readme.indexOf(END);
		expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
		expect(end).toBeGreaterThan(start);
		const current = readme.slice(start + START.length, end);
		const table = await format(commandTableMarkdown(commands), {
			...(await resolveConfig(README)),
			parser: 'markdown',
		});
		const expected = `\n\n${table}\n`;
		if (current !== expected && process.env.UPDATE_README === '1') {
			writeFileSync(README, readme.slice(0, start + START.length) + expected + readme.slice(end));
			return;
		}
		expect(current, 'The README drifted from the commands: rerun this test with UPDATE_README=1.').toBe(expected);
	});
});
