// Child process for the crash-safety test: saves large documents (new ones, and replacements of the previous one)
// in an endless loop through the compiled store, printing "saved <n>" after each commit, until it is killed.
import { openDatabase } from '../../dist/src/store/open-database.js';
import { createDocumentStore } from '../../dist/src/store/document-store.js';

const [dbPath, round = '0', entriesPerDocument = '200'] = process.argv.slice(2);
if (dbPath === undefined) throw new Error('usage: crash-writer.mjs <db> [round] [entries per document]');

const PROVINCES = ['Beijing', 'Yunnan', 'Guangdong', 'Fujian', 'Gansu', 'Sichuan'];
const FILLER = 'The foreign NGO held a training session with local partners on project management. '.repeat(12);

/** Every entry text carries the document version, so a half-replaced document would show mixed versions. */
function makeDocument(number, version) {
	const tag = `r${round}-d${number}-v${version}`;
	const entries = Array.from({ length: Number(entriesPerDocument) }, (_, i) => {
		const text = i % 3 === 0 ? `Stable entry ${i} of r${round}-d${number}. ${FILLER}` : `${tag} entry ${i}. ${FILLER}`;
		const start = text.indexOf('training');
		// One evidence row per entry, rewritten with the entry's facts on every replacement.
		const cue = { fact: 'type', value: 'training', subject: null, role: 'activity word', counted: true };
		const evidence = [{ ...cue, field: 'text', start, end: start + 'training'.length, quote: 'training' }];
		return {
			position: i,
			title: null,
			date: `2019-0${1 + (i % 9)}-1${i % 10}`,
			provinces: [PROVINCES[(number + i) % PROVINCES.length]],
			// Every third entry keeps its text across versions, so replacements keep ids and rewrite facts.
			orgs: [{ name: `Org ${(number * 13 + i) % 50}`, country: i % 2 ? 'Italy' : null, aliases: [`O${i % 50}`] }],
			type: 'training',
			summary: `Entry ${i}.`,
			text,
			// A body and a field per entry, rewritten (and their counts kept) on every replacement too.
			partners: [
				{
					name: `${PROVINCES[(number + i) % PROVINCES.length]} Public Security Bureau`,
					role: 'authority',
					written: `${PROVINCES[(number + i) % PROVINCES.length]} PSB`,
					level: 'provincial',
					province: PROVINCES[(number + i) % PROVINCES.length],
				},
			],
			fields: [i % 2 ? 'education' : 'health'],
			evidence,
		};
	});
	return {
		source: { path: `crash/${tag}.txt`, url: null, title: tag, published: '2019-03-19' },
		kind: 'digest',
		contentHash: tag,
		coverage: null,
		entries,
	};
}

const db = openDatabase(dbPath);
// A tiny page cache makes SQLite spill uncommitted pages into the WAL mid-transaction, so a kill leaves
// half-written transactions on disk for recovery to discard, not just in memory.
db.pragma('cache_size = 16');
const store = createDocumentStore(db);
for (let n = 0; ; n++) {
	// Alternate additions with replacements of the previous document, so a kill can land in either.
	const number = n % 2 === 0 ? n / 2 : (n - 1) / 2;
	const version = n % 2 === 0 ? 1 : 2;
	store.saveDocument(makeDocument(number, version), {
		sourceKey: `r${round}-d${number}`,
		extractorVersion: 1,
		now: new Date(),
	});
	// Written only after saveDocument returned: when the parent reads this line, the commit has happened.
	process.stdout.write(`saved ${n}\n`);
}
