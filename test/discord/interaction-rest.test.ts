import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/discord/client.js';
import { exemptInteractionWebhooks } from '../../src/discord/interaction-rest.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';

const APPLICATION = '1180000000000000001';
const CHANNEL = '1180000000000000002';
const TOKEN = `rest-test-token-${'r'.repeat(60)}`;

describe('interaction webhooks and the global rate limit', () => {
	let server: FixtureServer | null = null;
	afterEach(async () => {
		await server?.close();
		server = null;
	});

	async function setup(exempt: boolean) {
		server = await startFixtureServer();
		const ok = { status: 200, type: 'application/json', body: '{}' };
		for (let i = 0; i < 60; i++) server.routes.set(`/api/v10/webhooks/${APPLICATION}/token${i}/messages/@original`, ok);
		server.routes.set(`/api/v10/channels/${CHANNEL}/messages`, ok);
		const client = createClient({ apiBase: `${server.origin}/api` });
		client.rest.setToken(TOKEN);
		if (exempt) exemptInteractionWebhooks(client.rest, APPLICATION);
		const edits = () =>
			Promise.all(
				Array.from({ length: 60 }, (_, i) =>
					client.rest.patch(`/webhooks/${APPLICATION}/token${i}/messages/@original`, {
						auth: false,
						body: { content: `answer ${i}` },
					}),
				),
			);
		return { rest: client.rest, edits };
	}

	it('sends 60 interaction edits without spending the bot’s 50 requests a second, and without its token', async () => {
		const { rest, edits } = await setup(true);
		const before = rest.globalRemaining;
		await edits();
		expect(server!.hits.filter((path) => path.includes('/webhooks/'))).toHaveLength(60);
		expect(rest.globalRemaining).toBe(before);
		expect(server!.requests.every((request) => request.headers.authorization === undefined)).toBe(true);

		// Other requests still count against the global limit, with the bot's token.
		await rest.post(`/channels/${CHANNEL}/messages`, { body: { content: 'digest' } });
		expect(rest.globalRemaining).toBe(49);
		expect(server!.requests.at(-1)!.headers.authorization).toBe(`Bot ${TOKEN}`);
	});

	it('without the exemption the same edits spend the global count (what the exemption removes)', async () => {
		const { rest, edits } = await setup(false);
		const sent = edits();
		// The first 50 go out at once; the rest wait for the next second.
		await expect.poll(() => server!.hits.length).toBe(50);
		expect(rest.globalRemaining).toBe(0);
		await sent;
		expect(server!.hits).toHaveLength(60);
	});
});
