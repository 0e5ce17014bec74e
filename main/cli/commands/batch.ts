import { withHome } from '../../config/runtime-config';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { queueBatch } from '../../batch/batch-jobs';
import { TemplateLibrary } from '../../templates/template-library';
import { exitCodes, UsageError, type CliIo, type Command } from '../command';
import type { JobQueue } from '../../queue/job-queue';
import { homeOption, openQueue } from '../open-queue';

export const batchCommand: Command = {
  name: 'batch',
  usage:
    'reelforge batch <project.json | template.json | template.zip | template-id> <rows.csv> [--out-dir <dir>] [--size WxH] [--encoder <name>] [--priority <n>] [--home <dir>]\n' +
    '       [--farm redis://[:password@]host:port [--chunk-seconds N] [--advertise <host>]]   (render the rows on the farm\'s workers, and wait for them)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...homeOption,
        'out-dir': { type: 'string', short: 'o' },
        encoder: { type: 'string' },
        priority: { type: 'string' },
        size: { type: 'string' },
        farm: { type: 'string' },
        'chunk-seconds': { type: 'string' },
        advertise: { type: 'string' },
      },
    });
    if (positionals.length !== 2) throw new UsageError(`expected a document and a CSV file\nusage: ${this.usage}`);
    const size = values.size ? /^(\d+)x(\d+)$/.exec(values.size) : undefined;
    if (values.size && (!size || Number(size[1]) % 2 || Number(size[2]) % 2)) throw new UsageError(`--size is WIDTHxHEIGHT with even numbers, e.g. 360x640 (got "${values.size}")`);
    const chunkSeconds = values['chunk-seconds'] === undefined ? undefined : Number(values['chunk-seconds']);
    if (chunkSeconds !== undefined && !(chunkSeconds > 0)) throw new UsageError('--chunk-seconds: a number of seconds above 0');
    if (values.farm) (await import('../../farm/farm-url')).parseFarmUrl(values.farm);
    const config = withHome(io.config, values.home);
    const queue = openQueue(values.farm ? { ...config, farm: { url: values.farm, advertiseHost: values.advertise } } : config);
    try {
      const result = await queueBatch(queue, positionals[0]!, positionals[1]!, {
        outDir: values['out-dir'],
        encoder: values.encoder,
        priority: values.priority === undefined ? undefined : Number(values.priority),
        rendersDir: join(queue.home, 'renders'),
        templates: new TemplateLibrary({ db: queue.db, home: queue.home }),
        ...(size ? { size: { width: Number(size[1]), height: Number(size[2]) } } : {}),
        // whole jobs by default: each row's video goes to one worker (its sound is still mixed here)
        ...(values.farm ? { farm: { chunkSeconds: chunkSeconds ?? 1e9 } } : {}),
      });
      for (const { line, job } of result.jobs) io.out.write(`line ${line}: queued ${job.id} ${job.output ?? ''}\n`);
      for (const s of result.skipped) io.err.write(`line ${s.line}: skipped — ${s.message.replace(/\n/g, '\n    ')}\n`);
      if (values.farm && result.jobs.length) return await followOnFarm(queue, result.jobs.map((j) => j.job.id), result.skipped.length, io);
      io.err.write(`${result.jobs.length} queued, ${result.skipped.length} skipped; run \`reelforge worker\` to render them\n`);
      return result.skipped.length && !result.jobs.length ? exitCodes.invalidInput : exitCodes.ok;
    } finally {
      queue.close();
    }
  },
};

/**
 * `batch --farm`: this process coordinates (it works the queue here, sending each row's render to
 * the farm) until every row is finished; 0 only when every row's video is written.
 */
async function followOnFarm(queue: JobQueue, ids: string[], skipped: number, io: CliIo): Promise<number> {
  const { followJobs } = await import('../run-make-job');
  const { createProgressView } = await import('../progress-bar');
  const view = createProgressView(io.err, false);
  const done = await followJobs(queue, ids, view, io.signal);
  const ok = done.filter((j) => j.state === 'completed');
  view.done(`${ok.length} of ${ids.length} rendered on the farm${skipped ? `, ${skipped} skipped` : ''}`);
  for (const j of done) if (j.state !== 'completed') io.err.write(`${j.id}: ${j.state}${j.error ? ` — ${j.error.message}` : ''}\n`);
  if (io.signal.aborted) return exitCodes.cancelled;
  return ok.length === ids.length && !skipped ? exitCodes.ok : exitCodes.failed;
}
