import {
	type ApplicationCommandOptionAllowedChannelTypes,
	ApplicationIntegrationType,
	InteractionContextType,
	PermissionFlagsBits,
	type RESTPostAPIChatInputApplicationCommandsJSONBody,
	SlashCommandBuilder,
	type SlashCommandSubcommandBuilder,
} from 'discord.js';
import {
	type CommandDefinition,
	type Leaf,
	type OptionDefinition,
	type RunContext,
	leafNamed,
	leavesOf,
	optionNamed,
	optionsAt,
} from '../command/definition.js';
import { filtersOf, helpLines } from '../command/help.js';
import type { CommandOutcome } from '../command/outcome.js';
import { validatedOptions } from '../command/validate.js';
import { UserFacingError } from '../domain/errors.js';
import { renderHelpReply } from '../render/about-reply.js';
import { TEXT_CHANNEL_TYPES } from '../render/components.js';
import type { RenderedReply } from '../render/reply.js';
import { replyOutcome } from './outcome-reply.js';
import type { CommandContext, SlashCommand } from './types.js';

/** Discord's upload limit for bots when the interaction does not say (10 MiB per message). */
export const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;

type OptionHolder = SlashCommandBuilder | SlashCommandSubcommandBuilder;

/** Adds one option as the definition declares it (Discord checks the bounds on the client; the schema again here). */
function addOption(builder: OptionHolder, name: string, option: OptionDefinition): void {
	const base = <T extends { setName(n: string): T; setDescription(d: string): T; setRequired(r: boolean): T }>(o: T) =>
		o
			.setName(name)
			.setDescription(option.description)
			.setRequired(option.required ?? false);
	switch (option.kind) {
		case 'string':
			builder.addStringOption((o) => {
				base(o);
				if (option.suggest) o.setAutocomplete(true);
				if (option.choices) o.addChoices(...option.choices.map((c) => ({ name: c.name, value: String(c.value) })));
				if (option.minLength !== undefined) o.setMinLength(option.minLength);
				if (option.maxLength !== undefined) o.setMaxLength(option.maxLength);
				return o;
			});
			return;
		case 'integer':
			builder.addIntegerOption((o) => {
				base(o);
				if (option.suggest) o.setAutocomplete(true);
				if (option.choices) o.addChoices(...option.choices.map((c) => ({ name: c.name, value: Number(c.value) })));
				if (option.minValue !== undefined) o.setMinValue(option.minValue);
				if (option.maxValue !== undefined) o.setMaxValue(option.maxValue);
				return o;
			});
			return;
		case 'boolean':
			builder.addBooleanOption((o) => base(o));
			return;
		case 'channel':
			builder.addChannelOption((o) => {
				base(o);
				if (option.channelTypes)
					o.addChannelTypes(...(option.channelTypes as ApplicationCommandOptionAllowedChannelTypes[]));
				else if (option.textChannels)
					o.addChannelTypes(...(TEXT_CHANNEL_TYPES as ApplicationCommandOptionAllowedChannelTypes[]));
				return o;
			});
			return;
		case 'attachment':
			builder.addAttachmentOption((o) => base(o));
			return;
		case 'role':
			builder.addRoleOption((o) => base(o));
			return;
	}
}

/** The option that aims an answer at a member (Discord's own: the console has no one to ping). */
export const MENTION_OPTION = 'mention';

/** A leaf's options, then `mention` when the answer can be aimed, then `hide` unless the answer is always private. */
function addLeafOptions(builder: OptionHolder, command: CommandDefinition, leaf: Leaf): void {
	for (const [name, option] of optionsAt(leaf, 'discord')) addOption(builder, name, option);
	if (command.aimable) {
		builder.addUserOption((o) =>
			o.setName(MENTION_OPTION).setDescription('Aim the answer at a member: it pings them, and no one else'),
		);
	}
	if (command.privacy !== 'always private') {
		builder.addBooleanOption((o) =>
			o
				.setName('hide')
				.setDescription(
					command.privacy === 'private' ? 'Only you see the answer (default: yes)' : 'Only you see the answer',
				),
		);
	}
}

/** The registration JSON of a command (what `deploy-commands` sends), built with discord.js's checking builders. */
export function registrationOf(command: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
	const builder = new SlashCommandBuilder().setName(command.name).setDescription(command.description);
	if (command.forManagers) builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
	setInstallContexts(builder, command);
	if (command.leaf) addLeafOptions(builder, command, command.leaf);
	for (const [name, leaf] of Object.entries(command.subcommands ?? {})) {
		builder.addSubcommand((sub) => {
			sub.setName(name).setDescription(leaf.description ?? name);
			addLeafOptions(sub, command, leaf);
			return sub;
		});
	}
	return builder.toJSON();
}

/**
 * Where a command can be used: a user-installable one in servers, DMs with the bot and other DMs and group chats
 * (installed to the user's account); the rest where the bot is installed in a server, and in DMs with it unless the
 * command belongs to a server.
 */
export function setInstallContexts(
	builder: {
		setIntegrationTypes(...types: ApplicationIntegrationType[]): unknown;
		setContexts(...contexts: InteractionContextType[]): unknown;
	},
	command: Pick<CommandDefinition, 'userInstall' | 'serverOnly'>,
): void {
	if (command.userInstall) {
		builder.setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall);
		builder.setContexts(
			InteractionContextType.Guild,
			InteractionContextType.BotDM,
			InteractionContextType.PrivateChannel,
		);
		return;
	}
	builder.setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
	builder.setContexts(
		...(command.serverOnly
			? [InteractionContextType.Guild]
			: [InteractionContextType.Guild, InteractionContextType.BotDM]),
	);
}

/** The leaf an invocation names; an unknown subcommand says which exist. */
function leafOf(command: CommandDefinition, subcommand: string | null): Leaf {
	const leaf = leafNamed(command, subcommand);
	if (!leaf) {
		const names = Object.keys(command.subcommands ?? {}).map((name) => `/${command.name} ${name}`);
		throw new UserFacingError(`Use one of ${names.join(', ')}.`);
	}
	return leaf;
}

/** The options as the interaction carries them, read by the kind each is declared with (absent: null). */
function givenOptions(leaf: Leaf, ctx: CommandContext): Record<string, unknown> {
	const read = (name: string, option: OptionDefinition): unknown => {
		switch (option.kind) {
			case 'string':
				return ctx.getString(name);
			case 'integer':
				return ctx.getInteger(name);
			case 'boolean':
				return ctx.getBoolean(name);
			case 'channel':
				return ctx.getChannel(name);
			case 'attachment':
				return ctx.getAttachment(name);
			case 'role':
				return ctx.getRole(name);
		}
	};
	return Object.fromEntries(optionsAt(leaf, 'discord').map(([name, option]) => [name, read(name, option)]));
}

/** Whether the answer is the asker's only: always, or as `hide` says (its default set by the command). */
function hiddenAnswer(command: CommandDefinition, ctx: CommandContext): boolean {
	return command.privacy === 'always private' || (ctx.getBoolean('hide') ?? command.privacy === 'private');
}

/** Reads and checks an interaction's options against the definition and runs it: the outcome, not yet replied. */
export async function discordOutcome(command: CommandDefinition, ctx: CommandContext): Promise<CommandOutcome> {
	const leaf = leafOf(command, ctx.subcommand);
	const values = validatedOptions(command, ctx.subcommand, leaf, 'discord', givenOptions(leaf, ctx));
	return leaf.execute(values, discordRunContext(ctx, hiddenAnswer(command, ctx)));
}

/** What a command's run sees of a Discord interaction (slash or message command): who, where, and what it may do. */
export function discordRunContext(ctx: CommandContext, hidden: boolean): RunContext {
	return {
		userId: ctx.userId,
		guildId: ctx.guildId,
		channelId: ctx.channelId,
		canManageGuild: ctx.canManageGuild,
		services: ctx.services,
		today: ctx.today,
		door: { name: 'discord', components: true, uploadLimit: ctx.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_LIMIT },
		defer: () => ctx.defer({ hidden }),
		charge: (units) => ctx.charge?.(units),
		...(ctx.progress && { progress: (text: string) => ctx.progress!(text) }),
	};
}

/** One command's Discord door: registration from the definition, options read and checked, the outcome replied. */
export function slashCommandOf(command: CommandDefinition, help: () => RenderedReply): SlashCommand {
	const json = registrationOf(command);
	const { cost } = command;
	const suggests = leavesOf(command).some(({ leaf }) => optionsAt(leaf, 'discord').some(([, o]) => o.suggest));
	return {
		data: { name: command.name, toJSON: () => json },
		cost:
			typeof cost === 'function'
				? (ctx: CommandContext) => cost(givenOptions(leafOf(command, ctx.subcommand), ctx))
				: (cost ?? 1),

		async execute(ctx) {
			const hidden = hiddenAnswer(command, ctx);
			const aimAt = command.aimable ? ctx.getUser(MENTION_OPTION) : null;
			if (aimAt && hidden) {
				throw new UserFacingError(
					`An answer aimed at someone is posted for everyone here: leave out hide, or leave out ${MENTION_OPTION}.`,
				);
			}
			await replyOutcome(await discordOutcome(command, ctx), ctx, { hidden, help, aimAt });
		},

		...(suggests && {
			async autocomplete(ctx) {
				const leaf = leafNamed(command, ctx.subcommand);
				const option = leaf && optionNamed(leaf, ctx.focused.name);
				if (!option?.suggest || option.door === 'console') return ctx.respond([]);
				const choices =
					typeof option.suggest === 'function'
						? option.suggest({ services: ctx.services, userId: ctx.userId, typed: ctx.focused.value })
						: ctx.services.query.suggest(option.suggest, ctx.focused.value);
				await ctx.respond(choices.map((choice) => ({ name: choice.name, value: String(choice.value) })));
			},
		}),

		...(command.component && { component: command.component.bind(command) }),
	};
}

/** Every command's Discord door; /help lists the same commands. */
export function slashCommandsOf(commands: readonly CommandDefinition[]): SlashCommand[] {
	const help = () =>
		renderHelpReply(
			helpLines(commands, 'discord'),
			filtersOf(commands, 'discord').map(([name]) => name),
		);
	return commands.map((command) => slashCommandOf(command, help));
}
