// Child process for the digest kill test: one scheduler pass through the compiled store and service, posting to a
// local Discord. Usage: digest-post-child.mjs <db> <apiBase> <token> <now ISO> <lease seconds>
import { REST } from 'discord.js';
import { createChannelPoster } from '../../dist/src/discord/channel-poster.js';
import { DEFAULT_DIGEST_CONFIG, createDigestService } from '../../dist/src/digest/digest-service.js';
import { loadReference } from '../../dist/src/ingest/load-reference.js';
import { createDigestStore } from '../../dist/src/store/digest-store.js';
import { createEntryReader } from '../../dist/src/store/entry-reader.js';
import { openDatabase } from '../../dist/src/store/open-database.js';

const [dbPath, api, token, nowIso, leaseSeconds = '120'] = process.argv.slice(2);
if (!dbPath || !api || !token || !nowIso)
	throw new Error('usage: digest-post-child.mjs <db> <api> <token> <now> [lease]');
const db = openDatabase(dbPath);
const reader = createEntryReader(db);
const service = createDigestService({
	store: createDigestStore(db, reader),
	reader,
	gazetteer: loadReference().gazetteer,
	config: { ...DEFAULT_DIGEST_CONFIG, leaseSeconds: Number(leaseSeconds) },
	now: () => new Date(nowIso),
	poster: createChannelPoster(new REST({ api, timeout: 60_000 }).setToken(token)),
});
const reports = await service.runDue(() => true);
process.stdout.write(`${JSON.stringify(reports)}\n`);
db.close();
