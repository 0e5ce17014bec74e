import { withHome } from '../../config/runtime-config';
import { parseArgs } from 'node:util';
import { parseLimits } from '../../queue/limits';
import { Worker } from '../../queue/worker';
import { exitCodes, UsageError, type CliIo, type Command } from '../command';
import { homeOption, openQueue } from '../open-queue';

export const workerCommand: Command = {
  name: 'worker',
  usage: 'reelforge worker [--home <dir>] [--watch] [--limit encode-cpu=2,encode-gpu=1,…] [--quiet]\n       reelforge worker --farm redis://[:password@]host:port [--home <dir>] [--name <name>] [--lock-seconds 30]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...homeOption,
        watch: { type: 'boolean', default: false },
        limit: { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        farm: { type: 'string' },
        name: { type: 'string' },
        'lock-seconds': { type: 'string' },
      },
    });
    if (values.farm) return runFarmWorker(values, io);
    const queue = openQueue(withHome(io.config, values.home));
    const log = values.quiet ? undefined : (line: string) => io.err.write(`worker: ${line}\n`);
    const worker = new Worker(queue, { limits: values.limit ? parseLimits(values.limit) : undefined, log });
    try {
      worker.start();
      log?.(`limits ${Object.entries(worker.limits).map(([k, v]) => `${k}=${v}`).join(' ')}; ${values.watch ? 'watching for jobs' : 'until the queue is empty'}`);
      // Ctrl-C stops the worker; running jobs go back to waiting at their checkpoints.
      await worker.run({ untilEmpty: !values.watch, signal: io.signal });
      if (queue.isPaused()) log?.('the queue is paused (reelforge queue resume)');
      const c = queue.counts();
      log?.(`done: ${c.completed ?? 0} completed, ${c.failed ?? 0} failed, ${c.cancelled ?? 0} cancelled, ${c.waiting ?? 0} waiting`);
      return exitCodes.ok;
    } finally {
      await worker.stop();
      queue.close();
    }
  },
};

/**
 * A farm worker: takes render chunks (and whole jobs) from the farm's Redis until Ctrl-C. It needs
 * no coordinator to start; it learns each job's coordinator from Redis.
 */
async function runFarmWorker(values: { farm?: string; home?: string; name?: string; quiet?: boolean; 'lock-seconds'?: string }, io: CliIo): Promise<number> {
  const { parseFarmUrl } = await import('../../farm/farm-url');
  const { FarmWorker } = await import('../../farm/farm-worker');
  const farm = parseFarmUrl(values.farm!);
  const lockSeconds = values['lock-seconds'] === undefined ? undefined : Number(values['lock-seconds']);
  if (lockSeconds !== undefined && !(lockSeconds >= 1)) throw new UsageError('--lock-seconds: a number of seconds, at least 1');
  const config = withHome(io.config, values.home);
  const log = values.quiet ? undefined : (line: string) => io.err.write(`worker: ${line}\n`);
  const worker = new FarmWorker({ farm, home: config.home, config, log, lockSeconds, name: values.name });
  const advert = await worker.start();
  log?.(`${advert.name} on ${farm.display}: encoders ${advert.encoders.join(', ') || 'none'}; ONNX Runtime ${advert.providers.join(', ') || 'none'}; ${(advert.freeDiskBytes / 2 ** 30).toFixed(1)} GiB free in ${config.home}; waiting for work`);
  try {
    await new Promise<void>((resolve) => (io.signal.aborted ? resolve() : io.signal.addEventListener('abort', () => resolve(), { once: true })));
    log?.('stopping: a chunk in progress goes back to the farm');
  } finally {
    await worker.stop();
  }
  return exitCodes.ok;
}
