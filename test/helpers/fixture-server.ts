import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a path answers; change it between requests to model a site that changes. */
export interface FixtureRoute {
	status?: number;
	type?: string;
	body?: string | Uint8Array;
	headers?: Record<string, string>;
	/** Full control (slow or endless bodies); `status`/`type`/`body` are ignored then. */
	handler?: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface FixtureServer {
	/** `http://127.0.0.1:PORT` */
	readonly origin: string;
	readonly routes: Map<string, FixtureRoute>;
	/** Paths requested, in order. */
	readonly hits: string[];
	/** Every request in order: path, when it arrived (ms since the epoch) and its headers. */
	readonly requests: { path: string; at: number; headers: IncomingMessage['headers'] }[];
	url(path: string): string;
	close(): Promise<void>;
}

/** A local web server for fetch, feed and /ingest tests: real HTTP on 127.0.0.1, routes set by the test. */
export async function startFixtureServer(): Promise<FixtureServer> {
	const routes = new Map<string, FixtureRoute>();
	const hits: string[] = [];
	const requests: FixtureServer['requests'] = [];
	const server = createServer((request, response) => {
		const path = request.url ?? '/';
		hits.push(path);
		requests.push({ path, at: Date.now(), headers: request.headers });
		const route = routes.get(path);
		if (!route) {
			response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		if (route.handler) return route.handler(request, response);
		response.writeHead(route.status ?? 200, {
			...(route.type ? { 'content-type': route.type } : {}),
			...route.headers,
		});
		response.end(route.body ?? '');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		routes,
		hits,
		requests,
		url: (path) => `${origin}${path}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
