import { lookupCommand } from '../src/command/lookup-command.js';

export const province = lookupCommand({
	kind: 'province',
	description: 'NGO activity in one province: counts, top NGOs and activities, newest entries',
	help: 'a province (English, pinyin, 中文, "X Province", a city, a known misspelling): counts, top NGOs and activities, newest entries',
	nameDescription: 'English, pinyin, 中文 or a city, e.g. Hunan, 湖南, Chengdu',
	examples: ['/province 湖南', '/province Harbin'],
});
