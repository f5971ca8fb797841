// npm run bench:parsers [-- --entries N] [--json]
// What reading HTML and Markdown costs: the same synthetic documents written as plain text, as HTML in the layouts
// the sources use (ChinaFile's <main> with Drupal fields, China Development Brief's WordPress <article>), as HTML in
// a layout nobody described (divs only, sidebar, comments: the general path) and as Markdown with front matter.
// Figures: conversion alone (ms per page) and whole ingest (entries/s) of each corpus into a fresh database.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApp } from '../app.js';
import { htmlToText } from '../ingest/html-to-text.js';
import { markdownToText } from '../ingest/markdown-to-text.js';
import { distribution, round } from './stats.js';
import { DEFAULT_SEED, type SyntheticDocument, createWorld, generateCorpus } from './synthetic-corpus.js';

const USAGE = `usage: npm run bench:parsers [-- --entries N] [--json]
  --entries N  entries per corpus (default 5,000)
  --json       one JSON object on stdout`;

type Format = 'text' | 'html-chinafile' | 'html-cdb' | 'html-unknown' | 'markdown';
const FORMATS: readonly Format[] = ['text', 'html-chinafile', 'html-cdb', 'html-unknown', 'markdown'];
const EXTENSION: Record<Format, string> = {
	text: 'txt',
	'html-chinafile': 'html',
	'html-cdb': 'html',
	'html-unknown': 'html',
	markdown: 'md',
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function split(doc: SyntheticDocument): { title: string; paragraphs: string[] } {
	const [title = 'Untitled', ...paragraphs] = doc.text.split(/\n{2,}/).map((p) => p.trim());
	return { title, paragraphs };
}

const FURNITURE = {
	nav: '<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li><li><a href="/about/">About</a></li></ul></nav>',
	sidebar:
		'<div class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Charity law turns five</a></li><li><a href="/b">Rural revitalization funds</a></li></ul></div>',
	comments:
		'<div id="comments"><h3>2 comments</h3><div class="comment"><p>Great work, thanks for sharing!</p></div><div class="comment"><p>Where can I read more?</p></div></div>',
	footer: '<footer><p>© 2026 The Publisher. All rights reserved.</p></footer>',
};

function render(doc: SyntheticDocument, format: Format): string {
	const { title, paragraphs } = split(doc);
	const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
	const head = (extra = '') =>
		`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)} | Publisher</title>${extra}</head>`;
	switch (format) {
		case 'text':
			return doc.text;
		case 'markdown':
			return `---\ntitle: "${title.replace(/"/g, "'")}"\n---\n\n# ${title}\n\n${paragraphs.join('\n\n')}\n`;
		case 'html-chinafile':
			return `${head('<meta property="og:site_name" content="ChinaFile">')}<body>${FURNITURE.nav}<main role="main"><h1 class="page-title">${escapeHtml(title)}</h1><div class="field field-name-body"><div class="field-items"><div class="field-item even">${body}</div></div></div></main>${FURNITURE.footer}</body></html>`;
		case 'html-cdb':
			return `${head()}<body>${FURNITURE.nav}<div class="container"><article class="post"><header><h1 class="entry-title">${escapeHtml(title)}</h1></header><div class="entry-content">${body}</div></article>${FURNITURE.sidebar}</div>${FURNITURE.footer}</body></html>`;
		case 'html-unknown':
			return `${head()}<body><div id="top">${FURNITURE.nav}</div><div class="wrap"><div class="left">${FURNITURE.sidebar}</div><div class="right"><div class="headline"><h1>${escapeHtml(title)}</h1></div><div class="story">${body}</div>${FURNITURE.comments}</div></div><div class="bottom">${FURNITURE.footer}</div></body></html>`;
	}
}

interface FormatFigures {
	readonly format: Format;
	readonly pages: number;
	readonly convertMsPerPage: ReturnType<typeof distribution> | null;
	readonly ingestEntriesPerSecond: number;
	readonly entries: number;
}

async function measure(format: Format, docs: readonly SyntheticDocument[], root: string): Promise<FormatFigures> {
	const dir = join(root, format);
	mkdirSync(dir, { recursive: true });
	docs.forEach((doc, i) =>
		writeFileSync(join(dir, `${String(i).padStart(6, '0')}.${EXTENSION[format]}`), render(doc, format)),
	);

	let convert: ReturnType<typeof distribution> | null = null;
	if (format !== 'text') {
		const samples: number[] = [];
		for (const name of readdirSync(dir)) {
			const text = readFileSync(join(dir, name), 'utf8');
			const started = performance.now();
			if (format === 'markdown') markdownToText(text);
			else htmlToText(text);
			samples.push(performance.now() - started);
		}
		convert = distribution(samples);
	}

	const app = createApp({ databasePath: join(root, `${format}.sqlite`) });
	await app.indexes.whenReady();
	const started = performance.now();
	await app.ingest([dir]);
	const seconds = (performance.now() - started) / 1000;
	const entries = app.reader.countEntries();
	app.close();
	return {
		format,
		pages: docs.length,
		convertMsPerPage: convert && {
			...convert,
			p50: round(convert.p50),
			p99: round(convert.p99),
			mean: round(convert.mean),
			max: round(convert.max),
		},
		ingestEntriesPerSecond: Math.round(entries / seconds),
		entries,
	};
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			entries: { type: 'string', default: '5000' },
			json: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const entries = Number(values.entries.replace(/[_,]/g, ''));
	if (!Number.isSafeInteger(entries) || entries < 1) throw new Error('--entries must be a whole number ≥ 1');

	const docs = [...generateCorpus({ entries, seed: DEFAULT_SEED }, createWorld({ seed: DEFAULT_SEED }))];
	const root = mkdtempSync(join(tmpdir(), 'ngo-bench-parsers-'));
	try {
		// A first ingest pays for compiling the pipeline; it is not any format's cost.
		await measure('text', docs.slice(0, Math.ceil(docs.length / 5)), join(root, 'warm-up'));
		const figures: FormatFigures[] = [];
		for (const format of FORMATS) {
			process.stderr.write(`  ${format}: ${docs.length} pages\n`);
			figures.push(await measure(format, docs, root));
		}
		const load = loadavg().map((x) => round(x));
		if (values.json) {
			process.stdout.write(`${JSON.stringify({ entries, load, figures })}\n`);
			return;
		}
		process.stdout.write(`parsers · ${docs.length} pages, ${entries} entries · load ${load.join(' ')}\n`);
		for (const f of figures) {
			const convert = f.convertMsPerPage
				? `convert p50 ${f.convertMsPerPage.p50} ms, p99 ${f.convertMsPerPage.p99} ms`
				: 'no conversion';
			process.stdout.write(
				`  ${f.format.padEnd(15)} ${convert.padEnd(34)} ingest ${f.ingestEntriesPerSecond} entries/s (${f.entries} entries)\n`,
			);
		}
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
}

await main();
