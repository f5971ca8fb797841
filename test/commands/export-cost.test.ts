import { describe, expect, it } from 'vitest';
import { exportCommand, exportCost } from '../../commands/export.js';
import { createCommandServices } from '../../src/command/services.js';
import { slashCommandsOf } from '../../src/discord/slash-command.js';
import { fakeCommandContext } from '../helpers/fake-command-context.js';
import { useSampleApp } from '../helpers/sample-app.js';

const TODAY = '2026-01-02';
const app = useSampleApp();

describe('/export in the rate limits', () => {
	it('charges the asker for the entries it reads once it knows how many, and nothing when it refuses', async () => {
		const services = createCommandServices(app(), { now: () => new Date(`${TODAY}T12:00:00Z`) });
		const [slash] = slashCommandsOf([exportCommand]);
		const run = async (options: Record<string, string>) => {
			const charged: number[] = [];
			const { ctx } = fakeCommandContext(services, TODAY, { commandName: 'export', options });
			const outcome = slash!.execute({ ...ctx, charge: (units) => charged.push(units) });
			return { outcome, charged };
		};
		const whole = await run({});
		await whole.outcome;
		expect(whole.charged).toEqual([exportCost(app().reader.countEntries())]);
		const none = await run({ query: 'zzyzx qwerty' });
		await expect(none.outcome).rejects.toThrow(/nothing to export/);
		expect(none.charged).toEqual([]);
	});
});
