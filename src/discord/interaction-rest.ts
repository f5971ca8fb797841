import { REST, type InternalRequest } from 'discord.js';

/**
 * Lets the edits and follow-ups of interactions (the interaction webhook: `/webhooks/{application id}/{interaction
 * token}/…`, sent without the bot's token) bypass the bot's global limit of 50 requests a second, as Discord does:
 * "interaction endpoints are not bound to the bot's Global Rate Limit" (discord-api-docs #4416). @discordjs/rest
 * exempts only the first response (the callback), so after a burst every deferred answer queued behind the others at
 * 50 a second: 747 deferred answers of a 1,000-interaction burst took 15 s to go out (issue 14's bench). They now go
 * through a REST manager of their own whose global count never runs out; the per-route buckets (one per interaction
 * token) and 429 handling stay, and every other request (channel posts, command registration) still counts against
 * the real global limit in the client's own manager.
 */
export function exemptInteractionWebhooks(rest: REST, applicationId: string): REST {
	const prefix = `/webhooks/${applicationId}/`;
	const exempt = new REST({ ...rest.options, globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
	const queue = rest.queueRequest.bind(rest);
	rest.queueRequest = (request: InternalRequest) =>
		request.auth === false && request.fullRoute.startsWith(prefix) ? exempt.queueRequest(request) : queue(request);
	return exempt;
}
