import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { Logger } from '../log.js';
import type { WatchDelivery, WatchService } from '../watch/watch-service.js';
import type { BotJob } from './bot-job.js';
import { createRepeatingTask } from './repeating-task.js';
import { type ChannelPoster, createChannelPoster } from './channel-poster.js';

/** Failed sends in a row (5xx, timeouts) after which a target is paused rather than retried every pass. */
export const MAX_TRANSIENT_FAILURES = 5;
/** Rounds of deliveries per pass: a target behind by several ingests gets one message per ingest, in order. */
const ROUNDS_PER_PASS = 20;

export interface WatchJobOptions {
	readonly watch: WatchService;
	/** Time between passes; a pass also runs as soon as the job starts (deliveries missed while stopped). */
	readonly intervalMs: number;
	/** How messages are sent; by default through the client's REST (tests may pass their own). */
	readonly poster?: ChannelPoster;
}

export interface WatchJob extends BotJob {
	/** Runs one pass now (or waits for the one in progress); resolves with the number of messages sent. */
	runOnce(): Promise<number>;
}

/**
 * Delivers watch notifications: every interval, the new entries of each finished ingest (from any process: the
 * ingest_runs table, not in-process callbacks) that match a target's watches go out as one message per target and
 * ingest. A sent message and the target's cursor are recorded together; a retry after a crash in between carries
 * the same nonce, so Discord does not post it twice.
 */
export function createWatchJob(options: WatchJobOptions): WatchJob {
	let poster: ChannelPoster | null = options.poster ?? null;
	let log: Logger | null = null;

	async function send(delivery: WatchDelivery, out: ChannelPoster): Promise<string> {
		const sendOptions = { nonce: delivery.nonce };
		const sent =
			delivery.channelId === null
				? await out.dm(delivery.userId, delivery.reply, sendOptions)
				: await out.post(delivery.channelId, delivery.reply, sendOptions);
		return sent.messageId;
	}

	function onFailure(delivery: WatchDelivery, error: unknown): void {
		const where = delivery.channelId === null ? { userId: delivery.userId } : { channelId: delivery.channelId };
		const pause = pauseReason(delivery, error);
		if (pause !== null) {
			options.watch.markFailed(delivery, { pause });
			// One line per pause: the target is not tried again until its user next uses /watch.
			log?.info({ ...where, targetId: delivery.targetId, reason: pause }, 'watch notifications paused');
			return;
		}
		const failures = options.watch.failures(delivery.targetId) + 1;
		if (failures >= MAX_TRANSIENT_FAILURES) {
			const reason = `Discord kept failing (${failures} attempts in a row: ${describeError(error)})`;
			options.watch.markFailed(delivery, { pause: reason });
			log?.warn({ ...where, targetId: delivery.targetId, reason }, 'watch notifications paused');
			return;
		}
		options.watch.markFailed(delivery, { pause: null });
		log?.warn(
			{ ...where, targetId: delivery.targetId, failures, err: describeError(error) },
			'watch notification failed',
		);
	}

	async function pass(): Promise<number> {
		const out = poster;
		if (out === null) return 0;
		let sent = 0;
		// A target that failed waits for the next pass: one attempt per target and pass, never a burst of retries.
		const failed = new Set<number>();
		for (let round = 0; round < ROUNDS_PER_PASS && !task.stopped; round++) {
			const deliveries = options.watch.pendingDeliveries().filter((delivery) => !failed.has(delivery.targetId));
			if (deliveries.length === 0) break;
			for (const delivery of deliveries) {
				if (task.stopped) break;
				try {
					options.watch.markSent(delivery, await send(delivery, out));
					sent += 1;
				} catch (error) {
					failed.add(delivery.targetId);
					onFailure(delivery, error);
				}
			}
		}
		if (sent > 0) log?.info({ sent }, 'watch notifications sent');
		return sent;
	}

	const task = createRepeatingTask<number>({
		intervalMs: options.intervalMs,
		pass,
		onError: (error) => {
			// A bug or a database error: logged once per pass, the next pass tries again.
			log?.error({ err: error }, 'watch delivery pass failed');
			return 0;
		},
	});

	return {
		name: 'watch-notifications',
		start({ client, log: jobLog }) {
			log = jobLog;
			// With several shards every process runs jobs: only shard 0's delivers, so nothing is sent twice.
			if (client.shard && !client.shard.ids.includes(0)) return;
			poster ??= createChannelPoster(client.rest);
			task.start();
		},
		stop: () => task.stop(),
		runOnce: () => task.runOnce(),
	};
}

/** Why a target should stop receiving (Discord will keep refusing), or null for a failure worth retrying. */
function pauseReason(delivery: WatchDelivery, error: unknown): string | null {
	if (!(error instanceof DiscordAPIError)) return null;
	switch (error.code) {
		case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
			return 'Discord does not let me send you direct messages (they may be turned off for this server’s members)';
		case RESTJSONErrorCodes.MissingAccess:
		case RESTJSONErrorCodes.MissingPermissions:
			return `I may no longer post in <#${delivery.channelId ?? ''}> (missing permissions)`;
		case RESTJSONErrorCodes.UnknownChannel:
			return `the channel <#${delivery.channelId ?? ''}> no longer exists`;
		default:
			return null;
	}
}

function describeError(error: unknown): string {
	if (error instanceof DiscordAPIError) return `${error.status} ${error.code} ${error.message}`;
	return error instanceof Error ? error.message : String(error);
}
