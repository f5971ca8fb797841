import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		// Child-process CLI tests and e2e tests against the fake Discord spend time in I/O, not CPU.
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		globalSetup: ['test/global-setup.ts'],
		// .ci/run asks for a JSON report to print a plain "N passed, N failed" line.
		reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
		outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
		projects: [
			{
				extends: true,
				test: {
					name: 'suite',
					include: ['test/**/*.test.ts'],
					exclude: ['test/load/**'],
					sequence: { groupOrder: 0 },
					// Vitest defaults to one worker on two cores; most files wait on child processes and sockets, not CPU.
					maxWorkers: 3,
				},
			},
			// Load tests hold Discord's real 3-second deadline: they run after the rest, alone, so that other
			// test files competing for the same cores cannot make them miss it.
			{
				extends: true,
				test: {
					name: 'load',
					include: ['test/load/**/*.test.ts'],
					sequence: { groupOrder: 1 },
					maxWorkers: 1,
				},
			},
		],
	},
});
