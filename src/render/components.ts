import type { ButtonStyle, ChannelType, ComponentType } from 'discord.js';

// discord.js enum values as typed numbers: rendering loads no discord.js at run time, so neither does the
// console (test/render/components.test.ts holds them to discord.js's own).
export const COMPONENT = {
	actionRow: 1 as ComponentType.ActionRow,
	button: 2 as ComponentType.Button,
	stringSelect: 3 as ComponentType.StringSelect,
	channelSelect: 8 as ComponentType.ChannelSelect,
	textInput: 4 as ComponentType.TextInput,
} as const;

export const BUTTON_STYLE = {
	primary: 1 as ButtonStyle.Primary,
	secondary: 2 as ButtonStyle.Secondary,
	danger: 4 as ButtonStyle.Danger,
} as const;

/** Where digests may go: text and announcement channels, and forums (a post named after the week). */
export const DIGEST_CHANNEL_TYPES: readonly ChannelType[] = [
	0 as ChannelType.GuildText,
	5 as ChannelType.GuildAnnouncement,
	15 as ChannelType.GuildForum,
];

/** Where watch notices may post: text and announcement channels. */
export const TEXT_CHANNEL_TYPES: readonly ChannelType[] = [
	0 as ChannelType.GuildText,
	5 as ChannelType.GuildAnnouncement,
];
