import { lookupCommand } from '../src/command/lookup-command.js';

export const ngo = lookupCommand({
	kind: 'ngo',
	description: 'What an organization has been doing: provinces, activities, newest entries',
	help: 'an organization: names and aliases, country of origin, provinces, activities, first/last seen, newest entries',
	nameDescription: 'e.g. Animals Asia, AIFO',
	examples: ['/ngo Animals Asia', '/ngo AIFO'],
});
