import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';

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
			const wantsAutocomplete = (json[i]!.options ?? []).some(
				(option) => 'autocomplete' in option && option.autocomplete,
			);
			expect(Boolean('autocomplete' in command && command.autocomplete), command.data.name).toBe(wantsAutocomplete);
		}
	});

	it('gives every command a hide option', () => {
		for (const command of json) {
			expect(
				command.options?.some((o) => o.name === 'hide' && o.type === ApplicationCommandOptionType.Boolean),
				command.name,
			).toBe(true);
		}
	});

	it('covers the commands the README documents', () => {
		expect(json.map((c) => c.name).sort()).toEqual([
			'about',
			'cite',
			'entry',
			'help',
			'ngo',
			'province',
			'search',
			'stats',
		]);
	});
});
