import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';

/** A reply as plain data: what the Discord edge sends (flags and allowed_mentions are added there). */
export interface RenderedReply {
	readonly content?: string;
	readonly embeds?: readonly APIEmbed[];
	readonly components?: readonly APIActionRowComponent<APIButtonComponent>[];
}

/** Brand colours by answer kind; errors are red, empty answers grey. */
export const COLORS = {
	ngo: 0x2f80ed,
	province: 0x27ae60,
	search: 0x9b51e0,
	stats: 0xf2994a,
	entry: 0x56ccf2,
	noMatch: 0x828282,
	error: 0xeb5757,
} as const;
