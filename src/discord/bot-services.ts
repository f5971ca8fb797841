import type { App } from '../app.js';
import { createCorpusFacts } from './corpus-facts.js';
import type { BotServices } from './types.js';

export interface BotServicesOptions {
	/** The clock; tests inject one to move schedules and expiry forward. */
	readonly now?: () => Date;
}

/** The one place the services commands use are built from the app (the bot and tests share it). */
export function createBotServices(app: App, options: BotServicesOptions = {}): BotServices {
	const now = options.now ?? (() => new Date());
	return {
		query: app.query,
		about: createCorpusFacts(app.db, app.reader),
		now,
	};
}
