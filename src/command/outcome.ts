import type { CitationStyle } from '../cite/cite-entry.js';
import type { Entry } from '../domain/entry.js';
import type { RenderedReply } from '../render/reply.js';
import type { AnswerSummary, EntryDetail, NoMatchSummary } from '../summarize/answer-summary.js';
import type { ChartFigure, TimelineSummary } from '../summarize/chart-summary.js';

/** The answers that come in pages, and what to ask again for another page (see src/command/paged.ts). */
export type PagedKind = 'ngo' | 'partner' | 'province' | 'search';

/**
 * What a command produced, before either door renders it. Discord turns it into replies (with paging buttons,
 * Cite menus, charts drawn and attached); the console into text and JSON (writing files where there are some).
 */
export type CommandOutcome =
	| {
			readonly kind: 'answer';
			readonly summary: AnswerSummary;
			readonly data: unknown;
			/** Set on paged answers: ask `args` again for another page. */
			readonly paging?: { readonly kind: PagedKind; readonly args: readonly string[] };
			/** Set on answers that come with a chart (null: nothing to draw). */
			readonly chart?: ChartFigure | null;
	  }
	| { readonly kind: 'entry'; readonly detail: EntryDetail; readonly data: Entry }
	| { readonly kind: 'timeline'; readonly summary: TimelineSummary; readonly data: unknown }
	| { readonly kind: 'citation'; readonly entry: Entry; readonly style: CitationStyle; readonly text: string }
	/** Nothing by that name (with suggestions): always shown to the asker only. */
	| { readonly kind: 'no-match'; readonly summary: NoMatchSummary }
	/** Input the answer cannot use, said as an answer (a bad filter value, a range too long to chart). */
	| { readonly kind: 'refused'; readonly message: string }
	/** The commands with examples, rendered by each door from its definitions. */
	| { readonly kind: 'help' }
	/**
	 * Messages already rendered (management answers, export files); `text` is the console's form when plain
	 * text reads better than the messages' own words (a digest as Markdown, the health report).
	 */
	| { readonly kind: 'messages'; readonly messages: readonly RenderedReply[]; readonly text?: string };
