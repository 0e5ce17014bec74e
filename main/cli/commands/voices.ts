import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { Tts } from '../../../native/tts/tts';
import { modelsDir } from '../../paths';
import { withHome } from '../../config/runtime-config';
import { exitCodes, type Command } from '../command';

export const voicesCommand: Command = {
  name: 'voices',
  usage: 'reelforge voices [--json] [--home <dir>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, home: { type: 'string' } } });
    const config = withHome(io.config, values.home);
    const tts = new Tts({ neuralModelDir: join(modelsDir(config.home), 'tts'), binaries: config.tts });
    const [status, voices] = await Promise.all([tts.status(), tts.listVoices()]);
    if (values.json) {
      io.out.write(JSON.stringify({ engines: status, voices }, null, 2) + '\n');
      return exitCodes.ok;
    }
    for (const s of status) io.out.write(`${s.available ? '✓' : '✗'} ${s.engine}: ${s.reason}\n`);
    io.out.write(`\n${voices.length} voices (use --voice with the id):\n`);
    for (const v of voices) io.out.write(`  ${v.id}${v.gender ? ` (${v.gender})` : ''}\n`);
    return exitCodes.ok;
  },
};
