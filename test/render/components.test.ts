import { ButtonStyle, ChannelType, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { BUTTON_STYLE, COMPONENT, DIGEST_CHANNEL_TYPES, TEXT_CHANNEL_TYPES } from '../../src/render/components.js';

describe('component numbers used without loading discord.js', () => {
	it("are discord.js's own", () => {
		expect(COMPONENT).toEqual({
			actionRow: ComponentType.ActionRow,
			button: ComponentType.Button,
			stringSelect: ComponentType.StringSelect,
			channelSelect: ComponentType.ChannelSelect,
			textInput: ComponentType.TextInput,
		});
		expect(BUTTON_STYLE).toEqual({
			primary: ButtonStyle.Primary,
			secondary: ButtonStyle.Secondary,
			danger: ButtonStyle.Danger,
		});
		expect(TEXT_CHANNEL_TYPES).toEqual([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
		expect(DIGEST_CHANNEL_TYPES).toEqual([
			ChannelType.GuildText,
			ChannelType.GuildAnnouncement,
			ChannelType.GuildForum,
		]);
	});
});
