import type { BaseConfig } from '../config.js';
import { parseAllowList } from '../sources/address-policy.js';
import type { FetchPolicy } from '../sources/safe-fetch.js';

/** The crawler's User-Agent: who it is and how a site owner reaches whoever runs it. */
export function crawlerUserAgent(contact: string | undefined): string {
	return `ngo-bot/0.1 (archive crawler${contact ? `; +${contact}` : ''})`;
}

/** Fetch rules of a crawl: the guarded fetch's address, size and time limits, with the crawler's User-Agent. */
export function crawlFetchPolicy(config: BaseConfig, maxBytes = config.FETCH_MAX_BYTES): FetchPolicy {
	return {
		allow: parseAllowList(config.FETCH_ALLOW_PRIVATE),
		maxBytes,
		timeoutMs: config.FETCH_TIMEOUT_SECONDS * 1000,
		userAgent: crawlerUserAgent(config.CRAWL_CONTACT),
	};
}
