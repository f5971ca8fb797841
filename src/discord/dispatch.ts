import {
	type AutocompleteInteraction,
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	DiscordAPIError,
	type Interaction,
	type InteractionReplyOptions,
	type MessageComponentInteraction,
	MessageFlags,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
} from 'discord.js';
import type { IsoDate } from '../domain/entry.js';
import { UserFacingError, isUserFacingError } from '../domain/errors.js';
import { type Logger, scrubSecret } from '../log.js';
import type { InteractionMetrics } from './metrics.js';
import { DISCORD_LIMITS } from '../render/limits.js';
import { escapeMarkdown, truncate } from '../render/markdown.js';
import type { RenderedReply } from '../render/reply.js';
import { createCooldowns } from './cooldowns.js';
import { answerPage } from './paged-answer.js';
import { decodePageState } from './page-state.js';
import type { CommandServices } from '../command/services.js';
import type { AutocompleteContext, CommandContext, ComponentContext, Invoker, SlashCommand } from './types.js';

export interface DispatchDeps {
	readonly commands: readonly SlashCommand[];
	readonly services: CommandServices;
	readonly log: Logger;
	readonly today: () => IsoDate;
	/** Unix seconds (injected so button expiry is testable). */
	readonly nowSeconds?: () => number;
	/** Counts for /health (interactions, user errors, unexpected errors, undelivered answers). */
	readonly metrics?: InteractionMetrics;
	/** Values (the bot token) cut out of what users type, so that no answer can repeat them. */
	readonly secrets?: readonly (string | undefined)[];
}

/** Nobody is ever pinged by the bot, whatever text it repeats. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

/** discord.js attachment payloads for a reply's files. */
export function filesOf(reply: RenderedReply): InteractionReplyOptions['files'] {
	return reply.files?.map((file) => ({
		attachment: Buffer.from(file.data),
		name: file.name,
		...(file.description ? { description: file.description } : {}),
	}));
}

function payload(reply: RenderedReply, hidden: boolean): InteractionReplyOptions {
	return {
		content: reply.content,
		embeds: reply.embeds ? [...reply.embeds] : undefined,
		components: reply.components ? [...reply.components] : undefined,
		files: filesOf(reply),
		allowedMentions: NO_MENTIONS,
		...(hidden ? { flags: MessageFlags.Ephemeral } : {}),
	};
}

/** Who asked and where; Manage Server comes from the permissions Discord computed for this channel. */
function invokerOf(interaction: ChatInputCommandInteraction | MessageComponentInteraction): Invoker {
	return {
		userId: interaction.user.id,
		guildId: interaction.guildId,
		channelId: interaction.channelId,
		canManageGuild:
			interaction.inGuild() && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
	};
}

function withoutSecrets<T extends string | null>(value: T, secrets: DispatchDeps['secrets'] = []): T {
	return value === null ? value : (secrets.reduce<string>((text, secret) => scrubSecret(text, secret), value) as T);
}

/** The command name, or the start of a component's custom_id, for log lines. */
function commandOf(interaction: ChatInputCommandInteraction | MessageComponentInteraction): string {
	return interaction.isChatInputCommand() ? interaction.commandName : interaction.customId.slice(0, 40);
}

/** Sends a reply whatever state the interaction is in: first reply, edit of a deferral, or follow-up. */
async function respond(
	interaction: ChatInputCommandInteraction | MessageComponentInteraction,
	reply: RenderedReply,
	hidden: boolean,
): Promise<void> {
	// Once the deferred reply was edited in, further replies are follow-ups (an export sent in several messages).
	if (interaction.deferred && !interaction.replied) {
		await interaction.editReply({ ...payload(reply, false), flags: undefined });
	} else if (interaction.replied) {
		await interaction.followUp(payload(reply, hidden));
	} else {
		await interaction.reply(payload(reply, hidden));
	}
}

function readOption<T>(read: () => T, name: string): T {
	try {
		return read();
	} catch {
		// A modified client can send an option of the wrong type; discord.js throws on reading it.
		throw new UserFacingError(`The option ${name} has the wrong type. Use the command's own options.`);
	}
}

/** Whether the member and the bot may post in a channel of this server, from the cached guild (null: unknown). */
function sendRights(
	interaction: ChatInputCommandInteraction,
	channelId: string,
): { memberCanSend: boolean | null; botCanSend: boolean | null } {
	const channel = interaction.inCachedGuild() ? interaction.guild.channels.cache.get(channelId) : undefined;
	if (!channel || !interaction.inCachedGuild()) return { memberCanSend: null, botCanSend: null };
	const post = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages];
	const me = interaction.guild.members.me;
	return {
		memberCanSend: channel.permissionsFor(interaction.member).has(post),
		botCanSend: me ? channel.permissionsFor(me).has(post) : null,
	};
}

function commandContext(interaction: ChatInputCommandInteraction, deps: DispatchDeps): CommandContext {
	const { options } = interaction;
	return {
		...invokerOf(interaction),
		services: deps.services,
		today: deps.today(),
		commandName: interaction.commandName,
		subcommand: options.getSubcommand(false),
		attachmentSizeLimit: interaction.attachmentSizeLimit,
		getString: (name) => readOption(() => withoutSecrets(options.getString(name), deps.secrets), name),
		getInteger: (name) => readOption(() => options.getInteger(name), name),
		getBoolean: (name) => readOption(() => options.getBoolean(name), name),
		getChannel: (name) =>
			readOption(() => {
				const channel = options.getChannel(name);
				if (!channel) return null;
				return {
					id: channel.id,
					name: 'name' in channel ? (channel.name ?? null) : null,
					...sendRights(interaction, channel.id),
				};
			}, name),
		getAttachment: (name) =>
			readOption(() => {
				const file = options.getAttachment(name);
				return file ? { url: file.url, name: file.name, size: file.size, contentType: file.contentType } : null;
			}, name),
		reply: (reply, { hidden }) => respond(interaction, reply, hidden),
		defer: async ({ hidden }) => {
			if (!interaction.deferred && !interaction.replied) {
				await interaction.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {});
			}
		},
		progress: async (text) => {
			// Edits the "thinking…" message in place; the answer comes after it as a follow-up.
			if (interaction.deferred) await interaction.editReply({ content: text, allowedMentions: NO_MENTIONS });
		},
	};
}

/** The one place interactions arrive: routing, and the error boundary every handler runs inside. */
export function createInteractionHandler(deps: DispatchDeps): (interaction: Interaction) => Promise<void> {
	const byName = new Map(deps.commands.map((command) => [command.data.name, command]));
	const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
	const cooldowns = createCooldowns(() => deps.services.now().getTime());

	async function fail(
		interaction: ChatInputCommandInteraction | MessageComponentInteraction,
		error: unknown,
	): Promise<void> {
		if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction) {
			deps.metrics?.count('undeliveredAnswers');
			// The answer came after Discord's 3-second deadline: the interaction is gone and nobody can be told.
			deps.log.warn(
				{ interactionId: interaction.id, command: commandOf(interaction) },
				'answered after the interaction deadline; the answer was dropped',
			);
			return;
		}
		const expected = isUserFacingError(error);
		deps.metrics?.count(expected ? 'userErrors' : 'unexpectedErrors');
		const message = expected
			? `❌ ${escapeMarkdown(error.message)}`
			: `🐞 Something went wrong (ref ${interaction.id}). It has been logged; please try again later.`;
		if (!expected) {
			deps.log.error(
				{
					err: error,
					interactionId: interaction.id,
					command: commandOf(interaction),
				},
				'interaction handler failed',
			);
		}
		try {
			await respond(interaction, { content: truncate(message, DISCORD_LIMITS.content) }, true);
		} catch (responseError) {
			// Past the deadline or the token's life there is no one left to tell; the log keeps the trace.
			deps.metrics?.count('undeliveredAnswers');
			deps.log.warn({ err: responseError, interactionId: interaction.id }, 'could not report a failure to the user');
		}
	}

	async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
		const command = byName.get(interaction.commandName);
		if (!command) {
			throw new UserFacingError(
				`/${interaction.commandName} is not a command of this bot any more. Ask a server manager to run npm run deploy-commands.`,
			);
		}
		const context = commandContext(interaction, deps);
		const cooldown =
			typeof command.cooldownSeconds === 'function' ? command.cooldownSeconds(context) : command.cooldownSeconds;
		const cooldownKey = [command.data.name, context.subcommand].filter(Boolean).join(' ');
		const wait = cooldown ? cooldowns.take(context.userId, cooldownKey, cooldown) : 0;
		if (wait > 0) {
			await context.reply({ content: `⏳ You can run /${cooldownKey} again in ${wait} s.` }, { hidden: true });
			return;
		}
		try {
			await command.execute(context);
		} catch (error) {
			if (cooldown && isUserFacingError(error)) cooldowns.release(context.userId, cooldownKey);
			throw error;
		}
	}

	async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
		const command = byName.get(interaction.commandName);
		const focused = interaction.options.getFocused(true);
		const context: AutocompleteContext = {
			userId: interaction.user.id,
			services: deps.services,
			focused: { name: focused.name, value: withoutSecrets(String(focused.value ?? ''), deps.secrets) },
			subcommand: interaction.options.getSubcommand(false),
			respond: (choices) =>
				interaction.respond(
					choices.slice(0, DISCORD_LIMITS.choices).map((choice) => ({
						name: truncate(choice.name, DISCORD_LIMITS.choiceName),
						value: truncate(choice.value, DISCORD_LIMITS.choiceValue),
					})),
				),
		};
		if (!command?.autocomplete) return context.respond([]);
		await command.autocomplete(context);
	}

	/** Components of a command (custom_id `<command>:…`) go to that command; anything else is a paging button. */
	async function onComponent(interaction: MessageComponentInteraction): Promise<void> {
		const owner = byName.get(interaction.customId.split(':', 1)[0] ?? '');
		if (owner?.component && interaction.customId.includes(':')) {
			await owner.component(componentContext(interaction));
			return;
		}
		if (interaction.isButton()) await onButton(interaction);
		else throw new UserFacingError('This menu belongs to an older version of the bot. Run the command again.');
	}

	function componentContext(interaction: MessageComponentInteraction): ComponentContext {
		return {
			...invokerOf(interaction),
			services: deps.services,
			today: deps.today(),
			customId: interaction.customId,
			values: interaction.isAnySelectMenu() ? [...interaction.values] : [],
			update: async (reply) => {
				const body = {
					content: reply.content ?? null,
					embeds: reply.embeds ? [...reply.embeds] : [],
					components: reply.components ? [...reply.components] : [],
					files: filesOf(reply),
					allowedMentions: NO_MENTIONS,
				};
				if (interaction.deferred || interaction.replied) await interaction.editReply(body);
				else await interaction.update(body);
			},
			reply: (reply, { hidden }) => respond(interaction, reply, hidden),
			defer: async () => {
				if (!interaction.deferred && !interaction.replied) await interaction.deferUpdate();
			},
		};
	}

	async function onButton(interaction: ButtonInteraction): Promise<void> {
		const state = decodePageState(interaction.customId);
		if (!state) throw new UserFacingError('This button belongs to an older version of the bot. Run the command again.');
		if (state.ownerId !== interaction.user.id) {
			throw new UserFacingError(
				`Only the person who asked can use these buttons. Run /${state.kind} yourself to browse.`,
			);
		}
		if (state.expiresAt < nowSeconds()) {
			// Expired buttons are removed rather than left to fail again.
			await interaction.update({ components: [], allowedMentions: NO_MENTIONS });
			await interaction.followUp(
				payload({ content: `These buttons have expired. Run /${state.kind} again to see more.` }, true),
			);
			return;
		}
		const { reply } = answerPage(
			{ kind: state.kind, args: state.args, page: state.page, hidden: state.hidden, ownerId: state.ownerId },
			deps.services,
			{ today: deps.today(), nowSeconds: nowSeconds() },
		);
		if (state.action === 'public') {
			// A new public message; the hidden one stays with its asker.
			await interaction.reply(payload(reply, false));
			return;
		}
		await interaction.update({
			content: reply.content ?? null,
			embeds: reply.embeds ? [...reply.embeds] : [],
			components: reply.components ? [...reply.components] : [],
			allowedMentions: NO_MENTIONS,
		});
	}

	return async (interaction) => {
		deps.metrics?.count('interactions');
		try {
			if (interaction.isChatInputCommand()) await onCommand(interaction);
			else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
			else if (interaction.isMessageComponent()) await onComponent(interaction);
		} catch (error) {
			if (interaction.isChatInputCommand() || interaction.isMessageComponent()) await fail(interaction, error);
			else {
				deps.metrics?.count('autocompleteFailures');
				deps.log.warn({ err: error, interactionId: interaction.id }, 'autocomplete failed');
			}
		}
	};
}
