import { REST, type RESTPostAPIApplicationCommandsJSONBody, Routes } from 'discord.js';

export interface DeployOptions {
	readonly token: string;
	readonly applicationId: string;
	/** Register in one guild (instant; for development) instead of globally (can take up to an hour to show). */
	readonly guildId?: string;
	readonly apiBase: string;
	/** Slash commands and context-menu commands, each with its registration JSON. */
	readonly commands: readonly { readonly data: { toJSON(): RESTPostAPIApplicationCommandsJSONBody } }[];
}

/** Replaces the registered commands with ours (bulk overwrite): returns how many Discord now has. */
export async function deployCommands(options: DeployOptions): Promise<{ scope: 'guild' | 'global'; count: number }> {
	const rest = new REST({ api: options.apiBase, timeout: 15_000 }).setToken(options.token);
	const body = options.commands.map((command) => command.data.toJSON());
	const route = options.guildId
		? Routes.applicationGuildCommands(options.applicationId, options.guildId)
		: Routes.applicationCommands(options.applicationId);
	const registered = (await rest.put(route, { body })) as unknown[];
	return { scope: options.guildId ? 'guild' : 'global', count: registered.length };
}
