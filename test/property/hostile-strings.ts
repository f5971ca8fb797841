import fc from 'fast-check';

/** Pieces that have broken chat bots and parsers: mentions, markdown, invisible and bidi marks, lone surrogates. */
export const NASTY_FRAGMENTS = [
	'@everyone',
	'@here',
	'@EveryOne',
	'<@123456789012345678>',
	'<@!123456789012345678>',
	'<@&123456789012345678>',
	'<#123456789012345678>',
	'<t:0:R>',
	'**',
	'__',
	'~~',
	'||',
	'```',
	'`',
	'> ',
	'# ',
	'-# ',
	'- ',
	'1. ',
	'\\',
	'[link](https://evil.example/x)',
	'https://evil.example/a?b=c&d=%00',
	'discord.gg/invite',
	'\u200b',
	'\u200d',
	'\u2060',
	'\ufeff',
	'\u202e',
	'\u202d',
	'\u200f',
	'\u2066',
	'\u2069',
	'\ud800',
	'\udfff',
	'\udc00\ud800',
	'\u0000',
	'\u0007',
	'\u0008',
	'\u001b[31m',
	'\u007f',
	'\u0085',
	'\u2028',
	'\r\n',
	'\n\n',
	'\t',
	'湖南',
	'黑龙江省',
	'亚洲动物基金',
	'中华人民共和国',
	'😀',
	'👨‍👩‍👧‍👦',
	'🇨🇳',
	'e\u0301',
	'Hunan',
	'Henan',
	'Animals Asia',
	'AIFO',
	'Foundation',
	'"',
	"'",
	'%',
	'_',
	'*',
	'NEAR(',
	' OR ',
	'NOT ',
	'AND',
	'^',
	'{',
	'}',
	'(',
	')',
	':',
	';--',
	'2019-02-25',
	'0000-00-00',
	'9999-12-31',
	'-1',
	'1e308',
	'<script>alert(1)</script>',
	'<!--',
	'&amp;&#0;&#xD800;',
	'---\ntitle: x\n---',
];

/** A random mix of the fragments with a little random text in between. */
const mixed = fc
	.array(fc.oneof(fc.constantFrom(...NASTY_FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 16 })
	.map((parts) => parts.join(''));

/** One fragment (or two) repeated to about 6,000 characters: longer than any Discord limit. */
const huge = fc
	.tuple(fc.constantFrom(...NASTY_FRAGMENTS), fc.constantFrom(...NASTY_FRAGMENTS, ' ', 'x'))
	.map(([a, b]) => `${a}${b}`.repeat(Math.ceil(6_000 / `${a}${b}`.length)).slice(0, 6_000));

/** Adversarial strings: ASCII, full Unicode (lone surrogates included), graphemes, fragment mixes and huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
	{ arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
	{ arbitrary: mixed, weight: 4 },
	{ arbitrary: huge, weight: 1 },
	{ arbitrary: fc.constantFrom(...NASTY_FRAGMENTS), weight: 2 },
);

/** Integers a modified client could send: anything up to Discord's ±2^53 range, and the edges. */
export const hostileInteger: fc.Arbitrary<number> = fc.oneof(
	fc.integer({ min: -5, max: 50 }),
	fc.integer(),
	fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 10_001),
);

/**
 * Mention syntax that would ping if it reached Discord unbroken, outside code spans. Channel links (`<#id>`) do not
 * notify anyone: the bot uses them on purpose ("posted in #digest").
 */
export function unbrokenMentions(text: string): string[] {
	const outsideCode = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return outsideCode.match(/@(?:everyone|here)|<@[!&]?\d+>/gi) ?? [];
}
