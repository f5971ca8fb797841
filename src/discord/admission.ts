import { type ChatInputCommandInteraction, type Interaction, MessageFlags } from 'discord.js';
import type { Logger } from '../log.js';
import type { InteractionMetrics } from './metrics.js';

export interface AdmissionOptions {
	/** The dispatcher (routing and the error boundary). */
	readonly handle: (interaction: Interaction) => Promise<void>;
	/** Commands whose visibility is chosen by a `hide` option (only these are acknowledged early: see below). */
	readonly hideOptionCommands: ReadonlySet<string>;
	readonly log: Logger;
	readonly metrics?: InteractionMetrics;
	/**
	 * An interaction that waited this long in the queue is acknowledged (deferred) before its answer is worked out:
	 * Discord drops interactions not acknowledged within 3 s, and the edit that follows may come up to 15 min later.
	 * Default 850 ms: the acknowledgement itself then still reaches Discord within about a second.
	 */
	readonly ackBudgetMs?: number;
	readonly nowMs?: () => number;
}

export interface Admission {
	push(interaction: Interaction): void;
	/** Stops taking and running interactions (shutdown: the database is about to close). */
	stop(): void;
	/** Interactions waiting (new ones and acknowledged ones still to answer). */
	readonly waiting: number;
}

/** Autocomplete that waited this long is dropped: it could not reach Discord within its 3 s anyway. */
export const STALE_AUTOCOMPLETE_MS = 2_500;

interface Queued {
	readonly interaction: Interaction;
	readonly at: number;
}

/**
 * Runs interactions one at a time, yielding to the event loop between them so that answers already worked out
 * are sent while a burst is still being read. Answers are synchronous work (SQLite, in-memory indexes), so a burst
 * of hundreds would otherwise be answered only after the whole burst was computed, all past Discord's deadline.
 * When the queue falls behind, new slash commands are acknowledged first (cheap) and answered after every new
 * interaction has been acknowledged. Only commands whose visibility is set by their `hide` option are acknowledged
 * early, so a command that must stay private (/health) is never deferred publicly.
 */
export function createAdmission(options: AdmissionOptions): Admission {
	const budget = options.ackBudgetMs ?? 850;
	const nowMs = options.nowMs ?? (() => performance.now());
	const fresh: Queued[] = [];
	const acknowledged: Interaction[] = [];
	let scheduled = false;
	let stopped = false;

	function schedule(): void {
		if (scheduled) return;
		scheduled = true;
		setImmediate(step);
	}

	/** Running average of the synchronous part of a handler run (the answer's work; sending is asynchronous). */
	let averageMs = 2;
	function run(interaction: Interaction): void {
		const started = nowMs();
		void options.handle(interaction);
		averageMs = 0.9 * averageMs + 0.1 * (nowMs() - started);
	}

	function step(): void {
		scheduled = false;
		if (stopped) return;
		const next = fresh.shift();
		if (next) {
			// Behind when this one already waited too long, or when answering it now would make those queued after
			// it wait too long: then it is acknowledged now and answered once every new interaction is acknowledged.
			const waited = nowMs() - next.at;
			const behind = waited + fresh.length * averageMs > budget;
			if (behind && canAcknowledgeEarly(next.interaction)) acknowledge(next.interaction);
			else if (waited > STALE_AUTOCOMPLETE_MS && next.interaction.isAutocomplete()) {
				// Discord refuses choices after 3 s and the user has typed on since: not worth the work.
				options.metrics?.count('undeliveredAnswers');
			} else run(next.interaction);
		} else {
			const later = acknowledged.shift();
			if (later) run(later);
		}
		if (fresh.length > 0 || acknowledged.length > 0) schedule();
	}

	function canAcknowledgeEarly(interaction: Interaction): interaction is ChatInputCommandInteraction {
		return interaction.isChatInputCommand() && options.hideOptionCommands.has(interaction.commandName);
	}

	function acknowledge(interaction: ChatInputCommandInteraction): void {
		const hidden = safeHide(interaction);
		interaction.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {}).then(
			() => {
				acknowledged.push(interaction);
				schedule();
			},
			(error: unknown) => {
				// Too late already, or Discord is failing: there is no one left to answer.
				options.metrics?.count('undeliveredAnswers');
				options.log.warn({ err: error, interactionId: interaction.id }, 'could not acknowledge a queued interaction');
			},
		);
	}

	return {
		push(interaction) {
			if (stopped) return;
			fresh.push({ interaction, at: nowMs() });
			schedule();
		},
		stop() {
			stopped = true;
			if (fresh.length + acknowledged.length > 0) {
				options.log.warn({ dropped: fresh.length + acknowledged.length }, 'shutting down with interactions unanswered');
			}
			fresh.length = 0;
			acknowledged.length = 0;
		},
		get waiting() {
			return fresh.length + acknowledged.length;
		},
	};
}

function safeHide(interaction: ChatInputCommandInteraction): boolean {
	try {
		return interaction.options.getBoolean('hide') ?? false;
	} catch {
		return false;
	}
}

/** The commands that have a `hide` option, from their registration data. */
export function commandsWithHideOption(
	commands: readonly { data: { name: string; toJSON(): { options?: readonly { name: string }[] } } }[],
): Set<string> {
	return new Set(
		commands
			.filter((command) => (command.data.toJSON().options ?? []).some((option) => option.name === 'hide'))
			.map((command) => command.data.name),
	);
}
