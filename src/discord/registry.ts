import { commands, messageCommands } from '../../commands/index.js';
import { messageMenuOf } from './message-menu.js';
import { slashCommandsOf } from './slash-command.js';

/** The bot's commands at the Discord door, in the order of commands/index.ts. */
export const slashCommands = slashCommandsOf(commands);

/** The commands of a message's context menu. */
export const messageMenus = messageCommands.map(messageMenuOf);
