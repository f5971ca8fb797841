import { lookupCommand } from '../src/command/lookup-command.js';

export const partner = lookupCommand({
	kind: 'partner',
	description: 'A Chinese body: whom it supervised, partnered with, registered or met, with dated entries',
	help: 'a Chinese body (bureau, department, partner unit, any spelling): its level and place, the organizations it supervised, partnered with, registered or met, newest entries',
	nameDescription: 'Any spelling or a word of its name, e.g. Jiangxi PSB, Nanchang Rainbow',
	examples: ['/partner Nanchang Rainbow', '/partner Jiangxi PSB'],
});
