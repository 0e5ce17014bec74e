import { commands } from './commands';
import { didYouMean } from './did-you-mean';
import { exitCodeFor, exitCodes, UsageError, type CliIo } from './command';
import { isCancelled } from '../../preload/contract/errors';
import { describeError } from './describe-error';
import { buildRuntimeConfig } from '../config/runtime-config';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'reelforge — offline studio: script to finished short video',
    '',
    'usage: reelforge <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'reelforge <command> --help shows a command\'s options.',
  ].join('\n');
}

export async function main(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  // The one place the CLI reads its environment: REELFORGE_HOME, REELFORGE_FFMPEG, keys and the rest
  // are taken here, once, and passed down to the command.
  const full: CliIo = { out: process.stdout, err: process.stderr, signal: controller.signal, config: io?.config ?? buildRuntimeConfig({ env: process.env }), ...io };
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      full.out.write(help() + '\n');
      return name ? exitCodes.ok : exitCodes.usage;
    }
    const entry = commands.find((c) => c.name === name);
    if (!entry) {
      const near = didYouMean(name, commands.map((c) => c.name));
      full.err.write(near.length ? `reelforge: unknown command '${name}'. Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?\n  reelforge ${near[0]} ${rest.join(' ')}\n` : `reelforge: unknown command '${name}'\n\n${help()}\n`);
      return exitCodes.usage;
    }
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      full.out.write(`usage: ${command.usage}\n`);
      return exitCodes.ok;
    }
    return await command.run(rest, full);
  } catch (err) {
    // node:util parseArgs: an unknown option, a missing value, a stray positional.
    const parseCode = (err as { code?: unknown })?.code;
    if (typeof parseCode === 'string' && parseCode.startsWith('ERR_PARSE_ARGS')) {
      full.err.write(`reelforge: ${(err as Error).message}\n`);
      return exitCodes.usage;
    }
    if (err instanceof UsageError) {
      full.err.write(`reelforge: ${err.message}\n`);
      return exitCodes.usage;
    }
    if (isCancelled(err)) {
      full.err.write('reelforge: cancelled\n');
    } else {
      full.err.write(`reelforge: ${describeError(err)}\n`);
      if (full.config.debug) full.err.write(`${(err as Error).stack}\n`);
    }
    return exitCodeFor(err);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
