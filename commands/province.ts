import { lookupCommand } from '../src/discord/lookup-command.js';

export const province = lookupCommand({
	kind: 'province',
	description: 'NGO activity in one province: counts, top NGOs and activities, newest entries',
	nameDescription: 'English, pinyin, 中文 or a city, e.g. Hunan, 湖南, Chengdu',
});
