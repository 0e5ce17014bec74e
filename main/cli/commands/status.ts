import { withHome } from '../../config/runtime-config';
import { parseArgs } from 'node:util';
import { exitCodes, UsageError, type Command } from '../command';
import { jobDetails } from '../format-job';
import { homeOption, openQueue } from '../open-queue';
import { createProgressView } from '../progress-bar';

const exitFor = { completed: exitCodes.ok, failed: exitCodes.failed, cancelled: exitCodes.cancelled } as const;

export const statusCommand: Command = {
  name: 'status',
  usage: 'reelforge status <job-id> [--follow] [--home <dir>]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...homeOption, follow: { type: 'boolean', short: 'f', default: false } } });
    if (positionals.length !== 1) throw new UsageError(`expected one job id\nusage: ${this.usage}`);
    const queue = openQueue(withHome(io.config, values.home));
    try {
      let job = queue.get(positionals[0]!);
      if (!values.follow) {
        io.out.write(jobDetails(job) + '\n');
        return exitCodes.ok;
      }
      // The worker may be another process: the database is the only channel, so poll it.
      const view = createProgressView(io.err);
      while (!queue.isFinished(job)) {
        if (io.signal.aborted) return exitCodes.cancelled;
        const p = job.progress;
        const label = job.state === 'active' && p ? `${p.stage} (${p.stageIndex + 1}/${p.stageCount})` : job.state;
        view.update((p?.percent ?? 0) / 100, label, p?.eta);
        await new Promise((r) => setTimeout(r, 250));
        job = queue.get(job.id);
      }
      const where = job.output ?? job.sessionDir;
      view.done(job.state === 'completed' ? `completed: ${where}` : `${job.state}${job.error ? `: ${job.error.message}` : ''}`);
      return exitFor[job.state as keyof typeof exitFor] ?? exitCodes.ok;
    } finally {
      queue.close();
    }
  },
};
