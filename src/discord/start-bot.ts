import { UserFacingError } from '../domain/errors.js';

/** Placeholder until the Discord client lands: says so plainly instead of failing obscurely. */
export async function startBot(_options: { databasePath: string }): Promise<number> {
	throw new UserFacingError(
		'DISCORD_TOKEN is set, but this version of ngo-bot has no Discord client yet. Unset DISCORD_TOKEN to use the local console.',
		'config',
	);
}
