import { BotEnv, loadConfig } from '../config.js';
import { UserFacingError } from '../domain/errors.js';
import { scrubSecret } from '../log.js';
import type { CliCommand } from './command.js';

export const deployCommandsCommand: CliCommand = {
	name: 'deploy-commands',
	brief: 'Register the slash commands with Discord (guild with DISCORD_GUILD_ID, else global).',
	summary:
		'Registers every slash command (/ngo, /search, /digest …). With DISCORD_GUILD_ID they appear in that\n' +
		'server at once (use while developing); without it they are registered globally. The bot never registers at start-up.',
	usage: 'deploy-commands',
	options: {},
	positionals: 'none',
	examples: ['npm run deploy-commands'],
	async run({ io }) {
		const config = loadConfig(BotEnv);
		// Loaded here, not at the top: discord.js and the command definitions take half a second to load, which
		// every other CLI command would pay.
		const [{ slashCommands }, { deployCommands }] = await Promise.all([
			import('../discord/registry.js'),
			import('../discord/deploy.js'),
		]);
		try {
			const { scope, count } = await deployCommands({
				token: config.DISCORD_TOKEN,
				applicationId: config.DISCORD_APPLICATION_ID,
				guildId: config.DISCORD_GUILD_ID,
				apiBase: config.DISCORD_API_BASE,
				commands: slashCommands,
			});
			io.out.write(
				scope === 'guild'
					? `Registered ${count} commands in guild ${config.DISCORD_GUILD_ID}.\n`
					: `Registered ${count} global commands (Discord may take up to an hour to show them everywhere).\n`,
			);
			return 0;
		} catch (error) {
			throw new UserFacingError(
				`Discord refused the commands: ${scrubSecret((error as Error).message, config.DISCORD_TOKEN)}. Check DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_GUILD_ID.`,
			);
		}
	},
};
