import { describe, expect, it } from 'vitest';
import { assertFetchable, blockedReason, isAllowed, parseAllowList } from '../../src/sources/address-policy.js';

describe('blockedReason', () => {
	it.each([
		['127.0.0.1', 'a loopback address'],
		['127.255.1.2', 'a loopback address'],
		['10.1.2.3', 'a private address'],
		['172.16.0.1', 'a private address'],
		['172.31.255.255', 'a private address'],
		['192.168.1.1', 'a private address'],
		['169.254.169.254', 'a link-local address'],
		['100.64.0.1', 'a carrier-grade NAT address'],
		['0.0.0.0', 'a "this network" address'],
		['224.0.0.1', 'a multicast address'],
		['255.255.255.255', 'a reserved address'],
		['::1', 'a loopback address'],
		['::', 'the unspecified address'],
		['fe80::1', 'a link-local address'],
		['fd00::1', 'a unique-local address'],
		['fc12:3456::1', 'a unique-local address'],
		['ff02::1', 'a multicast address'],
		['::ffff:127.0.0.1', 'a loopback address'],
		['::ffff:7f00:1', 'a loopback address'],
		['::ffff:10.0.0.1', 'a private address'],
		['64:ff9b::a9fe:a9fe', 'a link-local address'],
		['2002:c0a8:0101::1', 'a private address'],
		['[::1]', 'a loopback address'],
	])('refuses %s as %s', (address, reason) => {
		expect(blockedReason(address)).toBe(reason);
	});

	it.each([
		'8.8.8.8',
		'1.1.1.1',
		'172.32.0.1',
		'100.128.0.1',
		'2606:4700:4700::1111',
		'::ffff:8.8.8.8',
		'2002:0808:0808::1',
	])('lets the public address %s through', (address) => {
		expect(blockedReason(address)).toBeNull();
	});
});

describe('the FETCH_ALLOW_PRIVATE allow-list', () => {
	it('allows listed addresses, ranges and host names only', () => {
		const allow = parseAllowList('127.0.0.1, 10.1.0.0/16 intranet.example');
		expect(isAllowed('127.0.0.1', '127.0.0.1', allow)).toBe(true);
		expect(isAllowed('127.0.0.2', '127.0.0.2', allow)).toBe(false);
		expect(isAllowed('x', '10.1.200.3', allow)).toBe(true);
		expect(isAllowed('x', '10.2.0.1', allow)).toBe(false);
		expect(isAllowed('Intranet.Example.', '192.168.0.5', allow)).toBe(true);
		expect(isAllowed('x', '::ffff:127.0.0.1', allow)).toBe(true);
	});

	it('refuses malformed items with the item named', () => {
		expect(() => parseAllowList('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33" is not a host name/);
		expect(() => parseAllowList('http://x')).toThrow(/"http:\/\/x"/);
	});

	it('explains a refusal and how to allow it', () => {
		expect(() => assertFetchable('metadata.internal', '169.254.169.254', parseAllowList(''))).toThrow(
			'metadata.internal (169.254.169.254) is a link-local address: ngo-bot only fetches public web addresses. An operator can allow it with FETCH_ALLOW_PRIVATE.',
		);
		expect(() => assertFetchable('8.8.8.8', '8.8.8.8', parseAllowList(''))).not.toThrow();
	});
});
