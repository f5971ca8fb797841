import { hash } from 'node:crypto';
import type { DocumentKind, DraftEntry, IsoDate, ParsedDocument, SourceInfo } from '../domain/entry.js';
import { type TypeCue, classifyEntry } from './classify-type.js';
import { classifyFields } from './classify-fields.js';
import { collectEvidence } from './collect-evidence.js';
import { extractBodies } from './extract-bodies.js';
import type { CountryLexicon } from './countries.js';
import { findFullDates } from './extract-date.js';
import { extractOrgs } from './extract-orgs.js';
import { activityProvinces, readPlaces } from './extract-provinces.js';
import type { Gazetteer } from './gazetteer.js';
import type { OrgDirectory } from './org-directory.js';
import { contentParagraphs, readPageHeader } from './page-structure.js';
import { memoize } from '../domain/memo.js';
import { splitSentences } from '../domain/sentences.js';
import { LISTING_TITLE, type RawEntry, detectKind, splitEntries } from './split-entries.js';
import { summarizeEntry } from './summarize-entry.js';

/**
 * Bumped whenever extraction rules change, so re-ingesting an unchanged document refreshes its facts
 * (the store keeps entry ids of unchanged texts).
 */
export const EXTRACTOR_VERSION = 4;

/** Reference data extraction runs against: places, countries and known organizations. */
export interface ExtractionReference {
	readonly gazetteer: Gazetteer;
	readonly countries: CountryLexicon;
	readonly directory: OrgDirectory;
}

export interface DocumentInput {
	/** Clean text (see normalize-text): paragraphs separated by blank lines. */
	readonly text: string;
	readonly path: string | null;
	readonly url: string | null;
	/** Metadata the file format carried (HTML <title>, front matter), used when the text has none. */
	readonly meta?: { readonly title?: string | null; readonly published?: IsoDate | null };
}

/** Turns one document's clean text into dated, fact-tagged entries (pure). */
export function parseDocument(input: DocumentInput, reference: ExtractionReference): ParsedDocument {
	const paragraphs = contentParagraphs(input.text);
	const read = readPageHeader(paragraphs);
	const kind = detectKind(paragraphs, read);
	// A listing without a "Keyword: …" label starts with its first teaser: the headline and date taken for the
	// page's are that teaser's, not the page's.
	const firstTeaser = kind === 'listing' && read.title !== null && !LISTING_TITLE.test(read.title);
	const header = firstTeaser ? { ...read, published: null, publishedLine: null } : read;
	const dateline = datelineDate(paragraphs[header.bodyStart]);
	const published = header.published ?? input.meta?.published ?? dateline?.value ?? null;
	const provincesOf = (paragraph: string) => entryFacts(paragraph, reference).provinces;
	const raw = splitEntries(kind, paragraphs, { header: { ...header, published }, provincesOf });

	// An article is dated by its publication only, never by an event its story mentions.
	const pageDate: EntryDate | null = header.published
		? { value: header.published, quote: header.publishedLine ?? header.published, role: 'page date' }
		: input.meta?.published
			? { value: input.meta.published, quote: input.meta.published, role: 'publication date in the page’s metadata' }
			: dateline;
	const entries = raw.map((entry, position) => buildEntry(entry, position, kind, pageDate, reference));
	// A listing's first line is its label ("Keyword: …") or already its first teaser's title.
	const ownTitle =
		kind === 'listing' && header.title !== null && !LISTING_TITLE.test(header.title) ? null : header.title;
	const source: SourceInfo = {
		path: input.path,
		url: input.url,
		title: ownTitle ?? input.meta?.title ?? (kind === 'listing' ? null : (entries[0]?.title ?? null)),
		published,
	};
	return {
		source,
		kind,
		contentHash: hash('sha256', input.text, 'hex'),
		coverage: header.coverage,
		entries,
	};
}

function entryFacts(text: string, reference: ExtractionReference) {
	const { orgs, names, origins } = extractOrgs(text, {
		countries: reference.countries,
		directory: reference.directory,
		isPlace: placeNames(reference.gazetteer),
	});
	const places = readPlaces(text, reference.gazetteer, { orgNames: names, origins });
	return { orgs, names, origins, places, provinces: activityProvinces(places) };
}

// Whether a name is a place, per gazetteer: the org extractor asks it of every candidate name, entry after entry.
const placeNameMemos = new WeakMap<Gazetteer, (name: string) => boolean>();

function placeNames(gazetteer: Gazetteer): (name: string) => boolean {
	let isPlace = placeNameMemos.get(gazetteer);
	if (isPlace === undefined) {
		isPlace = memoize((name) => gazetteer.resolve(name) !== null);
		placeNameMemos.set(gazetteer, isPlace);
	}
	return isPlace;
}

function buildEntry(
	raw: RawEntry,
	position: number,
	kind: DocumentKind,
	pageDate: EntryDate | null,
	reference: ExtractionReference,
): DraftEntry {
	const body = raw.paragraphs.join('\n\n');
	const text = body || raw.title || '';
	const titleFirst = Boolean(raw.title && body && raw.titleHasFacts !== false);
	const analysed = titleFirst ? `${raw.title}\n\n${body}` : text;
	const facts = entryFacts(analysed, reference);
	const paragraphSentences = raw.paragraphs.map((paragraph) => splitSentences(paragraph));
	const sentences = paragraphSentences.flat();
	const typeCue = classifyEntry({
		title: raw.titleHasFacts === false ? null : raw.title,
		paragraphs: paragraphSentences,
		block: kind === 'digest',
	});
	const date = entryDate(raw, kind, pageDate);
	const type = typeCue?.type ?? 'other';
	const bodies = extractBodies(
		analysed,
		{ gazetteer: reference.gazetteer },
		{ orgNames: facts.names, province: facts.provinces[0] ?? null },
	);
	const fieldCues = classifyFields(analysed);
	return {
		position,
		title: raw.title,
		date: date?.value ?? null,
		provinces: facts.provinces,
		orgs: facts.orgs,
		type,
		summary: summarizeEntry(raw.title, sentences, typeCue?.sentence ?? null),
		text,
		partners: bodies.map(({ span: _span, ...partner }) => partner),
		fields: fieldCues.map((cue) => cue.field),
		evidence: collectEvidence({
			bodies,
			fields: fieldCues,
			source: { title: raw.title, text, titleFirst },
			places: facts.places,
			orgs: facts.orgs,
			names: facts.names,
			origins: facts.origins,
			date,
			type: typeCue ? typeEvidence(typeCue, raw.title, text) : null,
		}),
	};
}

// "Beijing, June 4, 2007 — More than 90 …": a press release's dateline is the day it was issued.
const DATELINE =
	/^[\p{Lu}][\p{L}.' -]{1,30},\s+((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d{2})\s*(?:\([^)]{1,20}\)\s*)?[—–-]{1,2}\s/u;

function datelineDate(paragraph: string | undefined): EntryDate | null {
	const m = paragraph ? DATELINE.exec(paragraph) : null;
	const value = m ? findFullDates(m[1]!)[0]?.date : undefined;
	return m && value ? { value, quote: m[0].replace(/\s*[—–-]{1,2}\s$/, ''), role: 'dateline' } : null;
}

interface EntryDate {
	readonly value: IsoDate;
	readonly quote: string;
	readonly role: string;
	/** Where in the entry's text the date is written, when it is. */
	readonly span?: { readonly start: number; readonly end: number };
}

/** An article's publication date; an item's heading or posts line; else a full date in its opening paragraphs. */
function entryDate(raw: RawEntry, kind: DocumentKind, pageDate: EntryDate | null): EntryDate | null {
	// An article is dated by its publication only, never by an event its story mentions.
	if (kind === 'article') return pageDate;
	if (raw.date)
		return {
			value: raw.date,
			quote: raw.dateSource?.quote ?? raw.date,
			role: raw.dateSource?.role ?? 'date on the page',
		};
	// "On May 29, 2019, the association registered …" dates the item.
	let offset = 0;
	for (const paragraph of raw.paragraphs.slice(0, 2)) {
		const [first] = findFullDates(paragraph);
		if (first) {
			const start = offset + first.index;
			return {
				value: first.date,
				quote: first.text,
				role: 'date in the lead',
				span: { start, end: start + first.text.length },
			};
		}
		offset += paragraph.length + 2;
	}
	return null;
}

/** Where the words that decided the type are: in the title, or in the entry's text. */
function typeEvidence(cue: TypeCue, title: string | null, text: string) {
	const length = cue.words.length;
	if (title !== null && cue.sentence === title && text !== title) {
		return { cue, field: 'title' as const, span: { start: cue.index, end: cue.index + length } };
	}
	const at = text.indexOf(cue.sentence);
	if (at < 0) return { cue, field: 'text' as const, span: null };
	return { cue, field: 'text' as const, span: { start: at + cue.index, end: at + cue.index + length } };
}
