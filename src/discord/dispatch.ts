import {
	type APIActionRowComponent,
	type APIButtonComponent,
	type APIComponentInMessageActionRow,
	type APIEmbed,
	ApplicationIntegrationType,
	type AutocompleteInteraction,
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	ComponentType,
	DiscordAPIError,
	type Interaction,
	type InteractionReplyOptions,
	type Message,
	type MessageComponentInteraction,
	type MessageContextMenuCommandInteraction,
	MessageFlags,
	type MessageMentionOptions,
	type ModalSubmitInteraction,
	PermissionFlagsBits,
	RESTJSONErrorCodes,
} from 'discord.js';
import { citeEntry } from '../cite/cite-entry.js';
import type { IsoDate } from '../domain/entry.js';
import { UserFacingError, isUserFacingError } from '../domain/errors.js';
import { type Logger, scrubSecret } from '../log.js';
import type { InteractionMetrics } from './metrics.js';
import { DISCORD_LIMITS } from '../render/limits.js';
import { escapeMarkdown, truncate } from '../render/markdown.js';
import type { RenderedReply } from '../render/reply.js';
import { type LimitSettings, createRateLimits, limitMessage } from './rate-limits.js';
import { answerPage } from './paged-answer.js';
import { replyOutcome } from './outcome-reply.js';
import { decodePageState } from './page-state.js';
import type { CommandServices } from '../command/services.js';
import {
	DELETE_WINDOW_SECONDS,
	SEND_TO_DMS_ID,
	decodeDeleteState,
	isAnswerAction,
	withAnswerActions,
	withButtons,
} from '../render/answer-actions.js';
import { renderSavedCopy } from '../render/saved-copy.js';
import type { ChannelPoster } from './channel-poster.js';
import type {
	AutocompleteContext,
	CommandContext,
	ComponentContext,
	Invoker,
	MessageMenu,
	SlashCommand,
} from './types.js';

/** Interactions the bot answers with messages (not autocomplete). */
type RepliableInteraction =
	| ChatInputCommandInteraction
	| MessageContextMenuCommandInteraction
	| MessageComponentInteraction
	| ModalSubmitInteraction;

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
	/** Token buckets per user and per server (DEFAULT_LIMITS when left out). */
	readonly limits?: LimitSettings;
	/** Commands of a message's context menu. */
	readonly menus?: readonly MessageMenu[];
	/** Sends "Send to my DMs" copies (the bot's own messages); without it that button says it cannot. */
	readonly poster?: ChannelPoster;
}

/** Nobody is ever pinged by the bot, whatever text it repeats. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

/** `allowedMentions` of a reply: the members and roles it names in `mentions`, never anything parsed from text. */
export function allowedMentionsOf(reply: RenderedReply): MessageMentionOptions {
	if (!reply.mentions) return NO_MENTIONS;
	return {
		parse: [],
		users: [...(reply.mentions.users ?? [])],
		roles: [...(reply.mentions.roles ?? [])],
		repliedUser: false,
	};
}

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
		allowedMentions: allowedMentionsOf(reply),
		...(hidden ? { flags: MessageFlags.Ephemeral } : {}),
	};
}

/**
 * Who asked and where; Manage Server comes from the permissions Discord computed for this channel, and counts only
 * where the bot is installed in the server (not through an app installed on the user's own account).
 */
function invokerOf(interaction: RepliableInteraction): Invoker {
	const owners = interaction.authorizingIntegrationOwners ?? {};
	const installedHere =
		Object.keys(owners).length === 0 || owners[ApplicationIntegrationType.GuildInstall] === interaction.guildId;
	return {
		userId: interaction.user.id,
		guildId: interaction.guildId,
		channelId: interaction.channelId,
		canManageGuild:
			interaction.inGuild() &&
			installedHere &&
			(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
	};
}

function withoutSecrets<T extends string | null>(value: T, secrets: DispatchDeps['secrets'] = []): T {
	return value === null ? value : (secrets.reduce<string>((text, secret) => scrubSecret(text, secret), value) as T);
}

/** The command name, or the start of a component's custom_id, for log lines. */
function commandOf(interaction: RepliableInteraction): string {
	return interaction.isCommand() ? interaction.commandName : interaction.customId.slice(0, 40);
}

/** Sends a reply whatever state the interaction is in: first reply, edit of a deferral, or follow-up. */
async function respond(interaction: RepliableInteraction, reply: RenderedReply, hidden: boolean): Promise<void> {
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

/** What a command can do with its interaction, whatever options it reads: reply, defer, who and where. */
function answering(
	interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
	deps: DispatchDeps,
): Pick<
	CommandContext,
	keyof Invoker | 'services' | 'today' | 'commandName' | 'attachmentSizeLimit' | 'reply' | 'defer' | 'progress'
> {
	return {
		...invokerOf(interaction),
		services: deps.services,
		today: deps.today(),
		commandName: interaction.commandName,
		attachmentSizeLimit: interaction.attachmentSizeLimit,
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

/** The text of a message as a reader sees it: its content, then its embeds' titles, descriptions and fields. */
function messageText(message: Message): string {
	const parts = [message.content];
	for (const embed of message.embeds) {
		parts.push(embed.title ?? '', embed.description ?? '');
		for (const field of embed.fields) parts.push(field.name, field.value);
	}
	return parts.filter(Boolean).join('\n');
}

const none = () => null;
/** The options of an interaction that has none (a message command; a button, menu or form answering as its command). */
const NO_OPTIONS = {
	subcommand: null,
	getString: none,
	getInteger: none,
	getBoolean: none,
	getChannel: none,
	getUser: none,
	getRole: none,
	getAttachment: none,
} satisfies Partial<CommandContext>;

/** A context-menu command on a message: no options, the message as `target`. */
function menuContext(interaction: MessageContextMenuCommandInteraction, deps: DispatchDeps): CommandContext {
	return {
		...answering(interaction, deps),
		...NO_OPTIONS,
		target: { id: interaction.targetId, text: withoutSecrets(messageText(interaction.targetMessage), deps.secrets) },
	};
}

function commandContext(interaction: ChatInputCommandInteraction, deps: DispatchDeps): CommandContext {
	const { options } = interaction;
	return {
		...answering(interaction, deps),
		subcommand: options.getSubcommand(false),
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
					type: channel.type,
					...sendRights(interaction, channel.id),
				};
			}, name),
		getUser: (name) => readOption(() => options.getUser(name)?.id ?? null, name),
		getRole: (name) => readOption(() => options.getRole(name)?.id ?? null, name),
		getAttachment: (name) =>
			readOption(() => {
				const file = options.getAttachment(name);
				return file ? { url: file.url, name: file.name, size: file.size, contentType: file.contentType } : null;
			}, name),
	};
}

/** The buttons of a message that act on it (Delete, Send to my DMs), as they are now. */
function answerActionsOn(message: Message | null | undefined): APIButtonComponent[] {
	const rows = (message?.components ?? []) as { toJSON(): unknown }[];
	return rows.flatMap((row) => {
		const json = row.toJSON() as Partial<APIActionRowComponent<APIComponentInMessageActionRow>>;
		return (json.components ?? []).filter(
			(component): component is APIButtonComponent =>
				component.type === ComponentType.Button && 'custom_id' in component && isAnswerAction(component.custom_id),
		);
	});
}

/** An update of a message keeps its Delete and Send to my DMs buttons (the new reply does not know of them). */
function keepingActions(reply: RenderedReply, message: Message | null | undefined): RenderedReply {
	const present = new Set(
		(reply.components ?? []).flatMap((row) =>
			row.components.flatMap((component) => ('custom_id' in component ? [component.custom_id] : [])),
		),
	);
	return withButtons(
		reply,
		answerActionsOn(message).filter((button) => 'custom_id' in button && !present.has(button.custom_id)),
	);
}

/** Entry ids an answer lists: the options of its Cite menu, or its Cite and citation-style buttons. */
function citedIdsOn(message: Message): number[] {
	const ids: number[] = [];
	for (const row of message.components as { toJSON(): unknown }[]) {
		const json = row.toJSON() as Partial<APIActionRowComponent<APIComponentInMessageActionRow>>;
		for (const component of json.components ?? []) {
			if (component.type === ComponentType.StringSelect && component.custom_id === 'cite:pick') {
				for (const option of component.options) if (/^\d{1,16}$/.test(option.value)) ids.push(Number(option.value));
			} else if ('custom_id' in component) {
				const match = /^cite:(\d{1,16})(?::|$)/.exec(component.custom_id);
				if (match) ids.push(Number(match[1]));
			}
		}
	}
	return [...new Set(ids)];
}

/** The one place interactions arrive: routing, and the error boundary every handler runs inside. */
export function createInteractionHandler(deps: DispatchDeps): (interaction: Interaction) => Promise<void> {
	const byName = new Map(deps.commands.map((command) => [command.data.name, command]));
	const menus = new Map((deps.menus ?? []).map((menu) => [menu.data.name, menu]));
	const menusByPrefix = new Map((deps.menus ?? []).map((menu) => [menu.prefix, menu]));
	const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
	const limits = createRateLimits(() => deps.services.now().getTime(), deps.limits);

	async function fail(interaction: RepliableInteraction, error: unknown): Promise<void> {
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

	/**
	 * Runs a command within the rate limits: refused with a private wait message when the asker or their server has
	 * spent their allowance; `charge` adds what the run finds it costs; a refusal for bad input gives it all back.
	 */
	async function withinLimits(
		base: CommandContext,
		name: string,
		cost: number,
		run: (ctx: CommandContext) => Promise<void>,
	): Promise<void> {
		const { userId, guildId } = base;
		let spent = cost;
		const verdict = limits.take(userId, guildId, spent);
		if (!verdict.ok) {
			await base.reply({ content: limitMessage(verdict, name, deps.limits) }, { hidden: true });
			return;
		}
		const context: CommandContext = {
			...base,
			charge: (units) => {
				limits.charge(userId, guildId, units);
				spent += Math.max(0, units);
			},
		};
		try {
			await run(context);
		} catch (error) {
			if (isUserFacingError(error)) limits.refund(userId, guildId, spent);
			throw error;
		}
	}

	async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
		const command = byName.get(interaction.commandName);
		if (!command) {
			throw new UserFacingError(
				`/${interaction.commandName} is not a command of this bot any more. Ask a server manager to run npm run deploy-commands.`,
			);
		}
		const base = commandContext(interaction, deps);
		const cost = typeof command.cost === 'function' ? command.cost(base) : (command.cost ?? 1);
		const name = [command.data.name, base.subcommand].filter(Boolean).join(' ');
		await withinLimits(base, name, cost, (ctx) => command.execute(ctx));
	}

	async function onMessageMenu(interaction: MessageContextMenuCommandInteraction): Promise<void> {
		const menu = menus.get(interaction.commandName);
		if (!menu) {
			throw new UserFacingError(
				`“${interaction.commandName}” is not a command of this bot any more. Ask a server manager to run npm run deploy-commands.`,
			);
		}
		await withinLimits(menuContext(interaction, deps), menu.data.name, menu.cost, (ctx) => menu.execute(ctx));
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

	/** The command (or context-menu command) a custom_id `<prefix>:…` belongs to, if it handles components. */
	function ownerOf(customId: string): Pick<SlashCommand, 'component'> | undefined {
		if (!customId.includes(':')) return undefined;
		const prefix = customId.split(':', 1)[0] ?? '';
		const owner = byName.get(prefix) ?? menusByPrefix.get(prefix);
		return owner?.component ? owner : undefined;
	}

	/**
	 * Components of a command (custom_id `<command>:…`) go to that command; Delete and Send to my DMs act on their
	 * message; anything else is a paging button.
	 */
	async function onComponent(interaction: MessageComponentInteraction): Promise<void> {
		if (interaction.customId === SEND_TO_DMS_ID) return sendToDms(interaction);
		const deletion = decodeDeleteState(interaction.customId);
		if (deletion) return deleteAnswer(interaction, deletion);
		const owner = ownerOf(interaction.customId);
		if (owner?.component) {
			await owner.component(componentContext(interaction));
			return;
		}
		if (interaction.isButton()) await onButton(interaction);
		else throw new UserFacingError('This menu belongs to an older version of the bot. Run the command again.');
	}

	async function onModal(interaction: ModalSubmitInteraction): Promise<void> {
		const owner = ownerOf(interaction.customId);
		if (!owner?.component) throw new UserFacingError('This form belongs to an older version of the bot.');
		await owner.component(componentContext(interaction));
	}

	function componentContext(interaction: MessageComponentInteraction | ModalSubmitInteraction): ComponentContext {
		const fields: Record<string, string> = {};
		if (interaction.isModalSubmit()) {
			for (const field of interaction.fields.fields.values()) {
				if ('value' in field && typeof field.value === 'string') {
					fields[field.customId] = withoutSecrets(field.value, deps.secrets);
				}
			}
		}
		return {
			...invokerOf(interaction),
			services: deps.services,
			today: deps.today(),
			customId: interaction.customId,
			values: interaction.isAnySelectMenu() ? [...interaction.values] : [],
			fields,
			update: async (update) => {
				const reply = keepingActions(update, interaction.message);
				const body = {
					content: reply.content ?? null,
					embeds: reply.embeds ? [...reply.embeds] : [],
					components: reply.components ? [...reply.components] : [],
					files: filesOf(reply),
					allowedMentions: allowedMentionsOf(reply),
				};
				if (interaction.deferred || interaction.replied) await interaction.editReply(body);
				else if (interaction.isModalSubmit()) {
					if (!interaction.isFromMessage()) throw new UserFacingError('This form is not about a message.');
					await interaction.update(body);
				} else await interaction.update(body);
			},
			reply: (reply, { hidden }) => respond(interaction, reply, hidden),
			defer: async () => {
				if (interaction.deferred || interaction.replied) return;
				if (interaction.isModalSubmit() && !interaction.isFromMessage()) await interaction.deferReply();
				else await interaction.deferUpdate();
			},
			showModal: async (modal) => {
				if (interaction.isModalSubmit()) throw new UserFacingError('A form cannot open another form.');
				await interaction.showModal(modal);
			},
			answer: (outcome, { hidden }) => {
				const asCommand: CommandContext = {
					...invokerOf(interaction),
					services: deps.services,
					today: deps.today(),
					commandName: interaction.customId.split(':', 1)[0] ?? '',
					...NO_OPTIONS,
					reply: (reply, options) => respond(interaction, reply, options.hidden),
					defer: async (options) => {
						if (!interaction.deferred && !interaction.replied) {
							await interaction.deferReply(options.hidden ? { flags: MessageFlags.Ephemeral } : {});
						}
					},
				};
				return replyOutcome(outcome, asCommand, { hidden, help: () => ({ content: 'Run /help.' }) });
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
			// Expired buttons are removed rather than left to fail again (Delete and Send to my DMs stay).
			await interaction.update({
				components: keepingActions({}, interaction.message).components ?? [],
				allowedMentions: NO_MENTIONS,
			});
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
			// A new public message, with its own Delete button; the hidden one stays with its asker.
			const shown = withAnswerActions(reply, { ownerId: state.ownerId, hidden: false }, nowSeconds());
			await interaction.reply(payload(shown, false));
			return;
		}
		const page = keepingActions(reply, interaction.message);
		await interaction.update({
			// Pages have no text of their own: a line aiming the answer at someone (`mention:`) stays.
			...(page.content ? { content: page.content } : {}),
			embeds: page.embeds ? [...page.embeds] : [],
			components: page.components ? [...page.components] : [],
			allowedMentions: NO_MENTIONS,
		});
	}

	/** Delete: its asker removes a public answer, within 15 minutes of asking. */
	async function deleteAnswer(
		interaction: MessageComponentInteraction,
		state: NonNullable<ReturnType<typeof decodeDeleteState>>,
	): Promise<void> {
		if (state.ownerId !== interaction.user.id) {
			throw new UserFacingError('Only the person who asked can delete this answer.');
		}
		if (state.until < nowSeconds()) {
			throw new UserFacingError(
				`This answer can no longer be deleted with its button (that lasts ${DELETE_WINDOW_SECONDS / 60} minutes). Ask a moderator to remove it.`,
			);
		}
		// For a button, the interaction's original message is the one the button is on.
		await interaction.deferUpdate();
		await interaction.deleteReply();
	}

	/** Send to my DMs: a copy of the answer and the citations of its entries, to whoever pressed the button. */
	async function sendToDms(interaction: MessageComponentInteraction): Promise<void> {
		if (!deps.poster) throw new UserFacingError('Direct messages are not available here.');
		const { message } = interaction;
		const citations = citedIdsOn(message).flatMap((id) => {
			const found = deps.services.query.entry(id);
			return found.ok ? [{ id, text: citeEntry(found.value, 'plain', { accessed: deps.today() }) }] : [];
		});
		const url = interaction.guildId ? message.url : null;
		const embeds = message.embeds.map((embed) => embed.toJSON() as APIEmbed);
		const copies = renderSavedCopy({ embeds, url }, citations, deps.services.now());
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		try {
			for (const copy of copies) await deps.poster.dm(interaction.user.id, copy);
		} catch (error) {
			if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
				throw new UserFacingError(
					'I cannot send you direct messages: allow direct messages from this server’s members or from apps (User Settings → Privacy), then press the button again.',
				);
			}
			throw error;
		}
		const cited = citations.length ? `, with the citation${citations.length === 1 ? '' : 's'} of its entries` : '';
		await interaction.editReply({ content: `📬 Sent to your DMs${cited}.`, allowedMentions: NO_MENTIONS });
	}

	return async (interaction) => {
		deps.metrics?.count('interactions');
		try {
			if (interaction.isChatInputCommand()) await onCommand(interaction);
			else if (interaction.isMessageContextMenuCommand()) await onMessageMenu(interaction);
			else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
			else if (interaction.isMessageComponent()) await onComponent(interaction);
			else if (interaction.isModalSubmit()) await onModal(interaction);
		} catch (error) {
			if (interaction.isAutocomplete()) {
				deps.metrics?.count('autocompleteFailures');
				deps.log.warn({ err: error, interactionId: interaction.id }, 'autocomplete failed');
			} else if (interaction.isRepliable()) await fail(interaction as RepliableInteraction, error);
		}
	};
}
