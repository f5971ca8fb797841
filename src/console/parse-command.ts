/** A slash command typed in the console or passed to `cli ask`: "/search mental health province:Heilongjiang". */
export interface ParsedCommand {
	readonly name: string;
	/** Free text after the command name, without the key:value options. */
	readonly text: string;
	/** Options written as key:value or key:"several words". */
	readonly options: Readonly<Record<string, string>>;
}

export type ParseResult =
	{ readonly ok: true; readonly command: ParsedCommand } | { readonly ok: false; readonly message: string };

export const MAX_COMMAND_LENGTH = 2_000;

// key:value, key:"quoted value", key:“quoted value”; a web address (https://…) is a value, not a key.
const OPTION = /(?:^|\s)([a-z][a-z_]*):(?!\/\/)(?:"([^"]*)"|“([^”]*)”|(\S+))/g;

/** Splits a command line into name, text and options; says what is wrong otherwise. */
export function parseCommandLine(line: string): ParseResult {
	const trimmed = line.trim();
	if (trimmed === '') return { ok: false, message: 'Type a command such as /ngo Animals Asia, or /help.' };
	if (trimmed.length > MAX_COMMAND_LENGTH) {
		return {
			ok: false,
			message: `That command is ${trimmed.length} characters long; the limit is ${MAX_COMMAND_LENGTH}.`,
		};
	}
	const match = /^\/?([a-z]+)\b\s*([\s\S]*)$/i.exec(trimmed);
	if (!match)
		return { ok: false, message: `“${trimmed.slice(0, 40)}” is not a command. Commands start with /, e.g. /help.` };
	const name = match[1]!.toLowerCase();
	const rest = match[2] ?? '';
	const options: Record<string, string> = {};
	const text = rest
		.replace(OPTION, (_all, key: string, quoted?: string, curly?: string, bare?: string) => {
			options[key.toLowerCase()] = (quoted ?? curly ?? bare ?? '').trim();
			return ' ';
		})
		.replace(/\s+/g, ' ')
		.trim();
	return { ok: true, command: { name, text, options } };
}
