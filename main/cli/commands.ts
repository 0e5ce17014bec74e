import type { Command } from './command';
import { renderCommand } from './commands/render';
import { doctorCommand } from './commands/doctor';

/** The CLI's command table. Add a command by writing commands/<name>.ts and listing it here. */
export const commands: Command[] = [renderCommand, doctorCommand];
