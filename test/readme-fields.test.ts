import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BODY_ROLES, FIELDS_OF_WORK, FIELD_LABELS } from '../src/domain/entry.js';
import { projectRoot } from '../src/project-root.js';

/** The README's "Fields of work" section, up to the next heading. */
function section(): string {
	const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
	const start = readme.indexOf('\n### Fields of work\n');
	expect(start, 'README.md needs a "### Fields of work" section').toBeGreaterThan(-1);
	const end = readme.indexOf('\n#', start + 2);
	return readme.slice(start, end === -1 ? undefined : end);
}

describe("the README's fields of work", () => {
	it('lists every field with its key, as the code names them, and no other', () => {
		const text = section();
		const rows = [...text.matchAll(/\| ([^|`]+?) +\| `(\w+)` +\|(?: ([^|`]+?) +\| `(\w+)` +\|)?/g)].flatMap((m) =>
			m[3]
				? [
						[m[1], m[2]],
						[m[3], m[4]],
					]
				: [[m[1], m[2]]],
		);
		expect(Object.fromEntries(rows.map(([label, key]) => [key, label]))).toEqual(FIELD_LABELS);
		expect(rows).toHaveLength(FIELDS_OF_WORK.length);
	});

	it('explains every role a body can have', () => {
		const text = section();
		for (const role of BODY_ROLES) expect(text).toContain(`(\`${role}\`)`);
	});
});
