// Worker thread of parse-pool.ts: reads and parses the files it is sent, against the standard reference data.
import { parentPort } from 'node:worker_threads';
import { loadReference } from './load-reference.js';
import { type ParseJob, type ParseOutcome, outcomeOfError } from './parse-outcome.js';
import { readDocument } from './read-document.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker.js runs as a worker thread of parse-pool.js.');
const reference = loadReference();

port.on('message', (job: ParseJob) => {
	readDocument(job.file, reference, { maxBytes: job.maxBytes }).then(
		(document) => port.postMessage({ id: job.id, ok: true, document } satisfies ParseOutcome),
		(error: unknown) => port.postMessage({ id: job.id, ...outcomeOfError(error) } satisfies ParseOutcome),
	);
});
