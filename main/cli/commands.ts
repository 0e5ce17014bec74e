import type { Command } from './command';
import { renderCommand } from './commands/render';
import { doctorCommand } from './commands/doctor';
import { upscaleCommand } from './commands/upscale';
import { modelsCommand } from './commands/models';
import { queueCommand } from './commands/queue';
import { workerCommand } from './commands/worker';
import { statusCommand } from './commands/status';
import { batchCommand } from './commands/batch';
import { serveCommand } from './commands/serve';
import { makeCommand } from './commands/make';
import { templatesCommand } from './commands/templates';
import { voicesCommand } from './commands/voices';

/** The CLI's command table. Add a command by writing commands/<name>.ts and listing it here. */
export const commands: Command[] = [renderCommand, doctorCommand, upscaleCommand, modelsCommand, queueCommand, workerCommand, statusCommand, batchCommand, serveCommand, makeCommand, templatesCommand, voicesCommand];
