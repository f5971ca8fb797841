import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * CLI and end-to-end tests spawn the compiled program, as users run it, so build it once per run.
 * NGO_SKIP_BUILD=1 skips this when iterating on pure modules.
 */
export default function setup(): void {
	if (process.env.NGO_SKIP_BUILD === '1') return;
	const root = fileURLToPath(new URL('..', import.meta.url));
	const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
	execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
