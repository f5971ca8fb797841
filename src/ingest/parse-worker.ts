// Worker thread of parse-pool.ts: reads and parses the files it is sent, against the standard reference data.
import { parentPort } from 'node:worker_threads';
import { loadReference } from './load-reference.js';
import { type ParseJob, type ParseOutcome, outcomeOfError } from './parse-outcome.js';
import { readDocumentSync } from './read-document.js';
import { prepareDocument } from '../store/document-store.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker.js runs as a worker thread of parse-pool.js.');
const reference = loadReference();

port.on('message', (job: ParseJob) => {
	// Synchronous reads: the worker reads one file at a time and has nothing else to do meanwhile (see loadSourceSync).
	try {
		const document = readDocumentSync(job.file, reference, { maxBytes: job.maxBytes });
		// The store's checks and pure preparation (hashes, full-text terms) run here too, off the writer's thread;
		// a document without entries is reported as such before any check, as in-process. The source key is the
		// file's absolute path, as runIngest saves it.
		const prepared = document.entries.length > 0 ? prepareDocument(document, job.file.absolutePath) : null;
		port.postMessage({ id: job.id, ok: true, document, prepared } satisfies ParseOutcome);
	} catch (error) {
		port.postMessage({ id: job.id, ...outcomeOfError(error) } satisfies ParseOutcome);
	}
});
