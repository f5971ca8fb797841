import { about } from './about.js';
import { cite } from './cite.js';
import { entry } from './entry.js';
import { help } from './help.js';
import { ngo } from './ngo.js';
import { province } from './province.js';
import { search } from './search.js';
import { stats } from './stats.js';

/** Every slash command, registered by `npm run deploy-commands` and routed by the dispatcher. */
export const commands = [ngo, province, search, entry, cite, stats, about, help] as const;
