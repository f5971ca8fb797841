import type { CommandServices } from '../../src/command/services.js';
import type { ChannelRef, CommandContext } from '../../src/discord/types.js';
import type { RenderedReply } from '../../src/render/reply.js';

export type FakeOptionValue = string | number | boolean | ChannelRef;

export interface FakeInvocation {
	readonly commandName: string;
	readonly subcommand?: string | null;
	/** What the interaction carries, by option name, typed as Discord sends it. */
	readonly options?: Readonly<Record<string, FakeOptionValue>>;
	readonly userId?: string;
	readonly guildId?: string | null;
	readonly canManageGuild?: boolean;
	/** Members picked in user options (their ids), by option name. */
	readonly users?: Readonly<Record<string, string>>;
	/** Roles picked in role options (their ids), by option name. */
	readonly roles?: Readonly<Record<string, string>>;
}

/** A Discord interaction as the command layer sees it (plain data): options from a record, replies collected. */
export function fakeCommandContext(
	services: CommandServices,
	today: string,
	invocation: FakeInvocation,
): { ctx: CommandContext; replies: { reply: RenderedReply; hidden: boolean }[] } {
	const replies: { reply: RenderedReply; hidden: boolean }[] = [];
	const options = invocation.options ?? {};
	const typed = <T>(name: string, type: string): T | null =>
		typeof options[name] === type ? (options[name] as T) : null;
	const ctx: CommandContext = {
		userId: invocation.userId ?? '1180000000000000200',
		guildId: invocation.guildId === undefined ? '1180000000000000100' : invocation.guildId,
		channelId: '1180000000000000101',
		canManageGuild: invocation.canManageGuild ?? false,
		services,
		today,
		commandName: invocation.commandName,
		subcommand: invocation.subcommand ?? null,
		getString: (name) => typed<string>(name, 'string'),
		getInteger: (name) => typed<number>(name, 'number'),
		getBoolean: (name) => typed<boolean>(name, 'boolean'),
		getChannel: (name) => typed<ChannelRef>(name, 'object'),
		getAttachment: () => null,
		getUser: (name) => invocation.users?.[name] ?? null,
		getRole: (name) => invocation.roles?.[name] ?? null,
		reply: async (reply, { hidden }) => {
			replies.push({ reply, hidden });
		},
		defer: async () => {},
	};
	return { ctx, replies };
}
