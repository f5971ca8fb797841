import { lookup as dnsLookup } from 'node:dns/promises';
import { type LookupFunction, isIP } from 'node:net';
import { Agent, fetch } from 'undici';
import { UserFacingError } from '../domain/errors.js';
import type { SourceFormat } from '../ingest/collect-files.js';
import { decodeSourceBytes } from '../ingest/load-source.js';
import { type AllowList, assertFetchable } from './address-policy.js';

/** Resolves a host name to every address it has (injectable so tests need no DNS). */
export type ResolveHost = (host: string) => Promise<readonly string[]>;

export interface FetchPolicy {
	readonly allow: AllowList;
	readonly maxBytes: number;
	/** For the whole fetch, redirects and body included. */
	readonly timeoutMs: number;
	readonly maxRedirects?: number;
	readonly resolve?: ResolveHost;
	/** Sent as User-Agent. */
	readonly userAgent?: string;
}

/** What is fetched: a document to ingest, a feed to read, a site's robots.txt. They accept different types. */
export type FetchPurpose = 'document' | 'feed' | 'robots';

/** Validators of a copy fetched before: the server answers 304 Not Modified when the page has not changed since. */
export interface Validators {
	readonly etag: string | null;
	readonly lastModified: string | null;
}

export interface FetchedText {
	/** The URL asked for. */
	readonly url: string;
	/** The URL after redirects. */
	readonly finalUrl: string;
	readonly contentType: string;
	/** How to read a document (null for feeds). */
	readonly format: SourceFormat | null;
	readonly text: string;
	readonly bytes: number;
	/** What to send next time to ask "changed since?" (null when the server gave none). */
	readonly validators: Validators;
	/** The server answered 304 to the validators sent: `text` is empty, the copy fetched before is current. */
	readonly notModified: boolean;
	/** HTTP status: 200, or 304; for robots.txt also the error statuses that mean "no rules" or "come back later". */
	readonly status: number;
}

/** An answer that brings no document: a 304 (the copy fetched before is current) or robots.txt's error statuses. */
function withoutBody(
	url: string,
	finalUrl: string,
	status: number,
	validators: Validators,
	notModified: boolean,
): FetchedText {
	return { url, finalUrl, contentType: '', format: null, text: '', bytes: 0, validators, notModified, status };
}

const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const DOCUMENT_TYPES: ReadonlyMap<string, SourceFormat> = new Map([
	['text/plain', 'text'],
	['text/markdown', 'markdown'],
	['text/x-markdown', 'markdown'],
	['text/html', 'html'],
	['application/xhtml+xml', 'html'],
]);
const FEED_TYPES: ReadonlySet<string> = new Set([
	'application/rss+xml',
	'application/atom+xml',
	'application/xml',
	'text/xml',
	// Many feeds are served as text/plain or text/html by misconfigured servers; the parser decides.
	'text/plain',
	'text/html',
]);

/** Checks a user-typed URL: http(s) only, no credentials inside. */
export function parseFetchUrl(raw: string): URL {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw new UserFacingError(`"${raw}" is not a web address. Give a full URL starting with https://`, 'bad-input');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UserFacingError(
			`Only http:// and https:// addresses can be fetched, not ${url.protocol}//.`,
			'bad-input',
		);
	}
	if (url.username || url.password) {
		throw new UserFacingError('Addresses with a user name or password in them are not fetched.', 'bad-input');
	}
	url.hash = '';
	return url;
}

/**
 * Fetches a public http(s) URL as text, refusing private addresses (checked again on every redirect), oversized
 * bodies (while streaming), slow servers (one time-out for everything) and content types ngo-bot cannot read.
 *
 * Addresses are checked twice: before each request (for a clear message) and again by the connection itself, whose
 * DNS lookup goes through the same check (an undici Agent with a guarded `lookup`). So a hostile DNS server that
 * answers with a public address first and a private one when the socket connects (DNS rebinding) is refused too.
 */
export async function safeFetch(
	raw: string,
	purpose: FetchPurpose,
	policy: FetchPolicy,
	options: { readonly signal?: AbortSignal; readonly fileName?: string; readonly validators?: Validators } = {},
): Promise<FetchedText> {
	const first = parseFetchUrl(raw);
	const timeout = AbortSignal.timeout(policy.timeoutMs);
	const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
	const resolve = policy.resolve ?? resolveAll;
	const maxRedirects = policy.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
	let url = first;
	const dispatcher = new Agent({ connect: { lookup: guardedLookup(policy.allow, resolve) } });
	try {
		for (let redirects = 0; ; redirects++) {
			await assertPublic(url, policy.allow, resolve);
			const response = await fetch(url, {
				redirect: 'manual',
				signal,
				dispatcher,
				headers: {
					accept: ACCEPT[purpose],
					'user-agent': policy.userAgent ?? 'ngo-bot/0.1 (document and feed fetcher)',
					...conditionalHeaders(options.validators),
				},
			});
			if (response.status === 304 && options.validators) {
				await response.body?.cancel();
				return withoutBody(first.href, url.href, 304, validatorsOf(response.headers, options.validators), true);
			}
			if (REDIRECT_STATUSES.has(response.status)) {
				await response.body?.cancel();
				const location = response.headers.get('location');
				if (!location) throw new UserFacingError(`${url.href} redirects without saying where to.`, 'bad-input');
				if (redirects >= maxRedirects) {
					throw new UserFacingError(`${first.href} redirects more than ${maxRedirects} times; giving up.`, 'bad-input');
				}
				url = parseFetchUrl(new URL(location, url).href);
				continue;
			}
			if (!response.ok && purpose === 'robots') {
				// RFC 9309: a 4xx means no rules apply, a 5xx that the site cannot be crawled for now. The caller decides.
				await response.body?.cancel();
				return withoutBody(first.href, url.href, response.status, { etag: null, lastModified: null }, false);
			}
			if (!response.ok) {
				await response.body?.cancel();
				throw new UserFacingError(
					`${url.href} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. Check the address.`,
					response.status === 404 || response.status === 410 ? 'not-found' : 'bad-input',
				);
			}
			const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
			const mediaType = contentType.split(';')[0]?.trim() ?? '';
			const format = checkType(mediaType, purpose, url, options.fileName ?? url.pathname);
			const declared = Number(response.headers.get('content-length'));
			if (Number.isFinite(declared) && declared > 0) assertFetchSize(declared, url.href, policy.maxBytes);
			const body = await readCapped(response, policy.maxBytes, url.href);
			const text = decode(body, charsetOf(contentType), url.href);
			return {
				url: first.href,
				finalUrl: url.href,
				contentType: mediaType,
				format,
				text,
				bytes: body.length,
				validators: validatorsOf(response.headers),
				notModified: false,
				status: response.status,
			};
		}
	} catch (error) {
		throw fetchError(error, url, policy.timeoutMs, timeout, options.signal);
	} finally {
		void dispatcher.close().catch(() => {});
	}
}

const ACCEPT: Record<FetchPurpose, string> = {
	document: 'text/html, text/markdown, text/plain;q=0.9',
	feed: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5',
	robots: 'text/plain, */*;q=0.5',
};

function conditionalHeaders(validators: Validators | undefined): Record<string, string> {
	const headers: Record<string, string> = {};
	if (validators?.etag) headers['if-none-match'] = validators.etag;
	if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
	return headers;
}

/** The validators of a response; a 304 may omit them, and then the ones sent stay valid. */
function validatorsOf(headers: { get(name: string): string | null }, sent?: Validators): Validators {
	return {
		etag: headers.get('etag') ?? sent?.etag ?? null,
		lastModified: headers.get('last-modified') ?? sent?.lastModified ?? null,
	};
}

/** The DNS lookup sockets use: every address the name has must pass the address policy, or none is used. */
function guardedLookup(allow: AllowList, resolve: ResolveHost): LookupFunction {
	return (hostname, options, callback) => {
		resolve(hostname).then(
			(addresses) => {
				try {
					if (addresses.length === 0) throw new UserFacingError(`${hostname} has no address (DNS).`, 'not-found');
					for (const address of addresses) assertFetchable(hostname, address, allow);
				} catch (error) {
					callback(error as NodeJS.ErrnoException, '', 0);
					return;
				}
				const found = addresses.map((address) => ({ address, family: isIP(address) }));
				if (options.all) callback(null, found);
				else callback(null, found[0]!.address, found[0]!.family);
			},
			(error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
		);
	};
}

async function resolveAll(host: string): Promise<readonly string[]> {
	const answers = await dnsLookup(host, { all: true, verbatim: true });
	return answers.map((answer) => answer.address);
}

async function assertPublic(url: URL, allow: AllowList, resolve: ResolveHost): Promise<void> {
	const host = url.hostname;
	const bare = host.startsWith('[') ? host.slice(1, -1) : host;
	if (isIP(bare) !== 0) return assertFetchable(host, bare, allow);
	let addresses: readonly string[];
	try {
		addresses = await resolve(bare);
	} catch (error) {
		throw new UserFacingError(`${bare} could not be found (DNS). Check the address.`, 'not-found', { cause: error });
	}
	if (addresses.length === 0) throw new UserFacingError(`${bare} has no address (DNS).`, 'not-found');
	// Every address is checked: fetch may connect to any of them.
	for (const address of addresses) assertFetchable(bare, address, allow);
}

function checkType(mediaType: string, purpose: FetchPurpose, url: URL, name: string): SourceFormat | null {
	// robots.txt is read whatever type a server gives it (many give none or text/html).
	if (purpose === 'robots') return 'text';
	if (purpose === 'feed') {
		if (FEED_TYPES.has(mediaType)) return null;
		throw new UserFacingError(
			`${url.href} is ${mediaType || 'of no stated type'}, not an RSS or Atom feed. Give the feed's own address.`,
			'unsupported-file',
		);
	}
	const format = DOCUMENT_TYPES.get(mediaType);
	if (!format) {
		throw new UserFacingError(
			`${url.href} is ${mediaType || 'of no stated type'}; ngo-bot reads web pages, plain text and Markdown ` +
				'(text/html, text/plain, text/markdown). Convert it first.',
			'unsupported-file',
		);
	}
	// Markdown is often served as text/plain (Discord's CDN among others): trust the .md name then.
	if (format === 'text' && /\.(md|markdown)$/i.test(name)) return 'markdown';
	// Discord's CDN serves uploaded .html files as text/plain (so browsers do not render them).
	if (format === 'text' && /\.html?$/i.test(name)) return 'html';
	return format;
}

async function readCapped(
	response: { body: ReadableStream<Uint8Array> | null },
	maxBytes: number,
	label: string,
): Promise<Uint8Array> {
	if (!response.body) return new Uint8Array();
	const chunks: Uint8Array[] = [];
	let total = 0;
	const reader = response.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > maxBytes) {
			await reader.cancel();
			assertFetchSize(total, label, maxBytes, false);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

/** Refuses a body over the limit (FETCH_MAX_BYTES, or --max-size on the CLI); `exact` when the size is known. */
export function assertFetchSize(size: number, label: string, maxBytes: number, exact = true): void {
	if (size <= maxBytes) return;
	throw new UserFacingError(
		`${label} is ${exact ? `${formatMegabytes(size)}, ` : ''}over the ${formatMegabytes(maxBytes)} limit for one ` +
			'fetched document (FETCH_MAX_BYTES). Split it, or ask an operator to raise the limit.',
		'too-large',
	);
}

function formatMegabytes(bytes: number): string {
	const mb = bytes / 1_048_576;
	return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1_024)} KB`;
}

function charsetOf(contentType: string): string | null {
	return /;\s*charset="?([\w.:-]+)"?/i.exec(contentType)?.[1]?.toLowerCase() ?? null;
}

function decode(bytes: Uint8Array, charset: string | null, label: string): string {
	if (charset === null || charset === 'utf-8' || charset === 'utf8' || charset.startsWith('utf-16')) {
		return decodeSourceBytes(bytes, label);
	}
	try {
		return new TextDecoder(charset, { fatal: true }).decode(bytes);
	} catch {
		throw new UserFacingError(`${label} is not valid ${charset} text, as its server says it is.`, 'bad-input');
	}
}

function fetchError(
	error: unknown,
	url: URL,
	timeoutMs: number,
	timeout: AbortSignal,
	outer: AbortSignal | undefined,
): unknown {
	if (error instanceof UserFacingError) return error;
	// Refused by the guarded lookup while connecting: fetch wraps it as "fetch failed".
	const refused = (error as { cause?: unknown }).cause;
	if (refused instanceof UserFacingError) return refused;
	if (timeout.aborted) {
		return new UserFacingError(
			`${url.href} did not answer within ${timeoutMs < 1_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1_000)} seconds`}. ` +
				'Try again later, or raise FETCH_TIMEOUT_SECONDS.',
			'bad-input',
			{ cause: error },
		);
	}
	if (outer?.aborted) return error;
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const reason = cause?.code ?? cause?.message ?? (error as Error).message;
	return new UserFacingError(`${url.href} could not be reached (${reason}).`, 'bad-input', { cause: error });
}
