import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/project-root.js';

/** Every TypeScript file under a folder, with its import lines (type-only imports marked). */
function sources(folder: string): { file: string; imports: { from: string; typeOnly: boolean }[]; text: string }[] {
	const root = projectRoot();
	const out: ReturnType<typeof sources> = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name.endsWith('.ts')) {
				const text = readFileSync(path, 'utf8');
				const imports = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)].map((m) => ({
					from: m[2]!,
					typeOnly: Boolean(m[1]),
				}));
				out.push({ file: relative(root, path), imports, text });
			}
		}
	};
	walk(join(root, folder));
	return out;
}

function violations(
	folder: string,
	forbidden: RegExp,
	options: { allowTypeOnly?: boolean; except?: RegExp } = {},
): string[] {
	return sources(folder)
		.filter((source) => !options.except?.test(source.file))
		.flatMap((source) =>
			source.imports
				.filter((i) => forbidden.test(i.from) && !(options.allowTypeOnly && i.typeOnly))
				.map((i) => `${source.file} imports ${i.from}`),
		);
}

// Data flows one way: ingest → store → index → query → summarize → render → Discord / CLI.
describe('architecture: who may import whom', () => {
	it('keeps the domain free of the rest of the project and of I/O', () => {
		expect(violations('src/domain', /^(?!zod$|\.\/)/)).toEqual([]);
	});

	it('keeps pure ingestion steps free of I/O, storage and Discord', () => {
		const io = /^(node:fs|node:fs\/promises|better-sqlite3|minisearch|discord\.js)$|\/(store|index|discord)\//;
		// run-ingest and the parse worker it drives (parse-pool, parse-worker, parse-outcome) are the orchestration
		// around the pure steps: they read files, start threads and hand documents to the store.
		expect(
			violations('src/ingest', io, {
				except: /(run-ingest|load-source|collect-files|load-reference|parse-pool|parse-worker|parse-outcome)\.ts$/,
			}),
		).toEqual([]);
	});

	it('keeps summaries and rendering pure (discord.js types only)', () => {
		expect(
			violations('src/summarize', /^(node:fs|better-sqlite3|minisearch|discord\.js)$|\/(store|index|discord)\//),
		).toEqual([]);
		expect(violations('src/render', /^discord\.js$/, { allowTypeOnly: true })).toEqual([]);
		expect(violations('src/render', /^(node:fs|better-sqlite3|minisearch)$|\/(store|index|discord)\//)).toEqual([]);
	});

	it('keeps Discord out of the store, the indexes and the queries', () => {
		expect(violations('src/store', /^(discord\.js|minisearch)$/)).toEqual([]);
		expect(violations('src/index', /^(discord\.js|better-sqlite3)$|\/store\//)).toEqual([]);
		expect(violations('src/query', /^(discord\.js|better-sqlite3|minisearch)$/)).toEqual([]);
		expect(violations('src/query', /\/(store|index)\//, { allowTypeOnly: true })).toEqual([]);
	});

	it('keeps the reading of questions on the query layer, free of I/O and storage', () => {
		expect(
			violations('src/ask', /^(node:fs|better-sqlite3|minisearch|discord\.js)$|\/(store|index|discord)\//),
		).toEqual([]);
		expect(violations('src/ask', /\/query\/(?!date-bound|answers|query-service)/)).toEqual([]);
	});

	it('keeps commands on the query, summarize and render layers', () => {
		expect(violations('commands', /^better-sqlite3$|\/store\/|\/index\/|\/app\.js$/)).toEqual([]);
	});

	it('keeps Discord a door: definitions, the console and rendering load no discord.js', () => {
		// Types only: the console and `cli ask` answer without loading discord.js or the Discord door.
		for (const folder of ['commands', 'src/command', 'src/console', 'src/render']) {
			expect(violations(folder, /^discord\.js$|\/discord\//, { allowTypeOnly: true })).toEqual([]);
		}
	});

	it('reads process.env only at the entry points', () => {
		const readers = ['src', 'commands']
			.flatMap((folder) => sources(folder))
			.filter((source) => /process\.env\b/.test(source.text))
			.map((source) => source.file)
			.filter((file) => !/^src\/(config|main|cli\/index|discord\/start-bot|bench\/[\w-]+)\.ts$/.test(file));
		expect(readers).toEqual([]);
	});
});
