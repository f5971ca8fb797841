import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { slashCommands as commands } from '../../src/discord/registry.js';

const json = commands.map((command) => command.data.toJSON());

describe('slash command registry', () => {
	it('has unique names and valid definitions', () => {
		expect(new Set(json.map((c) => c.name)).size).toBe(json.length);
		for (const command of json) {
			expect(command.name).toMatch(/^[a-z-]{1,32}$/);
			expect(command.description.length).toBeGreaterThan(0);
			expect(command.description.length).toBeLessThanOrEqual(100);
			expect((command.options ?? []).length).toBeLessThanOrEqual(25);
		}
	});

	it('implements autocomplete wherever an option asks for it', () => {
		for (const [i, command] of commands.entries()) {
			// Options of subcommands count too (/watch add ngo:…).
			const options = (json[i]!.options ?? []).flatMap((option) => [
				option,
				...('options' in option ? (option.options ?? []) : []),
			]);
			const wantsAutocomplete = options.some((option) => 'autocomplete' in option && option.autocomplete);
			expect(Boolean('autocomplete' in command && command.autocomplete), command.data.name).toBe(wantsAutocomplete);
		}
	});

	it('gives every command a hide option', () => {
		// Answers about the user's own watches, moderators' digest drafts and settings, and /health (it names the
		// host's database path) are always private.
		const alwaysPrivate = new Set(['watch', 'digest', 'health']);
		for (const command of json.filter((c) => !alwaysPrivate.has(c.name))) {
			const hasHide = (options: typeof command.options) =>
				options?.some((o) => o.name === 'hide' && o.type === ApplicationCommandOptionType.Boolean) ?? false;
			// Commands with subcommands carry the option on each subcommand.
			const subcommands = command.options?.filter((o) => o.type === ApplicationCommandOptionType.Subcommand) ?? [];
			const ok =
				subcommands.length > 0
					? subcommands.every((sub) => 'options' in sub && hasHide(sub.options))
					: hasHide(command.options);
			expect(ok, command.name).toBe(true);
		}
	});

	it('covers the commands the README documents', () => {
		expect(json.map((c) => c.name).sort()).toEqual([
			'about',
			'ask',
			'cite',
			'digest',
			'entry',
			'export',
			'feeds',
			'health',
			'help',
			'ingest',
			'ngo',
			'ngos',
			'partner',
			'province',
			'search',
			'stats',
			'timeline',
			'watch',
		]);
	});
});
