import { commands } from '../../commands/index.js';
import { slashCommandsOf } from './slash-command.js';

/** The bot's commands at the Discord door, in the order of commands/index.ts. */
export const slashCommands = slashCommandsOf(commands);
