import { createHash } from 'node:crypto';
import type { DocumentKind, DraftEntry, IsoDate, ParsedDocument, SourceInfo } from '../domain/entry.js';
import { classifyEntry } from './classify-type.js';
import type { CountryLexicon } from './countries.js';
import { findFullDates } from './extract-date.js';
import { extractOrgs } from './extract-orgs.js';
import { activityProvinces, readPlaces } from './extract-provinces.js';
import type { Gazetteer } from './gazetteer.js';
import type { OrgDirectory } from './org-directory.js';
import { contentParagraphs, readPageHeader } from './page-structure.js';
import { splitSentences } from '../domain/sentences.js';
import { LISTING_TITLE, type RawEntry, detectKind, splitEntries } from './split-entries.js';
import { summarizeEntry } from './summarize-entry.js';

/**
 * Bumped whenever extraction rules change, so re-ingesting an unchanged document refreshes its facts
 * (the store keeps entry ids of unchanged texts).
 */
export const EXTRACTOR_VERSION = 1;

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
	const header = readPageHeader(paragraphs);
	const published = header.published ?? input.meta?.published ?? null;
	const kind = detectKind(paragraphs, header);
	const provincesOf = (paragraph: string) => entryFacts(paragraph, reference).provinces;
	const raw = splitEntries(kind, paragraphs, { header: { ...header, published }, provincesOf });

	// An article is dated by its publication only, never by an event its story mentions.
	const pageDate = published
		? {
				date: published,
				quote: header.publishedLine ?? published,
				role: header.published ? 'page date' : 'publication date',
			}
		: null;
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
		contentHash: createHash('sha256').update(input.text).digest('hex'),
		coverage: header.coverage,
		entries,
	};
}

function entryFacts(text: string, reference: ExtractionReference) {
	const { orgs, names, origins } = extractOrgs(text, {
		countries: reference.countries,
		directory: reference.directory,
		isPlace: (name) => reference.gazetteer.resolve(name) !== null,
	});
	const places = readPlaces(text, reference.gazetteer, { orgNames: names, origins });
	return { orgs, places, provinces: activityProvinces(places) };
}

function buildEntry(
	raw: RawEntry,
	position: number,
	kind: DocumentKind,
	pageDate: { date: IsoDate; quote: string; role: string } | null,
	reference: ExtractionReference,
): DraftEntry {
	const body = raw.paragraphs.join('\n\n');
	const text = body || raw.title || '';
	const analysed = raw.title && body && raw.titleHasFacts !== false ? `${raw.title}\n\n${body}` : text;
	const { orgs, provinces } = entryFacts(analysed, reference);
	const paragraphSentences = raw.paragraphs.map((paragraph) => splitSentences(paragraph));
	const sentences = paragraphSentences.flat();
	const typeCue = classifyEntry({
		title: raw.titleHasFacts === false ? null : raw.title,
		paragraphs: paragraphSentences,
		block: kind === 'digest',
	});
	const date = kind === 'article' ? (pageDate?.date ?? null) : (raw.date ?? leadDate(raw.paragraphs));
	return {
		position,
		title: raw.title,
		date,
		provinces,
		orgs,
		type: typeCue?.type ?? 'other',
		summary: summarizeEntry(raw.title, sentences),
		text,
		evidence: [],
	};
}

/** A full date in the opening paragraphs dates the item ("On May 29, 2019, the association registered …"). */
function leadDate(paragraphs: readonly string[]): IsoDate | null {
	for (const paragraph of paragraphs.slice(0, 2)) {
		const [first] = findFullDates(paragraph);
		if (first) return first.date;
	}
	return null;
}
