import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { builtInTemplateDir, listTemplates } from '../../templates/load-templates';
import { homeDir } from '../../paths';
import { exitCodes, type Command } from '../command';

export const templatesCommand: Command = {
  name: 'templates',
  usage: 'reelforge templates [--json]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
    const all = listTemplates([builtInTemplateDir, join(homeDir(), 'templates')]);
    if (values.json) {
      io.out.write(JSON.stringify(all, null, 2) + '\n');
      return exitCodes.ok;
    }
    const width = Math.max(...all.map((t) => t.id.length));
    for (const t of all) {
      const c = t.style.caption;
      io.out.write(`${t.id.padEnd(width)}  ${t.name} — ${t.description}\n`);
      io.out.write(`${''.padEnd(width)}  ${t.preset}, ${t.style.transition.type} transitions, captions ${c.position} (${c.highlight} highlight), music: ${t.music.mood}\n`);
    }
    return exitCodes.ok;
  },
};
