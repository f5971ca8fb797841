import { join } from 'node:path';
import { commands } from '../../commands/index.js';
import { type CommandServices, createCommandServices } from '../../src/command/services.js';
import { runLine } from '../../src/console/run-line.js';
import { projectRoot } from '../../src/project-root.js';
import type { QueryService } from '../../src/query/query-service.js';
import { useApp } from './sample-app.js';

/** The sample corpus and the documents written for the /ask tests, in the order their entry ids follow. */
export const ASK_CORPUS = [join(projectRoot(), 'data', 'sample'), join(projectRoot(), 'test', 'fixtures', 'ask')];

/**
 * Command lines answered at the console door over a real app of `sources` (shared by the suite), on a fixed day,
 * and the query service the answers came from (to check what they cite).
 */
export function useConsoleApp(
	sources: readonly string[],
	today = '2026-12-07',
): { run: (line: string) => ReturnType<typeof runLine>; query: () => QueryService } {
	const app = useApp(sources);
	let services: CommandServices | undefined;
	const servicesOf = () => (services ??= createCommandServices(app()));
	return {
		run: (line) => runLine(line, { commands, services: servicesOf(), today }),
		query: () => servicesOf().query,
	};
}
