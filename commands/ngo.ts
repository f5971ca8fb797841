import { lookupCommand } from '../src/discord/lookup-command.js';

export const ngo = lookupCommand({
	kind: 'ngo',
	description: 'What an organization has been doing: provinces, activities, newest entries',
	nameDescription: 'e.g. Animals Asia, AIFO',
});
