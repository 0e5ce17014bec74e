import type { Command } from './command';
import { renderCommand } from './commands/render';
import { doctorCommand } from './commands/doctor';
import { upscaleCommand } from './commands/upscale';
import { modelsCommand } from './commands/models';

/** The CLI's command table. Add a command by writing commands/<name>.ts and listing it here. */
export const commands: Command[] = [renderCommand, doctorCommand, upscaleCommand, modelsCommand];
