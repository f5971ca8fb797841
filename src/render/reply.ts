import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

/** A file attached to a reply (a chart, an export). */
export interface ReplyFile {
	readonly name: string;
	readonly data: Uint8Array;
	/** Alt text Discord shows and screen readers read. */
	readonly description?: string;
}

/** A reply as plain data: what the Discord edge sends (flags and allowed_mentions are added there). */
export interface RenderedReply {
	readonly content?: string;
	readonly embeds?: readonly APIEmbed[];
	/** Rows of buttons or one select menu each. */
	readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
	readonly files?: readonly ReplyFile[];
	/**
	 * The only members and roles this message may ping (`allowed_mentions` lists exactly these; nothing is parsed).
	 * Absent: no one, whatever the text says.
	 */
	readonly mentions?: { readonly users?: readonly string[]; readonly roles?: readonly string[] };
}

/** Brand colours by answer kind; errors are red, empty answers grey. */
export const COLORS = {
	ngo: 0x2f80ed,
	partner: 0x2e8b57,
	province: 0x27ae60,
	search: 0x9b51e0,
	stats: 0xf2994a,
	ask: 0x1abc9c,
	ngos: 0x2d9cdb,
	entry: 0x56ccf2,
	digest: 0x6fcf97,
	noMatch: 0x828282,
	error: 0xeb5757,
} as const;
