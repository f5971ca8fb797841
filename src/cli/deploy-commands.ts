import { BotEnv, loadConfig } from '../config.js';
import { UserFacingError } from '../domain/errors.js';
import { scrubSecret } from '../log.js';
import type { CliCommand } from './command.js';

export const deployCommandsCommand: CliCommand = {
	name: 'deploy-commands',
	brief: 'Register the slash commands with Discord (guild with DISCORD_GUILD_ID, else global).',
	summary:
		'Registers every slash command (/ngo, /search, /digest …) and the message context-menu command\n' +
		'"Look up NGOs and places", with where each can be used (servers, DMs, user installs). With DISCORD_GUILD_ID\n' +
		'they appear in that server at once (use while developing); without it they are registered globally.\n' +
		'The bot never registers at start-up.',
	usage: 'deploy-commands',
	options: {},
	positionals: 'none',
	examples: ['npm run deploy-commands'],
	async run({ io }) {
		const config = loadConfig(BotEnv);
		// Loaded here, not at the top: discord.js and the command definitions take half a second to load, which
		// every other CLI command would pay.
		const [{ slashCommands, messageMenus }, { deployCommands }] = await Promise.all([
			import('../discord/registry.js'),
			import('../discord/deploy.js'),
		]);
		try {
			const { scope, count } = await deployCommands({
				token: config.DISCORD_TOKEN,
				applicationId: config.DISCORD_APPLICATION_ID,
				guildId: config.DISCORD_GUILD_ID,
				apiBase: config.DISCORD_API_BASE,
				commands: [...slashCommands, ...messageMenus],
			});
			io.out.write(
				scope === 'guild'
					? `Registered ${count} commands in guild ${config.DISCORD_GUILD_ID}.\n`
					: `Registered ${count} global commands (Discord may take up to an hour to show them everywhere).\n`,
			);
			io.out.write(
				'The lookups, /entry, /cite and "Look up NGOs and places" can also be installed to a user\'s own account\n' +
					'(Developer Portal → Installation: enable User Install) to work in DMs and servers without the bot.\n',
			);
			return 0;
		} catch (error) {
			throw new UserFacingError(
				`Discord refused the commands: ${scrubSecret((error as Error).message, config.DISCORD_TOKEN)}. Check DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_GUILD_ID.`,
			);
		}
	},
};
