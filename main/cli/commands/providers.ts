import { parseArgs } from 'node:util';
import { providersFor, withHome } from '../../config/runtime-config';
import { createRegistry } from '../../providers/registry';
import { readKeyFile } from '../../providers/secrets/key-file';
import { testProvider } from '../../providers/test-provider';
import { exitCodes, UsageError, type Command } from '../command';

const usage = [
  'reelforge providers list [--json] [--home DIR]',
  '       reelforge providers test <id> [--key-file FILE] [--home DIR]',
  '',
  'API keys come from REELFORGE_<ID>_API_KEY (e.g. REELFORGE_PEXELS_API_KEY), from --key-file',
  '(a file only you can read: chmod 600), or from <home>/keys/<id>.key. A server URL can be',
  'overridden with REELFORGE_<ID>_URL.',
].join('\n');

export const providersCommand: Command = {
  name: 'providers',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, home: { type: 'string' }, 'key-file': { type: 'string' } },
    });
    const registry = createRegistry();
    const config = withHome(io.config, values.home);
    switch (sub) {
      case 'list': {
        const ctx = providersFor(config);
        const all = await registry.info(ctx);
        if (values.json) {
          io.out.write(JSON.stringify(all, null, 2) + '\n');
          return exitCodes.ok;
        }
        const width = Math.max(...all.map((p) => p.id.length));
        let kind = '';
        for (const p of all) {
          if (p.kind !== kind) io.out.write(`${kind ? '\n' : ''}${(kind = p.kind)}\n`);
          const where = p.offline ? 'offline' : 'online ';
          io.out.write(`  ${p.status.ready ? '✓' : '✗'} ${p.id.padEnd(width)}  ${where}  ${p.name} — ${p.status.reason}\n`);
        }
        return exitCodes.ok;
      }
      case 'test': {
        const id = positionals[0];
        if (!id) throw new UsageError(`usage: ${usage}`);
        const keyFile = values['key-file'];
        if (keyFile) readKeyFile(keyFile); // a missing or world-readable key file is bad input (exit 3), not a failed test
        const ctx = providersFor(config, { keyFiles: keyFile ? { [id]: keyFile } : undefined });
        const r = await testProvider(registry, id, ctx, io.signal);
        (r.ok ? io.out : io.err).write(`${r.ok ? '✓' : '✗'} ${id}: ${r.message} (${r.ms} ms)\n`);
        return r.ok ? exitCodes.ok : exitCodes.failed;
      }
      default:
        throw new UsageError(`usage: ${usage}`);
    }
  },
};
