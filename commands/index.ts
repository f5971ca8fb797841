import type { CommandDefinition, MessageCommandDefinition } from '../src/command/definition.js';
import { about } from './about.js';
import { ask } from './ask.js';
import { cite } from './cite.js';
import { digest } from './digest.js';
import { entry } from './entry.js';
import { exportCommand } from './export.js';
import { feeds } from './feeds.js';
import { health } from './health.js';
import { help } from './help.js';
import { ingest } from './ingest.js';
import { lookUp } from './look-up.js';
import { ngo } from './ngo.js';
import { ngos } from './ngos.js';
import { partner } from './partner.js';
import { province } from './province.js';
import { search } from './search.js';
import { stats } from './stats.js';
import { timeline } from './timeline.js';
import { watch } from './watch.js';

/**
 * Every command, once: registered by `npm run deploy-commands` and answered in Discord (src/discord/slash-command.ts),
 * answered at the console and by `cli ask` (src/console/run-line.ts), listed in both helps and the README.
 */
export const commands: readonly CommandDefinition[] = [
	ngo,
	ngos,
	province,
	partner,
	search,
	ask,
	entry,
	cite,
	exportCommand,
	stats,
	timeline,
	watch,
	digest,
	about,
	help,
	health,
	ingest,
	feeds,
];

/** Commands of a message's context menu (Discord only: they read a message someone wrote). */
export const messageCommands: readonly MessageCommandDefinition[] = [lookUp];
