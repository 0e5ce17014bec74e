import { parseArgs } from 'node:util';
import { providersFor, withHome } from '../../config/runtime-config';
import { listVoices } from '../../voices/list-voices';
import { exitCodes, type Command } from '../command';

const headings = { natural: 'Natural voices', cloud: 'Cloud voices', system: 'System voices', robotic: 'Robotic voices (espeak-ng)' } as const;

export const voicesCommand: Command = {
  name: 'voices',
  usage: 'reelforge voices [--json] [--home <dir>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, home: { type: 'string' } } });
    const config = withHome(io.config, values.home);
    // the same list every door offers: natural, cloud (a key is set), system, robotic
    const { voices, engines } = await listVoices(providersFor(config));
    if (values.json) {
      io.out.write(JSON.stringify({ engines, voices }, null, 2) + '\n');
      return exitCodes.ok;
    }
    for (const s of engines) io.out.write(`${s.available ? '✓' : '✗'} ${s.engine}: ${s.reason}\n`);
    io.out.write(`\n${voices.length} voices (use --voice with the id):\n`);
    let kind: string | undefined;
    for (const v of voices) {
      if (v.kind !== kind) {
        kind = v.kind;
        const missing = voices.some((x) => x.kind === kind && x.installed === false);
        io.out.write(`\n${headings[v.kind ?? 'robotic']}${missing ? ' — not installed: `reelforge models pull kokoro` (about 325 MB) or `reelforge models import <model.onnx>`' : ''}\n`);
      }
      const about = [v.label && v.label !== v.name ? v.label : undefined, v.languageName, v.gender, v.installed === false ? 'not installed' : undefined].filter(Boolean).join(', ');
      io.out.write(`  ${v.id.padEnd(28)} ${about}\n`);
    }
    return exitCodes.ok;
  },
};
