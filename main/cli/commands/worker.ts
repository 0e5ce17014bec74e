import { withHome } from '../../config/runtime-config';
import { parseArgs } from 'node:util';
import { parseLimits } from '../../queue/limits';
import { Worker } from '../../queue/worker';
import { exitCodes, type Command } from '../command';
import { homeOption, openQueue } from '../open-queue';

export const workerCommand: Command = {
  name: 'worker',
  usage: 'reelforge worker [--home <dir>] [--watch] [--limit encode-cpu=2,encode-gpu=1,…] [--quiet]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...homeOption, watch: { type: 'boolean', default: false }, limit: { type: 'string' }, quiet: { type: 'boolean', short: 'q', default: false } },
    });
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
