import { about } from './about.js';
import { cite } from './cite.js';
import { digest } from './digest.js';
import { entry } from './entry.js';
import { exportCommand } from './export.js';
import { feeds } from './feeds.js';
import { health } from './health.js';
import { help } from './help.js';
import { ingest } from './ingest.js';
import { ngo } from './ngo.js';
import { province } from './province.js';
import { search } from './search.js';
import { stats } from './stats.js';
import { timeline } from './timeline.js';
import { watch } from './watch.js';

/** Every slash command, registered by `npm run deploy-commands` and routed by the dispatcher. */
export const commands = [
	ngo,
	province,
	search,
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
] as const;
