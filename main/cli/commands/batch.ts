import { parseArgs } from 'node:util';
import { queueBatch } from '../../batch/batch-jobs';
import { exitCodes, UsageError, type Command } from '../command';
import { homeOption, openQueue } from '../open-queue';

export const batchCommand: Command = {
  name: 'batch',
  usage: 'reelforge batch <project.json> <rows.csv> [--out-dir <dir>] [--encoder <name>] [--priority <n>] [--home <dir>]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...homeOption, 'out-dir': { type: 'string', short: 'o' }, encoder: { type: 'string' }, priority: { type: 'string' } },
    });
    if (positionals.length !== 2) throw new UsageError(`expected a document and a CSV file\nusage: ${this.usage}`);
    const queue = openQueue(values.home);
    try {
      const result = await queueBatch(queue, positionals[0]!, positionals[1]!, {
        outDir: values['out-dir'],
        encoder: values.encoder,
        priority: values.priority === undefined ? undefined : Number(values.priority),
      });
      for (const { line, job } of result.jobs) io.out.write(`line ${line}: queued ${job.id} ${job.output ?? ''}\n`);
      for (const s of result.skipped) io.err.write(`line ${s.line}: skipped — ${s.message.replace(/\n/g, '\n    ')}\n`);
      io.err.write(`${result.jobs.length} queued, ${result.skipped.length} skipped; run \`reelforge worker\` to render them\n`);
      return result.skipped.length && !result.jobs.length ? exitCodes.invalidInput : exitCodes.ok;
    } finally {
      queue.close();
    }
  },
};
