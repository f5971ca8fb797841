import {
	type CommandDefinition,
	type DoorName,
	type Leaf,
	type OptionDefinition,
	leavesOf,
	optionsAt,
} from './definition.js';

/** One command as the helps list it. */
export interface HelpLine {
	readonly name: string;
	/** How it is typed at a door: `/search [query] [filters] [order] [page]`, `/watch add|list|remove`. */
	readonly usage: string;
	readonly help: string;
	readonly examples: readonly string[];
	/** The subcommands that work at the console: all, some (listed) or none. */
	readonly console: 'all' | 'none' | readonly string[];
}

/** What a value looks like at the console: `registration|visit|…`, `yyyy-mm-dd`, `<name>`. */
export function placeholderOf(name: string, option: OptionDefinition): string {
	if (option.choices?.length) return option.choices.map((choice) => String(choice.value)).join('|');
	return `<${option.placeholder ?? name}>`;
}

/** The options of one leaf as typed at a door; the filters of /search stand as one `[filters]`. */
function leafUsage(leaf: Leaf, door: DoorName): string[] {
	const parts: string[] = [];
	let filters = false;
	for (const [name, option] of optionsAt(leaf, door)) {
		if (option.filter) {
			if (!filters) parts.push('[filters]');
			filters = true;
			continue;
		}
		const shown = door === 'console' ? (option.words ? `<${name}>` : `${name}:`) : name;
		parts.push(option.required ? shown : `[${shown}]`);
	}
	return parts;
}

/** `/ngo name [page]`, or `/watch add|list|remove` for a command with subcommands. */
export function usageOf(command: CommandDefinition, door: DoorName): string {
	if (command.subcommands) return `/${command.name} ${Object.keys(command.subcommands).join('|')}`;
	return [`/${command.name}`, ...leafUsage(command.leaf, door)].join(' ');
}

/** Every command as the helps list it, in the order of the definitions. */
export function helpLines(commands: readonly CommandDefinition[], door: DoorName): HelpLine[] {
	return commands.map((command) => {
		const atConsole = leavesOf(command)
			.filter(({ leaf }) => leaf.needsServer === undefined)
			.map(({ subcommand }) => subcommand ?? '');
		const leaves = leavesOf(command).length;
		return {
			name: command.name,
			usage: usageOf(command, door),
			help: command.help,
			examples: command.examples,
			console: atConsole.length === leaves ? 'all' : atConsole.length === 0 ? 'none' : atConsole,
		};
	});
}

/** The filters the commands take (an option marked `filter` in any of them), in the order they first appear. */
export function filtersOf(commands: readonly CommandDefinition[], door: DoorName): [string, OptionDefinition][] {
	const filters = new Map<string, OptionDefinition>();
	for (const command of commands) {
		for (const { leaf } of leavesOf(command)) {
			for (const [name, option] of optionsAt(leaf, door))
				if (option.filter && !filters.has(name)) filters.set(name, option);
		}
	}
	return [...filters];
}

/** The console's /help: every command as typed here, with what it answers and an example; then the filters. */
export function consoleHelpText(commands: readonly CommandDefinition[]): string {
	const rows = helpLines(commands, 'console').flatMap((line) => {
		const where =
			line.console === 'all'
				? ''
				: line.console === 'none'
					? ' (in a Discord server only)'
					: ` (here: ${line.console.join(', ')}; the rest in a Discord server)`;
		const example = line.examples[0] ? `   e.g. ${line.examples[0]}` : '';
		return [`  ${line.usage}${example}`, `      ${line.help}${where}`];
	});
	const filterWords = filtersOf(commands, 'console').map(([name, option]) => `${name}:${placeholderOf(name, option)}`);
	return [
		'Commands (the same as the Discord slash commands):',
		...rows,
		`Filters: ${filterWords.join(' ')}`,
		'Write options as name:value; quote values with spaces: ngo:"Animals Asia".',
	].join('\n');
}

/** The README's command table (Markdown, before Prettier pads it). */
export function commandTableMarkdown(commands: readonly CommandDefinition[]): string {
	const cell = (text: string) => text.replaceAll('|', '\\|');
	const rows = helpLines(commands, 'discord').map((line) => {
		const console =
			line.console === 'all' ? 'yes' : line.console === 'none' ? 'no' : line.console.map((s) => `\`${s}\``).join(', ');
		const examples = line.examples.map((example) => `\`${example}\``).join(', ');
		return `| ${cell(`\`${line.usage}\``)} | ${cell(line.help)} | ${cell(examples)} | ${cell(console)} |`;
	});
	return ['| command | answers | example | console |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
