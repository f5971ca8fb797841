import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseAllowList } from '../../src/sources/address-policy.js';
import { type FetchPolicy, safeFetch } from '../../src/sources/safe-fetch.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';

describe('safeFetch against a local web server', () => {
	let server: FixtureServer;
	const policy: FetchPolicy = { allow: parseAllowList('127.0.0.1'), maxBytes: 1_024, timeoutMs: 2_000 };

	beforeAll(async () => {
		server = await startFixtureServer();
		server.routes.set('/page.html', {
			type: 'text/html; charset=utf-8',
			body: '<html><body><p>Hello</p></body></html>',
		});
		server.routes.set('/notes.txt', { type: 'text/plain', body: 'Plain notes' });
		server.routes.set('/readme', { type: 'text/plain', body: '# Heading' });
		server.routes.set('/image.png', { type: 'image/png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) });
		server.routes.set('/big', { type: 'text/plain', body: 'x'.repeat(5_000), headers: { 'content-length': '5000' } });
		server.routes.set('/big-chunked', {
			handler: (_request, response) => {
				// No content-length: the cap must hold while streaming.
				response.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
				for (let i = 0; i < 10; i++) response.write('y'.repeat(500));
				response.end();
			},
		});
		server.routes.set('/hang', { handler: () => {} });
		server.routes.set('/gbk', { type: 'text/plain; charset=gbk', body: new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]) });
		server.routes.set('/to-page', { status: 302, headers: { location: '/page.html' } });
		server.routes.set('/to-metadata', { status: 301, headers: { location: 'http://169.254.169.254/latest/' } });
		server.routes.set('/to-loopback-v6', { status: 307, headers: { location: 'http://[::1]/' } });
		server.routes.set('/loop', { status: 302, headers: { location: '/loop' } });
		server.routes.set('/gone', { status: 404, body: 'nope' });
	});

	afterAll(async () => {
		await server.close();
	});

	it('fetches an allowed page and reports its format', async () => {
		const page = await safeFetch(server.url('/page.html'), 'document', policy);
		expect(page).toMatchObject({
			format: 'html',
			contentType: 'text/html',
			text: '<html><body><p>Hello</p></body></html>',
		});
		expect((await safeFetch(server.url('/notes.txt'), 'document', policy)).format).toBe('text');
	});

	it('reads text/plain named .md as Markdown', async () => {
		const page = await safeFetch(server.url('/readme'), 'document', policy, { fileName: 'README.md' });
		expect(page.format).toBe('markdown');
	});

	it('follows a redirect and re-checks where it leads', async () => {
		const page = await safeFetch(server.url('/to-page'), 'document', policy);
		expect(page.finalUrl).toBe(server.url('/page.html'));
		await expect(safeFetch(server.url('/to-metadata'), 'document', policy)).rejects.toThrow(
			'169.254.169.254 is a link-local address',
		);
		await expect(safeFetch(server.url('/to-loopback-v6'), 'document', policy)).rejects.toThrow(
			'::1 is a loopback address',
		);
	});

	it('stops after too many redirects', async () => {
		await expect(safeFetch(server.url('/loop'), 'document', { ...policy, maxRedirects: 3 })).rejects.toThrow(
			'redirects more than 3 times',
		);
	});

	it('refuses 127.0.0.1 without the allow-list, before any request', async () => {
		const before = server.hits.length;
		await expect(
			safeFetch(server.url('/page.html'), 'document', { ...policy, allow: EMPTY_ALLOW_LIST }),
		).rejects.toThrow('127.0.0.1 is a loopback address: ngo-bot only fetches public web addresses');
		expect(server.hits.length).toBe(before);
	});

	it('checks every address a name resolves to', async () => {
		const resolve = async () => ['93.184.216.34', '10.0.0.7'];
		await expect(safeFetch('https://mixed.example/', 'document', { ...policy, resolve })).rejects.toThrow(
			'mixed.example (10.0.0.7) is a private address',
		);
	});

	it('connects to the address the policy checked: the socket’s own DNS lookup goes through the same check', async () => {
		const named = new URL(server.url('/notes.txt'));
		named.hostname = 'pinned.test';
		// No real DNS knows pinned.test: this only succeeds because the connection used the checked lookup.
		const resolve = async () => ['127.0.0.1'];
		expect((await safeFetch(named.href, 'document', { ...policy, resolve })).text).toBe('Plain notes');
	});

	it('refuses a name that answers public when checked and private when the socket connects (DNS rebinding)', async () => {
		const named = new URL(server.url('/notes.txt'));
		named.hostname = 'rebind.test';
		let lookups = 0;
		const resolve = async () => (++lookups === 1 ? ['93.184.216.34'] : ['10.0.0.7']);
		const before = server.hits.length;
		await expect(safeFetch(named.href, 'document', { ...policy, resolve })).rejects.toThrow(
			'rebind.test (10.0.0.7) is a private address',
		);
		expect(lookups).toBe(2);
		expect(server.hits.length).toBe(before);
	});

	it('refuses oversized bodies, declared or streamed', async () => {
		await expect(safeFetch(server.url('/big'), 'document', policy)).rejects.toThrow(
			/big is 5 KB, over the 1 KB limit for one/,
		);
		await expect(safeFetch(server.url('/big-chunked'), 'document', policy)).rejects.toThrow(
			/big-chunked is over the 1 KB limit/,
		);
	});

	it('gives up on a server that does not answer in time', async () => {
		await expect(safeFetch(server.url('/hang'), 'document', { ...policy, timeoutMs: 300 })).rejects.toThrow(
			'did not answer within 300 ms',
		);
	});

	it('refuses content types it cannot read and error statuses', async () => {
		await expect(safeFetch(server.url('/image.png'), 'document', policy)).rejects.toThrow(
			/is image\/png; ngo-bot reads/,
		);
		await expect(safeFetch(server.url('/page.html'), 'feed', { ...policy })).resolves.toBeDefined();
		await expect(safeFetch(server.url('/gone'), 'document', policy)).rejects.toThrow(/answered 404/);
	});

	it('refuses non-web and credentialed addresses', async () => {
		await expect(safeFetch('file:///etc/passwd', 'document', policy)).rejects.toThrow('Only http:// and https://');
		await expect(safeFetch('http://user:pw@127.0.0.1/', 'document', policy)).rejects.toThrow('user name or password');
		await expect(safeFetch('not a url', 'document', policy)).rejects.toThrow('is not a web address');
	});

	it('decodes a declared legacy charset', async () => {
		expect((await safeFetch(server.url('/gbk'), 'document', policy)).text).toBe('你好');
	});
});
