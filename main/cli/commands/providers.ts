import { parseArgs } from 'node:util';
import { providersFor, withHome } from '../../config/runtime-config';
import { createRegistry } from '../../providers/registry';
import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { rememberSecret } from '../../providers/redact';
import { readKeyFile } from '../../providers/secrets/key-file';
import { keyFileStore } from '../../providers/secrets/key-file-store';
import { testProvider } from '../../providers/test-provider';
import { exitCodes, UsageError, type Command } from '../command';

const usage = [
  'reelforge providers list [--json] [--home DIR]',
  '       reelforge providers key <id> [--forget] [--home DIR]   (reads the key from standard input)',
  '       reelforge providers test <id> [--key-file FILE] [--home DIR]',
  '',
  '`providers key` keeps a key in <home>/keys/<id>.key (readable by you only), where the studio',
  'keeps the keys typed into Settings → Providers when it runs as `reelforge serve`. A key also',
  'comes from REELFORGE_<ID>_API_KEY (e.g. REELFORGE_PEXELS_API_KEY) or from --key-file (a file',
  'only you can read: chmod 600). A server URL can be overridden with REELFORGE_<ID>_URL.',
].join('\n');

/** One line from standard input: a pasted key (then Enter) or a pipe. */
async function readKeyFromStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }, prompt: () => void): Promise<string> {
  if (stdin.isTTY) prompt();
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (stdin.isTTY && text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!.trim();
}

export const providersCommand: Command = {
  name: 'providers',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, home: { type: 'string' }, 'key-file': { type: 'string' }, forget: { type: 'boolean', default: false } },
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
          // a keyed provider without its key says how to give it one, in this door's words
          const hint = p.needs.apiKey && !p.status.keySource ? ` (add one: reelforge providers key ${p.id})` : '';
          io.out.write(`  ${p.status.ready ? '✓' : '✗'} ${p.id.padEnd(width)}  ${where}  ${p.name} — ${p.status.reason}${hint}\n`);
        }
        return exitCodes.ok;
      }
      case 'key': {
        const id = positionals[0];
        if (!id) throw new UsageError(`usage: ${usage}`);
        const provider = registry.get(id);
        if (!provider.needs.apiKey) throw new InvalidInputError(`${provider.name} needs no API key`);
        const store = keyFileStore(join(config.home, 'keys'));
        if (values.forget) {
          store.delete(id);
          io.out.write(`forgot the key for ${provider.name}\n`);
          return exitCodes.ok;
        }
        const key = await readKeyFromStdin(process.stdin, () => io.err.write(`Paste the API key for ${provider.name} and press Enter: `));
        if (!key) throw new InvalidInputError(`no key was given: paste it after \`reelforge providers key ${id}\`, or pipe it in`);
        store.set(id, key);
        rememberSecret(key);
        io.out.write(`kept the key for ${provider.name} in ${store.describe(id).replace(/^key file /, '')} (readable by you only); try it: reelforge providers test ${id}\n`);
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
