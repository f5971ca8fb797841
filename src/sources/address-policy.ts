import { BlockList, isIP } from 'node:net';
import { UserFacingError } from '../domain/errors.js';

/** Address ranges a fetch must never reach unless allowed: the bot's own machine and networks behind it. */
const BLOCKED_RANGES: readonly (readonly [string, number, 'ipv4' | 'ipv6', string])[] = [
	['0.0.0.0', 8, 'ipv4', 'a "this network" address'],
	['10.0.0.0', 8, 'ipv4', 'a private address'],
	['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address'],
	['127.0.0.0', 8, 'ipv4', 'a loopback address'],
	['169.254.0.0', 16, 'ipv4', 'a link-local address'],
	['172.16.0.0', 12, 'ipv4', 'a private address'],
	['192.0.0.0', 24, 'ipv4', 'a reserved address'],
	['192.0.2.0', 24, 'ipv4', 'a documentation address'],
	['192.168.0.0', 16, 'ipv4', 'a private address'],
	['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
	['198.51.100.0', 24, 'ipv4', 'a documentation address'],
	['203.0.113.0', 24, 'ipv4', 'a documentation address'],
	['224.0.0.0', 4, 'ipv4', 'a multicast address'],
	['240.0.0.0', 4, 'ipv4', 'a reserved address'],
	['::', 128, 'ipv6', 'the unspecified address'],
	['::1', 128, 'ipv6', 'a loopback address'],
	['100::', 64, 'ipv6', 'a discard address'],
	['2001:db8::', 32, 'ipv6', 'a documentation address'],
	['fc00::', 7, 'ipv6', 'a unique-local address'],
	['fe80::', 10, 'ipv6', 'a link-local address'],
	['fec0::', 10, 'ipv6', 'a site-local address'],
	['ff00::', 8, 'ipv6', 'a multicast address'],
];

const RANGE_LISTS = BLOCKED_RANGES.map(([network, prefix, family, reason]) => {
	const list = new BlockList();
	list.addSubnet(network, prefix, family);
	return { list, reason };
});

/** Hosts and networks an operator allowed despite being private (FETCH_ALLOW_PRIVATE), e.g. a local mirror. */
export interface AllowList {
	readonly hosts: ReadonlySet<string>;
	readonly networks: BlockList;
	/** As configured, for messages. */
	readonly text: string;
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), networks: new BlockList(), text: '' };

/**
 * Parses FETCH_ALLOW_PRIVATE: host names, IP addresses and CIDR ranges separated by commas or spaces
 * (`127.0.0.1, 10.1.0.0/16, intranet.example`). Throws a message naming the bad item.
 */
export function parseAllowList(raw: string | undefined): AllowList {
	const hosts = new Set<string>();
	const networks = new BlockList();
	const items = (raw ?? '').split(/[\s,]+/).filter((item) => item !== '');
	for (const item of items) {
		const [address = '', prefixText, extra] = item.split('/');
		const family = isIP(stripBrackets(address));
		if (family === 0) {
			if (prefixText !== undefined || !/^[a-z0-9.-]+$/i.test(item)) throw badAllowItem(item);
			hosts.add(item.toLowerCase().replace(/\.$/, ''));
			continue;
		}
		const type = family === 4 ? 'ipv4' : 'ipv6';
		const max = family === 4 ? 32 : 128;
		const prefix = prefixText === undefined ? max : Number(prefixText);
		if (extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw badAllowItem(item);
		networks.addSubnet(stripBrackets(address), prefix, type);
	}
	return { hosts, networks, text: items.join(', ') };
}

/** Why `address` must not be fetched (e.g. 'a loopback address'), or null when it is a public address. */
export function blockedReason(address: string): string | null {
	const ip = stripBrackets(address).replace(/%.*$/, '');
	const family = isIP(ip);
	if (family === 0) return 'not an IP address';
	const type = family === 4 ? 'ipv4' : 'ipv6';
	// BlockList matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 ranges itself.
	for (const { list, reason } of RANGE_LISTS) if (list.check(ip, type)) return reason;
	if (family === 6) {
		const embedded = embeddedIpv4(ip);
		if (embedded) return blockedReason(embedded);
	}
	return null;
}

/** Whether the allow-list lets `host` (as written in the URL) at `address` through. */
export function isAllowed(host: string, address: string, allow: AllowList): boolean {
	const name = stripBrackets(host).toLowerCase().replace(/\.$/, '');
	if (allow.hosts.has(name)) return true;
	const ip = stripBrackets(address);
	const family = isIP(ip);
	if (family === 0) return false;
	if (allow.networks.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return true;
	const mapped = family === 6 ? mappedIpv4(ip) : null;
	return mapped !== null && allow.networks.check(mapped, 'ipv4');
}

/** Refuses `address` for `host` unless public or allowed, with a message saying how to allow it. */
export function assertFetchable(host: string, address: string, allow: AllowList): void {
	const reason = blockedReason(address);
	if (reason === null || isAllowed(host, address, allow)) return;
	const where = stripBrackets(host) === stripBrackets(address) ? address : `${host} (${address})`;
	throw new UserFacingError(
		`${where} is ${reason}: ngo-bot only fetches public web addresses. ` +
			'An operator can allow it with FETCH_ALLOW_PRIVATE.',
		'forbidden',
	);
}

function badAllowItem(item: string): UserFacingError {
	return new UserFacingError(
		`FETCH_ALLOW_PRIVATE: "${item}" is not a host name, an IP address or a CIDR range such as 10.0.0.0/8.`,
		'config',
	);
}

function stripBrackets(host: string): string {
	return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The 8 groups of an IPv6 address (with an IPv4 tail folded into the last two), or null. */
function ipv6Groups(ip: string): number[] | null {
	let text = ip.toLowerCase();
	const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
	if (tail) {
		const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
		text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head = '', rest] = text.split('::');
	const left = head === '' ? [] : head.split(':');
	const right = rest === undefined || rest === '' ? [] : rest.split(':');
	const missing = 8 - left.length - right.length;
	if (rest === undefined ? missing !== 0 : missing < 0) return null;
	const groups = [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16));
	return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function toIpv4(high: number, low: number): string {
	return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

function mappedIpv4(ip: string): string | null {
	const g = ipv6Groups(ip);
	if (!g || g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return null;
	return toIpv4(g[6] ?? 0, g[7] ?? 0);
}

/** The IPv4 address inside NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible/mapped IPv6 addresses. */
function embeddedIpv4(ip: string): string | null {
	const g = ipv6Groups(ip);
	if (!g) return null;
	const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
	if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return toIpv4(g6, g7);
	if (g0 === 0x2002) return toIpv4(g1, g2);
	if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0 || g5 === 0xffff)) return toIpv4(g6, g7);
	return null;
}
